import { windowOf } from '../domain/event-window.js';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Contribution } from '../domain/contribution.js';
import type { EventBus } from '../live/event-bus.js';
import type { Metrics } from '../metrics.js';
import { recordForProject } from '../services/record-contribution.js';
import { RefusedContribution } from '../services/refused-contribution.js';
import type { CommitQueue } from '../store/commit-queue.js';
import { getEvent } from '../store/events.js';
import type { DeliverySource } from '../store/deliveries.js';
import type { HookTarget } from '../store/projects.js';
import type { Store } from '../store/store.js';
import { ingestDelivery } from './ingest-delivery.js';
import { answer } from './webhook-http.js';

export interface SharedSecretDeps {
  db: Store;
  writes: CommitQueue;
  bus: EventBus;
  log: Logger;
  now: () => Date;
  metrics?: Metrics;
}

export type Normalized = { ok: true; contributions: Contribution[] } | { ok: false; reason: string };

/**
 * The steps after a delivery of a forge whose web-hooks carry a project's shared secret (Pagure, GitLab,
 * Forgejo) has been verified against the projects it names: normalize it for each of them (links are built
 * on each registration's own URL, never taken from the payload), record it through the one recording path
 * in one transaction keyed by the delivery id (a redelivery changes nothing), and answer once committed.
 */
export async function recordSharedSecretDelivery(
  deps: SharedSecretDeps,
  res: ServerResponse,
  delivery: { id: string; source: DeliverySource; event: string; action: string | null },
  targets: HookTarget[],
  normalize: (target: HookTarget) => Normalized,
): Promise<void> {
  const perTarget: Array<{ target: HookTarget; contributions: Contribution[] }> = [];
  for (const target of targets) {
    const normalized = normalize(target);
    if (!normalized.ok) return answer(res, 400, { error: normalized.reason });
    perTarget.push({ target, contributions: normalized.contributions });
  }
  let result;
  try {
    result = await ingestDelivery(
      deps.writes,
      deps.bus,
      { deliveryId: delivery.id, source: delivery.source, event: delivery.event, action: delivery.action },
      () => {
        if (perTarget.every((t) => t.contributions.length === 0))
          return { changes: [], outcome: `ignored: ${delivery.event} changes nothing the tracker shows` };
        const changes = perTarget.flatMap(({ target, contributions }) => {
          // Read once per registration, in the delivery's transaction: a push carries many commits.
          const event = getEvent(deps.db, target.eventId)!;
          const registration = {
            eventId: target.eventId,
            projectId: target.projectId,
            projectUrl: target.projectUrl,
            window: windowOf(event),
          };
          return contributions.map((c) => recordForProject(deps.db, registration, c, deps.now()));
        });
        return { changes };
      },
      deps.now(),
      (outcome, seconds) => deps.metrics?.delivery(delivery.source, outcome, seconds),
    );
  } catch (error) {
    if (error instanceof RefusedContribution) return answer(res, 400, { error: `malformed payload: ${error.message}` });
    deps.log.error({ err: error, delivery: delivery.id, event: delivery.event }, `${delivery.source} delivery failed`);
    return answer(res, 500, { error: 'the delivery could not be stored; nothing of it was kept' });
  }
  deps.log.info(
    { delivery: delivery.id, event: delivery.event, outcome: result.outcome },
    `${delivery.source} delivery`,
  );
  answer(res, 200, { outcome: result.outcome });
}
