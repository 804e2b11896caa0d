import { accountOfLogin } from '../store/github-logins.js';
import {
  addMembership,
  findSprinterByGithubId,
  getSprinter,
  membershipStatus,
  upsertSprinter,
} from '../store/sprinters.js';
import type { Store } from '../store/store.js';
import { reattributeIdentity } from './join-event.js';

/**
 * A proven leader is a member of the sprint they lead: their reviews and work count from the start, and
 * the ranking leaves them out unless the organizer asks otherwise. Nothing happens for an account that
 * never signed in (a login an organizer typed): they become a member when they sign in and join.
 * Called inside the transaction that proved them.
 */
export function joinAsLeader(
  db: Store,
  eventId: number,
  leader: { login: string; githubId?: number | null; name?: string | null },
  now = new Date(),
): boolean {
  const githubId = leader.githubId ?? accountOfLogin(db, leader.login);
  if (githubId === null) return false;
  const sprinter =
    findSprinterByGithubId(db, githubId) ??
    upsertSprinter(db, { displayName: leader.name || leader.login, githubLogin: leader.login, githubId }, now);
  if (membershipStatus(db, eventId, sprinter.id) !== null) return false;
  addMembership(db, eventId, sprinter.id, now, 'joined');
  reattributeIdentity(db, eventId, getSprinter(db, sprinter.id)!, now);
  return true;
}
