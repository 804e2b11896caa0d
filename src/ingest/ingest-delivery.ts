import type { EventBus } from '../live/event-bus.js';
import type { CommitQueue } from '../store/commit-queue.js';
import { hasDelivery, saveDelivery, type DeliveryRecord } from '../store/deliveries.js';
import { publishChanges } from '../services/publish-changes.js';
import type { RecordedChange } from '../services/record-contribution.js';

/** What a delivery did; `outcome` overrides the default description kept in the audit log. */
export interface DeliveryWork {
  changes: RecordedChange[];
  outcome?: string;
}

export interface DeliveryResult {
  outcome: string;
  changes: RecordedChange[];
}

/**
 * Runs a delivery's effect and records the delivery in one transaction, so a redelivery (same id)
 * is recognised and changes nothing, and a failure leaves no trace for the retry to trip over.
 * Resolves once that transaction is committed; live updates go out only then.
 */
export async function ingestDelivery(
  writes: CommitQueue,
  bus: EventBus | null,
  delivery: Omit<DeliveryRecord, 'outcome'>,
  work: () => DeliveryWork,
  now = new Date(),
  observe?: (outcome: string, seconds: number) => void,
): Promise<DeliveryResult> {
  const started = process.hrtime.bigint();
  const { db } = writes;
  const result = await writes.run((): DeliveryResult => {
    if (hasDelivery(db, delivery.deliveryId)) return { outcome: 'duplicate', changes: [] };
    const done = work();
    const outcome = done.outcome ?? (done.changes.length ? 'recorded' : 'ignored: repository not registered');
    saveDelivery(db, { ...delivery, outcome }, now);
    return { outcome, changes: done.changes };
  });
  observe?.(result.outcome, Number(process.hrtime.bigint() - started) / 1e9);
  if (bus) publishChanges(bus, result.changes);
  return result;
}
