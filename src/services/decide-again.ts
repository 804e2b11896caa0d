import type { CountReason, Credit } from '../domain/attribution.js';
import { decideContribution } from '../domain/decide.js';
import { windowOf, type EventWindow } from '../domain/event-window.js';
import {
  coAuthorEmails,
  commitsOfPullRequest,
  listCredits,
  mergedPullRequestNumbers,
  type StoredContribution,
} from '../store/contributions.js';
import { getEvent } from '../store/events.js';
import { isPendingProject } from '../store/projects.js';
import type { Store } from '../store/store.js';
import { sameCredits, writeContribution } from '../store/write-contribution.js';
import { gatherFacts } from './gather-facts.js';
import type { AuthorMemo } from './name-sprinters.js';
import type { RecordedChange } from './record-contribution.js';

/** What deciding again changed: the reasons before and after, and whether anything was written. */
export interface RedecidedChange extends RecordedChange {
  before: CountReason;
  reason: CountReason;
  changed: boolean;
}

/**
 * What a caller deciding many contributions of one event reads once for all of them: the event's window,
 * the stored credits of a page of rows, the author lookups made so far.
 */
export interface Pass {
  window?: EventWindow;
  credits?: Map<number, Credit[]>;
  authors?: AuthorMemo;
  /** Whether each project met so far is pending: read once a project for the pass. */
  pendingProjects?: Map<number, boolean>;
  /** False when the caller decides the event's commits itself after its pull requests (rejudgeEvent). */
  settleCommits?: boolean;
}

export interface Reconsideration {
  /** A new moderation (a reason to leave it out, or null to put it back); left out, it stays. */
  moderation?: string | null;
  /** New credits for an imported or hand-entered row. */
  given?: Credit[];
}

/**
 * Decides a stored contribution again from its stored facts, after an input changed (the window, who
 * joined or left, a moderation, a leader's credit, its pull request's verdict): gather, decide, write.
 * The rules run again, from the row alone; nothing the forge said changes. `window` saves reading the
 * event when a caller decides many of its contributions.
 */
export function decideAgain(
  db: Store,
  c: StoredContribution,
  change: Reconsideration,
  now: Date,
  pass: Pass = {},
): RedecidedChange {
  const window = pass.window ?? windowOf(getEvent(db, c.eventId)!);
  const moderation = change.moderation === undefined ? c.moderation : change.moderation;
  const commit = c.kind === 'commit';
  const gathered = gatherFacts(
    db,
    c,
    {
      coAuthorEmails: commit ? coAuthorEmails(db, c.id) : [],
      mergesPullRequests: commit ? mergedPullRequestNumbers(db, c.id) : [],
      given: change.given,
      projectPending: projectPending(db, c.projectId, pass.pendingProjects),
    },
    pass.authors,
  );
  const decision = decideContribution(c, window, gathered);
  const unchanged = {
    eventId: c.eventId,
    projectId: c.projectId,
    contributionId: c.id,
    created: false,
    visible: false,
    counted: c.counted,
    before: c.reason,
    reason: c.reason,
    changed: false,
  };
  // Nothing to write keeps the row's place in the newest-first lists (a join re-decides all of a person's work).
  if (
    decision.reason === c.reason &&
    moderation === c.moderation &&
    sameCredits(decision.credits, pass.credits?.get(c.id) ?? listCredits(db, c.id))
  )
    return unchanged;
  const stored = writeContribution(
    db,
    c,
    { ...c, reason: decision.reason, moderation, credits: decision.credits },
    now,
  );
  if (c.kind === 'pull_request' && stored.counted !== c.counted && pass.settleCommits !== false)
    settleMergedCommits(db, stored, now, { window, authors: pass.authors });
  return {
    eventId: c.eventId,
    projectId: c.projectId,
    contributionId: c.id,
    created: false,
    visible: stored.counted !== c.counted || stored.moderation !== c.moderation,
    counted: stored.counted,
    before: c.reason,
    reason: stored.reason,
    changed: true,
  };
}

/**
 * Pull requests and their merge pushes arrive in either order: once a pull request counts, the commits
 * its merge brought in stop counting on their own, and start again if it stops counting. Each is decided
 * again, by the same rules, now that the pull request's verdict is known.
 */
export function settleMergedCommits(db: Store, pr: StoredContribution, now: Date, pass: Pass = {}): void {
  if (pr.projectId === null) return;
  for (const commit of commitsOfPullRequest(db, {
    eventId: pr.eventId,
    projectId: pr.projectId,
    number: pr.key,
    headSha: pr.headSha,
    mergeCommitSha: pr.mergeCommitSha,
  })) {
    decideAgain(db, commit, {}, now, { window: pass.window, authors: pass.authors });
  }
}

function projectPending(db: Store, projectId: number | null, memo: Map<number, boolean> | undefined): boolean {
  if (projectId === null) return false;
  let pending = memo?.get(projectId);
  if (pending === undefined) {
    pending = isPendingProject(db, projectId);
    memo?.set(projectId, pending);
  }
  return pending;
}
