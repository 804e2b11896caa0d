import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EventBus } from '../../live/event-bus.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import type { CommitQueue } from '../../store/commit-queue.js';
import { getEvent } from '../../store/events.js';
import { findPagureHookTargets } from '../../store/projects.js';
import { ingestDelivery } from '../ingest-delivery.js';
import { recordForProject } from '../../services/record-contribution.js';
import { RefusedContribution } from '../../services/refused-contribution.js';
import { messageProjectName, normalizePagureMessage, parseEnvelope } from '../../sources/pagure/normalize.js';
import { hmacSha256Hex, signatureMatches } from '../hmac-signature.js';
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
      return answer(res, 400, { error: 'X-Pagure-Signature-256 is missing: deliveries must be signed with the project\'s web-hook key' });
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
    const targets = findPagureHookTargets(deps.db, fullName).filter((t) => {
      const key = t.webhookKey && deps.secrets.open(t.webhookKey);
      return key ? matches(signature, body, key) : false;
    });
    if (targets.length === 0) {
      return answer(res, 403, { error: `the signature does not match the web-hook key of any registered Pagure project named "${fullName}"` });
    }
    // Links are built on the instance the project was registered on, never on the one a payload names.
    const normalized = normalizePagureMessage(topic, msg, targets[0]!.baseUrl, deps.now(), targets[0]!.defaultBranch);
    if (!normalized.ok) return answer(res, 400, { error: normalized.reason });
    let result;
    try {
      result = await ingestDelivery(deps.writes, deps.bus, { deliveryId: `pagure:${msgId}`, source: 'pagure', event: topic, action: null }, () => {
        if (normalized.contributions.length === 0) return { changes: [], outcome: `ignored: topic ${topic} changes nothing the tracker shows` };
        const changes = normalized.contributions.flatMap((c) => targets.map((t) => {
          const event = getEvent(deps.db, t.eventId)!;
          return recordForProject(deps.db, { eventId: t.eventId, projectId: t.projectId, projectUrl: t.projectUrl, window: { startsAt: event.startsAt, endsAt: event.endsAt, followUpDays: event.followUpDays } }, c, deps.now());
        }));
        return { changes };
      }, deps.now(), (outcome, seconds) => deps.metrics?.delivery('pagure', outcome, seconds));
    } catch (error) {
      if (error instanceof RefusedContribution) return answer(res, 400, { error: `malformed payload: ${error.message}` });
      deps.log.error({ err: error, delivery: `pagure:${msgId}`, topic }, 'pagure delivery failed');
      return answer(res, 500, { error: 'the delivery could not be stored; nothing of it was kept' });
    }
    deps.log.info({ delivery: `pagure:${msgId}`, topic, outcome: result.outcome }, 'pagure delivery');
    answer(res, 200, { outcome: result.outcome });
  };
}
