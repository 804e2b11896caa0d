import type { Store } from './store.js';
import { statement } from './statements.js';

/**
 * Who may do what, asked of a GitHub account (its numeric id, with the login GitHub gives it now).
 * Roles are named by login; a named login belongs to the account github_logins binds it to, and while
 * nobody is bound to it yet, to the account that bears it now. So a role follows its owner through a
 * rename, and a newcomer who takes an old login later gets none of it.
 */
const HOLDS = `(g.github_id = ? OR (g.login IS NULL AND n.login = ? COLLATE NOCASE))`;

/** An organizer: named in the ORGANIZERS setting or added by another organizer. */
export function isOrganizerAccount(
  db: Store,
  githubId: number,
  login: string,
  settingOrganizers: readonly string[],
): boolean {
  return (
    statement(
      db,
      `WITH n (login) AS (SELECT github_login FROM organizers UNION SELECT value FROM json_each(?))
      SELECT 1 FROM n LEFT JOIN github_logins g ON g.login = n.login WHERE ${HOLDS}`,
    ).get(JSON.stringify(settingOrganizers), githubId, login) !== undefined
  );
}

/** A proven leader of this project (a claim from the web that nothing proved gives no powers). */
export function leadsProject(db: Store, projectId: number, githubId: number, login: string): boolean {
  return (
    statement(
      db,
      `SELECT 1 FROM project_leaders n LEFT JOIN github_logins g ON g.login = n.github_login
      WHERE n.project_id = ? AND n.proof <> 'claimed' AND ${HOLDS.replace('n.login', 'n.github_login')}`,
    ).get(projectId, githubId, login) !== undefined
  );
}

/** A proven leader of any project of the event. */
export function leadsAnyProjectOf(db: Store, eventId: number, githubId: number, login: string): boolean {
  return (
    statement(
      db,
      `SELECT 1 FROM project_leaders n JOIN projects p ON p.id = n.project_id LEFT JOIN github_logins g ON g.login = n.github_login
      WHERE p.event_id = ? AND n.proof <> 'claimed' AND ${HOLDS.replace('n.login', 'n.github_login')}`,
    ).get(eventId, githubId, login) !== undefined
  );
}

/** GitHub logins of the event's members who are proven leaders of one of its projects. */
export function joinedLeaderLogins(db: Store, eventId: number): string[] {
  return statement(
    db,
    `SELECT DISTINCT s.github_login FROM memberships m JOIN sprinters s ON s.id = m.sprinter_id
      JOIN project_leaders l ON l.github_login = s.github_login AND l.proof <> 'claimed' JOIN projects p ON p.id = l.project_id AND p.event_id = m.event_id
      WHERE m.event_id = ? AND m.status = 'joined' ORDER BY s.github_login`,
  )
    .pluck()
    .all(eventId) as string[];
}

/** Whether a Pagure username belongs to a proven leader of the project: a sprinter whose GitHub login leads it names that Pagure account. */
export function leadsOnPagure(db: Store, projectId: number, pagureUsername: string): boolean {
  return (
    statement(
      db,
      `SELECT 1 FROM project_leaders l JOIN sprinters s ON s.github_login = l.github_login
      WHERE l.project_id = ? AND l.proof <> 'claimed' AND s.pagure_username = ?`,
    ).get(projectId, pagureUsername) !== undefined
  );
}
