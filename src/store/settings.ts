import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import { statement } from './statements.js';

/** A secret generated on first start and kept in the database, so a zero-config install keeps its sessions across restarts. */
export function persistentSecret(db: Store, key: string): string {
  const existing = statement(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  statement(db, 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, secret);
  return statement(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string;
}
