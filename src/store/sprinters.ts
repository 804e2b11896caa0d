import type { Forge } from '../domain/contribution.js';
import { transaction, type Store } from './store.js';
import { addToSprinterCount } from './stats.js';
import { statement } from './statements.js';

export interface SprinterRecord {
  id: number;
  displayName: string;
  githubLogin: string | null;
  githubId: number | null;
  pagureUsername: string | null;
  hidden: boolean;
  emails: string[];
}

export interface SprinterIdentity {
  displayName: string;
  githubLogin?: string | null;
  githubId?: number | null;
  pagureUsername?: string | null;
  emails?: string[];
  /**
   * Who vouches for the Pagure name and e-mails given (an organizer's tool, a forge's own data); left
   * out, they are the person's claim, typed on a form: held for them, counted only once proven.
   */
  proof?: string | null;
}

interface SprinterRow {
  id: number;
  display_name: string;
  github_login: string | null;
  github_id: number | null;
  pagure_username: string | null;
  hidden: number;
  emails: string | null;
}

const SELECT_SPRINTER = `
  SELECT s.*, (SELECT group_concat(email, ' ') FROM sprinter_emails e WHERE e.sprinter_id = s.id) AS emails
  FROM sprinters s`;

function toSprinter(row: SprinterRow): SprinterRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    githubLogin: row.github_login,
    githubId: row.github_id,
    pagureUsername: row.pagure_username,
    hidden: row.hidden === 1,
    emails: row.emails ? row.emails.split(' ').sort() : [],
  };
}

export function getSprinter(db: Store, id: number): SprinterRecord | null {
  const row = statement(db, `${SELECT_SPRINTER} WHERE s.id = ?`).get(id) as SprinterRow | undefined;
  return row ? toSprinter(row) : null;
}

export class IdentityConflictError extends Error {}

/** A Pagure account typed on a profile that another sprinter holds: refused with nothing changed. */
export class PagureAccountTaken extends Error {}

/**
 * Finds the sprinter that any of the given identities already belongs to, or creates one.
 * Identities that point at two different people are refused rather than merged silently. A claim (no
 * proof) never reaches another sprinter: a Pagure name or e-mail someone else holds is refused, so typing
 * it can neither take their work nor merge into their record.
 */
export function upsertSprinter(db: Store, who: SprinterIdentity, now = new Date()): SprinterRecord {
  return transaction(db, () => {
    const proof = who.proof ?? null;
    const byGithubId =
      who.githubId != null
        ? (statement(db, 'SELECT id FROM sprinters WHERE github_id = ?').pluck().get(who.githubId) as
            number | undefined)
        : undefined;
    // The GitHub id is the account; a login is only its current name. A sprinter holding this login under
    // another account's id is someone who renamed away from it: the login is no longer theirs.
    if (who.githubId != null && who.githubLogin) {
      statement(
        db,
        'UPDATE sprinters SET github_login = NULL WHERE github_login = ? AND github_id IS NOT NULL AND github_id <> ?',
      ).run(who.githubLogin, who.githubId);
    }
    const byLogin = who.githubLogin
      ? (statement(db, 'SELECT id FROM sprinters WHERE github_login = ?').pluck().get(who.githubLogin) as
          number | undefined)
      : undefined;
    const byAccount = new Set([byGithubId, byLogin].filter((id): id is number => id !== undefined));
    const byTyped = new Set<number>();
    const pagureHolder = who.pagureUsername
      ? (statement(db, 'SELECT id FROM sprinters WHERE pagure_username = ?').pluck().get(who.pagureUsername) as
          number | undefined)
      : undefined;
    if (pagureHolder !== undefined) byTyped.add(pagureHolder);
    for (const email of who.emails ?? []) {
      const id = statement(db, 'SELECT sprinter_id FROM sprinter_emails WHERE email = ?').pluck().get(email);
      if (typeof id === 'number') byTyped.add(id);
    }
    if (proof === null && byAccount.size > 0) {
      // A claim made by a known account: whatever it names must be that account's already, or nobody's.
      for (const id of byTyped) if (!byAccount.has(id)) throw takenBy(db, id, who);
    }
    const matches = new Set([...byAccount, ...byTyped]);
    if (matches.size > 1) {
      throw new IdentityConflictError('these identities belong to different sprinters already: ' + describe(who));
    }
    let id = [...matches][0];
    if (id !== undefined) {
      const current = getSprinter(db, id)!;
      const differs = (a: string | number | null | undefined, b: string | number | null): boolean =>
        a != null && b != null && String(a).toLowerCase() !== String(b).toLowerCase();
      // Same account, new login: a rename, taken as it is.
      const renamed = who.githubId != null && who.githubId === current.githubId;
      if (
        (!renamed && differs(who.githubLogin, current.githubLogin)) ||
        differs(who.githubId, current.githubId) ||
        differs(who.pagureUsername, current.pagureUsername) ||
        // A claim never adopts a record it reached only by what it typed.
        (proof === null && byAccount.size === 0)
      ) {
        throw new IdentityConflictError(
          `${describe(who)} partly belongs to ${current.displayName} (${describe({ ...current, emails: current.emails })}) already`,
        );
      }
    }
    if (id === undefined) {
      id = Number(
        statement(
          db,
          'INSERT INTO sprinters (display_name, github_login, github_id, pagure_username, pagure_proof, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(
          who.displayName,
          who.githubLogin ?? null,
          who.githubId ?? null,
          who.pagureUsername ?? null,
          who.pagureUsername ? proof : null,
          now.toISOString(),
        ).lastInsertRowid,
      );
    } else {
      statement(
        db,
        `UPDATE sprinters SET display_name = ?, github_login = COALESCE(?, github_login), github_id = COALESCE(?, github_id),
           pagure_proof = CASE WHEN ? IS NULL THEN pagure_proof WHEN pagure_username IS ? THEN COALESCE(?, pagure_proof) ELSE ? END,
           pagure_username = COALESCE(?, pagure_username) WHERE id = ?`,
      ).run(
        who.displayName,
        who.githubLogin ?? null,
        who.githubId ?? null,
        who.pagureUsername ?? null,
        who.pagureUsername ?? null,
        proof,
        proof,
        who.pagureUsername ?? null,
        id,
      );
    }
    addEmails(db, id, who.emails ?? [], proof);
    return getSprinter(db, id)!;
  });
}

/** The error for a typed identity another sprinter holds: nothing changes, and the person is told whom to ask. */
function takenBy(db: Store, holder: number, who: SprinterIdentity): Error {
  const held = getSprinter(db, holder);
  if (who.pagureUsername && held?.pagureUsername?.toLowerCase() === who.pagureUsername.toLowerCase())
    return new PagureAccountTaken(
      `The Pagure account ${who.pagureUsername} is another sprinter's already: ask an organizer if it is yours.`,
    );
  return new IdentityConflictError(`${describe(who)} partly belongs to another sprinter already`);
}

function describe(who: SprinterIdentity): string {
  return [
    who.githubLogin && `github ${who.githubLogin}`,
    who.pagureUsername && `pagure ${who.pagureUsername}`,
    ...(who.emails ?? []),
  ]
    .filter(Boolean)
    .join(', ');
}

export type MembershipStatus = 'joined' | 'waiting';

/** Returns true when the sprinter was not yet a member (joined or waiting). */
export function addMembership(
  db: Store,
  eventId: number,
  sprinterId: number,
  now = new Date(),
  status: MembershipStatus = 'joined',
): boolean {
  return transaction(db, () => {
    const info = statement(
      db,
      'INSERT OR IGNORE INTO memberships (event_id, sprinter_id, joined_at, status) VALUES (?, ?, ?, ?)',
    ).run(eventId, sprinterId, now.toISOString(), status);
    if (info.changes === 1 && status === 'joined') addToSprinterCount(db, eventId, 1);
    return info.changes === 1;
  });
}

export function membershipStatus(db: Store, eventId: number, sprinterId: number): MembershipStatus | null {
  const status = statement(db, 'SELECT status FROM memberships WHERE event_id = ? AND sprinter_id = ?')
    .pluck()
    .get(eventId, sprinterId);
  return (status as MembershipStatus | undefined) ?? null;
}

export function setMembershipStatus(db: Store, eventId: number, sprinterId: number, status: MembershipStatus): void {
  transaction(db, () => {
    const was = membershipStatus(db, eventId, sprinterId);
    if (was === null || was === status) return;
    statement(db, 'UPDATE memberships SET status = ? WHERE event_id = ? AND sprinter_id = ?').run(
      status,
      eventId,
      sprinterId,
    );
    addToSprinterCount(db, eventId, status === 'joined' ? 1 : -1);
  });
}

export function removeMembership(db: Store, eventId: number, sprinterId: number): boolean {
  return transaction(db, () => {
    const was = statement(db, 'DELETE FROM memberships WHERE event_id = ? AND sprinter_id = ? RETURNING status')
      .pluck()
      .get(eventId, sprinterId) as MembershipStatus | undefined;
    if (was === 'joined') addToSprinterCount(db, eventId, -1);
    return was !== undefined;
  });
}

/** The longest-waiting person in the queue, or null. */
export function firstWaiting(db: Store, eventId: number): number | null {
  const id = statement(
    db,
    `SELECT sprinter_id FROM memberships WHERE event_id = ? AND status = 'waiting' ORDER BY joined_at, sprinter_id LIMIT 1`,
  )
    .pluck()
    .get(eventId);
  return typeof id === 'number' ? id : null;
}

export function waitingPosition(db: Store, eventId: number, sprinterId: number): number | null {
  const row = statement(
    db,
    `SELECT count(*) FROM memberships w JOIN memberships me ON me.event_id = w.event_id AND me.sprinter_id = ?
      WHERE w.event_id = ? AND w.status = 'waiting' AND me.status = 'waiting' AND (w.joined_at, w.sprinter_id) <= (me.joined_at, me.sprinter_id)`,
  )
    .pluck()
    .get(sprinterId, eventId) as number;
  return row > 0 ? row : null;
}

export function findSprinterByGithubId(db: Store, githubId: number): SprinterRecord | null {
  const row = statement(db, `${SELECT_SPRINTER} WHERE s.github_id = ?`).get(githubId) as SprinterRow | undefined;
  return row ? toSprinter(row) : null;
}

export function updateSprinterProfile(
  db: Store,
  sprinterId: number,
  profile: { displayName: string; pagureUsername: string | null; hidden: boolean },
): void {
  if (profile.pagureUsername !== null) {
    const holder = statement(db, 'SELECT id FROM sprinters WHERE pagure_username = ? AND id <> ?')
      .pluck()
      .get(profile.pagureUsername, sprinterId);
    if (holder !== undefined)
      throw new PagureAccountTaken(
        `The Pagure account ${profile.pagureUsername} is another sprinter's already: ask an organizer if it is yours.`,
      );
  }
  // A name typed here is a claim: it keeps its proof only while it stays the same name.
  statement(
    db,
    `UPDATE sprinters SET display_name = ?, pagure_proof = CASE WHEN pagure_username IS ? THEN pagure_proof END,
       pagure_username = ?, hidden = ? WHERE id = ?`,
  ).run(profile.displayName, profile.pagureUsername, profile.pagureUsername, profile.hidden ? 1 : 0, sprinterId);
}

/**
 * Adds e-mails to a sprinter, each with who vouches for it (null: their claim). A proof given for an
 * e-mail they hold already proves it; an e-mail another sprinter holds is left to them.
 */
export function addEmails(db: Store, sprinterId: number, emails: string[], proof: string | null = null): void {
  const add = statement(
    db,
    `INSERT INTO sprinter_emails (email, sprinter_id, proof) VALUES (?, ?, ?)
      ON CONFLICT (email) DO UPDATE SET proof = COALESCE(proof, excluded.proof) WHERE sprinter_id = excluded.sprinter_id`,
  );
  for (const email of emails) add.run(email, sprinterId, proof);
}

export function listMembers(db: Store, eventId: number): SprinterRecord[] {
  return (
    statement(
      db,
      `${SELECT_SPRINTER} JOIN memberships m ON m.sprinter_id = s.id WHERE m.event_id = ? AND m.status = 'joined' ORDER BY s.display_name`,
    ).all(eventId) as SprinterRow[]
  ).map(toSprinter);
}

export function countMembers(db: Store, eventId: number, status: MembershipStatus = 'joined'): number {
  return statement(db, 'SELECT count(*) FROM memberships WHERE event_id = ? AND status = ?')
    .pluck()
    .get(eventId, status) as number;
}

export interface IdentityProbe {
  githubId?: number | null;
  githubLogin?: string | null;
  pagureUsername?: string | null;
  email?: string | null;
  /** An account on a GitLab or Forgejo instance: its numeric user id first, then its username there. */
  forgeAccount?: {
    forge: Forge;
    instanceUrl: string;
    userId: number | null;
    username: string | null;
  } | null;
}

/** A member an identity names, and whether that identity is proven theirs or only claimed (typed, unconfirmed). */
export interface MemberMatch {
  id: number;
  proven: boolean;
}

/** The member of the event an identity belongs to; its id only, proven or not (for commands naming a login). */
export function findMember(db: Store, eventId: number, probe: IdentityProbe): number | null {
  return findMemberMatch(db, eventId, probe)?.id ?? null;
}

/**
 * The member of the event an identity belongs to: GitHub id first (it survives renames), then login, Pagure
 * name, GitLab or Forgejo account, e-mail. A proven identity wins over a claim: someone who typed another's
 * Pagure name is named only where nothing names its proven owner.
 */
export function findMemberMatch(db: Store, eventId: number, probe: IdentityProbe): MemberMatch | null {
  let claim: MemberMatch | null = null;
  const member = (proof: string, where: string, values: Record<string, unknown>): MemberMatch | null => {
    const row = statement(
      db,
      `SELECT s.id, (${proof}) AS proven FROM sprinters s JOIN memberships m ON m.sprinter_id = s.id AND m.event_id = @event AND m.status = 'joined' WHERE ${where}`,
    ).get({ ...values, event: eventId }) as { id: number; proven: number } | undefined;
    if (!row) return null;
    const found = { id: row.id, proven: row.proven === 1 };
    if (!found.proven) claim ??= found;
    return found.proven ? found : null;
  };
  // A GitHub id or login comes from a sign-in or an organizer: proven.
  if (probe.githubId != null) {
    const found = member('1', 's.github_id = @id', { id: probe.githubId });
    if (found) return found;
  }
  if (probe.githubLogin) {
    // A login names the member only when no other account's id is known for them.
    const found = member('1', 's.github_login = @login AND (s.github_id IS NULL OR @id IS NULL OR s.github_id = @id)', {
      login: probe.githubLogin,
      id: probe.githubId ?? null,
    });
    if (found) return found;
  }
  if (probe.pagureUsername) {
    const found = member('s.pagure_proof IS NOT NULL', 's.pagure_username = @name', { name: probe.pagureUsername });
    if (found) return found;
  }
  const account = probe.forgeAccount;
  const linked = (match: string) =>
    `FROM forge_accounts a WHERE a.forge = @forge AND a.instance_url = @instance AND ${match}`;
  if (account?.userId != null) {
    const match = 'a.user_id = @userId';
    const found = member(
      `EXISTS (SELECT 1 ${linked(match)} AND a.sprinter_id = s.id AND a.verified_by IS NOT NULL)`,
      `s.id IN (SELECT a.sprinter_id ${linked(match)})`,
      { forge: account.forge, instance: account.instanceUrl, userId: account.userId },
    );
    if (found) return found;
  }
  if (account?.username) {
    // A username names the member only when the account's id, where known, is this one.
    const match = 'a.username = @username AND (a.user_id IS NULL OR @userId IS NULL OR a.user_id = @userId)';
    const found = member(
      `EXISTS (SELECT 1 ${linked(match)} AND a.sprinter_id = s.id AND a.verified_by IS NOT NULL)`,
      `s.id IN (SELECT a.sprinter_id ${linked(match)})`,
      { forge: account.forge, instance: account.instanceUrl, username: account.username, userId: account.userId },
    );
    if (found) return found;
  }
  if (probe.email) {
    const found = member(
      '(SELECT e.proof IS NOT NULL FROM sprinter_emails e WHERE e.email = @email)',
      's.id = (SELECT e.sprinter_id FROM sprinter_emails e WHERE e.email = @email)',
      { email: probe.email },
    );
    if (found) return found;
  }
  return claim;
}

/** A member known only by display name (no forge account), as hand-kept lists have them. */
export function findMemberByNameOnly(db: Store, eventId: number, displayName: string): number | null {
  const id = statement(
    db,
    `SELECT s.id FROM sprinters s JOIN memberships m ON m.sprinter_id = s.id AND m.event_id = ?
      WHERE s.display_name = ? AND s.github_login IS NULL AND s.pagure_username IS NULL`,
  )
    .pluck()
    .get(eventId, displayName);
  return typeof id === 'number' ? id : null;
}

/** A sprinter may hide their name from public pages; the report then shows an anonymous sprinter. */
export function setHidden(db: Store, sprinterId: number, hidden: boolean): void {
  statement(db, 'UPDATE sprinters SET hidden = ? WHERE id = ?').run(hidden ? 1 : 0, sprinterId);
}

/**
 * GitHub says this account is now called `login` (a sign-in): its sprinter takes the name, and a
 * sprinter of another account that still holds the name (renamed away since) lets go of it.
 */
export function renameGithubAccount(db: Store, githubId: number, login: string): void {
  transaction(db, () => {
    statement(
      db,
      'UPDATE sprinters SET github_login = NULL WHERE github_login = ? AND github_id IS NOT NULL AND github_id <> ?',
    ).run(login, githubId);
    statement(db, 'UPDATE sprinters SET github_login = ? WHERE github_id = ? AND github_login IS NOT ?').run(
      login,
      githubId,
      login,
    );
  });
}

export function findSprinterByLogin(db: Store, login: string): SprinterRecord | null {
  const row = statement(db, `${SELECT_SPRINTER} WHERE s.github_login = ?`).get(login) as SprinterRow | undefined;
  return row ? toSprinter(row) : null;
}

/** The events a sprinter joined (not those they wait for). */
export function eventsOf(db: Store, sprinterId: number): number[] {
  return statement(db, "SELECT event_id FROM memberships WHERE sprinter_id = ? AND status = 'joined' ORDER BY event_id")
    .pluck()
    .all(sprinterId) as number[];
}
