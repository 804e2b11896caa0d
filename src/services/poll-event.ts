import { horizonOf, windowOf } from '../domain/event-window.js';
import type { EventBus } from '../live/event-bus.js';
import type { Contribution, Forge } from '../domain/contribution.js';
import type { PollingKind } from '../sources/forge-adapter.js';
import { adapterOf } from '../sources/registry.js';
import type { Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import { lastCompletedPoll, lastRegistrationAt } from '../store/poll-state.js';
import { listProjects, type ProjectRecord } from '../store/projects.js';
import { listMembers } from '../store/sprinters.js';
import { perAuthorJob } from './poll-jobs/per-author-job.js';
import {
  homesOf,
  type PollJob,
  type PollOptions,
  type PollResult,
  type PollRound,
  type PollSources,
} from './poll-jobs/poll-round.js';
import { projectActivityJob } from './poll-jobs/project-activity-job.js';
import { searchJob } from './poll-jobs/search-job.js';
import { publishChanges } from './publish-changes.js';
import { recordForProject, type RecordedChange } from './record-contribution.js';

export type { PollOptions, PollResult, PollSources } from './poll-jobs/poll-round.js';

/** The polling table: one job for each way a forge is read, in the order a round runs them. */
const POLL_JOBS: ReadonlyArray<[PollingKind, PollJob]> = [
  ['search', searchJob],
  ['per-author', perAuthorJob],
  ['project-activity', projectActivityJob],
];

/** The job that reads a forge's projects where no web-hook reaches us. */
export function pollJobOf(forge: Forge): PollJob {
  return POLL_JOBS.find(([kind]) => kind === adapterOf(forge).polling)![1];
}

/** Whether an event is still followed: from a day before it starts until its follow-up horizon. */
export function isFollowed(event: EventRecord, now: Date): boolean {
  const t = now.getTime();
  return t >= Date.parse(event.startsAt) - 86_400_000 && t <= horizonOf(windowOf(event));
}

/**
 * One polling round for an event: every home of its registered projects (and the homes they moved from)
 * goes to the job of its forge's adapter, and each result is recorded through the same path as a
 * webhook. A job that fails is reported and does not advance its "updated since" mark.
 */
export async function pollEvent(
  db: Store,
  bus: EventBus | null,
  event: EventRecord,
  sources: PollSources,
  options: PollOptions = {},
): Promise<PollResult> {
  const now = options.now ?? (() => new Date());
  const projects = listProjects(db, event.id).filter(
    (p) =>
      (!options.onlyProjectIds || options.onlyProjectIds.includes(p.id)) &&
      !(options.skipPending && p.leaders.length === 0 && p.claims.length > 0),
  );
  const result: PollResult = {
    requests: 0,
    recorded: 0,
    changed: 0,
    errors: [],
    githubStrategy: null,
    githubQueries: 0,
    reviewRequests: 0,
    followUpQueries: 0,
  };
  const changes: RecordedChange[] = [];
  // Only what changed since the last complete round, unless someone registered since: their earlier work is fetched too.
  const lastRound = lastCompletedPoll(db, event.id, 'github');
  let done = 0;
  let total = 0;
  const round: PollRound = {
    db,
    bus,
    event,
    sources,
    options,
    now,
    members: listMembers(db, event.id),
    startedAt: now().toISOString(),
    registeredSince: lastRound !== null && (lastRegistrationAt(db, event.id) ?? '') > lastRound,
    result,
    // `home`: the project's URL where the work was found, its previous home's for work done before it moved.
    record(project: ProjectRecord, c: Contribution, home = project.url): RecordedChange {
      const change = recordForProject(
        db,
        { eventId: event.id, projectId: project.id, projectUrl: home, window: windowOf(event) },
        c,
        now(),
      );
      result.recorded += 1;
      if (change.visible) result.changed += 1;
      changes.push(change);
      return change;
    },
    step: (label) => options.onProgress?.(++done, total, label),
  };
  const homes = projects.flatMap(homesOf);
  const plans = POLL_JOBS.filter(([, job]) => job.pacedBySearch || !options.onlySearch).map(([kind, job]) =>
    job.plan(
      round,
      homes.filter((h) => adapterOf(h.forge).polling === kind),
    ),
  );
  total = plans.reduce((sum, plan) => sum + plan.steps, 0);
  for (const plan of plans) await plan.run();

  if (bus) publishChanges(bus, changes);
  return result;
}
