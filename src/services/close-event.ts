import type { Report } from '../domain/report.js';
import { closeEvent, getEvent, reopenEvent, type EventRecord } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';
import { buildLiveReport } from './build-report.js';

/**
 * An organizer closes the event: its report is frozen as it reads now, so a sprinter who later leaves,
 * hides their name or renames does not change a post already published. Returns the event as stored,
 * or null when it was closed already.
 */
export function closeEventReport(db: Store, event: EventRecord, actor: string, now = new Date()): EventRecord | null {
  return transaction(db, () => {
    const report: Report = buildLiveReport(db, event);
    return closeEvent(db, event.id, report, actor, now) ? getEvent(db, event.id) : null;
  });
}

/** Reopening (logged, like closing) makes the report follow the data again; null when it was open. */
export function reopenEventReport(db: Store, event: EventRecord, actor: string, now = new Date()): EventRecord | null {
  return transaction(db, () => (reopenEvent(db, event.id, actor, now) ? getEvent(db, event.id) : null));
}
