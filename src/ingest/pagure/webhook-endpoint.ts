import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EventBus } from '../../live/event-bus.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import type { CommitQueue } from '../../store/commit-queue.js';
import { findHookTargets } from '../../store/projects.js';
import { messageProjectName, normalizePagureMessage, parseEnvelope } from '../../sources/pagure/normalize.js';
import { hmacSha256Hex, signatureMatches } from '../hmac-signature.js';
import { recordSharedSecretDelivery } from '../shared-secret-delivery.js';
import type { BodyBudget } from '../read-limited-body.js';
import { answer, parseJson, readDelivery } from '../webhook-http.js';
import type { SecretBox } from '../../secrets.js';

export const PAGURE_WEBHOOK_PATH = '/api/pagure/webhooks';

export interface PagureWebhookDeps {
  bodies: BodyBudget;
  db: Store;
  /** Opens the projects' web-hook keys, which are stored sealed. */
  secrets: SecretBox;
  writes: CommitQueue;
  bus: EventBus;
  log: Logger;
  now: () => Date;
  metrics?: Metrics;
}

/** Pagure signs the exact body with HMAC-SHA256 keyed by the project's web-hook key, hex, no prefix. */
export function pagureSignature(body: Buffer | string, key: string): string {
  return hmacSha256Hex(body, key);
}

function matches(signature: string, body: Buffer, key: string): boolean {
  return signatureMatches(signature.trim().toLowerCase(), body, key);
}

const REQUIRED_HEADERS = ['x-pagure-signature-256'] as const;

/**
 * Pagure web-hooks, in the same steps as GitHub's: read within the size cap, verify against the key of
 * each registered project of that name, parse, deduplicate on msg_id (Pagure never retries, but a proxy
 * or the test button may send twice), record through the same path as every other source, and answer
 * once committed. Pagure ignores the answer, so it is written for people reading logs.
 */
export function pagureWebhookEndpoint(deps: PagureWebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && typeof req.headers['x-pagure-signature-256'] !== 'string') {
      return answer(res, 400, {
        error: "X-Pagure-Signature-256 is missing: deliveries must be signed with the project's web-hook key",
      });
    }
    const body = await readDelivery(req, res, 'Pagure', REQUIRED_HEADERS, deps.bodies);
    if (!body) return;
    const signature = req.headers['x-pagure-signature-256'] as string;
    const payload = parseJson(body);
    if (payload === undefined) return answer(res, 400, { error: 'the body is not valid JSON' });
    const envelope = parseEnvelope(payload);
    if (!envelope.ok) return answer(res, 400, { error: envelope.reason });
    const { topic, msg, msg_id: msgId } = envelope.value;
    const fullName = messageProjectName(msg);
    const targets = findHookTargets(deps.db, 'pagure', fullName).filter((t) => {
      const key = t.webhookKey && deps.secrets.open(t.webhookKey);
      return key ? matches(signature, body, key) : false;
    });
    if (targets.length === 0) {
      return answer(res, 403, {
        error: `the signature does not match the web-hook key of any registered Pagure project named "${fullName}"`,
      });
    }
    // Links are built on the instance the project was registered on, never on the one a payload names.
    await recordSharedSecretDelivery(
      deps,
      res,
      { id: `pagure:${msgId}`, source: 'pagure', event: topic, action: null },
      targets,
      (t) => normalizePagureMessage(topic, msg, t.baseUrl, deps.now(), t.defaultBranch),
    );
  };
}
