import type { ReportTask } from '../domain/report.js';
import { taskState, type TaskState } from '../domain/tasks.js';
import type { EventRecord } from '../store/events.js';
import { listProjects } from '../store/projects.js';
import { membershipStatus } from '../store/sprinters.js';
import { immediateTransaction, type Store } from '../store/store.js';
import {
  addClaim,
  claimSettings,
  claimsHeldBy,
  closeTask,
  getTask,
  heldClaimCount,
  heldClaims,
  linkedPullRequests,
  linkedStates,
  linkPullRequest,
  listTasks,
  releaseClaim,
  type TaskRecord,
} from '../store/tasks.js';
import { findPullRequestByUrl, listCredits } from '../store/contributions.js';
import { canonicalListUrl } from '../sources/tsv/parse-list.js';

export type ClaimOutcome =
  | { kind: 'claimed'; task: TaskRecord; expiresAt: string }
  | { kind: 'no-task' }
  | { kind: 'not-joined' }
  | { kind: 'already-held' }
  | { kind: 'taken'; state: TaskState }
  | { kind: 'full'; capacity: number }
  | { kind: 'too-many'; max: number };

/**
 * A sprinter takes a task (or a leader assigns it to them): refused when the task is of another event,
 * closed or done, every place is held, or the sprinter already holds the event's maximum. The check and
 * the write share one immediate transaction, so two claims racing for the last place cannot both win.
 */
export function claimTask(db: Store, event: EventRecord, taskId: number, sprinterId: number, now: Date): ClaimOutcome {
  return immediateTransaction(db, (): ClaimOutcome => {
    const task = getTask(db, taskId);
    if (!task || task.eventId !== event.id) return { kind: 'no-task' };
    if (membershipStatus(db, event.id, sprinterId) !== 'joined') return { kind: 'not-joined' };
    const state = stateOf(db, task, now);
    if (state === 'closed' || state === 'done') return { kind: 'taken', state };
    const settings = claimSettings(db, event.id);
    const held = claimsHeldBy(db, event.id, sprinterId, now);
    if (held.includes(task.id)) return { kind: 'already-held' };
    if (heldClaimCount(db, task.id, now) >= task.capacity) return { kind: 'full', capacity: task.capacity };
    if (held.length >= settings.maxClaims) return { kind: 'too-many', max: settings.maxClaims };
    const expiresAt = new Date(now.getTime() + settings.claimHours * 3_600_000);
    addClaim(db, task.id, sprinterId, expiresAt, now);
    return { kind: 'claimed', task, expiresAt: expiresAt.toISOString() };
  });
}

/** The holder gives a task back, or a leader or organizer releases it; false when no such claim is held. */
export function releaseTask(
  db: Store,
  event: EventRecord,
  taskId: number,
  sprinterId: number,
  by: string,
  now: Date,
): boolean {
  return immediateTransaction(db, () => {
    const task = getTask(db, taskId);
    return task !== null && task.eventId === event.id && releaseClaim(db, taskId, sprinterId, by, now);
  });
}

export function closeEventTask(db: Store, event: EventRecord, taskId: number, by: string, now: Date): boolean {
  return immediateTransaction(db, () => {
    const task = getTask(db, taskId);
    return task !== null && task.eventId === event.id && closeTask(db, taskId, by, now);
  });
}

/**
 * The holder of a task links one of their pull requests to it by hand (one that names no issue, or
 * another's): it must be a pull request of this event credited to them. Returns 'linked' or why not.
 */
export function linkTaskPullRequest(
  db: Store,
  event: EventRecord,
  taskId: number,
  sprinterId: number,
  url: string,
  now: Date,
): string {
  return immediateTransaction(db, () => {
    const task = getTask(db, taskId);
    if (!task || task.eventId !== event.id) return `${event.name} has no task ${taskId}.`;
    if (!claimsHeldBy(db, event.id, sprinterId, now).includes(task.id))
      return 'Only someone holding this task can link a pull request to it.';
    const pull = findPullRequestByUrl(db, event.id, canonicalListUrl(url));
    if (!pull)
      return `${url.slice(0, 200) || 'That'} is not a pull request this event has seen: give its link (https://github.com/OWNER/REPO/pull/N), once it is opened.`;
    if (!listCredits(db, pull.id).some((k) => k.sprinterId === sprinterId))
      return 'That pull request is not credited to you: link your own.';
    linkPullRequest(db, task.id, pull.id, sprinterId, now);
    return 'linked';
  });
}

function stateOf(db: Store, task: TaskRecord, now: Date): TaskState {
  return taskState(task, heldClaimCount(db, task.id, now), linkedStates(db, task.id));
}

/** The documented tasks.json shape, also what the task table shows. */
export interface TaskView {
  id: number;
  project: string;
  title: string;
  level: string;
  issue_url: string | null;
  capacity: number;
  state: TaskState;
  claims: Array<{ sprinter: { name: string; github: string | null }; claimed_at: string; expires_at: string | null }>;
  pull_requests: Array<{ url: string; state: string }>;
}

/** The report's tasks: what was done, what is still in review, and what is left for the next sprint (closed ones are not). */
export function reportTasks(db: Store, event: EventRecord, now: Date): ReportTask[] {
  const projects = new Map(listProjects(db, event.id).map((p) => [p.id, p.fullName]));
  const links = linkedPullRequests(db, event.id);
  return listTasks(db, event.id).flatMap((task): ReportTask[] => {
    const linked = links.filter((l) => l.taskId === task.id);
    const state = taskState(
      task,
      heldClaimCount(db, task.id, now),
      linked.map((l) => l.state),
    );
    if (state === 'closed') return [];
    const people = new Map(linked.map((l) => [`${l.sprinter.github ?? ''}|${l.sprinter.name ?? ''}`, l.sprinter]));
    return [
      {
        project: projects.get(task.projectId) ?? '',
        title: task.title,
        level: task.level,
        issue_url: task.issueUrl,
        state: state === 'done' || state === 'in_review' ? state : 'open',
        sprinters: state === 'done' || state === 'in_review' ? [...people.values()] : [],
        pull_requests: linked.map((l) => ({ url: l.url, state: l.state })),
      },
    ];
  });
}

/** Every task of the event, with who holds it now and what is linked to it. */
export function taskTable(db: Store, event: EventRecord, now: Date): TaskView[] {
  const projects = new Map(listProjects(db, event.id).map((p) => [p.id, p.fullName]));
  const claims = heldClaims(db, event.id, now);
  const links = linkedPullRequests(db, event.id);
  return listTasks(db, event.id).map((task) => {
    const mine = claims.filter((c) => c.taskId === task.id);
    const linked = links.filter((l) => l.taskId === task.id);
    const state = taskState(
      task,
      mine.length,
      linked.map((l) => l.state),
    );
    // A claim with a pull request linked does not run out, and a done or closed task's claims ended with
    // it: no countdown to show for either.
    const ended = state === 'done' || state === 'closed';
    return {
      id: task.id,
      project: projects.get(task.projectId) ?? '',
      title: task.title,
      level: task.level,
      issue_url: task.issueUrl,
      capacity: task.capacity,
      state,
      claims: mine.map((c) => ({
        sprinter: { name: c.name, github: c.github },
        claimed_at: c.claimedAt,
        expires_at: c.linked || ended ? null : c.expiresAt,
      })),
      pull_requests: linked.map((l) => ({ url: l.url, state: l.state })),
    };
  });
}
