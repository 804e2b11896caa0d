import {
  decideAttribution,
  isOrganizersWord,
  NOBODY_NAMED,
  ruleOf,
  type Credit,
  type RuleDecision,
} from '../domain/attribution.js';
import { coAuthorEmails, listCredits, type StoredContribution } from '../store/contributions.js';
import { sameCredits, writeContribution } from '../store/write-contribution.js';
import type { Store } from '../store/store.js';
import { nameSprinters } from './name-sprinters.js';
import type { RecordedChange } from './record-contribution.js';

export interface Reconsideration {
  /** A new moderation (a reason to leave it out, or null to put it back); left out, it stays. */
  moderation?: string | null;
  /** A new verdict of the event's rules (a commit whose pull request starts or stops counting). */
  rule?: RuleDecision;
  /** New credits for an imported or hand-entered row. */
  given?: Credit[];
}

/**
 * Decides a stored contribution again, after who has joined, a moderation, a leader's credit or its pull
 * request changed, and writes the outcome through the one write. Nothing the forge said changes.
 */
export function reattribute(db: Store, c: StoredContribution, change: Reconsideration, now: Date): RecordedChange {
  const moderation = change.moderation === undefined ? c.moderation : change.moderation;
  const rule = change.rule ?? ruleOf(c.reason);
  const organizersWord = isOrganizersWord(c.source);
  const given = change.given ?? (organizersWord ? listCredits(db, c.id) : []);
  const named = organizersWord
    ? NOBODY_NAMED
    : nameSprinters(db, { ...c, coAuthorEmails: c.kind === 'commit' ? coAuthorEmails(db, c.id) : [] });
  const decision = decideAttribution({ source: c.source, rule, named, given });
  const unchanged = {
    eventId: c.eventId,
    projectId: c.projectId,
    contributionId: c.id,
    created: false,
    visible: false,
    counted: c.counted,
  };
  // Nothing to write keeps the row's place in the newest-first lists (a join re-decides all of a person's work).
  if (
    decision.reason === c.reason &&
    moderation === c.moderation &&
    sameCredits(decision.credits, listCredits(db, c.id))
  )
    return unchanged;
  const stored = writeContribution(
    db,
    c,
    { ...c, reason: decision.reason, moderation, credits: decision.credits },
    now,
  );
  return {
    eventId: c.eventId,
    projectId: c.projectId,
    contributionId: c.id,
    created: false,
    visible: stored.counted !== c.counted || stored.moderation !== c.moderation,
    counted: stored.counted,
  };
}
