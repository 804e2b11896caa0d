import { forgeAccountsOf, linkForgeAccount, type ForgeAccount } from '../store/forge-accounts.js';
import { transaction, type Store } from '../store/store.js';
import { contributionsMatchingIdentity, getContribution } from '../store/contributions.js';
import {
  addMembership,
  eventsOf,
  findSprinterByGithubId,
  findSprinterByLogin,
  getSprinter,
  upsertSprinter,
  type SprinterIdentity,
  type SprinterRecord,
} from '../store/sprinters.js';
import { holderOf, releaseIdentity } from '../store/claims.js';
import type { LinkedIdentity } from '../domain/linked-identity.js';
import { redecideIdentity } from './account-proofs.js';
import { decideAgain } from './decide-again.js';

export interface JoinResult {
  sprinter: SprinterRecord;
  joined: boolean;
  /** Contributions of the event window made before joining that now count for them. */
  attributed: number;
}

/**
 * Adds a person to an event, and credits them with the event's contributions they made before
 * joining (people often sign up after their first pull request).
 */
export function joinEvent(db: Store, eventId: number, who: SprinterIdentity, now = new Date()): JoinResult {
  return transaction(db, (): JoinResult => {
    // The organizer's tools: what they give is their word, not a claim, and takes the place of one.
    const proof = who.proof === undefined ? 'organizer' : who.proof;
    const released = proof === null ? [] : releaseOthersClaims(db, who);
    const sprinter = upsertSprinter(db, { ...who, proof }, now);
    const joined = addMembership(db, eventId, sprinter.id, now);
    for (const { identity, holder } of released) redecideIdentity(db, identity, [holder], now);
    const attributed = reattributeIdentity(db, eventId, sprinter, now);
    return { sprinter, joined, attributed };
  });
}

/** The Pagure name and e-mails given that other sprinters only claimed: released from them, to be given here. */
function releaseOthersClaims(db: Store, who: SprinterIdentity): Array<{ identity: LinkedIdentity; holder: number }> {
  const anchor =
    (who.githubId != null ? findSprinterByGithubId(db, who.githubId) : null) ??
    (who.githubLogin ? findSprinterByLogin(db, who.githubLogin) : null);
  const given: LinkedIdentity[] = [
    ...(who.pagureUsername
      ? [{ kind: 'sprinter-login' as const, forge: 'pagure' as const, username: who.pagureUsername }]
      : []),
    ...(who.emails ?? []).map((email) => ({ kind: 'email' as const, email })),
  ];
  const released: Array<{ identity: LinkedIdentity; holder: number }> = [];
  for (const identity of given) {
    const holder = holderOf(db, identity);
    if (!holder || holder.proof !== null || holder.sprinterId === anchor?.id) continue;
    releaseIdentity(db, holder.sprinterId, identity);
    released.push({ identity, holder: holder.sprinterId });
  }
  return released;
}

/** Re-runs attribution over every contribution of the event that names this person; returns how many now count. */
export function reattributeIdentity(db: Store, eventId: number, sprinter: SprinterRecord, now = new Date()): number {
  const matches = contributionsMatchingIdentity(db, eventId, {
    githubId: sprinter.githubId,
    githubLogin: sprinter.githubLogin,
    pagureUsername: sprinter.pagureUsername,
    emails: sprinter.emails,
    forgeAccounts: forgeAccountsOf(db, sprinter.id),
  });
  let nowCounting = 0;
  for (const match of matches) {
    // Read fresh: deciding a pull request again may already have decided its commits again.
    const c = getContribution(db, match.id);
    if (!c) continue;
    const { counted } = decideAgain(db, c, {}, now);
    if (!c.counted && counted) nowCounting += 1;
  }
  return nowCounting;
}

/**
 * Links GitLab and Forgejo accounts to a sprinter (typed by an organizer, or proven by a sign-in), then
 * credits them with the work those accounts did at every event they joined; a typed claim the proof took
 * over has its work decided again where its claimant sprinted. Returns how many contributions now count.
 */
export function linkForgeAccounts(db: Store, sprinterId: number, accounts: ForgeAccount[], now = new Date()): number {
  return transaction(db, () => {
    let credited = 0;
    for (const account of accounts) {
      const takenFrom = linkForgeAccount(db, sprinterId, account);
      if (takenFrom !== null)
        credited += redecideIdentity(
          db,
          {
            kind: 'instance-account',
            forge: account.forge,
            instanceUrl: account.instanceUrl,
            username: account.username,
          },
          [takenFrom],
          now,
        );
    }
    if (accounts.length === 0) return credited;
    const sprinter = getSprinter(db, sprinterId)!;
    return eventsOf(db, sprinterId).reduce(
      (total, eventId) => total + reattributeIdentity(db, eventId, sprinter, now),
      credited,
    );
  });
}
