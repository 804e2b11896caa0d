import { reconcileState, reviewTime, type Credit } from '../domain/attribution.js';
import type { Contribution } from '../domain/contribution.js';
import { decideContribution } from '../domain/decide.js';
import { capTitle, isUnderProject } from '../domain/forge-text.js';
import { findContribution, type StoredContribution } from '../store/contributions.js';
import { findRegistrations, type RegisteredProject } from '../store/projects.js';
import { transaction, type Store } from '../store/store.js';
import { writeContribution, type ContributionNext } from '../store/write-contribution.js';
import { claimsHeldBy, findTaskByIssue, linkPullRequest } from '../store/tasks.js';
import { settleMergedCommits } from './decide-again.js';
import { gatherFacts } from './gather-facts.js';
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
    const state = reconcileState(
      existing && existing.state !== 'unknown' ? { ...existing, state: existing.state } : null,
      c,
    );
    // The next row, every fact merged with what was stored; the decision is then made from it alone, as
    // any later change of an input makes it again (decideAgain).
    const coAuthorEmails = c.coAuthors.map((a) => a.email);
    const next = {
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
      landedAt: c.landedAt ?? existing?.landedAt ?? null,
      // Once GitHub has called someone a first-timer it stays true: the association changes after their merge.
      firstTime: c.firstTime || (existing?.firstTime ?? false),
      // A decision, once made, stands; GitHub's word replaces a search's.
      firstTimeBy:
        c.firstTime || !existing?.firstTime ? (c.firstTimeBy ?? existing?.firstTimeBy ?? null) : existing.firstTimeBy,
      headSha: c.headSha ?? existing?.headSha ?? null,
      mergeCommitSha: c.mergeCommitSha ?? existing?.mergeCommitSha ?? null,
      // An import is the organizer's word: a later webhook about the same work must not demote it.
      source: existing?.source === 'import' ? 'import' : c.source,
      sourceUpdatedAt: state.sourceUpdatedAt,
      moderation: existing?.moderation ?? null,
      authorIsBot: c.author.isBot,
      // Once seen on the default branch, a commit stays there: a later push of it to a branch moves nothing.
      onDefaultBranch: c.kind !== 'commit' || c.onDefaultBranch || (existing?.onDefaultBranch ?? false),
      reviewOfAuthorId: c.reviewOf?.authorId ?? null,
      reviewOfAuthorLogin: c.reviewOf?.authorLogin ?? null,
    } satisfies Omit<ContributionNext, 'reason' | 'credits'>;
    const gathered = gatherFacts(
      db,
      { ...next, id: existing?.id ?? null },
      { coAuthorEmails, mergesPullRequests: c.mergesPullRequests, given, projectPending: registration.pending },
    );
    const decision = decideContribution(next, window, gathered);
    const stored = writeContribution(
      db,
      existing,
      {
        ...next,
        reason: decision.reason,
        credits: decision.credits,
        ...(c.kind === 'commit' ? { coAuthorEmails, mergesPullRequests: c.mergesPullRequests } : {}),
      },
      now,
    );
    // Whether the pull request counts has just been decided, and so whether its commits do.
    if (c.kind === 'pull_request') settleMergedCommits(db, stored, now, { window });
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
