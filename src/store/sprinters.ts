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
 * Identities that point at two different people are refused rather than merged silently.
 */
export function upsertSprinter(db: Store, who: SprinterIdentity, now = new Date()): SprinterRecord {
  return transaction(db, () => {
    const matches = new Set<number>();
    const byGithubId =
      who.githubId != null
        ? statement(db, 'SELECT id FROM sprinters WHERE github_id = ?').pluck().get(who.githubId)
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
      ? statement(db, 'SELECT id FROM sprinters WHERE github_login = ?').pluck().get(who.githubLogin)
      : undefined;
    const byPagure = who.pagureUsername
      ? statement(db, 'SELECT id FROM sprinters WHERE pagure_username = ?').pluck().get(who.pagureUsername)
      : undefined;
    for (const id of [byGithubId, byLogin, byPagure]) if (typeof id === 'number') matches.add(id);
    for (const email of who.emails ?? []) {
      const id = statement(db, 'SELECT sprinter_id FROM sprinter_emails WHERE email = ?').pluck().get(email);
      if (typeof id === 'number') matches.add(id);
    }
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
        differs(who.pagureUsername, current.pagureUsername)
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
          'INSERT INTO sprinters (display_name, github_login, github_id, pagure_username, created_at) VALUES (?, ?, ?, ?, ?)',
        ).run(
          who.displayName,
          who.githubLogin ?? null,
          who.githubId ?? null,
          who.pagureUsername ?? null,
          now.toISOString(),
        ).lastInsertRowid,
      );
    } else {
      statement(
        db,
        `UPDATE sprinters SET display_name = ?, github_login = COALESCE(?, github_login), github_id = COALESCE(?, github_id),
           pagure_username = COALESCE(?, pagure_username) WHERE id = ?`,
      ).run(who.displayName, who.githubLogin ?? null, who.githubId ?? null, who.pagureUsername ?? null, id);
    }
    const addEmail = statement(db, 'INSERT OR IGNORE INTO sprinter_emails (email, sprinter_id) VALUES (?, ?)');
    for (const email of who.emails ?? []) addEmail.run(email, id);
    return getSprinter(db, id)!;
  });
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
  statement(db, 'UPDATE sprinters SET display_name = ?, pagure_username = ?, hidden = ? WHERE id = ?').run(
    profile.displayName,
    profile.pagureUsername,
    profile.hidden ? 1 : 0,
    sprinterId,
  );
}

export function addEmails(db: Store, sprinterId: number, emails: string[]): void {
  const add = statement(db, 'INSERT OR IGNORE INTO sprinter_emails (email, sprinter_id) VALUES (?, ?)');
  for (const email of emails) add.run(email, sprinterId);
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
    forge: 'gitlab' | 'forgejo';
    instanceUrl: string;
    userId: number | null;
    username: string | null;
  } | null;
}

/** The member of the event an identity belongs to: GitHub id first (it survives renames), then login, Pagure name, e-mail. */
export function findMember(db: Store, eventId: number, probe: IdentityProbe): number | null {
  const member = (sql: string, ...values: unknown[]): number | null => {
    const id = statement(
      db,
      `SELECT s.id FROM sprinters s JOIN memberships m ON m.sprinter_id = s.id AND m.event_id = ? AND m.status = 'joined' WHERE ${sql}`,
    )
      .pluck()
      .get(eventId, ...values);
    return typeof id === 'number' ? id : null;
  };
  if (probe.githubId != null) {
    const id = member('s.github_id = ?', probe.githubId);
    if (id !== null) return id;
  }
  if (probe.githubLogin) {
    // A login names the member only when no other account's id is known for them.
    const id = member(
      's.github_login = ? AND (s.github_id IS NULL OR ? IS NULL OR s.github_id = ?)',
      probe.githubLogin,
      probe.githubId ?? null,
      probe.githubId ?? null,
    );
    if (id !== null) return id;
  }
  if (probe.pagureUsername) {
    const id = member('s.pagure_username = ?', probe.pagureUsername);
    if (id !== null) return id;
  }
  const account = probe.forgeAccount;
  if (account?.userId != null) {
    const id = member(
      's.id IN (SELECT sprinter_id FROM forge_accounts WHERE forge = ? AND instance_url = ? AND user_id = ?)',
      account.forge,
      account.instanceUrl,
      account.userId,
    );
    if (id !== null) return id;
  }
  if (account?.username) {
    // A username names the member only when the account's id, where known, is this one.
    const id = member(
      's.id IN (SELECT sprinter_id FROM forge_accounts WHERE forge = ? AND instance_url = ? AND username = ? AND (user_id IS NULL OR ? IS NULL OR user_id = ?))',
      account.forge,
      account.instanceUrl,
      account.username,
      account.userId,
      account.userId,
    );
    if (id !== null) return id;
  }
  if (probe.email) {
    const id = member('s.id = (SELECT sprinter_id FROM sprinter_emails WHERE email = ?)', probe.email);
    if (id !== null) return id;
  }
  return null;
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
