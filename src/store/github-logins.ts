import { transaction, type Store } from './store.js';
import { statement } from './statements.js';

/**
 * Which GitHub account a login belongs to, as its first sign-in said. Roles are named by login (it is what
 * people type), and this table is where a login becomes an account: the first account to sign in with a login
 * holds it for good, so a rename keeps the roles and a newcomer who takes the old name gets none.
 */
export function bindGithubLogin(db: Store, login: string, githubId: number, now = new Date()): number {
  statement(db, 'INSERT OR IGNORE INTO github_logins (login, github_id, bound_at) VALUES (?, ?, ?)').run(
    login,
    githubId,
    now.toISOString(),
  );
  return statement(db, 'SELECT github_id FROM github_logins WHERE login = ?').pluck().get(login) as number;
}

/** The account a login was bound to, or null when nobody has signed in with it yet. */
export function accountOfLogin(db: Store, login: string): number | null {
  const id = statement(db, 'SELECT github_id FROM github_logins WHERE login = ?').pluck().get(login);
  return typeof id === 'number' ? id : null;
}

/** What GitHub said at sign-in about an account's verified e-mails replaces what it said before. */
export function saveVerifiedEmails(db: Store, githubId: number, emails: string[]): void {
  transaction(db, () => {
    statement(db, 'DELETE FROM github_verified_emails WHERE github_id = ?').run(githubId);
    const add = statement(db, 'INSERT OR IGNORE INTO github_verified_emails (github_id, email) VALUES (?, ?)');
    for (const email of emails) add.run(githubId, email);
  });
}

export function verifiedEmailsOf(db: Store, githubId: number): string[] {
  return statement(db, 'SELECT email FROM github_verified_emails WHERE github_id = ? ORDER BY email')
    .pluck()
    .all(githubId) as string[];
}
