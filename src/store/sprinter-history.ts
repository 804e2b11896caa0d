import type { EventRecord } from './events.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/**
 * Which of these sprinters had work counted at an event that started before this one: the leaderboard's
 * "returning sprinter". One indexed lookup for the page's rows, not a scan of the sprinter's history.
 */
export function returningSprinters(
  db: Store,
  event: Pick<EventRecord, 'id' | 'startsAt'>,
  sprinterIds: number[],
): Set<number> {
  if (sprinterIds.length === 0) return new Set();
  const rows = statement(
    db,
    `SELECT DISTINCT t.sprinter_id FROM sprinter_stats t JOIN events e ON e.id = t.event_id
      WHERE t.sprinter_id IN (SELECT value FROM json_each(?)) AND t.event_id <> ? AND e.starts_at < ?`,
  )
    .pluck()
    .all(JSON.stringify(sprinterIds), event.id, event.startsAt) as number[];
  return new Set(rows);
}

export interface SprinterEvent {
  slug: string;
  name: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  merged: number;
  pullRequests: number;
  commits: number;
  reviews: number;
  issues: number;
}

export interface SprinterWork {
  eventSlug: string;
  forge: string;
  kind: string;
  ref: string;
  url: string;
  title: string;
  state: string;
  project: string;
  createdAt: string;
}

/** The events a sprinter joined, newest first, with what counted at each. */
export function sprinterEvents(db: Store, sprinterId: number): SprinterEvent[] {
  return statement(
    db,
    `SELECT e.slug, e.name, e.starts_at AS startsAt, e.ends_at AS endsAt, e.time_zone AS timeZone,
        IFNULL(t.merged, 0) AS merged, IFNULL(t.pull_requests, 0) AS pullRequests, IFNULL(t.commits, 0) AS commits,
        IFNULL(t.reviews, 0) AS reviews, IFNULL(t.issues, 0) AS issues
      FROM memberships m JOIN events e ON e.id = m.event_id LEFT JOIN sprinter_stats t ON t.event_id = m.event_id AND t.sprinter_id = m.sprinter_id
      WHERE m.sprinter_id = ? AND m.status = 'joined' ORDER BY e.starts_at DESC`,
  ).all(sprinterId) as SprinterEvent[];
}

/** What counted for a sprinter across their events, newest first (a page's worth). */
export function sprinterWork(db: Store, sprinterId: number, limit = 200): SprinterWork[] {
  return statement(
    db,
    `SELECT e.slug AS eventSlug, c.kind, c.forge, CASE WHEN c.kind = 'review' THEN substr(c.key, 1, instr(c.key, ':') - 1) ELSE c.key END AS ref,
        c.url, c.title, c.state, IFNULL(p.full_name, c.topic) AS project, c.created_at AS createdAt
      FROM credits k JOIN contributions c ON c.id = k.contribution_id JOIN events e ON e.id = c.event_id LEFT JOIN projects p ON p.id = c.project_id
      WHERE k.sprinter_id = ? AND c.counted = 1 ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
  ).all(sprinterId, limit) as SprinterWork[];
}
