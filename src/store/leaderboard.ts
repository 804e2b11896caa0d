import { assignRanks } from '../domain/ranking.js';
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
  first_time: number;
}

/**
 * The top of the ranking, read straight off the aggregate tables' ranking index: no GROUP BY over
 * contributions, so it stays a sub-millisecond read however many contributions the event holds.
 */
export function topSprinters(db: Store, eventId: number, limit = 50, projectId: number | null = null): LeaderboardRow[] {
  const rows = (projectId === null
    ? statement(db, `SELECT t.sprinter_id, s.display_name, s.github_login, s.hidden, t.merged, t.pull_requests, t.commits, t.issues, t.first_time
        FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
        WHERE t.event_id = ? ORDER BY t.merged DESC, t.pull_requests DESC, t.commits DESC LIMIT ?`).all(eventId, limit)
    : statement(db, `SELECT t.sprinter_id, s.display_name, s.github_login, s.hidden, t.merged, t.pull_requests, t.commits, t.issues, t.first_time
        FROM project_sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
        WHERE t.project_id = ? ORDER BY t.merged DESC, t.pull_requests DESC, t.commits DESC LIMIT ?`).all(projectId, limit)) as RankedRow[];
  // The query's order is exactly the ranking index's, so SQLite stops after `limit` rows; ties are put
  // in name order here rather than by an ORDER BY that would sort the whole event.
  rows.sort((a, b) => b.merged - a.merged || b.pull_requests - a.pull_requests || b.commits - a.commits || a.display_name.localeCompare(b.display_name));
  return assignRanks(rows.map((r) => ({
    sprinterId: r.sprinter_id,
    name: r.hidden ? 'Anonymous sprinter' : r.display_name,
    github: r.hidden ? null : r.github_login,
    anonymous: r.hidden === 1,
    merged: r.merged,
    pullRequests: r.pull_requests,
    commits: r.commits,
    issues: r.issues,
    firstTime: r.first_time > 0,
  })));
}

export function projectTable(db: Store, eventId: number): ProjectRow[] {
  return statement(db, `SELECT p.id AS projectId, p.forge, p.full_name AS name, p.url, s.contributors, s.contributions,
        s.pull_requests AS pullRequests, s.merged, s.commits, s.issues, s.state_unknown AS stateUnknown, s.unnamed
      FROM projects p JOIN project_stats s ON s.project_id = p.id
      WHERE p.event_id = ? ORDER BY s.contributions DESC, p.full_name COLLATE NOCASE`).all(eventId) as ProjectRow[];
}

export interface FeedItem {
  id: number;
  kind: 'pull_request' | 'commit' | 'issue' | 'other';
  ref: string;
  url: string;
  title: string;
  state: string;
  /** Null when the source gave no time. */
  createdAt: string | null;
  project: string | null;
  name: string | null;
  github: string | null;
}

/** The latest counted contributions of the event (or of one of its projects), newest first. */
export function latestContributions(db: Store, eventId: number, limit = 10, projectId: number | null = null): FeedItem[] {
  const rows = statement(db, `SELECT c.id, c.kind, c.key AS ref, c.url, c.title, c.state, CASE WHEN c.timed THEN c.created_at END AS createdAt,
        IFNULL(p.full_name, c.topic) AS project,
        CASE WHEN s.hidden THEN 'Anonymous sprinter' ELSE s.display_name END AS name,
        CASE WHEN s.hidden THEN NULL ELSE s.github_login END AS github
      FROM contributions c
      LEFT JOIN projects p ON p.id = c.project_id
      LEFT JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      LEFT JOIN sprinters s ON s.id = k.sprinter_id
      WHERE c.event_id = ? AND c.counted = 1 AND (? IS NULL OR c.project_id = ?)
      ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`).all(eventId, projectId, projectId, limit) as FeedItem[];
  return rows;
}

/** How many of one project's contributors were first-timers there. */
export function projectFirstTimers(db: Store, projectId: number): number {
  return statement(db, 'SELECT count(*) FROM project_sprinter_stats WHERE project_id = ? AND first_time > 0').pluck().get(projectId) as number;
}
