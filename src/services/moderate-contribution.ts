import { transaction, type Store } from '../store/store.js';
import { getContribution, setExclusion } from '../store/contributions.js';
import { withStats } from '../store/stats.js';
import { attributeContribution } from './attribute-contribution.js';
import type { RecordedChange } from './record-contribution.js';

/**
 * A leader or organizer takes a contribution out of the count (spam, not sprint work, duplicate) or
 * puts it back. Excluded work is kept, with the reason; later deliveries do not undo the decision.
 */
export function moderateContribution(db: Store, contributionId: number, decision: { exclude: string } | { include: true }): RecordedChange | null {
  return transaction(db, (): RecordedChange | null => {
    const before = getContribution(db, contributionId);
    if (!before) return null;
    withStats(db, contributionId, () => {
      if ('exclude' in decision) setExclusion(db, contributionId, { excluded: true, reason: decision.exclude, by: 'moderator' });
      else setExclusion(db, contributionId, { excluded: false, reason: null, by: null });
      attributeContribution(db, contributionId);
    });
    const after = getContribution(db, contributionId)!;
    return { eventId: after.eventId, projectId: after.projectId, contributionId, created: false, visible: before.counted !== after.counted, counted: after.counted };
  });
}
