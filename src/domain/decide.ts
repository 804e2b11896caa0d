import {
  decideAttribution,
  type AttributionDecision,
  type Credit,
  type NamedSprinters,
  type RuleDecision,
} from './attribution.js';
import type { ContributionKind, ContributionSource } from './contribution.js';
import { horizonOf, isInsideWindow, type EventWindow } from './event-window.js';

// The counting rules: whether a contribution counts for an event and why, from the facts stored with it.
// Every source, and every change of an input, decides through decideContribution below.

export interface RuleContext {
  /** True when the commit is the merged work of a pull request that already counts for this event. */
  partOfCountedPullRequest: boolean;
  /**
   * Whether the forge's reviews count only from the project's leaders: Pagure has no reviews, its comments
   * stand in for them, and anyone's remark on a pull request is not one.
   */
  reviewsOnlyFromLeaders?: boolean;
  /** Whether the review's author is a proven leader of the project. */
  reviewerLeadsProject?: boolean;
  /** Only unproven claims name its project: nothing counts there until an organizer approves it. */
  projectPending?: boolean;
}

/**
 * What the rules read of a contribution, as stored with it (the store's row satisfies it), so a verdict
 * can be decided again from the row alone.
 */
export interface ContributionFacts {
  source: ContributionSource;
  kind: ContributionKind;
  forge: string;
  /** The author time the source trusted (a commit's corrected one, a review's first inside the window). */
  createdAt: string;
  /** False when the source gave no time: `createdAt` only sorts it. */
  timed: boolean;
  landedAt: string | null;
  onDefaultBranch: boolean;
  authorIsBot: boolean;
  authorId: number | null;
  authorLogin: string | null;
  reviewOfAuthorId: number | null;
  reviewOfAuthorLogin: string | null;
}

/**
 * The event's counting rules, independent of who the author is: whether the author is a sprinter
 * is decided separately (attribution), because people often join after their first pull request.
 */
export function judgeContribution(c: ContributionFacts, window: EventWindow, ctx: RuleContext): RuleDecision {
  if (c.source === 'import') {
    // The organizer's word, except where a commit's own author time says it was done outside the window:
    // the commit rule holds for lists too. A row whose list gave no time stays as the list says.
    if (c.kind === 'commit' && c.timed !== false && !isInsideWindow(c.createdAt, window))
      return { counts: false, reason: 'outside-window' };
    return { counts: true, reason: 'imported' };
  }
  // A stranger's registration earns nothing until it is proven: its work is kept, and waits.
  if (ctx.projectPending && c.kind !== 'other') return { counts: false, reason: 'project-pending' };
  if (c.authorIsBot) return { counts: false, reason: 'bot' };
  switch (c.kind) {
    case 'pull_request':
      return isInsideWindow(c.createdAt, window)
        ? { counts: true, reason: 'eligible' }
        : { counts: false, reason: 'outside-window' };
    case 'commit':
      if (!c.onDefaultBranch) return { counts: false, reason: 'not-default-branch' };
      // Timed by the work, not the push: a sprinter's commit landed by a maintainer weeks later counts;
      // old commits pushed during the sprint do not. `createdAt` is the author time the source trusted.
      if (!isInsideWindow(c.createdAt, window)) return { counts: false, reason: 'outside-window' };
      if (c.landedAt !== null && Date.parse(c.landedAt) >= horizonOf(window))
        return { counts: false, reason: 'landed-after-horizon' };
      if (ctx.partOfCountedPullRequest) return { counts: false, reason: 'part-of-pull-request' };
      return { counts: true, reason: 'eligible' };
    case 'issue':
      return isInsideWindow(c.createdAt, window)
        ? { counts: true, reason: 'eligible' }
        : { counts: false, reason: 'outside-window' };
    case 'review':
      // Timed by the first review given inside the window; reviewing one's own pull request is not reviewing.
      if (isOwnPullRequest(c)) return { counts: false, reason: 'own-pull-request' };
      if (ctx.reviewsOnlyFromLeaders && !ctx.reviewerLeadsProject) return { counts: false, reason: 'not-a-leader' };
      return isInsideWindow(c.createdAt, window)
        ? { counts: true, reason: 'eligible' }
        : { counts: false, reason: 'outside-window' };
    case 'other':
      return { counts: true, reason: 'eligible' };
  }
}

function isOwnPullRequest(c: ContributionFacts): boolean {
  if (c.authorId !== null && c.reviewOfAuthorId !== null) return c.authorId === c.reviewOfAuthorId;
  return (
    c.authorLogin !== null &&
    c.reviewOfAuthorLogin !== null &&
    c.authorLogin.toLowerCase() === c.reviewOfAuthorLogin.toLowerCase()
  );
}

/**
 * What a decision reads besides the contribution's own facts, gathered by one store read for it: whether
 * a counted pull request already holds its work, whether a Pagure commenter leads the project, the
 * sprinters its identities name, and the credits an organizer gave it.
 */
export interface GatheredFacts {
  partOfCountedPullRequest: boolean;
  reviewsOnlyFromLeaders: boolean;
  reviewerLeadsProject: boolean;
  projectPending: boolean;
  named: NamedSprinters;
  given: Credit[];
}

/**
 * Whose work a contribution is and whether it counts, with the reason: the event's rules over its facts,
 * then attribution. The one decision every source and every change of an input goes through; a
 * moderator's word is applied over it (finalVerdict), never mixed in.
 */
export function decideContribution(
  facts: ContributionFacts,
  window: EventWindow,
  gathered: GatheredFacts,
): AttributionDecision {
  const rule = judgeContribution(facts, window, gathered);
  return decideAttribution({ source: facts.source, rule, named: gathered.named, given: gathered.given });
}
