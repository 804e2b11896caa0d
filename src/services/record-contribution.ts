import { judgeContribution, reconcileState } from '../domain/attribution.js';
import type { Contribution } from '../domain/contribution.js';
import { transaction, type Store } from '../store/store.js';
import {
  addCredits,
  commitsOfPullRequest,
  findContribution,
  isPartOfCountedPullRequest,
  saveContribution,
  setExclusion,
  type ContributionWrite,
  type StoredContribution,
} from '../store/contributions.js';
import { findRegistrations, type RegisteredProject } from '../store/projects.js';
import { applyStatsChange, snapshotOf, statsSnapshot, withStats } from '../store/stats.js';
import { attributeContribution, decideAttribution } from './attribute-contribution.js';

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
 * The single write path of every source: for each event the repository is registered for, apply the
 * event's rules, store, attribute and refresh the aggregates, all in one transaction.
 * A repository registered nowhere records nothing.
 */
export function recordContribution(db: Store, contribution: Contribution, now = new Date()): RecordedChange[] {
  return transaction(db, () =>
    findRegistrations(db, contribution.forge, contribution.repo).map((registration) => recordForProject(db, registration, contribution, now)));
}

export function recordForProject(db: Store, registration: RegisteredProject, c: Contribution, now = new Date()): RecordedChange {
  return transaction(db, (): RecordedChange => {
    const { eventId, projectId, window } = registration;
    const existing = findContribution(db, eventId, projectId, c.kind, c.key);
    const before = existing ? statsSnapshot(db, existing.id) : null;
    const partOfCountedPullRequest = c.kind === 'commit' && isPartOfCountedPullRequest(db, eventId, projectId, c.key, c.mergesPullRequests);
    const decision = judgeContribution(c, window, { partOfCountedPullRequest });
    const state = reconcileState(existing && existing.state !== 'unknown' ? { ...existing, state: existing.state } : null, c);
    const exclusion = existing?.excludedBy === 'moderator'
      ? { excluded: existing.excluded, excludedReason: existing.excludedReason, excludedBy: existing.excludedBy }
      : decision.counts
        ? { excluded: false, excludedReason: null, excludedBy: null }
        : { excluded: true, excludedReason: decision.reason, excludedBy: 'rule' as const };

    const write: ContributionWrite = {
      eventId,
      projectId,
      topic: null,
      forge: c.forge,
      kind: c.kind,
      key: c.key,
      url: c.url,
      title: c.title,
      authorLogin: c.author.login,
      authorId: c.author.id,
      authorEmail: c.author.email,
      authorName: c.author.name,
      coAuthorEmails: c.coAuthors.map((a) => a.email),
      state: state.state,
      createdAt: c.createdAt,
      mergedAt: state.mergedAt,
      closedAt: state.closedAt,
      landedAt: c.landedAt,
      // Once GitHub has called someone a first-timer it stays true: the association changes after their merge.
      firstTime: c.firstTime || (existing?.firstTime ?? false),
      headSha: c.headSha ?? existing?.headSha ?? null,
      mergeCommitSha: c.mergeCommitSha ?? existing?.mergeCommitSha ?? null,
      mergesPullRequests: c.mergesPullRequests,
      // An import is the organizer's word: a later webhook about the same work must not demote it.
      source: existing?.source === 'import' ? 'import' : c.source,
      sourceUpdatedAt: state.sourceUpdatedAt,
      ...exclusion,
      counted: existing?.counted ?? false,
    };
    // A new row is credited before it is written, so it is written once, already counted or not, and
    // its snapshot for the aggregates comes from what was written instead of being read back.
    const fresh = existing ? null : decideAttribution(db, { ...write, id: null }, []);
    const saved = saveContribution(db, fresh ? { ...write, counted: fresh.counted } : write, now, existing);
    if (fresh) addCredits(db, saved.id, fresh.credits);
    const attribution = fresh ?? attributeContribution(db, saved);
    const after = { ...saved, counted: attribution.counted };
    applyStatsChange(db, before, snapshotOf(after, attribution.credits));
    // Attribution has just decided whether the pull request counts, and so whether its commits do.
    if (c.kind === 'pull_request') settleMergedCommits(db, after);

    return {
      eventId,
      projectId,
      contributionId: saved.id,
      created: existing === null,
      visible: existing === null || visiblyDifferent(existing, after),
      counted: after.counted,
    };
  });
}

/**
 * Pull requests and their merge pushes arrive in either order: once a pull request counts, the commits
 * its merge brought in stop counting on their own, and start again if the pull request stops counting.
 */
function settleMergedCommits(db: Store, pr: StoredContribution): void {
  if (pr.projectId === null) return;
  for (const commit of commitsOfPullRequest(db, { eventId: pr.eventId, projectId: pr.projectId, number: pr.key, headSha: pr.headSha, mergeCommitSha: pr.mergeCommitSha })) {
    if (commit.excludedBy === 'moderator') continue;
    let exclusion: Parameters<typeof setExclusion>[2];
    if (pr.counted && !commit.excluded) {
      exclusion = { excluded: true, reason: 'part-of-pull-request', by: 'rule' };
    } else if (!pr.counted && commit.excludedReason === 'part-of-pull-request') {
      // part-of-pull-request is judged last, so the commit passed every other rule when it was set.
      exclusion = { excluded: false, reason: null, by: null };
    } else {
      continue;
    }
    withStats(db, commit.id, () => {
      setExclusion(db, commit.id, exclusion);
      attributeContribution(db, commit.id);
    });
  }
}

function visiblyDifferent(a: StoredContribution, b: StoredContribution): boolean {
  return a.state !== b.state || a.title !== b.title || a.counted !== b.counted || a.excluded !== b.excluded || a.firstTime !== b.firstTime;
}
