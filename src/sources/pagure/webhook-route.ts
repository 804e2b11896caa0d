import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { EventBus } from '../../live/event-bus.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import type { CommitQueue } from '../../store/commit-queue.js';
import { getEvent } from '../../store/events.js';
import { findPagureHookTargets } from '../../store/projects.js';
import { ingestDelivery } from '../../services/ingest-delivery.js';
import { recordForProject } from '../../services/record-contribution.js';
import { normalizePagureMessage, parseEnvelope } from './normalize.js';
import { hmacSha256Hex, signatureMatches } from '../../web/hmac-signature.js';

export const PAGURE_WEBHOOK_PATH = '/api/pagure/webhooks';

export interface PagureWebhookDeps {
  db: Store;
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

/**
 * Pagure web-hooks: verified against the key of each registered project of that name, deduplicated on
 * msg_id (Pagure never retries, but a proxy or a test button may send twice), and recorded through the
 * same path as every other source. Pagure ignores the answer, so it is written for people reading logs.
 */
export function pagureWebhookRoute(deps: PagureWebhookDeps): Router {
  const router = express.Router();
  router.post(PAGURE_WEBHOOK_PATH, express.raw({ type: () => true, limit: '25mb' }), async (req, res) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-pagure-signature-256');
    if (!signature) return void res.status(400).json({ error: 'X-Pagure-Signature-256 is missing: deliveries must be signed with the project\'s web-hook key' });
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return void res.status(400).json({ error: 'the body is not valid JSON' });
    }
    const envelope = parseEnvelope(payload);
    if (!envelope.ok) return void res.status(400).json({ error: envelope.reason });
    const { topic, msg, msg_id: msgId } = envelope.value;
    const fullName = typeof msg.project_fullname === 'string' ? msg.project_fullname : '';
    const targets = findPagureHookTargets(deps.db, fullName).filter((t) => t.webhookKey && matches(signature, body, t.webhookKey));
    if (targets.length === 0) {
      return void res.status(403).json({ error: `the signature does not match the web-hook key of any registered Pagure project named "${fullName}"` });
    }
    const instance = typeof msg.pagure_instance === 'string' && /^https?:\/\//.test(msg.pagure_instance) ? msg.pagure_instance : targets[0]!.baseUrl;
    const normalized = normalizePagureMessage(topic, msg, instance, deps.now());
    if (!normalized.ok) return void res.status(400).json({ error: normalized.reason });
    const result = await ingestDelivery(deps.writes, deps.bus, { deliveryId: `pagure:${msgId}`, source: 'pagure', event: topic, action: null }, () => {
      if (normalized.contributions.length === 0) return { changes: [], outcome: `ignored: topic ${topic} changes nothing the tracker shows` };
      const changes = normalized.contributions.flatMap((c) => targets.map((t) => {
        const event = getEvent(deps.db, t.eventId)!;
        return recordForProject(deps.db, { eventId: t.eventId, projectId: t.projectId, window: { startsAt: event.startsAt, endsAt: event.endsAt } }, c, deps.now());
      }));
      return { changes };
    }, deps.now(), (outcome, seconds) => deps.metrics?.delivery('pagure', outcome, seconds));
    deps.log.info({ delivery: `pagure:${msgId}`, topic, outcome: result.outcome }, 'pagure delivery');
    res.status(200).json({ outcome: result.outcome });
  });
  return router;
}
