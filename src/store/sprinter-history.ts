import type { EventRecord } from './events.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/**
 * Which of these sprinters had work counted at an event that started before this one: the leaderboard's
 * "returning sprinter". One indexed lookup for the page's rows, not a scan of the sprinter's history.
 */
export function returningSprinters(db: Store, event: Pick<EventRecord, 'id' | 'startsAt'>, sprinterIds: number[]): Set<number> {
  if (sprinterIds.length === 0) return new Set();
  const rows = statement(db, `SELECT DISTINCT t.sprinter_id FROM sprinter_stats t JOIN events e ON e.id = t.event_id
      WHERE t.sprinter_id IN (SELECT value FROM json_each(?)) AND t.event_id <> ? AND e.starts_at < ?`)
    .pluck().all(JSON.stringify(sprinterIds), event.id, event.startsAt) as number[];
  return new Set(rows);
}
