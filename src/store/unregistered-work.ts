import type { Store } from './store.js';
import { statement } from './statements.js';

export interface UnregisteredWork {
  url: string;
  repo: string;
  kind: string;
  title: string;
  createdAt: string | null;
}

/** Enough to say where a sprinter went; a search returning thousands keeps only this many each. */
export const UNREGISTERED_PER_SPRINTER = 100;

/** Notes one item (again: its title and when it was seen); nothing when the sprinter has as many as are kept. */
export function noteUnregisteredWork(
  db: Store,
  eventId: number,
  sprinterId: number,
  work: UnregisteredWork,
  now: Date,
): boolean {
  const held = statement(db, 'SELECT count(*) FROM unregistered_work WHERE sprinter_id = ? AND event_id = ?')
    .pluck()
    .get(sprinterId, eventId) as number;
  if (held >= UNREGISTERED_PER_SPRINTER) return false;
  return (
    statement(
      db,
      `INSERT INTO unregistered_work (event_id, sprinter_id, url, repo, kind, title, created_at, seen_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, url) DO UPDATE SET title = excluded.title, seen_at = excluded.seen_at`,
    ).run(eventId, sprinterId, work.url, work.repo, work.kind, work.title, work.createdAt, now.toISOString()).changes >
    0
  );
}

/** A sprinter's work in repositories still not registered for the event (one registered since drops out). */
export function unregisteredWorkOf(db: Store, eventId: number, sprinterId: number): UnregisteredWork[] {
  return statement(
    db,
    `SELECT u.url, u.repo, u.kind, u.title, u.created_at AS createdAt FROM unregistered_work u
      WHERE u.event_id = ? AND u.sprinter_id = ?
        AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.event_id = u.event_id AND lower(p.full_name) = lower(u.repo))
      ORDER BY u.created_at DESC, u.url LIMIT ?`,
  ).all(eventId, sprinterId, UNREGISTERED_PER_SPRINTER) as UnregisteredWork[];
}

/** Repositories the event's sprinters worked on that nobody registered, busiest first: for the organizers. */
export function unregisteredRepositories(
  db: Store,
  eventId: number,
  limit = 20,
): Array<{ repo: string; items: number; sprinters: number }> {
  return statement(
    db,
    `SELECT u.repo, count(*) AS items, count(DISTINCT u.sprinter_id) AS sprinters FROM unregistered_work u
      WHERE u.event_id = ?
        AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.event_id = u.event_id AND lower(p.full_name) = lower(u.repo))
      GROUP BY lower(u.repo) ORDER BY sprinters DESC, items DESC, u.repo LIMIT ?`,
  ).all(eventId, limit) as Array<{ repo: string; items: number; sprinters: number }>;
}
