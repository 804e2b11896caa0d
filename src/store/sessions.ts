import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import { statement } from './statements.js';

/** A live session as the request that presented its id sees it; the id and the CSRF token are never stored. */
export interface SessionRecord {
  id: string;
  githubId: number;
  githubLogin: string;
  githubName: string | null;
  csrfToken: string;
  expiresAt: string;
}

interface SessionRow {
  github_id: number;
  github_login: string;
  github_name: string | null;
  expires_at: string;
}

export const SESSION_DAYS = 14;

/** What the table keeps of an id: its SHA-256, so a copy of the database signs nobody in. */
const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex');
/** The form token of a session, derived from its id (which only the browser holds). */
const csrfOf = (id: string): string => createHmac('sha256', id).update('csrf').digest('base64url');

export function createSession(
  db: Store,
  user: { githubId: number; githubLogin: string; githubName: string | null },
  now = new Date(),
): SessionRecord {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  statement(
    db,
    `INSERT INTO sessions (id_hash, github_id, github_login, github_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(hashOf(id), user.githubId, user.githubLogin, user.githubName, now.toISOString(), expiresAt);
  return { id, ...user, csrfToken: csrfOf(id), expiresAt };
}

/** The live session with this id; an expired one is treated as absent. */
export function findSession(db: Store, id: string, now = new Date()): SessionRecord | null {
  const row = statement(
    db,
    'SELECT github_id, github_login, github_name, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
  ).get(hashOf(id), now.toISOString()) as SessionRow | undefined;
  return row
    ? {
        id,
        githubId: row.github_id,
        githubLogin: row.github_login,
        githubName: row.github_name,
        csrfToken: csrfOf(id),
        expiresAt: row.expires_at,
      }
    : null;
}

export function deleteSession(db: Store, id: string): void {
  statement(db, 'DELETE FROM sessions WHERE id_hash = ?').run(hashOf(id));
}

export function purgeExpiredSessions(db: Store, now = new Date()): number {
  return statement(db, 'DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
}
