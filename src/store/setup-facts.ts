import type { Store } from './store.js';
import { statement } from './statements.js';
import { listEvents } from './events.js';
import { listProjects, type ProjectRecord } from './projects.js';

/** The newest web-hook delivery from a forge, and whether GitHub's ping has ever arrived. */
export function deliveryFacts(
  db: Store,
  source: string,
): { last: { at: string; event: string } | null; pinged: boolean; count: number } {
  const last = statement(
    db,
    'SELECT received_at AS at, event FROM deliveries WHERE source = ? ORDER BY received_at DESC LIMIT 1',
  ).get(source) as { at: string; event: string } | undefined;
  const pinged = statement(db, `SELECT 1 FROM deliveries WHERE source = ? AND event = 'ping' LIMIT 1`).get(source);
  const count = statement(db, 'SELECT count(*) FROM deliveries WHERE source = ?').pluck().get(source) as number;
  return { last: last ?? null, pinged: pinged !== undefined, count };
}

/** Every registered project of every event, with its event's slug. */
export function everyProject(db: Store): Array<ProjectRecord & { eventSlug: string }> {
  return listEvents(db).flatMap((e) => listProjects(db, e.id).map((p) => ({ ...p, eventSlug: e.slug })));
}

/** The `settings` table's one use: when and where the last `devsprint backup` wrote its copy. */
export function recordBackup(db: Store, path: string, at: Date): void {
  statement(
    db,
    `INSERT INTO settings (key, value) VALUES ('last_backup', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify({ path, at: at.toISOString() }));
}

export function lastBackup(db: Store): { path: string; at: string } | null {
  const value = statement(db, `SELECT value FROM settings WHERE key = 'last_backup'`).pluck().get() as
    string | undefined;
  return value ? (JSON.parse(value) as { path: string; at: string }) : null;
}
