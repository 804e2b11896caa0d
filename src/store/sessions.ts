import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import { statement } from './statements.js';

export interface SessionRecord {
  id: string;
  githubId: number;
  githubLogin: string;
  githubName: string | null;
  csrfToken: string;
  expiresAt: string;
}

interface SessionRow {
  id: string;
  github_id: number;
  github_login: string;
  github_name: string | null;
  csrf_token: string;
  expires_at: string;
}

export const SESSION_DAYS = 14;

export function createSession(db: Store, user: { githubId: number; githubLogin: string; githubName: string | null }, now = new Date()): SessionRecord {
  const session: SessionRecord = {
    id: randomBytes(32).toString('base64url'),
    ...user,
    csrfToken: randomBytes(32).toString('base64url'),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  };
  statement(db, `INSERT INTO sessions (id, github_id, github_login, github_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(session.id, session.githubId, session.githubLogin, session.githubName, session.csrfToken, now.toISOString(), session.expiresAt);
  return session;
}

/** The live session with this id; an expired one is treated as absent. */
export function findSession(db: Store, id: string, now = new Date()): SessionRecord | null {
  const row = statement(db, 'SELECT * FROM sessions WHERE id = ? AND expires_at > ?').get(id, now.toISOString()) as SessionRow | undefined;
  return row ? { id: row.id, githubId: row.github_id, githubLogin: row.github_login, githubName: row.github_name, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
}

export function deleteSession(db: Store, id: string): void {
  statement(db, 'DELETE FROM sessions WHERE id = ?').run(id);
}

export function purgeExpiredSessions(db: Store, now = new Date()): number {
  return statement(db, 'DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
}
