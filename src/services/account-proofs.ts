import type { LinkedIdentity } from '../domain/linked-identity.js';
import { describeIdentity } from '../sources/linked-identity.js';
import { holderOf, keysOfIdentity, proveIdentity, releaseIdentity } from '../store/claims.js';
import { contributionsMatchingIdentity, getContribution } from '../store/contributions.js';
import { eventsOf } from '../store/sprinters.js';
import { transaction, type Store } from '../store/store.js';
import { decideAgain } from './decide-again.js';

/** A change asked of an identity that does not fit who holds it now: refused with nothing changed. */
export class ClaimMismatch extends Error {}

export interface IdentityChange {
  /** Contributions the change made count or stop counting. */
  recounted: number;
  /** The sprinter an unproven claim was taken from, if any. */
  takenFrom: number | null;
}

/**
 * Applies a change of who holds an identity, then decides again the work it names at every event any of
 * the people concerned joined: credit follows the stored facts, never what was decided before.
 */
function changeHolder(
  db: Store,
  identity: LinkedIdentity,
  people: number[],
  change: () => number | null,
  now: Date,
): IdentityChange {
  return transaction(db, () => {
    const before = new Set(people);
    const takenFrom = change();
    if (takenFrom !== null) before.add(takenFrom);
    const events = new Set([...before].flatMap((id) => eventsOf(db, id)));
    const keys = keysOfIdentity(identity);
    let recounted = 0;
    for (const eventId of events) {
      for (const match of contributionsMatchingIdentity(db, eventId, keys)) {
        // Read fresh: deciding a pull request again may have decided its commits already.
        const c = getContribution(db, match.id);
        if (!c) continue;
        if (decideAgain(db, c, {}, now).counted !== c.counted) recounted += 1;
      }
    }
    return { recounted, takenFrom };
  });
}

/** An organizer (or the operator) confirms a sprinter's claim: its work counts from now on. */
export function confirmClaim(
  db: Store,
  sprinterId: number,
  identity: LinkedIdentity,
  by: string,
  now: Date,
): IdentityChange {
  const holder = holderOf(db, identity);
  if (holder?.sprinterId !== sprinterId || holder.proof !== null)
    throw new ClaimMismatch(`The ${describeIdentity(identity)} is not waiting for confirmation for this sprinter.`);
  return changeHolder(db, identity, [sprinterId], () => proveIdentity(db, sprinterId, identity, by), now);
}

/** An organizer takes an identity from a sprinter, proven or not: the work it names is decided again without it. */
export function unlinkIdentity(db: Store, sprinterId: number, identity: LinkedIdentity, now: Date): IdentityChange {
  if (holderOf(db, identity)?.sprinterId !== sprinterId)
    throw new ClaimMismatch(`That sprinter does not hold the ${describeIdentity(identity)}.`);
  return changeHolder(
    db,
    identity,
    [sprinterId],
    () => {
      releaseIdentity(db, sprinterId, identity);
      return null;
    },
    now,
  );
}

/** An organizer gives an identity to a sprinter, whoever held it: proven by their word. */
export function reassignIdentity(
  db: Store,
  identity: LinkedIdentity,
  toSprinterId: number,
  by: string,
  now: Date,
): IdentityChange {
  return changeHolder(
    db,
    identity,
    [toSprinterId],
    () => proveIdentity(db, toSprinterId, identity, by, { overrule: true }),
    now,
  );
}

/**
 * A sprinter proves an identity is theirs (a sign-in on that forge, GitHub's verified e-mails): a claim
 * another sprinter typed gives way to it, and its work moves with it. Proven by another: IdentityTaken.
 */
export function proveOwnIdentity(
  db: Store,
  sprinterId: number,
  identity: LinkedIdentity,
  proof: string,
  now: Date,
): IdentityChange {
  return changeHolder(db, identity, [sprinterId], () => proveIdentity(db, sprinterId, identity, proof), now);
}

/** Decides again the work an identity names at the events of these people, after its holder changed elsewhere. */
export function redecideIdentity(db: Store, identity: LinkedIdentity, people: number[], now: Date): number {
  return changeHolder(db, identity, people, () => null, now).recounted;
}
