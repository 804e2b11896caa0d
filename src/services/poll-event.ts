import type { CachedPage, PageCache } from '../sources/page-cache.js';
import { horizonOf, windowOf } from '../domain/event-window.js';
import type { EventBus } from '../live/event-bus.js';
import type { Contribution } from '../domain/contribution.js';
import type { GithubClient, RequestCounter } from '../sources/github/client.js';
import { normalizeSearchItem } from '../sources/github/normalize.js';
import { planSearch } from '../sources/github/search-query.js';
import { defaultBranch, PagureApiError, pullRequestPages, type PagureClientOptions } from '../sources/pagure/client.js';
import { pagureReviewsOf, pullRequestToContribution } from '../sources/pagure/normalize.js';
import type { Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import { lastCompletedPoll, lastRegistrationAt, markPollCompleted } from '../store/poll-state.js';
import { listProjects, setDefaultBranch, type ProjectRecord } from '../store/projects.js';
import { listMembers } from '../store/sprinters.js';
import { joinedLeaderLogins } from '../store/roles.js';
import { DEFAULT_INSTANCE } from '../domain/forges.js';
import { FOLLOW_UP_EVERY_MS, pollFollowUp } from './poll-follow-up.js';
import { pollReviews } from './poll-reviews.js';
import { pollGitlabAndForgejo } from './poll-gitlab-forgejo.js';
import { publishChanges } from './publish-changes.js';
import { recordForProject, type RecordedChange } from './record-contribution.js';

export interface PollSources {
  github: { octokit: GithubClient; counter: RequestCounter } | null;
  pagure: PagureClientOptions;
  /** GitLab and Forgejo answers kept by URL with their ETag, across rounds. */
  etags?: PageCache<CachedPage>;
  /** How a `Retry-After` is waited out (tests pass a clock that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface PollOptions {
  now?: () => Date;
  /** Backfill: every registered project (installed or not), the whole window, ignoring earlier rounds. */
  full?: boolean;
  /** Only these sprinters or projects (a backfill after one registration). */
  onlyProjectIds?: number[];
  onProgress?: (done: number, total: number, label: string) => void;
  /** Leave Pagure out of this round: GitHub's search is paced by its budget, Pagure by the polling interval. */
  skipPagure?: boolean;
  /**
   * Leave out projects only a stranger's unproven registration names: they are polled at the slow pace
   * (the polling interval), so thirty such registrations cannot spend the search budget of the real ones.
   */
  skipPending?: boolean;
}

export interface PollResult {
  requests: number;
  recorded: number;
  changed: number;
  errors: string[];
  githubStrategy: string | null;
  githubQueries: number;
  /** Requests spent finding reviews (reviews endpoints and `reviewed-by:` searches). */
  reviewRequests: number;
  /** Search requests of the follow-up after the window (zero in rounds it was not due). */
  followUpQueries: number;
}

/** Reviews are looked for until a day after the window: later ones cannot count, and pull requests stop changing for the sprint. */
const REVIEWS_FOLLOWED_MS = 86_400_000;

/** GitHub search returns at most 1,000 results per query: ten pages of 100. */
const MAX_SEARCH_PAGES = 10;

/** Whether an event is still followed: from a day before it starts until its follow-up horizon. */
export function isFollowed(event: EventRecord, now: Date): boolean {
  const t = now.getTime();
  return t >= Date.parse(event.startsAt) - 86_400_000 && t <= horizonOf(windowOf(event));
}

/**
 * One polling round for an event: upstream GitHub repositories (where the app is not installed) through
 * packed search queries, and Pagure projects through api/0, each result recorded through the same path
 * as a webhook. A source that fails is reported and does not advance its "updated since" mark.
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
  const members = listMembers(db, event.id);
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
  // `home`: the project's URL where the work was found, its previous home's for work done before it moved.
  const record = (project: ProjectRecord, c: Contribution, home = project.url): RecordedChange => {
    const change = recordForProject(
      db,
      {
        eventId: event.id,
        projectId: project.id,
        projectUrl: home,
        window: windowOf(event),
      },
      c,
      now(),
    );
    result.recorded += 1;
    if (change.visible) result.changed += 1;
    changes.push(change);
    return change;
  };

  const githubProjects = projects.filter((p) => p.forge === 'github' && (options.full || p.installationId === null));
  // Pagure projects, and projects that moved from Pagure (their pull requests there are still theirs).
  const pagureHomes = projects.flatMap((p) =>
    p.forge === 'pagure'
      ? [{ project: p, fullName: p.fullName, base: p.instanceUrl ?? DEFAULT_INSTANCE.pagure, url: p.url }]
      : p.previous?.forge === 'pagure'
        ? [
            {
              project: p,
              fullName: p.previous.fullName,
              base: p.previous.instanceUrl ?? DEFAULT_INSTANCE.pagure,
              url: p.previous.url,
            },
          ]
        : [],
  );
  const pagureWork = options.skipPagure
    ? []
    : pagureHomes.flatMap((home) =>
        members.filter((m) => m.pagureUsername).map((m) => ({ home, user: m.pagureUsername! })),
      );
  const githubAuthors = members.map((m) => m.githubLogin).filter((l): l is string => Boolean(l));

  const startedAt = now().toISOString();
  // Only what changed since the last complete round, unless someone registered since: their earlier work is fetched too.
  const lastRound = lastCompletedPoll(db, event.id, 'github');
  const registeredSince = lastRound !== null && (lastRegistrationAt(db, event.id) ?? '') > lastRound;
  const updatedSince = options.full || registeredSince ? null : lastRound;
  const plan =
    sources.github && githubProjects.length
      ? planSearch({
          repos: githubProjects.map((p) => p.fullName),
          authors: githubAuthors,
          startsAt: event.startsAt,
          endsAt: event.endsAt,
          updatedSince,
        })
      : null;
  const total = (plan?.queries.length ?? 0) + pagureWork.length;
  let done = 0;

  if (plan && sources.github) {
    result.githubStrategy = plan.strategy;
    result.githubQueries = plan.queries.length;
    const byName = new Map(projects.filter((p) => p.forge === 'github').map((p) => [p.fullName.toLowerCase(), p]));
    const before = sources.github.counter.requests;
    let failed = false;
    const countedPulls: Array<{ project: ProjectRecord; contribution: Contribution }> = [];
    for (const q of plan.queries) {
      try {
        for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
          const response = await sources.github.octokit.rest.search.issuesAndPullRequests({
            q,
            per_page: 100,
            page,
            sort: 'created',
            order: 'asc',
          });
          for (const item of response.data.items) {
            const c = normalizeSearchItem(item);
            const project = c ? byName.get(c.repo.toLowerCase()) : undefined;
            if (c && project && record(project, c).counted && c.kind === 'pull_request')
              countedPulls.push({ project, contribution: c });
          }
          if (response.data.items.length < 100) break;
        }
      } catch (error) {
        failed = true;
        result.errors.push(`GitHub search "${q}": ${(error as Error).message}`);
      }
      options.onProgress?.(++done, total, 'GitHub search');
    }
    if (!failed && !options.onlyProjectIds) markPollCompleted(db, event.id, 'github', startedAt);

    if (now().getTime() <= Date.parse(event.endsAt) + REVIEWS_FOLLOWED_MS) {
      const reviewsBefore = sources.github.counter.requests;
      const lastReviews = options.full || registeredSince ? null : lastCompletedPoll(db, event.id, 'github-reviews');
      const reviewsOk = await pollReviews({
        octokit: sources.github.octokit,
        event,
        projects: new Map(githubProjects.map((p) => [p.fullName.toLowerCase(), p])),
        pullRequests: countedPulls,
        reviewers: joinedLeaderLogins(db, event.id),
        since: lastReviews ?? event.startsAt,
        record,
        onError: (message) => result.errors.push(message),
      });
      result.reviewRequests = sources.github.counter.requests - reviewsBefore;
      if (reviewsOk && !options.onlyProjectIds) markPollCompleted(db, event.id, 'github-reviews', startedAt);
    }
    result.requests += sources.github.counter.requests - before;
  }

  // After the window, every few hours until the horizon: what the sprint's contributors went on to do.
  const lastFollowUp = lastCompletedPoll(db, event.id, 'follow-up');
  const horizon = horizonOf(windowOf(event));
  if (
    sources.github &&
    !options.onlyProjectIds &&
    now().getTime() > Date.parse(event.endsAt) &&
    now().getTime() <= horizon &&
    (lastFollowUp === null || now().getTime() - Date.parse(lastFollowUp) >= FOLLOW_UP_EVERY_MS)
  ) {
    const before = sources.github.counter.searchRequests;
    const requestsBefore = sources.github.counter.requests;
    const ok = await pollFollowUp({
      db,
      octokit: sources.github.octokit,
      event,
      projects: new Map(projects.filter((p) => p.forge === 'github').map((p) => [p.fullName.toLowerCase(), p])),
      now: now(),
      record,
      onError: (message) => result.errors.push(message),
    });
    result.followUpQueries = sources.github.counter.searchRequests - before;
    result.requests += sources.github.counter.requests - requestsBefore;
    if (ok) markPollCompleted(db, event.id, 'follow-up', startedAt);
  }

  let pagureFailed = false;
  // A direct push counts on the project's own default branch: read it once for each Pagure project.
  for (const project of projects.filter(
    (p) => p.forge === 'pagure' && p.defaultBranch === null && !options.skipPagure,
  )) {
    try {
      const branch = await defaultBranch(
        project.instanceUrl ?? DEFAULT_INSTANCE.pagure,
        project.fullName,
        sources.pagure,
      );
      result.requests += 1;
      if (branch) setDefaultBranch(db, project.id, branch);
    } catch (error) {
      if (!(error instanceof PagureApiError)) throw error;
      pagureFailed = true;
      result.errors.push(`Pagure ${project.fullName} default branch: ${error.message}`);
    }
  }
  for (const { home, user } of pagureWork) {
    const { project, fullName, base } = home;
    try {
      for await (const page of pullRequestPages(base, fullName, user, sources.pagure)) {
        result.requests += 1;
        let older = false;
        for (const pr of page.pullRequests) {
          const c = pullRequestToContribution(pr, base, 'poll');
          if (Date.parse(c.createdAt) < Date.parse(event.startsAt)) older = true;
          // Every pull request the page holds is kept, one outside the window with why it does not count.
          record(project, c, home.url);
          // Leaders' comments on it are the reviews Pagure has.
          for (const review of pagureReviewsOf(pr, base, 'poll')) record(project, review, home.url);
        }
        // Newest first: once a page reaches before the window, later pages are older still.
        if (older) break;
      }
    } catch (error) {
      if (!(error instanceof PagureApiError)) throw error;
      pagureFailed = true;
      result.errors.push(`Pagure ${fullName} by ${user}: ${error.message}`);
    }
    options.onProgress?.(++done, total, `Pagure ${fullName}`);
  }
  if (pagureWork.length && !pagureFailed && !options.onlyProjectIds)
    markPollCompleted(db, event.id, 'pagure', startedAt);

  // GitLab and Forgejo projects without a web-hook, at Pagure's pace (neither publishes a search budget to pace by).
  const hookless = options.skipPagure
    ? []
    : projects.filter(
        (p) => (p.forge === 'gitlab' || p.forge === 'forgejo') && (options.full || p.webhookKey === null),
      );
  if (hookless.length) {
    const round = await pollGitlabAndForgejo(
      db,
      event,
      hookless,
      {
        hosts: sources.pagure.hosts,
        timeoutMs: sources.pagure.timeoutMs,
        maxBytes: sources.pagure.maxBytes,
        etags: sources.etags,
        sleep: sources.sleep,
      },
      now(),
      (project, c) => void record(project, c),
    );
    result.requests += round.requests;
    result.errors.push(...round.errors);
  }

  if (bus) publishChanges(bus, changes);
  return result;
}
