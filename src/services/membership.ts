import type { Forge } from '../domain/contribution.js';
import { setFollowUpOptOut } from '../store/follow-up.js';
import { linkForgeAccount } from '../store/forge-accounts.js';
import { transaction, type Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import {
  addEmails,
  addMembership,
  countMembers,
  firstWaiting,
  getSprinter,
  IdentityConflictError,
  membershipStatus,
  removeMembership,
  setMembershipStatus,
  updateSprinterProfile,
  upsertSprinter,
  type MembershipStatus,
} from '../store/sprinters.js';
import { findTicketHolder } from '../store/tickets.js';
import { holderOf } from '../store/claims.js';
import { verifiedEmailsOf } from '../store/github-logins.js';
import { proveOwnIdentity, redecideIdentity } from './account-proofs.js';
import { reattributeIdentity } from './join-event.js';

export interface SignedInUser {
  githubId: number;
  githubLogin: string;
  githubName: string | null;
}

export interface Profile {
  displayName: string;
  pagureUsername: string | null;
  emails: string[];
  hidden: boolean;
  /** Asked not to be followed after the event; left out, the earlier choice stands. */
  notFollowed?: boolean;
  /** GitLab and Forgejo accounts the sprinter typed: claims, counted once proven. */
  forgeAccounts?: Array<{ forge: Forge; instanceUrl: string; username: string }>;
}

export interface JoinOutcome {
  sprinterId: number;
  status: MembershipStatus;
  /** Earlier contributions of the window now credited to them. */
  attributed: number;
}

/**
 * A signed-in person joins an event: a place if one is free (ticket holders always get one),
 * else the waiting list. Joining credits their earlier work of the event window.
 */
export function joinAsSprinter(
  db: Store,
  event: EventRecord,
  user: SignedInUser,
  profile: Profile,
  now = new Date(),
): JoinOutcome {
  return transaction(db, (): JoinOutcome => {
    const sprinter = upsertSprinter(
      db,
      {
        displayName: profile.displayName,
        githubLogin: user.githubLogin,
        githubId: user.githubId,
      },
      now,
    );
    updateSprinterProfile(db, sprinter.id, profile);
    if (profile.notFollowed !== undefined) setFollowUpOptOut(db, sprinter.id, profile.notFollowed);
    linkTypedAccounts(db, sprinter.id, profile);
    holdTypedEmails(db, sprinter.id, user.githubId, profile.emails, now);
    const existing = membershipStatus(db, event.id, sprinter.id);
    if (existing) return { sprinterId: sprinter.id, status: existing, attributed: 0 };
    const full = event.capacity !== null && countMembers(db, event.id) >= event.capacity;
    const ticketHolder = findTicketHolder(db, event.id, user.githubId) !== null;
    const status: MembershipStatus = full && !ticketHolder ? 'waiting' : 'joined';
    addMembership(db, event.id, sprinter.id, now, status);
    const attributed = status === 'joined' ? reattributeIdentity(db, event.id, getSprinter(db, sprinter.id)!, now) : 0;
    return { sprinterId: sprinter.id, status, attributed };
  });
}

export function updateProfile(
  db: Store,
  event: EventRecord,
  sprinterId: number,
  profile: Profile,
  now = new Date(),
): void {
  transaction(db, () => {
    const before = getSprinter(db, sprinterId)!;
    updateSprinterProfile(db, sprinterId, profile);
    if (profile.notFollowed !== undefined) setFollowUpOptOut(db, sprinterId, profile.notFollowed);
    linkTypedAccounts(db, sprinterId, profile);
    if (before.githubId !== null) holdTypedEmails(db, sprinterId, before.githubId, profile.emails, now);
    else addEmails(db, sprinterId, profile.emails);
    // The Pagure name given up: its work is decided again without them.
    if (before.pagureUsername && before.pagureUsername.toLowerCase() !== profile.pagureUsername?.toLowerCase())
      redecideIdentity(
        db,
        { kind: 'sprinter-login', forge: 'pagure', username: before.pagureUsername },
        [sprinterId],
        now,
      );
    if (membershipStatus(db, event.id, sprinterId) === 'joined')
      reattributeIdentity(db, event.id, getSprinter(db, sprinterId)!, now);
  });
}

/** Leaving frees a place: their work stops counting for the event, and the longest-waiting person moves up. */
export function leaveEvent(
  db: Store,
  event: EventRecord,
  sprinterId: number,
  now = new Date(),
): { promoted: number | null } {
  return transaction(db, () => {
    const wasJoined = membershipStatus(db, event.id, sprinterId) === 'joined';
    if (!removeMembership(db, event.id, sprinterId)) return { promoted: null };
    reattributeIdentity(db, event.id, getSprinter(db, sprinterId)!, now);
    if (!wasJoined) return { promoted: null };
    const next = firstWaiting(db, event.id);
    if (next === null || (event.capacity !== null && countMembers(db, event.id) >= event.capacity))
      return { promoted: null };
    setMembershipStatus(db, event.id, next, 'joined');
    reattributeIdentity(db, event.id, getSprinter(db, next)!, now);
    return { promoted: next };
  });
}

/**
 * Typed e-mails: one GitHub says this account verified is proven (and taken from anyone's unproven claim);
 * any other is a claim, refused where another sprinter holds it.
 */
function holdTypedEmails(db: Store, sprinterId: number, githubId: number, emails: string[], now: Date): void {
  const verified = new Set(verifiedEmailsOf(db, githubId));
  for (const email of emails) {
    if (verified.has(email)) {
      proveOwnIdentity(db, sprinterId, { kind: 'email', email }, 'github', now);
      continue;
    }
    const holder = holderOf(db, { kind: 'email', email });
    if (holder && holder.sprinterId !== sprinterId)
      throw new IdentityConflictError(`the e-mail ${email} belongs to another sprinter already`);
    addEmails(db, sprinterId, [email]);
  }
}

/** Typed accounts are the sprinter's word only: linked unconfirmed, and refused where another sprinter holds them. */
function linkTypedAccounts(db: Store, sprinterId: number, profile: Profile): void {
  for (const a of profile.forgeAccounts ?? [])
    linkForgeAccount(db, sprinterId, { ...a, userId: null, verifiedBy: null });
}
