import type { Contribution } from '../../domain/contribution.js';
import { horizonOf, windowOf } from '../../domain/event-window.js';
import { normalizeSearchItem } from '../../sources/github/normalize.js';
import { planAuthorSweep, planSearch } from '../../sources/github/search-query.js';
import { noteIfUnregistered } from '../note-unregistered-work.js';
import { lastCompletedPoll, markPollCompleted, type PollSource } from '../../store/poll-state.js';
import type { ProjectRecord } from '../../store/projects.js';
import { joinedLeaderLogins } from '../../store/roles.js';
import { FOLLOW_UP_EVERY_MS, pollFollowUp } from '../poll-follow-up.js';
import { pollReviews } from '../poll-reviews.js';
import type { PolledHome, PollJob, PollRound } from './poll-round.js';

/** Reviews are looked for until a day after the window: later ones cannot count, and pull requests stop changing for the sprint. */
const REVIEWS_FOLLOWED_MS = 86_400_000;

/** How often an event searched by repository also searches by its members, for work in unregistered repositories. */
const AUTHOR_SWEEP_EVERY_MS = 3_600_000;
/** The sweep's share of a round: two searches, next to the round's own (about ten for 50 repositories). */
const AUTHOR_SWEEP_QUERIES_A_ROUND = 2;

/** GitHub search returns at most 1,000 results per query: ten pages of 100. */
const MAX_SEARCH_PAGES = 10;

/** The polling mark of this job (kept under the name of the one forge that has it). */
const MARK = 'github' satisfies PollSource;

/**
 * Search: the event's repositories where the app is not installed (all of them in a backfill) and its
 * members packed into as few paced search queries as the budget allows; then the reviews of the pull
 * requests that count, and after the window, every few hours, what the sprint's contributors went on to do.
 */
export const searchJob: PollJob = {
  mark: { name: MARK, via: 'github-search' },
  pacedBySearch: true,
  plan(round, homes) {
    const { sources, options, event, db } = round;
    const github = sources.github;
    const polled = homes.filter((h) => options.full || h.project.installationId === null);
    const lastRound = lastCompletedPoll(db, event.id, MARK);
    const updatedSince = options.full || round.registeredSince ? null : lastRound;
    const plan =
      github && polled.length
        ? planSearch({
            repos: polled.map((h) => h.fullName),
            authors: round.members.map((m) => m.githubLogin).filter((l): l is string => Boolean(l)),
            startsAt: event.startsAt,
            endsAt: event.endsAt,
            updatedSince,
          })
        : null;
    // Work sent to repositories nobody registered: found by author. A search by author finds it anyway;
    // otherwise an hourly sweep of the members does, during the window and the day after.
    const registered = new Set(homes.map((h) => h.fullName.toLowerCase()));
    const sweep = github && plan?.strategy !== 'by-author' ? authorSweep(round) : { queries: [], next: 0 };
    return {
      steps: (plan?.queries.length ?? 0) + sweep.queries.length,
      async run() {
        if (!github) return;
        if (plan) await searchAndReview(round, polled, registered, plan.strategy, plan.queries);
        if (sweep.queries.length) await sweepAuthors(round, registered, sweep);
        await followUp(round, homes);
      },
    };
  },
};

const byName = (homes: PolledHome[]) => new Map(homes.map((h) => [h.fullName.toLowerCase(), h]));

async function searchAndReview(
  round: PollRound,
  polled: PolledHome[],
  registered: Set<string>,
  strategy: string,
  queries: string[],
) {
  const { db, event, result, options, now, startedAt } = round;
  const github = round.sources.github!;
  result.githubStrategy = strategy;
  result.githubQueries = queries.length;
  // Every home of the event's projects: a search by author finds work in any of them.
  const homes = byName(polled);
  const before = github.counter.requests;
  const countedPulls: Array<{ project: ProjectRecord; contribution: Contribution }> = [];
  const ok = await runSearches(round, queries, 'GitHub search', (c) => {
    const home = homes.get(c.repo.toLowerCase());
    if (home && round.record(home.project, c, home.url).counted && c.kind === 'pull_request')
      countedPulls.push({ project: home.project, contribution: c });
    else if (!home) noteIfUnregistered(db, event.id, round.members, registered, c, now());
  });
  if (ok && !options.onlyProjectIds) markPollCompleted(db, event.id, MARK, startedAt);

  if (now().getTime() <= Date.parse(event.endsAt) + REVIEWS_FOLLOWED_MS) {
    const reviewsBefore = github.counter.requests;
    const lastReviews =
      options.full || round.registeredSince ? null : lastCompletedPoll(db, event.id, `${MARK}-reviews`);
    const reviewsOk = await pollReviews({
      octokit: github.octokit,
      event,
      projects: new Map([...homes].map(([name, h]) => [name, h.project])),
      pullRequests: countedPulls,
      reviewers: joinedLeaderLogins(db, event.id),
      since: lastReviews ?? event.startsAt,
      record: (project, c) => round.record(project, c),
      onError: (message) => result.errors.push(message),
    });
    result.reviewRequests = github.counter.requests - reviewsBefore;
    if (reviewsOk && !options.onlyProjectIds) markPollCompleted(db, event.id, `${MARK}-reviews`, startedAt);
  }
  result.requests += github.counter.requests - before;
}

/**
 * Each query's pages of GitHub's issue search in order, every item that normalizes handed to `onItem`; a
 * failing query is reported in the round's errors and the next one still runs. True when none failed.
 */
async function runSearches(
  round: PollRound,
  queries: string[],
  label: string,
  onItem: (c: Contribution) => void,
): Promise<boolean> {
  const github = round.sources.github!;
  let failed = false;
  for (const q of queries) {
    try {
      for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
        const response = await github.octokit.rest.search.issuesAndPullRequests({
          q,
          per_page: 100,
          page,
          sort: 'created',
          order: 'asc',
        });
        for (const item of response.data.items) {
          const c = normalizeSearchItem(item);
          if (c) onItem(c);
        }
        if (response.data.items.length < 100) break;
      }
    } catch (error) {
      failed = true;
      round.result.errors.push(`GitHub search "${q}": ${(error as Error).message}`);
    }
    round.step(label);
  }
  return !failed;
}

/**
 * Where each event's sweep by author got to, per database: a pass goes a few queries a round, so it never
 * takes more than a sliver of the search budget (a thousand members are 167 queries: one round could not
 * hold them). Lost on a restart, which only starts the pass again.
 */
const sweepCursors = new WeakMap<object, Map<number, number>>();

interface AuthorSweep {
  queries: string[];
  /** Where the next round starts; 0 once this round ends the pass. */
  next: number;
}

/** This round's share of the sweep by author, or none between passes (an hour apart) or long after the window. */
function authorSweep(round: PollRound): AuthorSweep {
  const { db, event, options, now } = round;
  const none = { queries: [], next: 0 };
  const t = now().getTime();
  if (options.onlyProjectIds || t < Date.parse(event.startsAt) || t > Date.parse(event.endsAt) + REVIEWS_FOLLOWED_MS)
    return none;
  const cursors = sweepCursors.get(db) ?? new Map<number, number>();
  sweepCursors.set(db, cursors);
  let from = cursors.get(event.id) ?? 0;
  const last = lastCompletedPoll(db, event.id, 'github-authors');
  if (from === 0 && !options.full && last !== null && t - Date.parse(last) < AUTHOR_SWEEP_EVERY_MS) return none;
  const logins = round.members.map((m) => m.githubLogin).filter((l): l is string => Boolean(l));
  const all = planAuthorSweep(logins, event.startsAt, event.endsAt);
  // The members changed since the pass began: it starts again.
  if (from >= all.length) from = 0;
  const queries = all.slice(from, from + AUTHOR_SWEEP_QUERIES_A_ROUND);
  const next = from + queries.length;
  return { queries, next: next >= all.length ? 0 : next };
}

async function sweepAuthors(round: PollRound, registered: Set<string>, sweep: AuthorSweep) {
  const { db, event, result, now, startedAt } = round;
  const github = round.sources.github!;
  const before = github.counter.requests;
  const ok = await runSearches(round, sweep.queries, 'GitHub search by sprinter', (c) =>
    noteIfUnregistered(db, event.id, round.members, registered, c, now()),
  );
  // A failed query is asked again next round; a pass that ended waits an hour for the next.
  if (ok) {
    sweepCursors.get(db)?.set(event.id, sweep.next);
    if (sweep.next === 0) markPollCompleted(db, event.id, 'github-authors', startedAt);
  }
  result.requests += github.counter.requests - before;
}

/** After the window, every few hours until the horizon: what the sprint's contributors went on to do. */
async function followUp(round: PollRound, homes: PolledHome[]) {
  const { db, event, result, options, now, startedAt } = round;
  const github = round.sources.github!;
  const lastFollowUp = lastCompletedPoll(db, event.id, 'follow-up');
  const t = now().getTime();
  const due =
    !options.onlyProjectIds &&
    t > Date.parse(event.endsAt) &&
    t <= horizonOf(windowOf(event)) &&
    (lastFollowUp === null || t - Date.parse(lastFollowUp) >= FOLLOW_UP_EVERY_MS);
  if (!due) return;
  const before = github.counter.searchRequests;
  const requestsBefore = github.counter.requests;
  const ok = await pollFollowUp({
    db,
    octokit: github.octokit,
    event,
    projects: new Map([...byName(homes.filter((h) => h.current))].map(([name, h]) => [name, h.project])),
    now: now(),
    record: (project, c) => round.record(project, c),
    onError: (message) => result.errors.push(message),
  });
  result.followUpQueries = github.counter.searchRequests - before;
  result.requests += github.counter.requests - requestsBefore;
  if (ok) markPollCompleted(db, event.id, 'follow-up', startedAt);
}
