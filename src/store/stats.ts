import type { Store } from './store.js';
import { statement } from './statements.js';

/**
 * The one module that keeps counters. The aggregates behind the leaderboard, kept in the same transaction as each change by applying
 * the difference a contribution makes, before and after: O(1) per change however large the event is
 * (recomputing a project's or a sprinter's totals from its rows grew with every contribution).
 * `first_time` holds the number of first-time contributions, so it can go down as well as up.
 * Only write-contribution.ts applies a contribution's change; the membership writes of sprinters.ts keep
 * the sprinter count, and events and projects get their totals row when they are created.
 */
export interface StatsSnapshot {
  eventId: number;
  projectId: number | null;
  counted: boolean;
  kind: 'pull_request' | 'commit' | 'issue' | 'review' | 'other';
  merged: boolean;
  /** A pull request whose state no source gave. */
  stateUnknown: boolean;
  firstTime: boolean;
  createdAt: string;
  sprinters: number[];
}

/** The snapshot of a contribution its writer already holds, with the sprinters it is credited to. */
export function snapshotOf(
  c: Pick<StatsSnapshot, 'eventId' | 'projectId' | 'counted' | 'kind' | 'firstTime' | 'createdAt'> & { state: string },
  credits: Array<{ sprinterId: number }>,
): StatsSnapshot {
  return {
    eventId: c.eventId,
    projectId: c.projectId,
    counted: c.counted,
    kind: c.kind,
    merged: c.state === 'merged',
    stateUnknown: c.kind === 'pull_request' && c.state === 'unknown',
    firstTime: c.firstTime,
    createdAt: c.createdAt,
    sprinters: credits.map((k) => k.sprinterId),
  };
}

interface Weight {
  contributions: number;
  pullRequests: number;
  merged: number;
  commits: number;
  others: number;
  issues: number;
  reviews: number;
  firstTime: number;
  stateUnknown: number;
  unnamed: number;
}

function weight(s: StatsSnapshot | null): Weight {
  if (!s || !s.counted)
    return {
      contributions: 0,
      pullRequests: 0,
      merged: 0,
      commits: 0,
      others: 0,
      issues: 0,
      reviews: 0,
      firstTime: 0,
      stateUnknown: 0,
      unnamed: 0,
    };
  return {
    contributions: 1,
    pullRequests: s.kind === 'pull_request' ? 1 : 0,
    merged: s.kind === 'pull_request' && s.merged ? 1 : 0,
    commits: s.kind === 'commit' ? 1 : 0,
    others: s.kind === 'other' ? 1 : 0,
    issues: s.kind === 'issue' ? 1 : 0,
    reviews: s.kind === 'review' ? 1 : 0,
    firstTime: s.firstTime ? 1 : 0,
    stateUnknown: s.stateUnknown ? 1 : 0,
    unnamed: s.kind !== 'other' && s.sprinters.length === 0 ? 1 : 0,
  };
}

export function applyStatsChange(db: Store, before: StatsSnapshot | null, after: StatsSnapshot | null): void {
  const out = weight(before);
  const into = weight(after);
  const projectId = after?.projectId ?? before?.projectId ?? null;
  const eventId = after?.eventId ?? before?.eventId;
  if (eventId === undefined) return;
  for (const sprinterId of before?.counted ? before.sprinters : [])
    addToSprinter(db, eventId, projectId, sprinterId, out, -1, null);
  for (const sprinterId of after?.counted ? after.sprinters : [])
    addToSprinter(db, eventId, projectId, sprinterId, into, 1, after!.createdAt);
  if (out.contributions || into.contributions) {
    statement(
      db,
      `UPDATE event_stats SET pull_requests = pull_requests + ?, merged = merged + ?, commits = commits + ?, others = others + ?,
        issues = issues + ?, reviews = reviews + ?, state_unknown = state_unknown + ?, unnamed = unnamed + ? WHERE event_id = ?`,
    ).run(
      into.pullRequests - out.pullRequests,
      into.merged - out.merged,
      into.commits - out.commits,
      into.others - out.others,
      into.issues - out.issues,
      into.reviews - out.reviews,
      into.stateUnknown - out.stateUnknown,
      into.unnamed - out.unnamed,
      eventId,
    );
  }
  if (projectId !== null && (out.contributions || into.contributions)) {
    statement(
      db,
      `UPDATE project_stats SET contributions = contributions + ?, pull_requests = pull_requests + ?, merged = merged + ?,
        commits = commits + ?, issues = issues + ?, reviews = reviews + ?, state_unknown = state_unknown + ?, unnamed = unnamed + ? WHERE project_id = ?`,
    ).run(
      into.contributions - out.contributions,
      into.pullRequests - out.pullRequests,
      into.merged - out.merged,
      into.commits - out.commits,
      into.issues - out.issues,
      into.reviews - out.reviews,
      into.stateUnknown - out.stateUnknown,
      into.unnamed - out.unnamed,
      projectId,
    );
  }
}

function addToSprinter(
  db: Store,
  eventId: number,
  projectId: number | null,
  sprinterId: number,
  w: Weight,
  sign: 1 | -1,
  at: string | null,
): void {
  const p = {
    m: sign * w.merged,
    pr: sign * w.pullRequests,
    c: sign * w.commits,
    o: sign * w.others,
    i: sign * w.issues,
    r: sign * w.reviews,
    f: sign * w.firstTime,
  };
  // A row whose counts fall to zero goes (the leaderboard lists people with something counted), so a
  // row was there before exactly when its total, less what this change added, is above zero.
  const row = statement(
    db,
    `INSERT INTO sprinter_stats (event_id, sprinter_id, merged, pull_requests, commits, others, issues, reviews, first_time, last_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (event_id, sprinter_id) DO UPDATE SET merged = merged + excluded.merged, pull_requests = pull_requests + excluded.pull_requests,
        commits = commits + excluded.commits, others = others + excluded.others, issues = issues + excluded.issues, reviews = reviews + excluded.reviews,
        first_time = first_time + excluded.first_time, last_at = max(IFNULL(last_at, ''), IFNULL(excluded.last_at, ''))
      RETURNING merged + pull_requests + commits + others + issues + reviews AS total, first_time`,
  ).get(eventId, sprinterId, p.m, p.pr, p.c, p.o, p.i, p.r, p.f, at) as { total: number; first_time: number };
  const was = row.total - (p.m + p.pr + p.c + p.o + p.i + p.r) > 0;
  const is = row.total > 0;
  if (!is) statement(db, 'DELETE FROM sprinter_stats WHERE event_id = ? AND sprinter_id = ?').run(eventId, sprinterId);
  // Contributors and first-timers are people: they change when a sprinter's row appears or goes, or their first-time count crosses zero.
  const contributors = (is ? 1 : 0) - (was ? 1 : 0);
  const firstTimers = (is && row.first_time > 0 ? 1 : 0) - (was && row.first_time - p.f > 0 ? 1 : 0);
  if (contributors || firstTimers) {
    statement(
      db,
      'UPDATE event_stats SET contributors = contributors + ?, first_timers = first_timers + ? WHERE event_id = ?',
    ).run(contributors, firstTimers, eventId);
  }
  if (projectId === null) return;
  const kept = statement(
    db,
    `INSERT INTO project_sprinter_stats (project_id, sprinter_id, merged, pull_requests, commits, issues, reviews, first_time)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, sprinter_id) DO UPDATE SET merged = merged + excluded.merged, pull_requests = pull_requests + excluded.pull_requests,
        commits = commits + excluded.commits, issues = issues + excluded.issues, reviews = reviews + excluded.reviews, first_time = first_time + excluded.first_time
      RETURNING pull_requests + commits + issues + reviews AS total`,
  ).get(projectId, sprinterId, p.m, p.pr, p.c, p.i, p.r, p.f) as { total: number };
  const existed = kept.total - (p.pr + p.c + p.i + p.r) > 0;
  const removed = kept.total === 0;
  if (removed)
    statement(db, 'DELETE FROM project_sprinter_stats WHERE project_id = ? AND sprinter_id = ?').run(
      projectId,
      sprinterId,
    );
  const contributorsDelta = (existed ? 0 : 1) - (removed ? 1 : 0);
  if (contributorsDelta !== 0)
    statement(db, 'UPDATE project_stats SET contributors = contributors + ? WHERE project_id = ?').run(
      contributorsDelta,
      projectId,
    );
}

/** Every event has its totals row from creation, so the writers above only update it. */
export function addEventTotals(db: Store, eventId: number): void {
  statement(db, 'INSERT OR IGNORE INTO event_stats (event_id) VALUES (?)').run(eventId);
}

export function addProjectTotals(db: Store, projectId: number): void {
  statement(db, 'INSERT INTO project_stats (project_id) VALUES (?)').run(projectId);
}

/** The number of joined sprinters changed by `delta` (a join, a leave, a promotion from the waiting list). */
export function addToSprinterCount(db: Store, eventId: number, delta: number): void {
  if (delta !== 0)
    statement(db, 'UPDATE event_stats SET sprinters = sprinters + ? WHERE event_id = ?').run(delta, eventId);
}
