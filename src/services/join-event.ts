import { forgeAccountsOf, linkForgeAccount, type ForgeAccount } from '../store/forge-accounts.js';
import { transaction, type Store } from '../store/store.js';
import { contributionsMatchingIdentity } from '../store/contributions.js';
import { addMembership, eventsOf, getSprinter, upsertSprinter, type SprinterIdentity, type SprinterRecord } from '../store/sprinters.js';
import { reattribute } from './reattribute.js';

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
    const sprinter = upsertSprinter(db, who, now);
    const joined = addMembership(db, eventId, sprinter.id, now);
    const attributed = reattributeIdentity(db, eventId, sprinter, now);
    return { sprinter, joined, attributed };
  });
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
  for (const c of matches) {
    const { counted } = reattribute(db, c, {}, now);
    if (!c.counted && counted) nowCounting += 1;
  }
  return nowCounting;
}

/**
 * Links GitLab and Forgejo accounts to a sprinter, then credits them with the event's work those
 * accounts did. Returns how many contributions now count.
 */
export function linkForgeAccounts(db: Store, eventId: number, sprinterId: number, accounts: ForgeAccount[], now = new Date()): number {
  return transaction(db, () => {
    for (const account of accounts) linkForgeAccount(db, sprinterId, account);
    return accounts.length ? reattributeIdentity(db, eventId, getSprinter(db, sprinterId)!, now) : 0;
  });
}

/** An account proven by signing in: linked with its user id, confirmed, and credited at every event the sprinter joined. */
export function linkVerifiedAccount(db: Store, sprinterId: number, account: ForgeAccount, now = new Date()): number {
  return transaction(db, () => {
    linkForgeAccount(db, sprinterId, account);
    let credited = 0;
    for (const eventId of eventsOf(db, sprinterId)) credited += reattributeIdentity(db, eventId, getSprinter(db, sprinterId)!, now);
    return credited;
  });
}
