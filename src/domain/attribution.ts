import type { Contribution, ContributionState } from './contribution.js';
import { isInsideWindow, type EventWindow } from './event-window.js';

export type ExclusionReason = 'bot' | 'outside-window' | 'not-default-branch' | 'part-of-pull-request';

/** A rule's verdict with the reason, so a report can say why something was left out. */
export type RuleDecision =
  | { counts: true; reason: 'eligible' | 'imported' }
  | { counts: false; reason: ExclusionReason };

export interface RuleContext {
  /** True when the commit is the merged work of a pull request that already counts for this event. */
  partOfCountedPullRequest: boolean;
}

/**
 * The event's counting rules, independent of who the author is: whether the author is a sprinter
 * is decided separately (attribution), because people often join after their first pull request.
 */
export function judgeContribution(c: Contribution, window: EventWindow, ctx: RuleContext): RuleDecision {
  if (c.source === 'import') return { counts: true, reason: 'imported' };
  if (c.author.isBot) return { counts: false, reason: 'bot' };
  switch (c.kind) {
    case 'pull_request':
      return isInsideWindow(c.createdAt, window) ? { counts: true, reason: 'eligible' } : { counts: false, reason: 'outside-window' };
    case 'commit':
      if (!c.onDefaultBranch) return { counts: false, reason: 'not-default-branch' };
      if (!isInsideWindow(c.landedAt ?? c.createdAt, window)) return { counts: false, reason: 'outside-window' };
      if (ctx.partOfCountedPullRequest) return { counts: false, reason: 'part-of-pull-request' };
      return { counts: true, reason: 'eligible' };
    case 'other':
      return { counts: true, reason: 'eligible' };
  }
}

export interface StateSnapshot {
  state: ContributionState;
  mergedAt: string | null;
  closedAt: string | null;
  sourceUpdatedAt: string | null;
}

/**
 * Sources disagree and arrive out of order (a stale poll page, a late redelivery): merged is final,
 * and otherwise the snapshot the forge updated last wins.
 */
export function reconcileState(previous: StateSnapshot | null, incoming: StateSnapshot): StateSnapshot {
  if (!previous) return incoming;
  if (previous.state === 'merged') {
    return { ...previous, sourceUpdatedAt: latest(previous.sourceUpdatedAt, incoming.sourceUpdatedAt) };
  }
  if (incoming.state === 'merged') return incoming;
  if (previous.sourceUpdatedAt && incoming.sourceUpdatedAt && Date.parse(incoming.sourceUpdatedAt) < Date.parse(previous.sourceUpdatedAt)) {
    return previous;
  }
  return incoming;
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
