import type { Store } from './store.js';
import { statement } from './statements.js';

export function addOrganizer(db: Store, login: string, addedBy: string, now = new Date()): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO organizers (github_login, added_by, added_at) VALUES (?, ?, ?)').run(
      login,
      addedBy,
      now.toISOString(),
    ).changes === 1
  );
}

export function listStoredOrganizers(db: Store): string[] {
  return statement(db, 'SELECT github_login FROM organizers ORDER BY github_login').pluck().all() as string[];
}
