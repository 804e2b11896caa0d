import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { streamingSignature } from '../hmac-signature.js';
import type { BodyBudget } from '../read-limited-body.js';
import { acceptedAnswer, answer, parseJson, readDelivery } from '../webhook-http.js';
import type { DeliveryRouter } from './delivery-router.js';

/** Events the app asks for in app.yml, plus `ping`, which GitHub sends when the hook is created. */
export const HANDLED_EVENTS = new Set([
  'pull_request',
  'push',
  'issues',
  'pull_request_review',
  'issue_comment',
  'installation',
  'installation_repositories',
  'ping',
]);

const SIGNATURE_PREFIX = 'sha256=';
const REQUIRED_HEADERS = ['x-github-event', 'x-github-delivery', 'x-hub-signature-256'] as const;
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;
const accepted = acceptedAnswer({ ok: true });

export interface GithubWebhookEndpointDeps {
  router: DeliveryRouter;
  bodies: BodyBudget;
  secret: string;
  log: Logger;
}

/**
 * The HTTP side of GitHub deliveries, kept lean because a sprint room sends them in bursts: it checks the
 * request (method, type, headers, size), the signature over the exact bytes, the JSON and the event name,
 * parsing the body once, then hands the event to the router, whose handlers record it. It answers 200 only
 * once they have committed; a payload the handlers refuse is a 400 (not retried), anything else a 500
 * (GitHub's redelivery, or ours, tries again).
 */
export function githubWebhookEndpoint(deps: GithubWebhookEndpointDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      return answer(res, 415, { error: 'Content-Type must be application/json (set it in the webhook settings)' });
    }
    // The one secret is known before the body: its HMAC is computed as the bytes arrive.
    const digest = streamingSignature(deps.secret);
    const body = await readDelivery(req, res, 'GitHub', REQUIRED_HEADERS, deps.bodies, digest.update);
    if (!body) return;

    const id = req.headers['x-github-delivery'] as string;
    const name = req.headers['x-github-event'] as string;
    // Signed over the bytes as received, never over a decoded copy of them.
    const signature = req.headers['x-hub-signature-256'] as string;
    if (!signature.startsWith(SIGNATURE_PREFIX) || !digest.matches(signature.slice(SIGNATURE_PREFIX.length))) {
      return answer(res, 400, { error: 'signature does not match the payload and the webhook secret' });
    }
    const payload = parseJson(body);
    if (payload === undefined) return answer(res, 400, { error: 'Invalid JSON: the body could not be parsed' });
    const shape = checkEnvelope(payload);
    if (shape) return answer(res, 400, { error: `malformed payload: ${shape}` });
    if (!HANDLED_EVENTS.has(name)) {
      return answer(res, 400, {
        error: `event "${name}" is not handled by this app; it asks only for ${[...HANDLED_EVENTS].join(', ')}`,
      });
    }

    try {
      await deps.router.receive({ id, name, payload } as Parameters<DeliveryRouter['receive']>[0]);
    } catch (error) {
      const first: unknown = (error as AggregateError).errors?.[0] ?? error;
      const status = (first as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500)
        return answer(res, status, { error: (first as Error).message });
      deps.log.error({ err: first, delivery: id, event: name }, 'webhook delivery failed');
      return answer(res, 500, {
        error: 'the delivery could not be stored; nothing of it was kept, so a redelivery will be processed afresh',
      });
    }
    accepted(res);
  };
}

/**
 * The bot's client is built from `installation.id`; a payload whose id is not a positive whole number is
 * refused here with a clear 400 instead of being recorded and failing later when the bot talks.
 */
function checkEnvelope(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return 'the body must be a JSON object';
  const installation = (payload as { installation?: unknown }).installation;
  if (installation === undefined || installation === null) return null;
  const installationId = (installation as { id?: unknown }).id;
  if (typeof installation !== 'object' || !Number.isSafeInteger(installationId) || (installationId as number) <= 0) {
    return 'installation.id must be a positive whole number';
  }
  return null;
}
