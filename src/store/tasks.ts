import type { TaskLevel } from '../domain/tasks.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/**
 * The one module that writes tasks, their claims and their links. A claim is held while it is not
 * released and has either not expired or a pull request linked by its holder: expiry is read at the
 * moment asked, so no job has to run for a countdown to end.
 */
export interface TaskRecord {
  id: number;
  eventId: number;
  projectId: number;
  title: string;
  description: string;
  level: TaskLevel;
  issueUrl: string | null;
  capacity: number;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

export interface NewTask {
  eventId: number;
  projectId: number;
  title: string;
  description?: string;
  level: TaskLevel;
  issueUrl: string | null;
  capacity: number;
  createdBy: string;
}

export interface HeldClaim {
  taskId: number;
  sprinterId: number;
  name: string;
  github: string | null;
  claimedAt: string;
  expiresAt: string;
  /** The holder linked a pull request: the claim no longer expires. */
  linked: boolean;
}

interface TaskRow {
  id: number;
  event_id: number;
  project_id: number;
  title: string;
  description: string;
  level: TaskLevel;
  issue_url: string | null;
  capacity: number;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

function toTask(r: TaskRow): TaskRecord {
  return {
    id: r.id,
    eventId: r.event_id,
    projectId: r.project_id,
    title: r.title,
    description: r.description,
    level: r.level,
    issueUrl: r.issue_url,
    capacity: r.capacity,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  };
}

/** Every write below marks the event's table as changed, in the same transaction: open pages refresh on it. */
function touch(db: Store, eventId: number, now: Date): void {
  statement(db, 'UPDATE events SET tasks_changed_at = ? WHERE id = ?').run(now.toISOString(), eventId);
}

function eventOfTask(db: Store, taskId: number): number {
  return statement(db, 'SELECT event_id FROM tasks WHERE id = ?').pluck().get(taskId) as number;
}

const HELD = `c.released_at IS NULL AND (c.expires_at > @now OR EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = c.task_id AND l.sprinter_id = c.sprinter_id))`;

export function addTask(db: Store, input: NewTask, now = new Date()): TaskRecord {
  const row = statement(
    db,
    `INSERT INTO tasks (event_id, project_id, title, description, level, issue_url, capacity, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  ).get(
    input.eventId,
    input.projectId,
    input.title,
    input.description ?? '',
    input.level,
    input.issueUrl,
    input.capacity,
    input.createdBy,
    now.toISOString(),
  ) as TaskRow;
  touch(db, input.eventId, now);
  return toTask(row);
}

export function getTask(db: Store, id: number): TaskRecord | null {
  const row = statement(db, 'SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
  return row ? toTask(row) : null;
}

export function findTaskByIssue(db: Store, eventId: number, issueUrl: string): TaskRecord | null {
  const row = statement(db, 'SELECT * FROM tasks WHERE event_id = ? AND issue_url = ? COLLATE NOCASE').get(
    eventId,
    issueUrl,
  ) as TaskRow | undefined;
  return row ? toTask(row) : null;
}

export function listTasks(db: Store, eventId: number): TaskRecord[] {
  return (statement(db, 'SELECT * FROM tasks WHERE event_id = ? ORDER BY id').all(eventId) as TaskRow[]).map(toTask);
}

/** Claims held now on the event's tasks, oldest first. */
export function heldClaims(db: Store, eventId: number, now: Date): HeldClaim[] {
  return (
    statement(
      db,
      `SELECT c.task_id AS taskId, c.sprinter_id AS sprinterId,
        CASE WHEN s.hidden THEN 'Anonymous sprinter' ELSE s.display_name END AS name, CASE WHEN s.hidden THEN NULL ELSE s.github_login END AS github,
        c.claimed_at AS claimedAt, c.expires_at AS expiresAt,
        EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = c.task_id AND l.sprinter_id = c.sprinter_id) AS linked
      FROM task_claims c JOIN tasks t ON t.id = c.task_id JOIN sprinters s ON s.id = c.sprinter_id
      WHERE t.event_id = @event AND ${HELD} ORDER BY c.claimed_at, c.id`,
    ).all({ event: eventId, now: now.toISOString() }) as Array<Omit<HeldClaim, 'linked'> & { linked: number }>
  ).map((c) => ({ ...c, linked: c.linked === 1 }));
}

export function heldClaimCount(db: Store, taskId: number, now: Date): number {
  return statement(db, `SELECT count(*) FROM task_claims c WHERE c.task_id = @task AND ${HELD}`)
    .pluck()
    .get({ task: taskId, now: now.toISOString() }) as number;
}

/** Claims a sprinter holds now across the tasks of one event. */
export function claimsHeldBy(db: Store, eventId: number, sprinterId: number, now: Date): number[] {
  return statement(
    db,
    `SELECT c.task_id FROM task_claims c JOIN tasks t ON t.id = c.task_id
      WHERE t.event_id = @event AND c.sprinter_id = @sprinter AND ${HELD} ORDER BY c.task_id`,
  )
    .pluck()
    .all({ event: eventId, sprinter: sprinterId, now: now.toISOString() }) as number[];
}

export function addClaim(db: Store, taskId: number, sprinterId: number, expiresAt: Date, now: Date): void {
  // A claim that lapsed is over: it is closed at its expiry, so a new one can take its place.
  statement(
    db,
    `UPDATE task_claims SET released_at = expires_at, released_by = 'expired'
      WHERE task_id = ? AND sprinter_id = ? AND released_at IS NULL`,
  ).run(taskId, sprinterId);
  statement(db, 'INSERT INTO task_claims (task_id, sprinter_id, claimed_at, expires_at) VALUES (?, ?, ?, ?)').run(
    taskId,
    sprinterId,
    now.toISOString(),
    expiresAt.toISOString(),
  );
  touch(db, eventOfTask(db, taskId), now);
}

/** Ends a held claim; false when the sprinter held none on the task. */
export function releaseClaim(db: Store, taskId: number, sprinterId: number, by: string, now: Date): boolean {
  const released =
    statement(
      db,
      `UPDATE task_claims AS c SET released_at = @at, released_by = @by
      WHERE c.task_id = @task AND c.sprinter_id = @sprinter AND ${HELD}`,
    ).run({ task: taskId, sprinter: sprinterId, by, at: now.toISOString(), now: now.toISOString() }).changes > 0;
  if (released) touch(db, eventOfTask(db, taskId), now);
  return released;
}

export function closeTask(db: Store, taskId: number, by: string, now: Date): boolean {
  const closed =
    statement(db, 'UPDATE tasks SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL').run(
      now.toISOString(),
      by,
      taskId,
    ).changes > 0;
  if (closed) touch(db, eventOfTask(db, taskId), now);
  return closed;
}

/** Attaches a pull request to a task on behalf of the claim holder who made it; true when it is new. */
export function linkPullRequest(
  db: Store,
  taskId: number,
  contributionId: number,
  sprinterId: number,
  now: Date,
): boolean {
  const linked =
    statement(
      db,
      'INSERT OR IGNORE INTO task_links (task_id, contribution_id, sprinter_id, linked_at) VALUES (?, ?, ?, ?)',
    ).run(taskId, contributionId, sprinterId, now.toISOString()).changes > 0;
  if (linked) touch(db, eventOfTask(db, taskId), now);
  return linked;
}

export interface LinkedPullRequest {
  taskId: number;
  url: string;
  state: string;
  /** The holder who made it, as the report names people (hidden ones unnamed). */
  sprinter: { name: string | null; github: string | null; pagure: string | null; anonymous?: true };
}

/** The pull requests attached to the event's tasks, with their state now and who made them. */
export function linkedPullRequests(db: Store, eventId: number): LinkedPullRequest[] {
  return (
    statement(
      db,
      `SELECT l.task_id AS taskId, c.url, c.state, s.display_name, s.github_login, s.pagure_username, s.hidden
      FROM task_links l JOIN tasks t ON t.id = l.task_id JOIN contributions c ON c.id = l.contribution_id JOIN sprinters s ON s.id = l.sprinter_id
      WHERE t.event_id = ? ORDER BY l.linked_at, c.id`,
    ).all(eventId) as Array<{
      taskId: number;
      url: string;
      state: string;
      display_name: string;
      github_login: string | null;
      pagure_username: string | null;
      hidden: number;
    }>
  ).map((r) => ({
    taskId: r.taskId,
    url: r.url,
    state: r.state,
    sprinter: r.hidden
      ? { name: null, github: null, pagure: null, anonymous: true as const }
      : { name: r.display_name, github: r.github_login, pagure: r.pagure_username },
  }));
}

/** The states of the pull requests linked to one task. */
export function linkedStates(db: Store, taskId: number): string[] {
  return statement(
    db,
    'SELECT c.state FROM task_links l JOIN contributions c ON c.id = l.contribution_id WHERE l.task_id = ?',
  )
    .pluck()
    .all(taskId) as string[];
}

/** The claim settings of an event: how long a claim lasts without a pull request, and how many one sprinter may hold. */
export function claimSettings(db: Store, eventId: number): { claimHours: number; maxClaims: number } {
  return statement(db, 'SELECT claim_hours AS claimHours, max_claims AS maxClaims FROM events WHERE id = ?').get(
    eventId,
  ) as { claimHours: number; maxClaims: number };
}

/** A label whose open issues become tasks of the project, now and at each refresh. */
export function addTaskLabel(db: Store, projectId: number, label: string, by: string, now: Date): void {
  statement(db, 'INSERT OR IGNORE INTO task_labels (project_id, label, added_by, added_at) VALUES (?, ?, ?, ?)').run(
    projectId,
    label,
    by,
    now.toISOString(),
  );
}

export function listTaskLabels(db: Store, eventId: number): Array<{ projectId: number; label: string }> {
  return statement(
    db,
    `SELECT l.project_id AS projectId, l.label FROM task_labels l JOIN projects p ON p.id = l.project_id
      WHERE p.event_id = ? ORDER BY l.project_id, l.label`,
  ).all(eventId) as Array<{ projectId: number; label: string }>;
}

export function setClaimSettings(
  db: Store,
  eventId: number,
  settings: { claimHours: number; maxClaims: number },
  now: Date,
): void {
  statement(db, 'UPDATE events SET claim_hours = ?, max_claims = ? WHERE id = ?').run(
    settings.claimHours,
    settings.maxClaims,
    eventId,
  );
  touch(db, eventId, now);
}

/**
 * A sprinter's pull requests to one project of the event that no task links yet, newest first: what a
 * holder of a task without an issue is offered to link in one click.
 */
export function unlinkedPullRequestsOf(
  db: Store,
  eventId: number,
  projectId: number,
  sprinterId: number,
  limit = 3,
): Array<{ url: string; title: string; state: string }> {
  return statement(
    db,
    `SELECT c.url, c.title, c.state FROM contributions c
      JOIN credits k ON k.contribution_id = c.id AND k.sprinter_id = ?
      WHERE c.event_id = ? AND c.project_id = ? AND c.kind = 'pull_request' AND c.counted = 1
        AND NOT EXISTS (SELECT 1 FROM task_links l WHERE l.contribution_id = c.id)
      ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
  ).all(sprinterId, eventId, projectId, limit) as Array<{ url: string; title: string; state: string }>;
}
