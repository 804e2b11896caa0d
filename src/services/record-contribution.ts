import {
  decideAttribution,
  isOrganizersWord,
  judgeContribution,
  NOBODY_NAMED,
  reconcileState,
  reviewTime,
  type Credit,
} from '../domain/attribution.js';
import type { Contribution } from '../domain/contribution.js';
import { capTitle, isUnderProject } from '../domain/forge-text.js';
import {
  commitsOfPullRequest,
  findContribution,
  isPartOfCountedPullRequest,
  listCredits,
  type StoredContribution,
} from '../store/contributions.js';
import { findRegistrations, type RegisteredProject } from '../store/projects.js';
import { leadsOnPagure } from '../store/roles.js';
import { transaction, type Store } from '../store/store.js';
import { writeContribution } from '../store/write-contribution.js';
import { claimsHeldBy, findTaskByIssue, linkPullRequest } from '../store/tasks.js';
import { nameSprinters } from './name-sprinters.js';
import { reattribute } from './reattribute.js';
import { RefusedContribution } from './refused-contribution.js';

/** What one recorded contribution changed for one event: what the live pages need to hear about. */
export interface RecordedChange {
  eventId: number;
  projectId: number | null;
  contributionId: number;
  created: boolean;
  /** Whether anything a page shows (state, title, whether it counts, credits) changed. */
  visible: boolean;
  counted: boolean;
}

/**
 * The recording step of every source: for each event the repository is registered for, apply the
 * event's rules to the normalized contribution, decide whom it credits, and hand the next state to the
 * store's one write, all in one transaction. A repository registered nowhere records nothing.
 */
export function recordContribution(db: Store, contribution: Contribution, now = new Date()): RecordedChange[] {
  return transaction(db, () =>
    findRegistrations(db, contribution.forge, contribution.repo).map((registration) =>
      recordForProject(db, registration, contribution, now),
    ),
  );
}

/** `given` credits an imported row to the sprinter its list names; left out, an imported row keeps its credits. */
export function recordForProject(
  db: Store,
  registration: RegisteredProject,
  c: Contribution,
  now = new Date(),
  given?: Credit[],
): RecordedChange {
  return transaction(db, (): RecordedChange => {
    const { eventId, projectId, window } = registration;
    if (!isUnderProject(c.url, registration.projectUrl)) {
      throw new RefusedContribution(
        `url: ${JSON.stringify(c.url.slice(0, 200))} does not point into the project at ${registration.projectUrl}`,
      );
    }
    const existing = findContribution(db, eventId, projectId, c.kind, c.key);
    if (c.kind === 'review') c = { ...c, createdAt: reviewTime(existing?.createdAt ?? null, c.createdAt, window) };
    // A delivery made by someone else (a GitLab merge, by the maintainer) names the author by id only: the
    // username and name seen earlier stay.
    if (existing && c.author.login === null && existing.authorId === c.author.id) {
      c = { ...c, author: { ...c.author, login: existing.authorLogin, name: c.author.name ?? existing.authorName } };
    }
    const partOfCountedPullRequest =
      c.kind === 'commit' && isPartOfCountedPullRequest(db, eventId, projectId, c.key, c.mergesPullRequests);
    const reviewerLeadsProject =
      c.kind === 'review' &&
      c.forge === 'pagure' &&
      c.author.login !== null &&
      leadsOnPagure(db, projectId, c.author.login);
    const rule = judgeContribution(c, window, { partOfCountedPullRequest, reviewerLeadsProject });
    const state = reconcileState(
      existing && existing.state !== 'unknown' ? { ...existing, state: existing.state } : null,
      c,
    );
    // An import is the organizer's word: a later webhook about the same work must not demote it.
    const source = existing?.source === 'import' ? 'import' : c.source;
    const coAuthorEmails = c.coAuthors.map((a) => a.email);
    const imported = isOrganizersWord(source);
    const named = imported
      ? NOBODY_NAMED
      : nameSprinters(db, {
          id: existing?.id ?? null,
          eventId,
          projectId,
          forge: c.forge,
          authorId: c.author.id,
          authorLogin: c.author.login,
          authorEmail: c.author.email,
          coAuthorEmails,
        });
    const decision = decideAttribution({
      source,
      rule,
      named,
      given: imported ? (given ?? (existing ? listCredits(db, existing.id) : [])) : [],
    });
    const stored = writeContribution(
      db,
      existing,
      {
        eventId,
        projectId,
        topic: null,
        forge: c.forge,
        kind: c.kind,
        key: c.key,
        url: c.url,
        title: capTitle(c.title),
        authorLogin: c.author.login,
        authorId: c.author.id,
        authorEmail: c.author.email,
        authorName: c.author.name,
        state: state.state,
        // A time the source did not give never replaces one another source gave.
        createdAt: c.timed === false && existing?.timed ? existing.createdAt : c.createdAt,
        timed: c.timed !== false || (existing?.timed ?? false),
        mergedAt: state.mergedAt,
        closedAt: state.closedAt,
        landedAt: c.landedAt,
        // Once GitHub has called someone a first-timer it stays true: the association changes after their merge.
        firstTime: c.firstTime || (existing?.firstTime ?? false),
        // A decision, once made, stands; GitHub's word replaces a search's.
        firstTimeBy:
          c.firstTime || !existing?.firstTime ? (c.firstTimeBy ?? existing?.firstTimeBy ?? null) : existing.firstTimeBy,
        headSha: c.headSha ?? existing?.headSha ?? null,
        mergeCommitSha: c.mergeCommitSha ?? existing?.mergeCommitSha ?? null,
        source,
        sourceUpdatedAt: state.sourceUpdatedAt,
        reason: decision.reason,
        moderation: existing?.moderation ?? null,
        credits: decision.credits,
        ...(c.kind === 'commit' ? { coAuthorEmails, mergesPullRequests: c.mergesPullRequests } : {}),
      },
      now,
    );
    // Whether the pull request counts has just been decided, and so whether its commits do.
    if (c.kind === 'pull_request') settleMergedCommits(db, stored, now);
    const linked =
      c.kind === 'pull_request'
        ? attachToClaimedTasks(db, eventId, stored.id, c.references ?? [], decision.credits, now)
        : 0;
    return {
      eventId,
      projectId,
      contributionId: stored.id,
      created: existing === null,
      visible: existing === null || visiblyDifferent(existing, stored) || linked > 0,
      counted: stored.counted,
    };
  });
}

/**
 * A pull request that says it addresses a task's issue attaches to that task when one of the people it
 * is credited to holds a claim on it. Attaching changes nothing of what counts.
 */
function attachToClaimedTasks(
  db: Store,
  eventId: number,
  contributionId: number,
  references: string[],
  credits: Credit[],
  now: Date,
): number {
  let linked = 0;
  for (const url of references) {
    const task = findTaskByIssue(db, eventId, url);
    if (!task) continue;
    for (const credit of credits) {
      if (
        claimsHeldBy(db, eventId, credit.sprinterId, now).includes(task.id) &&
        linkPullRequest(db, task.id, contributionId, credit.sprinterId, now)
      )
        linked += 1;
    }
  }
  return linked;
}

/**
 * Pull requests and their merge pushes arrive in either order: once a pull request counts, the commits
 * its merge brought in stop counting on their own, and start again if the pull request stops counting.
 */
function settleMergedCommits(db: Store, pr: StoredContribution, now: Date): void {
  if (pr.projectId === null) return;
  for (const commit of commitsOfPullRequest(db, {
    eventId: pr.eventId,
    projectId: pr.projectId,
    number: pr.key,
    headSha: pr.headSha,
    mergeCommitSha: pr.mergeCommitSha,
  })) {
    // Judged last, part-of-pull-request replaces only a verdict that passed every other rule.
    const passedOtherRules = commit.reason === 'eligible' || commit.reason === 'not-a-sprinter';
    if (pr.counted && passedOtherRules)
      reattribute(db, commit, { rule: { counts: false, reason: 'part-of-pull-request' } }, now);
    else if (!pr.counted && commit.reason === 'part-of-pull-request')
      reattribute(db, commit, { rule: { counts: true, reason: 'eligible' } }, now);
  }
}

function visiblyDifferent(a: StoredContribution, b: StoredContribution): boolean {
  return (
    a.state !== b.state ||
    a.title !== b.title ||
    a.counted !== b.counted ||
    a.reason !== b.reason ||
    a.firstTime !== b.firstTime ||
    a.createdAt !== b.createdAt
  );
}
