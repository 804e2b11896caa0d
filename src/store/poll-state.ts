import type { Store } from './store.js';
import { statement } from './statements.js';

/** What a mark is of: each forge's round, upstream reviews, and the follow-up after the event. */
export type PollSource = 'github' | 'pagure' | 'github-reviews' | 'follow-up' | 'github-authors';

export function lastCompletedPoll(db: Store, eventId: number, source: PollSource): string | null {
  return (
    (statement(db, 'SELECT last_completed_at FROM poll_state WHERE event_id = ? AND source = ?')
      .pluck()
      .get(eventId, source) as string | undefined) ?? null
  );
}

export function markPollCompleted(db: Store, eventId: number, source: PollSource, startedAt: string): void {
  statement(
    db,
    `INSERT INTO poll_state (event_id, source, last_completed_at) VALUES (?, ?, ?)
      ON CONFLICT (event_id, source) DO UPDATE SET last_completed_at = excluded.last_completed_at`,
  ).run(eventId, source, startedAt);
}

/** The latest project registration or membership of the event: work from before it may not have been fetched yet. */
export function lastRegistrationAt(db: Store, eventId: number): string | null {
  return (
    (statement(
      db,
      `SELECT max(at) FROM (
      SELECT max(created_at) AS at FROM projects WHERE event_id = @event
      UNION ALL SELECT max(joined_at) FROM memberships WHERE event_id = @event)`,
    )
      .pluck()
      .get({ event: eventId }) as string | null) ?? null
  );
}
