import type { Db } from './database.js';
import { statement } from './statements.js';

/**
 * Recomputes the aggregates a change can touch: the project's totals, and each affected sprinter's
 * totals for the project and the event. Each recomputation reads only that sprinter's or that
 * project's rows (indexed), so it stays cheap however large the event grows.
 */
export function refreshStats(db: Db, eventId: number, projectIds: Iterable<number | null>, sprinterIds: Iterable<number>): void {
  const projects = new Set(projectIds);
  const sprinters = new Set(sprinterIds);
  for (const projectId of projects) {
    if (projectId === null) continue;
    for (const sprinterId of sprinters) refreshProjectSprinter(db, projectId, sprinterId);
    refreshProject(db, projectId);
  }
  for (const sprinterId of sprinters) refreshSprinter(db, eventId, sprinterId);
}

function refreshProjectSprinter(db: Db, projectId: number, sprinterId: number): void {
  const totals = statement(
    db,
    `SELECT count(*) AS n,
            IFNULL(sum(c.kind = 'pull_request' AND c.state = 'merged'), 0) AS merged,
            IFNULL(sum(c.kind = 'pull_request'), 0) AS pull_requests,
            IFNULL(sum(c.kind = 'commit'), 0) AS commits,
            IFNULL(max(c.first_time), 0) AS first_time
     FROM credits k JOIN contributions c ON c.id = k.contribution_id
     WHERE k.sprinter_id = ? AND c.project_id = ? AND c.counted = 1`,
  ).get(sprinterId, projectId) as { n: number; merged: number; pull_requests: number; commits: number; first_time: number };
  if (totals.n === 0) {
    statement(db, 'DELETE FROM project_sprinter_stats WHERE project_id = ? AND sprinter_id = ?').run(projectId, sprinterId);
    return;
  }
  statement(
    db,
    `INSERT INTO project_sprinter_stats (project_id, sprinter_id, merged, pull_requests, commits, first_time)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, sprinter_id) DO UPDATE SET merged = excluded.merged, pull_requests = excluded.pull_requests,
       commits = excluded.commits, first_time = excluded.first_time`,
  ).run(projectId, sprinterId, totals.merged, totals.pull_requests, totals.commits, totals.first_time);
}

function refreshProject(db: Db, projectId: number): void {
  statement(
    db,
    `UPDATE project_stats SET
       (contributions, pull_requests, merged, commits) = (
         SELECT count(*), IFNULL(sum(kind = 'pull_request'), 0), IFNULL(sum(kind = 'pull_request' AND state = 'merged'), 0),
                IFNULL(sum(kind = 'commit'), 0)
         FROM contributions WHERE project_id = @project AND counted = 1),
       contributors = (SELECT count(*) FROM project_sprinter_stats WHERE project_id = @project)
     WHERE project_id = @project`,
  ).run({ project: projectId });
}

function refreshSprinter(db: Db, eventId: number, sprinterId: number): void {
  const totals = statement(
    db,
    `SELECT count(*) AS n,
            IFNULL(sum(c.kind = 'pull_request' AND c.state = 'merged'), 0) AS merged,
            IFNULL(sum(c.kind = 'pull_request'), 0) AS pull_requests,
            IFNULL(sum(c.kind = 'commit'), 0) AS commits,
            IFNULL(sum(c.kind = 'other'), 0) AS others,
            IFNULL(max(c.first_time), 0) AS first_time,
            max(c.created_at) AS last_at
     FROM credits k JOIN contributions c ON c.id = k.contribution_id
     WHERE k.sprinter_id = ? AND c.event_id = ? AND c.counted = 1`,
  ).get(sprinterId, eventId) as { n: number; merged: number; pull_requests: number; commits: number; others: number; first_time: number; last_at: string | null };
  if (totals.n === 0) {
    statement(db, 'DELETE FROM sprinter_stats WHERE event_id = ? AND sprinter_id = ?').run(eventId, sprinterId);
    return;
  }
  statement(
    db,
    `INSERT INTO sprinter_stats (event_id, sprinter_id, merged, pull_requests, commits, others, first_time, last_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, sprinter_id) DO UPDATE SET merged = excluded.merged, pull_requests = excluded.pull_requests,
       commits = excluded.commits, others = excluded.others, first_time = excluded.first_time, last_at = excluded.last_at`,
  ).run(eventId, sprinterId, totals.merged, totals.pull_requests, totals.commits, totals.others, totals.first_time, totals.last_at);
}
