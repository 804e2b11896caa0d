import type { ContributionState } from './contribution.js';
import { isInsideWindow, type EventWindow } from './event-window.js';

export type ExclusionReason =
  | 'bot'
  | 'outside-window'
  | 'not-default-branch'
  | 'part-of-pull-request'
  | 'landed-after-horizon'
  | 'own-pull-request'
  | 'not-a-leader'
  | 'project-pending';

/** Named only by an account its holder typed and nobody has proven: kept, shown to them, counted once proven. */
export type WaitingForProof = 'unproven-account';

/**
 * Why a contribution counts for an event or not, as stored with it and shown to organizers:
 * a rule's reason, `not-a-sprinter` (nobody who joined is named by it, yet: it counts when they join),
 * or `excluded:<the moderator's reason>`.
 */
export type CountReason =
  'eligible' | 'imported' | ExclusionReason | 'not-a-sprinter' | WaitingForProof | `excluded:${string}`;

/** A rule's verdict with the reason, so a report can say why something was left out. */
export type RuleDecision =
  { counts: true; reason: 'eligible' | 'imported' } | { counts: false; reason: ExclusionReason };

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
  /**
   * Those of the above named only by an account they typed and nobody has proven (a Pagure name, a GitLab
   * or Forgejo login, a commit e-mail): typing someone's name must not earn their work.
   */
  unproven: number[];
}

/** Nobody named: an imported or hand-entered row is credited as the organizer says, not by identities. */
export const NOBODY_NAMED: NamedSprinters = { author: null, coAuthors: [], manual: [], unproven: [] };

/** An imported or hand-entered row is the organizer's word: it counts as given, credited as given. */
export function isOrganizersWord(source: AttributionInput['source']): boolean {
  return source === 'import' || source === 'manual';
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
  // A claimant keeps the credit (so they see the work waiting for them) only while nobody proven shares it.
  const claimed = new Set(input.named.unproven);
  const proven = credits.filter((c) => !claimed.has(c.sprinterId));
  if (proven.length > 0) return { counts: true, reason: 'eligible', credits: proven };
  return credits.length > 0
    ? { counts: false, reason: 'unproven-account', credits }
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
