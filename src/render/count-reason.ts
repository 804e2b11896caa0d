import { finalVerdict, type CountReason } from '../domain/attribution.js';

const WORDS: Record<string, string> = {
  eligible: 'counts',
  imported: 'counts (from the organizer’s list)',
  'outside-window': 'not counted: opened (or written) outside the event’s hours',
  bot: 'not counted: made by a bot',
  'not-default-branch': 'not counted: not on the default branch',
  'part-of-pull-request': 'not counted on its own: part of a pull request that counts',
  'landed-after-horizon': 'not counted: reached the default branch after the event’s follow-up horizon',
  'own-pull-request': 'not counted: a review of the reviewer’s own pull request',
  'not-a-leader': 'not counted: on Pagure, only a project leader’s comment counts as a review',
  'not-a-sprinter': 'waits for its author to join the event',
  'unproven-account':
    'waits for proof: the account it was made with was typed by a sprinter, not yet proven theirs (a sign-in on that forge or an organizer confirms it)',
  'project-pending': 'not counted yet: its project’s registration waits for an organizer’s approval',
};

/** Why a contribution counts or not, in words an organizer can repeat to the sprinter who asks. */
export function describeVerdict(reason: CountReason, moderation: string | null): string {
  const verdict = finalVerdict(reason, moderation);
  if (moderation !== null) return `excluded by a leader: ${moderation}`;
  return WORDS[verdict.reason] ?? verdict.reason;
}
