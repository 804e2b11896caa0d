import { getContribution } from '../store/contributions.js';
import { transaction, type Store } from '../store/store.js';
import type { RecordedChange } from './record-contribution.js';
import { decideAgain } from './decide-again.js';

/**
 * A leader or organizer takes a contribution out of the count (spam, not sprint work, duplicate) or
 * puts it back. Excluded work is kept, with the reason; later deliveries do not undo the decision, and
 * putting it back restores what the rules say of it.
 */
export function moderateContribution(
  db: Store,
  contributionId: number,
  decision: { exclude: string } | { include: true },
  now = new Date(),
): RecordedChange | null {
  return transaction(db, (): RecordedChange | null => {
    const before = getContribution(db, contributionId);
    if (!before) return null;
    return decideAgain(db, before, { moderation: 'exclude' in decision ? decision.exclude : null }, now);
  });
}
