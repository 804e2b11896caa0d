import type { Store } from '../store/store.js';
import { getEvent } from '../store/events.js';
import { buildLeaderboard, type Leaderboard } from './build-leaderboard.js';

/** What every open page of an event receives on a change: the overall leaderboard with totals and feed. */
export function liveSnapshot(db: Store, eventId: number): Leaderboard | null {
  const event = getEvent(db, eventId);
  return event ? buildLeaderboard(db, event) : null;
}
