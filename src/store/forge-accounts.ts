import type { Forge } from '../domain/contribution.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/** A sprinter's account on a GitLab or Forgejo instance. */
export interface ForgeAccount {
  forge: Forge;
  instanceUrl: string;
  username: string;
  userId: number | null;
  /** Who confirmed it is theirs (`cli`, `oauth`, a leader's or organizer's login); null: typed, not confirmed. */
  verifiedBy: string | null;
}

export class ForgeAccountTaken extends Error {
  constructor(
    readonly forge: Forge,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Links an account to a sprinter. An account another sprinter holds is refused (typing someone else's
 * name must not take their work), unless this link is proven (a sign-in there, an organizer) and theirs
 * is only typed: the proof takes it. Linking it again updates who confirmed it, never who holds it.
 * Returns the sprinter a typed claim was taken from.
 */
export function linkForgeAccount(db: Store, sprinterId: number, account: ForgeAccount): number | null {
  // The same account under an older username (renamed since) is the row its user id still names.
  const rows = statement(
    db,
    `SELECT sprinter_id AS holder, verified_by AS proof, username FROM forge_accounts
      WHERE forge = ? AND instance_url = ? AND (username = ? OR (? IS NOT NULL AND user_id = ?))`,
  ).all(account.forge, account.instanceUrl, account.username, account.userId, account.userId) as Array<{
    holder: number;
    proof: string | null;
    username: string;
  }>;
  let takenFrom: number | null = null;
  for (const row of rows) {
    const sameName = row.username.toLowerCase() === account.username.toLowerCase();
    if (row.holder !== sprinterId) {
      if (account.verifiedBy === null || row.proof !== null)
        throw new ForgeAccountTaken(
          account.forge,
          `${account.username} on ${account.instanceUrl} is linked to another sprinter: ask an organizer if it is yours`,
        );
      takenFrom = row.holder;
    } else if (sameName) continue;
    statement(db, 'DELETE FROM forge_accounts WHERE forge = ? AND instance_url = ? AND username = ?').run(
      account.forge,
      account.instanceUrl,
      row.username,
    );
  }
  statement(
    db,
    `INSERT INTO forge_accounts (sprinter_id, forge, instance_url, username, user_id, verified_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (forge, instance_url, username) DO UPDATE SET user_id = IFNULL(excluded.user_id, user_id), verified_by = IFNULL(excluded.verified_by, verified_by)`,
  ).run(sprinterId, account.forge, account.instanceUrl, account.username, account.userId, account.verifiedBy);
  return takenFrom;
}

export function forgeAccountsOf(db: Store, sprinterId: number): ForgeAccount[] {
  return (
    statement(
      db,
      'SELECT forge, instance_url, username, user_id, verified_by FROM forge_accounts WHERE sprinter_id = ? ORDER BY forge, instance_url, username',
    ).all(sprinterId) as Array<{
      forge: Forge;
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
export function memberUsernames(db: Store, eventId: number, forge: Forge, instanceUrl: string): string[] {
  return statement(
    db,
    `SELECT DISTINCT a.username FROM forge_accounts a JOIN memberships m ON m.sprinter_id = a.sprinter_id AND m.event_id = ? AND m.status = 'joined'
      WHERE a.forge = ? AND a.instance_url = ? ORDER BY a.username`,
  )
    .pluck()
    .all(eventId, forge, instanceUrl) as string[];
}
