import type { Forge } from '../domain/contribution.js';
import type { LinkedIdentity } from '../domain/linked-identity.js';
import { describeIdentity } from '../sources/linked-identity.js';
import type { CountReason } from '../domain/attribution.js';
import type { IdentityKeys } from './contributions.js';
import { statement } from './statements.js';
import type { Store } from './store.js';

export interface Holding {
  sprinterId: number;
  /** Who vouches for it (`oauth`, `github`, `cli`, an organizer's login…); null: the holder's claim only. */
  proof: string | null;
}

/** Another sprinter holds this identity with a proof: nobody else may take it but an organizer. */
export class IdentityTaken extends Error {}

/** Who holds an identity, and on whose word. */
export function holderOf(db: Store, identity: LinkedIdentity): Holding | null {
  const row = (() => {
    switch (identity.kind) {
      case 'sprinter-login':
        return statement(
          db,
          'SELECT id AS sprinterId, pagure_proof AS proof FROM sprinters WHERE pagure_username = ?',
        ).get(identity.username);
      case 'email':
        return statement(db, 'SELECT sprinter_id AS sprinterId, proof FROM sprinter_emails WHERE email = ?').get(
          identity.email,
        );
      case 'instance-account':
        return statement(
          db,
          'SELECT sprinter_id AS sprinterId, verified_by AS proof FROM forge_accounts WHERE forge = ? AND instance_url = ? AND username = ?',
        ).get(identity.forge, identity.instanceUrl, identity.username);
    }
  })() as Holding | undefined;
  return row ?? null;
}

/** Takes an identity from its holder; false when they did not hold it. */
export function releaseIdentity(db: Store, sprinterId: number, identity: LinkedIdentity): boolean {
  switch (identity.kind) {
    case 'sprinter-login':
      return (
        statement(
          db,
          'UPDATE sprinters SET pagure_username = NULL, pagure_proof = NULL WHERE id = ? AND pagure_username = ?',
        ).run(sprinterId, identity.username).changes === 1
      );
    case 'email':
      return (
        statement(db, 'DELETE FROM sprinter_emails WHERE sprinter_id = ? AND email = ?').run(sprinterId, identity.email)
          .changes === 1
      );
    case 'instance-account':
      return (
        statement(
          db,
          'DELETE FROM forge_accounts WHERE sprinter_id = ? AND forge = ? AND instance_url = ? AND username = ?',
        ).run(sprinterId, identity.forge, identity.instanceUrl, identity.username).changes === 1
      );
  }
}

/**
 * Gives an identity to a sprinter on someone's word (`proof`). An unproven claim of another sprinter gives
 * way; a proven holding of another does not (IdentityTaken) unless `overrule` (an organizer reassigning).
 * A sprinter who has another Pagure name already has it replaced. Returns the sprinter it was taken from.
 */
export function proveIdentity(
  db: Store,
  sprinterId: number,
  identity: LinkedIdentity,
  proof: string,
  options: { overrule?: boolean } = {},
): number | null {
  const holder = holderOf(db, identity);
  let takenFrom: number | null = null;
  if (holder && holder.sprinterId !== sprinterId) {
    if (holder.proof !== null && !options.overrule)
      throw new IdentityTaken(
        `The ${describeIdentity(identity)} is proven to be another sprinter's: ask an organizer if it is yours.`,
      );
    releaseIdentity(db, holder.sprinterId, identity);
    takenFrom = holder.sprinterId;
  }
  switch (identity.kind) {
    case 'sprinter-login':
      statement(db, 'UPDATE sprinters SET pagure_username = ?, pagure_proof = ? WHERE id = ?').run(
        identity.username,
        proof,
        sprinterId,
      );
      break;
    case 'email':
      statement(
        db,
        `INSERT INTO sprinter_emails (email, sprinter_id, proof) VALUES (?, ?, ?)
          ON CONFLICT (email) DO UPDATE SET sprinter_id = excluded.sprinter_id, proof = excluded.proof`,
      ).run(identity.email, sprinterId, proof);
      break;
    case 'instance-account':
      statement(
        db,
        `INSERT INTO forge_accounts (sprinter_id, forge, instance_url, username, verified_by) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (forge, instance_url, username) DO UPDATE SET sprinter_id = excluded.sprinter_id, verified_by = excluded.verified_by`,
      ).run(sprinterId, identity.forge, identity.instanceUrl, identity.username, proof);
  }
  return takenFrom;
}

export interface HeldIdentity {
  identity: LinkedIdentity;
  proof: string | null;
}

/** Everything a sprinter holds besides their GitHub account, proven or claimed. */
export function identitiesOf(db: Store, sprinterId: number): HeldIdentity[] {
  const pagure = statement(
    db,
    'SELECT pagure_username AS username, pagure_proof AS proof FROM sprinters WHERE id = ? AND pagure_username IS NOT NULL',
  ).all(sprinterId) as Array<{ username: string; proof: string | null }>;
  const accounts = statement(
    db,
    'SELECT forge, instance_url AS instanceUrl, username, verified_by AS proof FROM forge_accounts WHERE sprinter_id = ? ORDER BY forge, instance_url, username',
  ).all(sprinterId) as Array<{
    forge: Forge;
    instanceUrl: string;
    username: string;
    proof: string | null;
  }>;
  const emails = statement(db, 'SELECT email, proof FROM sprinter_emails WHERE sprinter_id = ? ORDER BY email').all(
    sprinterId,
  ) as Array<{ email: string; proof: string | null }>;
  return [
    // The sprinters table keeps the one Pagure login a sprinter has (Pagure's identities are sprinter logins).
    ...pagure.map((p) => ({
      identity: { kind: 'sprinter-login' as const, forge: 'pagure' as const, username: p.username },
      proof: p.proof,
    })),
    ...accounts.map((a) => ({
      identity: { kind: 'instance-account' as const, forge: a.forge, instanceUrl: a.instanceUrl, username: a.username },
      proof: a.proof,
    })),
    ...emails.map((e) => ({ identity: { kind: 'email' as const, email: e.email }, proof: e.proof })),
  ];
}

export interface PendingClaim extends HeldIdentity {
  sprinterId: number;
  displayName: string;
  githubLogin: string | null;
}

/** The unproven claims of an event's people (joined or waiting): what the manage page asks organizers about. */
export function pendingClaims(db: Store, eventId: number): PendingClaim[] {
  const people = statement(
    db,
    `SELECT s.id, s.display_name AS displayName, s.github_login AS githubLogin FROM sprinters s
      JOIN memberships m ON m.sprinter_id = s.id AND m.event_id = ?
      WHERE (s.pagure_username IS NOT NULL AND s.pagure_proof IS NULL)
         OR EXISTS (SELECT 1 FROM sprinter_emails e WHERE e.sprinter_id = s.id AND e.proof IS NULL)
         OR EXISTS (SELECT 1 FROM forge_accounts a WHERE a.sprinter_id = s.id AND a.verified_by IS NULL)
      ORDER BY s.display_name COLLATE NOCASE, s.id`,
  ).all(eventId) as Array<{ id: number; displayName: string; githubLogin: string | null }>;
  return people.flatMap((p) =>
    identitiesOf(db, p.id)
      .filter((h) => h.proof === null)
      .map((h) => ({ ...h, sprinterId: p.id, displayName: p.displayName, githubLogin: p.githubLogin })),
  );
}

/** The keys a contribution names this identity by: what finds the work a change of holder re-decides. */
export function keysOfIdentity(identity: LinkedIdentity): IdentityKeys {
  const none = { githubId: null, githubLogin: null, pagureUsername: null, emails: [] as string[] };
  switch (identity.kind) {
    case 'sprinter-login':
      return { ...none, pagureUsername: identity.username };
    case 'email':
      return { ...none, emails: [identity.email] };
    case 'instance-account':
      return {
        ...none,
        forgeAccounts: [{ forge: identity.forge, username: identity.username, userId: null }],
      };
  }
}

export interface OwnWork {
  kind: string;
  forge: string;
  key: string;
  url: string;
  title: string;
  state: string;
  project: string | null;
  counted: boolean;
  reason: CountReason;
  moderation: string | null;
}

/**
 * Everything of a sprinter's the app has seen at an event, counted or not, newest first: what their own
 * page lists with why each counts or not, so nobody has to ask an organizer.
 */
export function workOf(db: Store, eventId: number, sprinterId: number, limit = 100): OwnWork[] {
  return (
    statement(
      db,
      `SELECT c.kind, c.forge, c.key, c.url, c.title, c.state, IFNULL(p.full_name, c.topic) AS project, c.counted, c.reason, c.moderation
        FROM credits k JOIN contributions c ON c.id = k.contribution_id AND c.event_id = ?
        LEFT JOIN projects p ON p.id = c.project_id
        WHERE k.sprinter_id = ? ORDER BY c.counted, c.created_at DESC, c.id DESC LIMIT ?`,
    ).all(eventId, sprinterId, limit) as Array<Omit<OwnWork, 'counted'> & { counted: number }>
  ).map((w) => ({ ...w, counted: w.counted === 1 }));
}
