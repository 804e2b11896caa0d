import type { EventRecord } from './events.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/** A sprinter who had work counted at the event, as the follow-up sees them. */
export interface SprintContributor {
  sprinterId: number;
  name: string | null;
  github: string | null;
  firstTime: boolean;
  /** Asked not to be followed after the event. */
  optedOut: boolean;
}

/** One piece of work a sprinter did after the window: a pull request or commit, on any registered project or elsewhere. */
export interface LaterWork {
  sprinterId: number;
  url: string;
  project: string;
  createdAt: string;
}

export function sprintContributors(db: Store, eventId: number): SprintContributor[] {
  return (
    statement(
      db,
      `SELECT s.id, s.display_name, s.github_login, s.hidden, s.follow_up_opt_out, t.first_time
      FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id WHERE t.event_id = ? ORDER BY s.display_name COLLATE NOCASE, s.id`,
    ).all(eventId) as Array<{
      id: number;
      display_name: string;
      github_login: string | null;
      hidden: number;
      follow_up_opt_out: number;
      first_time: number;
    }>
  ).map((r) => ({
    sprinterId: r.id,
    name: r.hidden ? null : r.display_name,
    github: r.hidden ? null : r.github_login,
    firstTime: r.first_time > 0,
    optedOut: r.follow_up_opt_out === 1,
  }));
}

/**
 * Pull requests and commits credited to the event's followed contributors, opened after its window and
 * before `until`: on any event's registered projects (kept as contributions whether or not they count
 * there; a rule that is not about time, such as a branch or a bot, still leaves them out), and anywhere
 * else on GitHub that the follow-up search found. One piece of work is listed once.
 */
export function laterWork(db: Store, event: Pick<EventRecord, 'id' | 'endsAt'>, until: string): LaterWork[] {
  const rows = statement(
    db,
    `WITH followed AS (
        SELECT t.sprinter_id FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id WHERE t.event_id = @event AND s.follow_up_opt_out = 0)
      SELECT k.sprinter_id AS sprinterId, c.url, p.full_name AS project, c.created_at AS createdAt
        FROM credits k JOIN contributions c ON c.id = k.contribution_id JOIN projects p ON p.id = c.project_id
        WHERE k.sprinter_id IN followed AND c.kind IN ('pull_request', 'commit') AND c.timed = 1
          AND c.created_at > @ends AND c.created_at <= @until AND (c.counted = 1 OR c.reason = 'outside-window')
      UNION ALL
      SELECT f.sprinter_id, f.url, f.repo, f.created_at FROM follow_up_pulls f
        WHERE f.sprinter_id IN followed AND f.created_at > @ends AND f.created_at <= @until
      ORDER BY createdAt`,
  ).all({ event: event.id, ends: event.endsAt, until }) as LaterWork[];
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.sprinterId} ${r.url.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A pull request the follow-up search found outside the registered projects: kept once, its state followed. */
export function keepFollowUpPull(
  db: Store,
  pull: { sprinterId: number; url: string; repo: string; createdAt: string; state: 'open' | 'merged' | 'closed' },
  now: Date,
): void {
  statement(
    db,
    `INSERT INTO follow_up_pulls (sprinter_id, url, repo, created_at, state, seen_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (sprinter_id, url) DO UPDATE SET state = excluded.state, seen_at = excluded.seen_at`,
  ).run(pull.sprinterId, pull.url, pull.repo, pull.createdAt, pull.state, now.toISOString());
}

/**
 * A sprinter's choice about being followed after their events, honoured at once: opting out also drops
 * what the follow-up found of them elsewhere (their work on the events' projects stays, as it always did).
 */
export function setFollowUpOptOut(db: Store, sprinterId: number, optOut: boolean): void {
  statement(db, 'UPDATE sprinters SET follow_up_opt_out = ? WHERE id = ?').run(optOut ? 1 : 0, sprinterId);
  if (optOut) statement(db, 'DELETE FROM follow_up_pulls WHERE sprinter_id = ?').run(sprinterId);
}

export function followUpOptOut(db: Store, sprinterId: number): boolean {
  return statement(db, 'SELECT follow_up_opt_out FROM sprinters WHERE id = ?').pluck().get(sprinterId) === 1;
}

/** The followed members of an event with a GitHub login: whom the follow-up search asks about. */
export function followedLogins(db: Store, eventId: number): Array<{ sprinterId: number; login: string }> {
  return statement(
    db,
    `SELECT s.id AS sprinterId, s.github_login AS login FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
      WHERE t.event_id = ? AND s.follow_up_opt_out = 0 AND s.github_login IS NOT NULL ORDER BY s.id`,
  ).all(eventId) as Array<{ sprinterId: number; login: string }>;
}
