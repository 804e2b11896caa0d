import express, { type Request, type Response, type Router } from 'express';
import { eventPhase, formatInZone } from '../domain/event-window.js';
import { counted } from '../domain/plural.js';
import { levelWords, TASK_LEVELS } from '../domain/tasks.js';
import { addProjectTask } from '../services/add-task.js';
import {
  claimTask,
  closeEventTask,
  linkTaskPullRequest,
  releaseTask,
  taskTable,
  type TaskView,
} from '../services/task-claims.js';
import type { EventRecord } from '../store/events.js';
import { listProjects, type ProjectRecord } from '../store/projects.js';
import { leadsProject } from '../store/roles.js';
import { findMember, findSprinterByGithubId, membershipStatus } from '../store/sprinters.js';
import { getTask, unlinkedPullRequestsOf, type TaskRecord } from '../store/tasks.js';
import { formField, parseLoginForm, parseTaskForm } from './forms.js';
import { badRequest, forbidden, HttpError, notFound } from './http-error.js';
import { announce, eventFrom, renderPage, type PageKit } from './page-kit.js';
import { requireWriter, viewerOf, type Viewer } from './session.js';

const STATE_WORDS: Record<string, string> = {
  open: 'Free',
  claimed: 'Taken',
  in_review: 'In review',
  done: 'Done',
  closed: 'Closed',
};

/**
 * A task's state in words and its own colour: free, places left beside a holder, taken, in review, done.
 * Each reads differently, so "Taken" never hides a place still open.
 */
function taskState(t: Pick<TaskView, 'state' | 'claims' | 'capacity'>): { stateLabel: string; taskClass: string } {
  const left = t.capacity - t.claims.length;
  if (t.state === 'claimed' && left > 0)
    return { stateLabel: `${left} ${left === 1 ? 'place' : 'places'} left`, taskClass: 'task-partial' };
  const classes: Record<string, string> = {
    open: 'task-free',
    claimed: 'task-taken',
    in_review: 'task-review',
    done: 'task-done',
    closed: 'task-closed',
  };
  return { stateLabel: STATE_WORDS[t.state] ?? t.state, taskClass: classes[t.state] ?? 'task-closed' };
}

/** The sprint table: what can be worked on, who holds what, and the pull requests linked to each task. */
export function taskRoutes(kit: PageKit): Router {
  const router = express.Router();

  const ledBy = (viewer: Viewer | null, projects: ProjectRecord[]) =>
    viewer ? projects.filter((p) => viewer.organizer || leadsProject(kit.db, p.id, viewer.githubId, viewer.login)) : [];

  const mySprinter = (viewer: Viewer | null, event: EventRecord): number | null => {
    const sprinter = viewer ? findSprinterByGithubId(kit.db, viewer.githubId) : null;
    return sprinter && membershipStatus(kit.db, event.id, sprinter.id) === 'joined' ? sprinter.id : null;
  };

  const tasksPage = (
    req: Request,
    res: Response,
    event: EventRecord,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const viewer = viewerOf(res);
    const now = kit.now();
    const projects = listProjects(kit.db, event.id);
    const led = ledBy(viewer, projects);
    const filter = taskFilter(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
    const mine = viewer?.login.toLowerCase();
    const me = mySprinter(viewer, event);
    const rows = taskTable(kit.db, event, now)
      .filter(
        (t) =>
          (!filter.project || t.project.toLowerCase() === filter.project.toLowerCase()) &&
          (!filter.level || t.level === filter.level) &&
          (!filter.free || ((t.state === 'open' || t.state === 'claimed') && t.claims.length < t.capacity)),
      )
      .map((t) => row(t, mine, event, led, now))
      .map((r) => ({ ...r, offers: offersFor(r, event, projects, me) }));
    renderPage(
      kit,
      res,
      'tasks',
      {
        title: `Tasks · ${event.name}`,
        event,
        nav: 'tasks',
        rows,
        filter,
        // Every action on the page carries the filters, and comes back to them.
        filterQuery: filterQuery(filter),
        done: doneNotice(req, rows),
        levels: TASK_LEVELS.map((l) => ({ value: l, label: capitalized(levelWords(l)) })),
        projects,
        led,
        joined: me !== null,
        // Arrived from the join form: say so, and where the rest of the sprint is.
        welcome: req.query.welcome === '1' && me !== null,
        script: 'live.js',
        stream: `/events/${event.slug}/stream`,
        since: '',
        ...extra,
      },
      status,
    );
  };

  const row = (t: TaskView, mine: string | undefined, event: EventRecord, led: ProjectRecord[], now: Date) => ({
    ...t,
    levelLabel: capitalized(levelWords(t.level)),
    ...taskState(t),
    free: (t.state === 'open' || t.state === 'claimed') && t.claims.length < t.capacity,
    held: t.claims.some((c) => c.sprinter.github?.toLowerCase() === mine),
    leads: led.some((p) => p.fullName === t.project),
    claims: t.claims.map((c) => ({
      ...c,
      since: formatInZone(c.claimed_at, event.timeZone),
      left: c.expires_at ? minutesLeft(c.expires_at, now) : null,
    })),
  });

  /**
   * A task without an issue cannot be linked by "Fixes #N": its holder is offered their own pull requests
   * to its project, one click each (the link route checks them as for a typed link).
   */
  const offersFor = (
    r: { held: boolean; issue_url: string | null; pull_requests: unknown[]; project: string },
    event: EventRecord,
    projects: ProjectRecord[],
    me: number | null,
  ) => {
    if (!r.held || r.issue_url !== null || r.pull_requests.length > 0 || me === null) return [];
    const project = projects.find((p) => p.fullName === r.project);
    return project ? unlinkedPullRequestsOf(kit.db, event.id, project.id, me) : [];
  };

  const taskFrom = (req: Request, event: EventRecord): TaskRecord => {
    const task = /^\d+$/.test(String(req.params.id)) ? getTask(kit.db, Number(req.params.id)) : null;
    if (!task || task.eventId !== event.id) throw notFound(`${event.name} has no task ${String(req.params.id)}.`);
    return task;
  };

  const leadsTask = (viewer: Viewer, task: TaskRecord) =>
    viewer.organizer || leadsProject(kit.db, task.projectId, viewer.githubId, viewer.login);
  /** After a change: open pages refresh, the bot's comment on the issue follows (it talks to GitHub, after the answer), back to the row. */
  const done = (req: Request, res: Response, event: EventRecord, task?: TaskRecord, what?: TaskDone) => {
    announce(kit, event.id);
    kit.sync?.taskComments(event.id).catch(() => undefined);
    // Back to the filters the visitor had, saying what was done; only our own filter keys survive the trip.
    const back = new URLSearchParams(filterQuery(taskFilter(new URLSearchParams(formField(req.body, 'back')))));
    if (task && what) {
      back.set('done', what);
      back.set('task', String(task.id));
    }
    const query = back.toString();
    res.redirect(303, `/events/${event.slug}/tasks${query ? `?${query}` : ''}${task ? `#task-${task.id}` : ''}`);
  };

  /** Who acts, in which event, on which of its tasks. */
  const taskAction = (req: Request, res: Response) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    return { viewer, event, task: taskFrom(req, event) };
  };

  router.get('/events/:slug/tasks', (req, res) => tasksPage(req, res, eventFrom(kit, req)));

  router.post('/events/:slug/tasks', (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    const led = ledBy(viewer, listProjects(kit.db, event.id));
    if (!led.length)
      throw forbidden(`Only the leaders of a project of ${event.name}, and its organizers, can add tasks.`);
    const form = parseTaskForm(req.body);
    if (!form.ok) return tasksPage(req, res, event, { taskErrors: form.errors, taskValues: req.body }, 400);
    const project = led.find((p) => p.id === form.value.projectId);
    if (!project) throw forbidden('You can add tasks only to the projects you lead.');
    const added = addProjectTask(
      kit.db,
      project,
      { ...form.value, description: form.value.description ?? '' },
      viewer.login,
      kit.now(),
    );
    if (!added.ok)
      return tasksPage(
        req,
        res,
        event,
        { taskErrors: { [added.field === 'issue' ? 'issueUrl' : added.field]: added.error }, taskValues: req.body },
        400,
      );
    done(req, res, event, added.task, 'added');
  });

  router.post('/events/:slug/tasks/:id/claim', (req, res) => {
    const { viewer, event, task } = taskAction(req, res);
    // A login in the form is a leader assigning the task; without one, the signed-in sprinter takes it.
    const assigning = formField(req.body, 'login') !== '';
    let sprinterId: number | null;
    if (assigning) {
      if (!leadsTask(viewer, task))
        throw forbidden("Only the leaders of this task's project, and the organizers, can assign it.");
      const form = parseLoginForm(req.body);
      if (!form.ok) throw badRequest('The task was not assigned', form.errors.login ?? 'Give a GitHub login.');
      sprinterId = findMember(kit.db, event.id, { githubLogin: form.value.login });
      if (sprinterId === null)
        throw badRequest(
          'The task was not assigned',
          `Nobody with the GitHub login ${form.value.login} has joined ${event.name}.`,
        );
    } else {
      sprinterId = mySprinter(viewer, event);
      if (sprinterId === null) throw forbidden(`Join ${event.name} first: only its sprinters can take tasks.`);
      // As joining does, taking work closes with the event; its leaders may still assign it.
      if (eventPhase(event, kit.now()) === 'past')
        throw forbidden(
          `${event.name} has ended, so its tasks can no longer be taken. Its leaders can still assign one.`,
        );
    }
    const outcome = claimTask(kit.db, event, task.id, sprinterId, kit.now());
    const claimed = outcome.kind === 'claimed' || outcome.kind === 'already-held';
    switch (outcome.kind) {
      case 'claimed':
      case 'already-held':
        break;
      case 'no-task':
        throw notFound(`${event.name} has no task ${task.id}.`);
      case 'not-joined':
        throw forbidden(`That person has not joined ${event.name}.`);
      case 'taken':
        throw new HttpError(
          409,
          'Not available',
          `This task is ${STATE_WORDS[outcome.state]!.toLowerCase()}: it cannot be taken.`,
        );
      case 'full':
        throw new HttpError(
          409,
          'Already taken',
          `Every place on this task is held (${outcome.capacity} of ${outcome.capacity}). Pick another, or ask its leader.`,
        );
      case 'too-many':
        throw new HttpError(
          409,
          'Too many tasks',
          `${assigning ? 'They' : 'You'} already hold ${counted(outcome.max, 'task')}, the most ${event.name} allows at once: give one back first.`,
        );
    }
    done(req, res, event, task, claimed && assigning ? 'assigned' : 'claimed');
  });

  router.post('/events/:slug/tasks/:id/release', (req, res) => {
    const { viewer, event, task } = taskAction(req, res);
    const named = formField(req.body, 'login').replace(/^@/, '') || null;
    const own = mySprinter(viewer, event);
    const ownLogin = viewer.login.toLowerCase();
    let sprinterId: number | null;
    if (named && named.toLowerCase() !== ownLogin) {
      if (!leadsTask(viewer, task))
        throw forbidden(
          "Only the leaders of this task's project, and the organizers, can release someone else's claim.",
        );
      sprinterId = findMember(kit.db, event.id, { githubLogin: named });
    } else {
      sprinterId = own;
    }
    if (sprinterId === null || !releaseTask(kit.db, event, task.id, sprinterId, viewer.login, kit.now())) {
      throw badRequest('Nothing to release', 'No claim on this task is held by that person.');
    }
    done(req, res, event, task, 'released');
  });

  router.post('/events/:slug/tasks/:id/close', (req, res) => {
    const { viewer, event, task } = taskAction(req, res);
    if (!leadsTask(viewer, task))
      throw forbidden("Only the leaders of this task's project, and the organizers, can close it.");
    closeEventTask(kit.db, event, task.id, viewer.login, kit.now());
    done(req, res, event, task, 'closed');
  });

  router.post('/events/:slug/tasks/:id/link', (req, res) => {
    const { viewer, event, task } = taskAction(req, res);
    const sprinterId = mySprinter(viewer, event);
    if (sprinterId === null) throw forbidden(`Join ${event.name} first: only its sprinters can take tasks.`);
    const url = formField(req.body, 'url');
    const linked = linkTaskPullRequest(kit.db, event, task.id, sprinterId, url, kit.now());
    if (linked !== 'linked') throw badRequest('Not linked', linked);
    done(req, res, event, task, 'linked');
  });

  return router;
}

interface TaskFilter {
  project: string;
  level: string;
  free: boolean;
}

/** The table's filters from a query string: a project name as typed, a known level, free only. */
function taskFilter(query: URLSearchParams): TaskFilter {
  const level = query.get('level') ?? '';
  return {
    project: (query.get('project') ?? '').slice(0, 200),
    level: (TASK_LEVELS as readonly string[]).includes(level) ? level : '',
    free: query.get('free') === '1',
  };
}

function filterQuery(filter: TaskFilter): string {
  const query = new URLSearchParams();
  if (filter.project) query.set('project', filter.project);
  if (filter.level) query.set('level', filter.level);
  if (filter.free) query.set('free', '1');
  return query.toString();
}

type TaskDone = 'added' | 'claimed' | 'assigned' | 'released' | 'closed' | 'linked';
const DONE_WORDS: Record<TaskDone, string> = {
  added: 'Task added',
  claimed: 'It is yours',
  assigned: 'Assigned',
  released: 'Given back',
  closed: 'Closed',
  linked: 'Pull request linked',
};

/** What the last action did, said at the top of the table it came back to (the row is named from the store). */
function doneNotice(
  req: Request,
  rows: Array<{ id: number; title: string }>,
): { kind: TaskDone; words: string; title: string; id: number } | null {
  const what = (typeof req.query.done === 'string' ? req.query.done : '') as TaskDone;
  const asked = typeof req.query.task === 'string' ? req.query.task : '';
  const task = rows.find((r) => String(r.id) === asked);
  if (!Object.hasOwn(DONE_WORDS, what) || !task) return null;
  return { kind: what, words: DONE_WORDS[what], title: task.title, id: task.id };
}

function minutesLeft(expiresAt: string, now: Date): string {
  const minutes = Math.max(0, Math.ceil((Date.parse(expiresAt) - now.getTime()) / 60_000));
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`
    : `${minutes} min left`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
