import type { EventBus } from '../live/event-bus.js';
import type { RecordedChange } from './record-contribution.js';

/** Tells the open pages of each event what changed visibly; called only after the change is committed. */
export function publishChanges(bus: EventBus, changes: RecordedChange[]): void {
  const byEvent = new Map<number, number[]>();
  for (const change of changes) {
    if (!change.visible) continue;
    byEvent.set(change.eventId, [...(byEvent.get(change.eventId) ?? []), change.contributionId]);
  }
  for (const [eventId, contributionIds] of byEvent) bus.publish({ eventId, contributionIds });
}
