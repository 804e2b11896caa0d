import { shortReference } from '../sources/registry.js';
import { assignRanks, compareTallies } from '../domain/ranking.js';
import type { Scoring } from '../domain/scoring.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

export interface LeaderboardRow {
  rank: number;
  sprinterId: number;
  name: string;
  github: string | null;
  anonymous: boolean;
  merged: number;
  pullRequests: number;
  commits: number;
  issues: number;
  reviews: number;
  /** The points formula's score (shown when the event ranks by points). */
  points: number;
  firstTime: boolean;
}

export interface ProjectRow {
  projectId: number;
  forge: 'github' | 'pagure';
  name: string;
  url: string;
  contributors: number;
  contributions: number;
  pullRequests: number;
  merged: number;
  commits: number;
  issues: number;
  reviews: number;
  stateUnknown: number;
  unnamed: number;
}

interface RankedRow {
  sprinter_id: number;
  display_name: string;
  github_login: string | null;
  hidden: number;
  merged: number;
  pull_requests: number;
  commits: number;
  issues: number;
  reviews: number;
  points: number;
  first_time: number;
}

export interface RankingOptions {
  scoring: Scoring;
  /** False: proven leaders of the event's projects are left out of the ranking (their work still counts). */
  rankLeaders: boolean;
}

const DEFAULT_RANKING: RankingOptions = { scoring: 'ranked', rankLeaders: true };

/** Ties at equal points go to merged pull requests, then pull requests, then commits. */
function comparePoints(
  a: { points: number } & Parameters<typeof compareTallies>[0],
  b: { points: number } & Parameters<typeof compareTallies>[0],
): number {
  return b.points - a.points || compareTallies(a, b);
}

/**
 * The top of the ranking, read straight off the aggregate tables' ranking indexes (one for each way of
 * scoring): no GROUP BY over contributions, so it stays a sub-millisecond read however many
 * contributions the event holds. Leaving leaders out filters rows as the index yields them.
 */
export function topSprinters(
  db: Store,
  eventId: number,
  limit = 50,
  projectId: number | null = null,
  ranking: RankingOptions = DEFAULT_RANKING,
): LeaderboardRow[] {
  const order =
    ranking.scoring === 'points'
      ? // The index's own columns (the stats table's, `points` computed by SQLite), so SQLite walks the index instead of sorting.
        'points DESC, merged DESC, pull_requests DESC, commits DESC'
      : 't.merged DESC, t.pull_requests DESC, t.commits DESC';
  const leaders = ranking.rankLeaders
    ? ''
    : // Leaders are GitHub logins: a sprinter known only on another forge is never one of them.
      `AND (s.github_login IS NULL OR NOT EXISTS (SELECT 1 FROM project_leaders l JOIN projects p ON p.id = l.project_id
      WHERE p.event_id = @event AND l.proof <> 'claimed' AND l.github_login = s.github_login))`;
  const columns =
    't.sprinter_id, s.display_name, s.github_login, s.hidden, t.merged, t.pull_requests, t.commits, t.issues, t.reviews, t.points, t.first_time';
  const rows = (
    projectId === null
      ? statement(
          db,
          `SELECT ${columns} FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
        WHERE t.event_id = @event ${leaders} ORDER BY ${order} LIMIT @limit`,
        ).all({ event: eventId, limit })
      : statement(
          db,
          `SELECT ${columns} FROM project_sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
        WHERE t.project_id = @project ${leaders} ORDER BY ${order} LIMIT @limit`,
        ).all(ranking.rankLeaders ? { project: projectId, limit } : { project: projectId, event: eventId, limit })
  ) as RankedRow[];
  const scored = rows.map((r) => ({
    r,
    merged: r.merged,
    pullRequests: r.pull_requests,
    commits: r.commits,
    points: r.points,
  }));
  const compare = ranking.scoring === 'points' ? comparePoints : compareTallies;
  // The query's order is exactly the ranking index's, so SQLite stops after `limit` rows; ties are put
  // in name order here rather than by an ORDER BY that would sort the whole event.
  // A hidden sprinter sorts by the name shown ("Anonymous sprinter"), never by the one they hid.
  const shown = (r: RankedRow) => (r.hidden ? 'Anonymous sprinter' : r.display_name);
  scored.sort((a, b) => compare(a, b) || shown(a.r).localeCompare(shown(b.r)) || a.r.sprinter_id - b.r.sprinter_id);
  return assignRanks(
    scored.map(({ r, points }) => ({
      sprinterId: r.sprinter_id,
      name: r.hidden ? 'Anonymous sprinter' : r.display_name,
      github: r.hidden ? null : r.github_login,
      anonymous: r.hidden === 1,
      merged: r.merged,
      pullRequests: r.pull_requests,
      commits: r.commits,
      issues: r.issues,
      reviews: r.reviews,
      points,
      firstTime: r.first_time > 0,
    })),
    1,
    compare,
  );
}

export function projectTable(db: Store, eventId: number): ProjectRow[] {
  return statement(
    db,
    `SELECT p.id AS projectId, p.forge, p.full_name AS name, p.url, s.contributors, s.contributions,
        s.pull_requests AS pullRequests, s.merged, s.commits, s.issues, s.reviews, s.state_unknown AS stateUnknown, s.unnamed
      FROM projects p JOIN project_stats s ON s.project_id = p.id
      WHERE p.event_id = ? ORDER BY s.contributions DESC, p.full_name COLLATE NOCASE`,
  ).all(eventId) as ProjectRow[];
}

export interface FeedItem {
  id: number;
  kind: 'pull_request' | 'commit' | 'issue' | 'review' | 'other';
  ref: string;
  url: string;
  title: string;
  state: string;
  /** Null when the source gave no time. */
  createdAt: string | null;
  /** When its latest change happened at its forge (merged, closed, pushed, else opened); null when the source gave no time. */
  changedAt: string | null;
  project: string | null;
  name: string | null;
  github: string | null;
  forge: string;
  /** `#12`, GitLab's `!12`, or a short sha: as its forge writes it. */
  reference: string;
}

/** The latest counted contributions of the event (or of one of its projects), newest first. */
export function latestContributions(
  db: Store,
  eventId: number,
  limit = 10,
  projectId: number | null = null,
): FeedItem[] {
  const rows = statement(
    db,
    `SELECT c.id, c.kind, c.forge, CASE WHEN c.kind = 'review' THEN substr(c.key, 1, instr(c.key, ':') - 1) ELSE c.key END AS ref, c.url, c.title, c.state, CASE WHEN c.timed THEN c.created_at END AS createdAt,
        CASE WHEN c.timed THEN COALESCE(CASE WHEN c.kind = 'commit' THEN c.landed_at WHEN c.state = 'merged' THEN c.merged_at WHEN c.state = 'closed' THEN c.closed_at END, c.created_at) END AS changedAt,
        IFNULL(p.full_name, c.topic) AS project,
        CASE WHEN s.hidden THEN 'Anonymous sprinter' ELSE s.display_name END AS name,
        CASE WHEN s.hidden THEN NULL ELSE s.github_login END AS github
      FROM contributions c
      LEFT JOIN projects p ON p.id = c.project_id
      LEFT JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      LEFT JOIN sprinters s ON s.id = k.sprinter_id
      WHERE c.event_id = ? AND c.counted = 1 AND (? IS NULL OR c.project_id = ?)
      ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
  ).all(eventId, projectId, projectId, limit) as Array<Omit<FeedItem, 'reference'>>;
  return rows.map((r) => ({ ...r, reference: shortReference(r.forge, r.kind, r.ref) }));
}

/** How many of one project's contributors were first-timers there. */
export function projectFirstTimers(db: Store, projectId: number): number {
  return statement(db, 'SELECT count(*) FROM project_sprinter_stats WHERE project_id = ? AND first_time > 0')
    .pluck()
    .get(projectId) as number;
}
