import type { Store } from './store.js';
import { statement } from './statements.js';
import { sqlite } from './database.js';

/**
 * SQLite's count of commits made by other connections to this database file (`PRAGMA data_version`):
 * it moves when the CLI imports or closes an event while the server runs, and never for the server's own writes.
 */
export function othersCommitCount(db: Store): number {
  return sqlite(db).pragma('data_version', { simple: true }) as number;
}

/** A fingerprint of each event's data that any write to it changes: how many contributions, and when the last changed. */
export function eventFingerprints(db: Store): Map<number, string> {
  const rows = statement(
    db,
    `SELECT e.id AS eventId, s.pull_requests || ':' || s.merged || ':' || s.commits || ':' || s.others || ':' || s.sprinters
        || ':' || IFNULL((SELECT max(c.updated_at) FROM contributions c WHERE c.event_id = e.id), '') || ':' || IFNULL(e.closed_at, '') || ':' || IFNULL(e.tasks_changed_at, '') AS print
      FROM events e LEFT JOIN event_stats s ON s.event_id = e.id`,
  ).all() as Array<{ eventId: number; print: string }>;
  return new Map(rows.map((r) => [r.eventId, r.print]));
}
