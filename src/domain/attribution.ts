import type { Contribution, ContributionState } from './contribution.js';
import { horizonOf, isInsideWindow, type EventWindow } from './event-window.js';

export type ExclusionReason =
  | 'bot'
  | 'outside-window'
  | 'not-default-branch'
  | 'part-of-pull-request'
  | 'landed-after-horizon'
  | 'own-pull-request'
  | 'not-a-leader';

/**
 * Why a contribution counts for an event or not, as stored with it and shown to organizers:
 * a rule's reason, `not-a-sprinter` (nobody who joined is named by it, yet: it counts when they join),
 * or `excluded:<the moderator's reason>`.
 */
export type CountReason = 'eligible' | 'imported' | ExclusionReason | 'not-a-sprinter' | `excluded:${string}`;

/** A rule's verdict with the reason, so a report can say why something was left out. */
export type RuleDecision =
  { counts: true; reason: 'eligible' | 'imported' } | { counts: false; reason: ExclusionReason };

export interface RuleContext {
  /** True when the commit is the merged work of a pull request that already counts for this event. */
  partOfCountedPullRequest: boolean;
  /**
   * For a Pagure comment standing in for a review: whether its author is a proven leader of the project.
   * Pagure has no reviews, and anyone's remark on a pull request is not one.
   */
  reviewerLeadsProject?: boolean;
}

/**
 * The event's counting rules, independent of who the author is: whether the author is a sprinter
 * is decided separately (attribution), because people often join after their first pull request.
 */
export function judgeContribution(c: Contribution, window: EventWindow, ctx: RuleContext): RuleDecision {
  if (c.source === 'import') {
    // The organizer's word, except where a commit's own author time says it was done outside the window:
    // the commit rule holds for lists too. A row whose list gave no time stays as the list says.
    if (c.kind === 'commit' && c.timed !== false && !isInsideWindow(c.createdAt, window))
      return { counts: false, reason: 'outside-window' };
    return { counts: true, reason: 'imported' };
  }
  if (c.author.isBot) return { counts: false, reason: 'bot' };
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
      if (c.reviewOf && isSamePerson(c.author, c.reviewOf)) return { counts: false, reason: 'own-pull-request' };
      if (c.forge === 'pagure' && !ctx.reviewerLeadsProject) return { counts: false, reason: 'not-a-leader' };
      return isInsideWindow(c.createdAt, window)
        ? { counts: true, reason: 'eligible' }
        : { counts: false, reason: 'outside-window' };
    case 'other':
      return { counts: true, reason: 'eligible' };
  }
}

function isSamePerson(reviewer: Contribution['author'], pr: NonNullable<Contribution['reviewOf']>): boolean {
  if (reviewer.id !== null && pr.authorId !== null) return reviewer.id === pr.authorId;
  return (
    reviewer.login !== null && pr.authorLogin !== null && reviewer.login.toLowerCase() === pr.authorLogin.toLowerCase()
  );
}

/**
 * The time a reviewer's reviews of one pull request are judged by: the earliest that fell inside the
 * window, else the earliest of all. A second look after the sprint neither adds a review nor takes the
 * sprint's one away.
 */
export function reviewTime(previous: string | null, incoming: string, window: EventWindow): string {
  const times = (previous === null ? [incoming] : [previous, incoming]).sort();
  return times.find((t) => isInsideWindow(t, window)) ?? times[0]!;
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
  if (
    previous.sourceUpdatedAt &&
    incoming.sourceUpdatedAt &&
    Date.parse(incoming.sourceUpdatedAt) < Date.parse(previous.sourceUpdatedAt)
  ) {
    return previous;
  }
  return incoming;
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Who a contribution is credited to; a person is credited once, as author if they are its author. */
export interface Credit {
  sprinterId: number;
  role: 'author' | 'co-author';
}

/**
 * The event's sprinters that a contribution's identities name, as looked up for it: the author, each
 * co-author (null where nobody who joined matches), and the sprinters a leader credited by hand.
 */
export interface NamedSprinters {
  author: number | null;
  coAuthors: Array<number | null>;
  manual: number[];
}

/** Nobody named: an imported or hand-entered row is credited as the organizer says, not by identities. */
export const NOBODY_NAMED: NamedSprinters = { author: null, coAuthors: [], manual: [] };

/** An imported or hand-entered row is the organizer's word: it counts as given, credited as given. */
export function isOrganizersWord(source: AttributionInput['source']): boolean {
  return source === 'import' || source === 'manual';
}

/** The rules' verdict a stored reason stands for (a reason is the rules' verdict, or attribution's on top of a passing one). */
export function ruleOf(reason: CountReason): RuleDecision {
  switch (reason) {
    case 'bot':
    case 'outside-window':
    case 'not-default-branch':
    case 'part-of-pull-request':
    case 'landed-after-horizon':
    case 'own-pull-request':
    case 'not-a-leader':
      return { counts: false, reason };
    case 'imported':
      return { counts: true, reason: 'imported' };
    default:
      return { counts: true, reason: 'eligible' };
  }
}

export interface AttributionInput {
  /** Imported and hand-entered rows keep the credit the organizer gave them. */
  source: 'webhook' | 'poll' | 'import' | 'manual';
  /** The event's rules' verdict (judgeContribution). */
  rule: RuleDecision;
  named: NamedSprinters;
  /** The credits an imported or hand-entered row was given. */
  given: Credit[];
}

export interface AttributionDecision {
  counts: boolean;
  reason: CountReason;
  credits: Credit[];
}

/**
 * Whether a contribution counts for an event by its rules and the sprinters it names, why, and whom it
 * credits. Credits are kept even when it does not count, so the organizer sees whose work a rule left
 * out; a moderator's decision is applied over this verdict (finalVerdict), never mixed into it, so putting
 * a contribution back restores what the rules said.
 */
export function decideAttribution(input: AttributionInput): AttributionDecision {
  const imported = isOrganizersWord(input.source);
  const credits = imported ? input.given : creditsOf(input.named);
  if (!input.rule.counts) return { counts: false, reason: input.rule.reason, credits };
  if (imported) return { counts: true, reason: 'imported', credits };
  return credits.length > 0
    ? { counts: true, reason: 'eligible', credits }
    : { counts: false, reason: 'not-a-sprinter', credits };
}

function creditsOf(named: NamedSprinters): Credit[] {
  const credits: Credit[] = named.author === null ? [] : [{ sprinterId: named.author, role: 'author' }];
  // Credit a leader gave by hand counts like a co-author's.
  for (const id of [...named.coAuthors, ...named.manual]) {
    if (id !== null && !credits.some((k) => k.sprinterId === id)) credits.push({ sprinterId: id, role: 'co-author' });
  }
  return credits;
}

/** The verdict shown and counted: a moderator's reason to leave it out, else the rules' and attribution's. */
export function finalVerdict(reason: CountReason, moderation: string | null): { counts: boolean; reason: CountReason } {
  if (moderation !== null) return { counts: false, reason: `excluded:${moderation}` };
  return { counts: reason === 'eligible' || reason === 'imported', reason };
}
