import type { Store } from './store.js';
import { statement } from './statements.js';

export interface AggregateMismatch {
  name: string;
  kept: unknown[];
  counted: unknown[];
}

/**
 * The counters kept by stats.ts must equal a full recount from contributions, credits and memberships:
 * returns the tables whose rows differ (an empty list when they agree). Tests run it after every flow.
 */
export function aggregateMismatches(db: Store): AggregateMismatch[] {
  const recount = (query: string) => JSON.stringify(statement(db, query).all());
  const checks: Array<[string, string, string]> = [
    [
      'sprinter_stats',
      `SELECT event_id, sprinter_id, merged, pull_requests, commits, others, issues, reviews, first_time FROM sprinter_stats ORDER BY event_id, sprinter_id`,
      `SELECT c.event_id, k.sprinter_id, sum(c.kind = 'pull_request' AND c.state = 'merged') AS merged, sum(c.kind = 'pull_request') AS pull_requests,
         sum(c.kind = 'commit') AS commits, sum(c.kind = 'other') AS others, sum(c.kind = 'issue') AS issues, sum(c.kind = 'review') AS reviews, sum(c.first_time) AS first_time
       FROM credits k JOIN contributions c ON c.id = k.contribution_id WHERE c.counted = 1 GROUP BY c.event_id, k.sprinter_id ORDER BY c.event_id, k.sprinter_id`,
    ],
    [
      'project_stats',
      `SELECT project_id, contributions, pull_requests, merged, commits, issues, reviews, state_unknown, unnamed, contributors FROM project_stats ORDER BY project_id`,
      `SELECT p.id AS project_id, count(c.id) AS contributions, IFNULL(sum(c.kind = 'pull_request'), 0) AS pull_requests,
         IFNULL(sum(c.kind = 'pull_request' AND c.state = 'merged'), 0) AS merged, IFNULL(sum(c.kind = 'commit'), 0) AS commits,
         IFNULL(sum(c.kind = 'issue'), 0) AS issues, IFNULL(sum(c.kind = 'review'), 0) AS reviews, IFNULL(sum(c.kind = 'pull_request' AND c.state = 'unknown'), 0) AS state_unknown,
         IFNULL(sum(c.kind <> 'other' AND NOT EXISTS (SELECT 1 FROM credits k WHERE k.contribution_id = c.id)), 0) AS unnamed,
         (SELECT count(DISTINCT k.sprinter_id) FROM credits k JOIN contributions c2 ON c2.id = k.contribution_id WHERE c2.project_id = p.id AND c2.counted = 1) AS contributors
       FROM projects p LEFT JOIN contributions c ON c.project_id = p.id AND c.counted = 1 GROUP BY p.id ORDER BY p.id`,
    ],
    [
      'event_stats',
      `SELECT event_id, contributors, first_timers, pull_requests, merged, commits, others, issues, reviews, state_unknown, unnamed FROM event_stats
       WHERE contributors + first_timers + pull_requests + merged + commits + others + issues + reviews > 0 ORDER BY event_id`,
      `SELECT e.event_id, e.contributors, e.first_timers, e.pull_requests, e.merged, e.commits, e.others, e.issues, e.reviews, e.state_unknown, e.unnamed FROM (
         SELECT c.event_id,
           (SELECT count(DISTINCT k.sprinter_id) FROM credits k JOIN contributions c2 ON c2.id = k.contribution_id WHERE c2.event_id = c.event_id AND c2.counted = 1) AS contributors,
           (SELECT count(*) FROM (SELECT k.sprinter_id FROM credits k JOIN contributions c3 ON c3.id = k.contribution_id WHERE c3.event_id = c.event_id AND c3.counted = 1
              GROUP BY k.sprinter_id HAVING sum(c3.first_time) > 0)) AS first_timers,
           sum(c.kind = 'pull_request') AS pull_requests, sum(c.kind = 'pull_request' AND c.state = 'merged') AS merged,
           sum(c.kind = 'commit') AS commits, sum(c.kind = 'other') AS others, sum(c.kind = 'issue') AS issues, sum(c.kind = 'review') AS reviews,
           sum(c.kind = 'pull_request' AND c.state = 'unknown') AS state_unknown,
           sum(c.kind <> 'other' AND NOT EXISTS (SELECT 1 FROM credits k WHERE k.contribution_id = c.id)) AS unnamed
         FROM contributions c WHERE c.counted = 1 GROUP BY c.event_id) e ORDER BY e.event_id`,
    ],
    [
      'event_stats.sprinters',
      `SELECT event_id, sprinters FROM event_stats WHERE sprinters > 0 ORDER BY event_id`,
      `SELECT event_id, count(*) AS sprinters FROM memberships WHERE status = 'joined' GROUP BY event_id ORDER BY event_id`,
    ],
  ];
  return checks
    .filter(([, kept, counted]) => recount(kept) !== recount(counted))
    .map(([name, kept, counted]) => ({ name, kept: statement(db, kept).all(), counted: statement(db, counted).all() }));
}
