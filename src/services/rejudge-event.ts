import { windowOf } from '../domain/event-window.js';
import { contributionIdsToDecide, getContribution } from '../store/contributions.js';
import { getEvent } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';
import { decideAgain, type RedecidedChange } from './decide-again.js';

/**
 * Decides every contribution of an event again from its stored facts, in one transaction: after its
 * window or follow-up horizon changed, or after a release whose rules changed. Returns what changed;
 * on a healthy database, after no change of input, nothing does.
 */
export function rejudgeEvent(db: Store, eventId: number, now: Date): RedecidedChange[] {
  return transaction(db, () => {
    const event = getEvent(db, eventId);
    if (!event) return [];
    const window = windowOf(event);
    const changes: RedecidedChange[] = [];
    for (const id of contributionIdsToDecide(db, eventId)) {
      // Read fresh: deciding a pull request may already have decided its commits again.
      const stored = getContribution(db, id);
      if (!stored) continue;
      const change = decideAgain(db, stored, {}, now, window);
      if (change.changed) changes.push(change);
    }
    return changes;
  });
}
