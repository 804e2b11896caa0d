import { type Store } from '../../src/store/store.js';
import { sql } from './sql.js';
import { createEvent, type EventRecord } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent } from '../../src/services/join-event.js';

export const WINDOW = { startsAt: '2024-05-10T03:30:00.000Z', endsAt: '2024-05-11T12:30:00.000Z' };

/** An event with one registered GitHub repository and one sprinter, set up through the same services the CLI uses. */
export function seedSprint(db: Store, opts: { repo?: string; sprinter?: { login: string; id?: number; name?: string; emails?: string[] } | null } = {}): EventRecord {
  const event = createEvent(db, { slug: 'test-sprint', name: 'Test Sprint', ...WINDOW, timeZone: 'Asia/Kolkata' });
  const repo = opts.repo ?? 'sprint-org/sprint-repo';
  addProject(db, { eventId: event.id, forge: 'github', fullName: repo, url: `https://github.com/${repo}`, leaders: ['leader1'] });
  if (opts.sprinter !== null) {
    const s = opts.sprinter ?? { login: 'newcomer', id: 5001, name: 'New Comer' };
    joinEvent(db, event.id, { displayName: s.name ?? s.login, githubLogin: s.login, githubId: s.id ?? null, emails: s.emails ?? [] });
  }
  return event;
}

export interface ContributionView {
  kind: string;
  key: string;
  state: string;
  counted: number;
  excluded: number;
  excluded_reason: string | null;
  first_time: number;
  title: string;
}

export function contributions(db: Store): ContributionView[] {
  return sql(db).prepare('SELECT kind, key, state, counted, excluded, excluded_reason, first_time, title FROM contributions ORDER BY id').all() as ContributionView[];
}

export function leaderboardRow(db: Store, login: string): { merged: number; pull_requests: number; commits: number } | undefined {
  return sql(db).prepare(`SELECT t.merged, t.pull_requests, t.commits FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id WHERE s.github_login = ?`)
    .get(login) as { merged: number; pull_requests: number; commits: number } | undefined;
}

/** Every row of every table, to prove that a refused request changed nothing. */
export function snapshot(db: Store): string {
  const tables = sql(db).prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  return JSON.stringify(tables.map((t) => [t, sql(db).prepare(`SELECT * FROM "${t}"`).all()]));
}

/**
 * The aggregates kept by deltas must equal a full recount from contributions and credits: returns the
 * rows that differ (an empty list when they agree).
 */
export function aggregateMismatches(db: Store): unknown[] {
  const recount = (query: string) => JSON.stringify(sql(db).prepare(query).all());
  const checks: Array<[string, string, string]> = [
    ['sprinter_stats',
      `SELECT event_id, sprinter_id, merged, pull_requests, commits, others, first_time FROM sprinter_stats ORDER BY event_id, sprinter_id`,
      `SELECT c.event_id, k.sprinter_id, sum(c.kind = 'pull_request' AND c.state = 'merged') AS merged, sum(c.kind = 'pull_request') AS pull_requests,
         sum(c.kind = 'commit') AS commits, sum(c.kind = 'other') AS others, sum(c.first_time) AS first_time
       FROM credits k JOIN contributions c ON c.id = k.contribution_id WHERE c.counted = 1 GROUP BY c.event_id, k.sprinter_id ORDER BY c.event_id, k.sprinter_id`],
    ['project_stats',
      `SELECT project_id, contributions, pull_requests, merged, commits, contributors FROM project_stats ORDER BY project_id`,
      `SELECT p.id AS project_id, count(c.id) AS contributions, IFNULL(sum(c.kind = 'pull_request'), 0) AS pull_requests,
         IFNULL(sum(c.kind = 'pull_request' AND c.state = 'merged'), 0) AS merged, IFNULL(sum(c.kind = 'commit'), 0) AS commits,
         (SELECT count(DISTINCT k.sprinter_id) FROM credits k JOIN contributions c2 ON c2.id = k.contribution_id WHERE c2.project_id = p.id AND c2.counted = 1) AS contributors
       FROM projects p LEFT JOIN contributions c ON c.project_id = p.id AND c.counted = 1 GROUP BY p.id ORDER BY p.id`],
    ['event_stats',
      `SELECT event_id, contributors, first_timers, pull_requests, merged, commits, others FROM event_stats
       WHERE contributors + first_timers + pull_requests + merged + commits + others > 0 ORDER BY event_id`,
      `SELECT e.event_id, e.contributors, e.first_timers, e.pull_requests, e.merged, e.commits, e.others FROM (
         SELECT c.event_id,
           (SELECT count(DISTINCT k.sprinter_id) FROM credits k JOIN contributions c2 ON c2.id = k.contribution_id WHERE c2.event_id = c.event_id AND c2.counted = 1) AS contributors,
           (SELECT count(*) FROM (SELECT k.sprinter_id FROM credits k JOIN contributions c3 ON c3.id = k.contribution_id WHERE c3.event_id = c.event_id AND c3.counted = 1
              GROUP BY k.sprinter_id HAVING sum(c3.first_time) > 0)) AS first_timers,
           sum(c.kind = 'pull_request') AS pull_requests, sum(c.kind = 'pull_request' AND c.state = 'merged') AS merged,
           sum(c.kind = 'commit') AS commits, sum(c.kind = 'other') AS others
         FROM contributions c WHERE c.counted = 1 GROUP BY c.event_id) e ORDER BY e.event_id`],
    ['event_stats.sprinters',
      `SELECT event_id, sprinters FROM event_stats WHERE sprinters > 0 ORDER BY event_id`,
      `SELECT event_id, count(*) AS sprinters FROM memberships WHERE status = 'joined' GROUP BY event_id ORDER BY event_id`],
  ];
  return checks.filter(([, kept, counted]) => recount(kept) !== recount(counted)).map(([name, kept, counted]) => ({ name, kept: sql(db).prepare(kept).all(), counted: sql(db).prepare(counted).all() }));
}
