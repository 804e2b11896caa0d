import { bindGithubLogin, saveVerifiedEmails } from '../store/github-logins.js';
import { holderOf } from '../store/claims.js';
import { findSprinterByGithubId, renameGithubAccount } from '../store/sprinters.js';
import { transaction, type Store } from '../store/store.js';
import { proveOwnIdentity } from './account-proofs.js';

export interface SignedInAccount {
  githubId: number;
  login: string;
  /** The e-mails GitHub says the account verified, where the app may read them. */
  verifiedEmails?: string[];
}

/**
 * A sign-in is GitHub's word on who an account is now: its login is bound to it if nobody held that
 * login before (roles named by it then reach this account), and a renamed sprinter takes the new name.
 * E-mails GitHub says it verified are kept for matching tickets, and prove those its sprinter only claimed.
 * Returns whether the login belongs to this account (false: another account held it first, so roles
 * named by this login are not theirs).
 */
export function recognizeAccount(db: Store, user: SignedInAccount, now = new Date()): boolean {
  return transaction(db, () => {
    renameGithubAccount(db, user.githubId, user.login);
    if (user.verifiedEmails) {
      saveVerifiedEmails(db, user.githubId, user.verifiedEmails);
      const sprinter = findSprinterByGithubId(db, user.githubId);
      for (const email of sprinter ? user.verifiedEmails : []) {
        const holder = holderOf(db, { kind: 'email', email });
        if (holder?.sprinterId === sprinter!.id && holder.proof === null)
          proveOwnIdentity(db, sprinter!.id, { kind: 'email', email }, 'github', now);
      }
    }
    return bindGithubLogin(db, user.login, user.githubId, now) === user.githubId;
  });
}
