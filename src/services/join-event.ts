import { forgeAccountsOf, linkForgeAccount, type ForgeAccount } from '../store/forge-accounts.js';
import { transaction, type Store } from '../store/store.js';
import { contributionsMatchingIdentity, getContribution } from '../store/contributions.js';
import {
  addMembership,
  eventsOf,
  getSprinter,
  upsertSprinter,
  type SprinterIdentity,
  type SprinterRecord,
} from '../store/sprinters.js';
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
 * credits them with the work those accounts did at every event they joined. Returns how many
 * contributions now count.
 */
export function linkForgeAccounts(db: Store, sprinterId: number, accounts: ForgeAccount[], now = new Date()): number {
  return transaction(db, () => {
    for (const account of accounts) linkForgeAccount(db, sprinterId, account);
    if (accounts.length === 0) return 0;
    const sprinter = getSprinter(db, sprinterId)!;
    return eventsOf(db, sprinterId).reduce(
      (credited, eventId) => credited + reattributeIdentity(db, eventId, sprinter, now),
      0,
    );
  });
}
