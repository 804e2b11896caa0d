import { createEvent, updateEvent, type EventChanges, type EventRecord } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';

/** An event created from the organize page, with every setting of its form, in one write. */
export function createEventWithSettings(
  db: Store,
  event: EventChanges & { slug: string },
  now = new Date(),
): EventRecord {
  return transaction(db, () => {
    const created = createEvent(db, event, now);
    updateEvent(db, created.id, event);
    return { ...created, ...event };
  });
}
