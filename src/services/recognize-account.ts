import { bindGithubLogin } from '../store/github-logins.js';
import { renameGithubAccount } from '../store/sprinters.js';
import { transaction, type Store } from '../store/store.js';

/**
 * A sign-in is GitHub's word on who an account is now: its login is bound to it if nobody held that
 * login before (roles named by it then reach this account), and a renamed sprinter takes the new name.
 * Returns whether the login belongs to this account (false: another account held it first, so roles
 * named by this login are not theirs).
 */
export function recognizeAccount(db: Store, user: { githubId: number; login: string }, now = new Date()): boolean {
  return transaction(db, () => {
    renameGithubAccount(db, user.githubId, user.login);
    return bindGithubLogin(db, user.login, user.githubId, now) === user.githubId;
  });
}
