import { setFollowUpDays, updateEvent, type EventChanges, type EventRecord } from '../store/events.js';
import { getEvent } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';
import type { RedecidedChange } from './decide-again.js';
import { rejudgeEvent } from './rejudge-event.js';

/**
 * Changes an event's settings; when its window or follow-up horizon moves, every contribution is decided
 * again in the same transaction, so nothing counts by a window the event no longer has.
 */
export function editEvent(
  db: Store,
  event: EventRecord,
  changes: Partial<EventChanges> & { followUpDays?: number },
  now: Date,
): { event: EventRecord; changes: RedecidedChange[] } {
  return transaction(db, () => {
    const { followUpDays, ...settings } = changes;
    updateEvent(db, event.id, {
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      venue: event.venue,
      capacity: event.capacity,
      joinCode: event.joinCode,
      registrationOpen: event.registrationOpen,
      reportPublic: event.reportPublic,
      ...settings,
    });
    if (followUpDays !== undefined) setFollowUpDays(db, event.id, followUpDays);
    const edited = getEvent(db, event.id)!;
    const windowMoved =
      edited.startsAt !== event.startsAt ||
      edited.endsAt !== event.endsAt ||
      edited.followUpDays !== event.followUpDays;
    return { event: edited, changes: windowMoved ? rejudgeEvent(db, event.id, now) : [] };
  });
}
