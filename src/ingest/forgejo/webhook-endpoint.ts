import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecretBox } from '../../secrets.js';
import { FORGEJO_EVENTS, normalizeForgejoPullRequest, normalizeForgejoPush } from '../../sources/forgejo/normalize.js';
import { findHookTargets } from '../../store/projects.js';
import { signatureMatches } from '../hmac-signature.js';
import type { BodyBudget } from '../read-limited-body.js';
import { recordSharedSecretDelivery, type SharedSecretDeps } from '../shared-secret-delivery.js';
import { answer, parseJson, readDelivery } from '../webhook-http.js';

export const FORGEJO_WEBHOOK_PATH = '/api/forgejo/webhooks';

export interface ForgejoWebhookDeps extends SharedSecretDeps {
  bodies: BodyBudget;
  secrets: SecretBox;
}

/** Forgejo sends its own headers and, for Gitea's tools, Gitea's: either name is read. */
function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[`x-forgejo-${name}`] ?? req.headers[`x-gitea-${name}`];
  return typeof value === 'string' ? value : null;
}

function repositoryNameOf(payload: unknown): string | null {
  const repository = (payload as { repository?: { full_name?: unknown } } | null)?.repository;
  return typeof repository?.full_name === 'string' ? repository.full_name : null;
}

/**
 * Forgejo web-hooks: `X-Forgejo-Signature` (or `X-Gitea-Signature`) is the hex HMAC-SHA256 of the exact
 * body keyed by the web-hook's secret, checked against each registered repository of that name.
 * `pull_request` and `push` are recorded, other events acknowledged and ignored; deliveries are
 * deduplicated on `X-Forgejo-Delivery` (or `X-Gitea-Delivery`).
 */
export function forgejoWebhookEndpoint(deps: ForgejoWebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && (header(req, 'signature') === null || header(req, 'event') === null)) {
      return answer(res, 400, {
        error:
          "X-Forgejo-Signature and X-Forgejo-Event (or their X-Gitea- names) are required: set the web-hook's secret",
      });
    }
    const body = await readDelivery(req, res, 'Forgejo', [], deps.bodies);
    if (!body) return;
    const signature = header(req, 'signature')!.trim().toLowerCase();
    const payload = parseJson(body);
    if (payload === undefined) return answer(res, 400, { error: 'the body is not valid JSON' });
    const fullName = repositoryNameOf(payload);
    if (fullName === null) return answer(res, 400, { error: 'malformed payload: repository.full_name: required' });
    const targets = findHookTargets(deps.db, 'forgejo', fullName).filter((t) => {
      const key = t.webhookKey && deps.secrets.open(t.webhookKey);
      return key ? signatureMatches(signature, body, key) : false;
    });
    if (targets.length === 0)
      return answer(res, 403, {
        error: `the signature does not match the web-hook key of any registered Forgejo repository named "${fullName}"`,
      });
    const event = header(req, 'event')!;
    const id = `forgejo:${header(req, 'delivery') ?? createHash('sha256').update(body).digest('hex')}`;
    const action =
      typeof (payload as { action?: unknown }).action === 'string' ? (payload as { action: string }).action : null;
    await recordSharedSecretDelivery(deps, res, { id, source: 'forgejo', event, action }, targets, (t) => {
      if (!FORGEJO_EVENTS.has(event)) return { ok: true, contributions: [] };
      return event === 'pull_request'
        ? normalizeForgejoPullRequest(payload, t.projectUrl)
        : normalizeForgejoPush(payload, t.projectUrl, deps.now());
    });
  };
}
