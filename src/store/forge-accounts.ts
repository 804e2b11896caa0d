import type { Store } from './store.js';
import { statement } from './statements.js';

/** A sprinter's account on a GitLab or Forgejo instance. */
export interface ForgeAccount {
  forge: 'gitlab' | 'forgejo';
  instanceUrl: string;
  username: string;
  userId: number | null;
  /** Who confirmed it is theirs (`cli`, `oauth`, a leader's or organizer's login); null: typed, not confirmed. */
  verifiedBy: string | null;
}

export class ForgeAccountTaken extends Error {
  constructor(
    readonly forge: 'gitlab' | 'forgejo',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Links an account to a sprinter. An account another sprinter holds is refused: typing someone else's
 * name must not take their work. Linking it again updates who confirmed it, never who holds it.
 */
export function linkForgeAccount(db: Store, sprinterId: number, account: ForgeAccount): void {
  const holder = statement(
    db,
    'SELECT sprinter_id FROM forge_accounts WHERE forge = ? AND instance_url = ? AND username = ?',
  )
    .pluck()
    .get(account.forge, account.instanceUrl, account.username) as number | undefined;
  if (holder !== undefined && holder !== sprinterId) {
    throw new ForgeAccountTaken(
      account.forge,
      `${account.username} on ${account.instanceUrl} is linked to another sprinter: ask an organizer if it is yours`,
    );
  }
  statement(
    db,
    `INSERT INTO forge_accounts (sprinter_id, forge, instance_url, username, user_id, verified_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (forge, instance_url, username) DO UPDATE SET user_id = IFNULL(excluded.user_id, user_id), verified_by = IFNULL(excluded.verified_by, verified_by)`,
  ).run(sprinterId, account.forge, account.instanceUrl, account.username, account.userId, account.verifiedBy);
}

export function forgeAccountsOf(db: Store, sprinterId: number): ForgeAccount[] {
  return (
    statement(
      db,
      'SELECT forge, instance_url, username, user_id, verified_by FROM forge_accounts WHERE sprinter_id = ? ORDER BY forge, instance_url, username',
    ).all(sprinterId) as Array<{
      forge: 'gitlab' | 'forgejo';
      instance_url: string;
      username: string;
      user_id: number | null;
      verified_by: string | null;
    }>
  ).map((r) => ({
    forge: r.forge,
    instanceUrl: r.instance_url,
    username: r.username,
    userId: r.user_id,
    verifiedBy: r.verified_by,
  }));
}

/** A leader or an organizer confirms a typed account is the sprinter's; false when there is no such account. */
export function confirmForgeAccount(
  db: Store,
  sprinterId: number,
  forge: 'gitlab' | 'forgejo',
  instanceUrl: string,
  username: string,
  by: string,
): boolean {
  return (
    statement(
      db,
      'UPDATE forge_accounts SET verified_by = ? WHERE sprinter_id = ? AND forge = ? AND instance_url = ? AND username = ?',
    ).run(by, sprinterId, forge, instanceUrl, username).changes === 1
  );
}

/** The instance a project's contributions on this forge come from: its home, or the home it moved from. */
export function instanceOfProject(db: Store, projectId: number, forge: string): string | null {
  return (
    (statement(
      db,
      `SELECT CASE WHEN forge = ? THEN instance_url WHEN previous_forge = ? THEN previous_instance_url END FROM projects WHERE id = ?`,
    )
      .pluck()
      .get(forge, forge, projectId) as string | null | undefined) ?? null
  );
}

/** The usernames the event's joined members have on one instance of a forge: whose merge requests polling asks for. */
export function memberUsernames(
  db: Store,
  eventId: number,
  forge: 'gitlab' | 'forgejo',
  instanceUrl: string,
): string[] {
  return statement(
    db,
    `SELECT DISTINCT a.username FROM forge_accounts a JOIN memberships m ON m.sprinter_id = a.sprinter_id AND m.event_id = ? AND m.status = 'joined'
      WHERE a.forge = ? AND a.instance_url = ? ORDER BY a.username`,
  )
    .pluck()
    .all(eventId, forge, instanceUrl) as string[];
}

export interface UnconfirmedAccount extends ForgeAccount {
  sprinterId: number;
  displayName: string;
  githubLogin: string | null;
}

/** The event's members' GitLab and Forgejo accounts nobody has confirmed yet: what the manage page asks organizers about. */
export function unconfirmedAccounts(db: Store, eventId: number): UnconfirmedAccount[] {
  return (
    statement(
      db,
      `SELECT a.sprinter_id, s.display_name, s.github_login, a.forge, a.instance_url, a.username, a.user_id
      FROM forge_accounts a JOIN memberships m ON m.sprinter_id = a.sprinter_id AND m.event_id = ? JOIN sprinters s ON s.id = a.sprinter_id
      WHERE a.verified_by IS NULL ORDER BY s.display_name COLLATE NOCASE, a.forge`,
    ).all(eventId) as Array<{
      sprinter_id: number;
      display_name: string;
      github_login: string | null;
      forge: 'gitlab' | 'forgejo';
      instance_url: string;
      username: string;
      user_id: number | null;
    }>
  ).map((r) => ({
    sprinterId: r.sprinter_id,
    displayName: r.display_name,
    githubLogin: r.github_login,
    forge: r.forge,
    instanceUrl: r.instance_url,
    username: r.username,
    userId: r.user_id,
    verifiedBy: null,
  }));
}
