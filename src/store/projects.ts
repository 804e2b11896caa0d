import type { Forge } from '../domain/contribution.js';
import { windowOf, type EventWindow } from '../domain/event-window.js';
import { defaultInstanceOf } from '../sources/registry.js';
import { transaction, type Store } from './store.js';
import { logEventAction } from './events.js';
import { addProjectTotals } from './stats.js';
import { statement } from './statements.js';

/** Where a project lived before it moved (pagure.io to Forgejo, say): its work there counts as the project's. */
export interface PreviousHome {
  forge: Forge;
  fullName: string;
  url: string;
  instanceUrl: string | null;
}

export interface ProjectRecord {
  id: number;
  eventId: number;
  forge: Forge;
  fullName: string;
  url: string;
  description: string;
  /** Logins of its proven leaders. */
  leaders: string[];
  /** Logins that registered it from the web and are not proven yet: while only claims name it, it is pending. */
  claims: string[];
  instanceUrl: string | null;
  webhookKey: string | null;
  installationId: number | null;
  mentors: string;
  contributingUrl: string | null;
  starterLabel: string | null;
  registeredBy: string | null;
  /** A Pagure project's default branch, once read from its API. */
  defaultBranch: string | null;
  registeredAt: string;
  /** Where the organizer placed it in the report; null: by its number of contributions. */
  reportPosition: number | null;
  previous: PreviousHome | null;
}

export interface NewProject {
  eventId: number;
  forge: Forge;
  fullName: string;
  url: string;
  description?: string;
  /** Proven leaders: the operator's or an organizer's word, or GitHub's (`proof`). */
  leaders?: string[];
  /** How the leaders were proven: `operator`, `github:<permission>`, `organizer:<login>`, or `claimed` (not yet). */
  leaderProof?: string;
  instanceUrl?: string | null;
  webhookKey?: string | null;
  registeredBy?: string | null;
  previous?: PreviousHome | null;
}

interface ProjectRow {
  id: number;
  created_at: string;
  report_position: number | null;
  event_id: number;
  forge: Forge;
  full_name: string;
  url: string;
  description: string;
  instance_url: string | null;
  webhook_key: string | null;
  installation_id: number | null;
  leaders: string | null;
  claims: string | null;
  mentors: string;
  contributing_url: string | null;
  starter_label: string | null;
  registered_by: string | null;
  default_branch: string | null;
  previous_forge: Forge | null;
  previous_full_name: string | null;
  previous_url: string | null;
  previous_instance_url: string | null;
}

const SELECT_PROJECT = `
  SELECT p.*, (SELECT group_concat(github_login, ' ') FROM project_leaders l WHERE l.project_id = p.id AND l.proof <> 'claimed') AS leaders,
    (SELECT group_concat(github_login, ' ') FROM project_leaders l WHERE l.project_id = p.id AND l.proof = 'claimed') AS claims,
    CASE WHEN p.forge = 'github' THEN (SELECT installation_id FROM installations i WHERE i.repo_full_name = p.full_name) END AS installation_id
  FROM projects p`;

function toProject(row: ProjectRow): ProjectRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    forge: row.forge,
    fullName: row.full_name,
    url: row.url,
    description: row.description,
    leaders: row.leaders ? row.leaders.split(' ').sort() : [],
    claims: row.claims ? row.claims.split(' ').sort() : [],
    instanceUrl: row.instance_url,
    webhookKey: row.webhook_key,
    installationId: row.installation_id,
    mentors: row.mentors,
    contributingUrl: row.contributing_url,
    starterLabel: row.starter_label,
    registeredBy: row.registered_by,
    defaultBranch: row.default_branch,
    registeredAt: row.created_at,
    reportPosition: row.report_position,
    previous:
      row.previous_forge && row.previous_full_name && row.previous_url
        ? {
            forge: row.previous_forge,
            fullName: row.previous_full_name,
            url: row.previous_url,
            instanceUrl: row.previous_instance_url,
          }
        : null,
  };
}

export function addProject(db: Store, input: NewProject, now = new Date()): ProjectRecord {
  return transaction(db, () => {
    const info = statement(
      db,
      `INSERT INTO projects (event_id, forge, full_name, url, description, instance_url, webhook_key, registered_by, created_at,
           previous_forge, previous_full_name, previous_url, previous_instance_url)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.eventId,
      input.forge,
      input.fullName,
      input.url,
      input.description ?? '',
      input.instanceUrl ?? null,
      input.webhookKey ?? null,
      input.registeredBy ?? null,
      now.toISOString(),
      input.previous?.forge ?? null,
      input.previous?.fullName ?? null,
      input.previous?.url ?? null,
      input.previous?.instanceUrl ?? null,
    );
    const id = Number(info.lastInsertRowid);
    for (const login of input.leaders ?? []) addLeader(db, id, login, input.leaderProof ?? 'operator');
    addProjectTotals(db, id);
    return getProject(db, id)!;
  });
}

export function getProject(db: Store, id: number): ProjectRecord | null {
  const row = statement(db, `${SELECT_PROJECT} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
  return row ? toProject(row) : null;
}

export function findProject(db: Store, eventId: number, forge: Forge, fullName: string): ProjectRecord | null {
  const row = statement(
    db,
    `${SELECT_PROJECT} WHERE p.event_id = ? AND p.forge = ? AND p.full_name = ? COLLATE NOCASE`,
  ).get(eventId, forge, fullName) as ProjectRow | undefined;
  return row ? toProject(row) : null;
}

export function listProjects(db: Store, eventId: number): ProjectRecord[] {
  return (
    statement(db, `${SELECT_PROJECT} WHERE p.event_id = ? ORDER BY p.full_name COLLATE NOCASE`).all(
      eventId,
    ) as ProjectRow[]
  ).map(toProject);
}

export interface RegisteredProject {
  projectId: number;
  eventId: number;
  /**
   * Where every contribution's link must point under: the project's URL on the forge the contribution
   * came from (its previous home's, for work done there before it moved).
   */
  projectUrl: string;
  window: EventWindow;
  /** Only unproven claims name it: its work is kept but does not count until an organizer approves it. Left out, it is read when deciding. */
  pending?: boolean;
}

/** A project only unproven claims name (a web registration nobody proved yet), as SQL on `p`. */
const PENDING = `(EXISTS (SELECT 1 FROM project_leaders l WHERE l.project_id = p.id AND l.proof = 'claimed')
  AND NOT EXISTS (SELECT 1 FROM project_leaders l WHERE l.project_id = p.id AND l.proof <> 'claimed'))`;

export function isPendingProject(db: Store, projectId: number): boolean {
  return statement(db, `SELECT ${PENDING} FROM projects p WHERE p.id = ?`).pluck().get(projectId) === 1;
}

/**
 * Every event a repository is registered for, as its home or as the home it moved from, with that
 * event's window: the entry point of ingest.
 */
export function findRegistrations(db: Store, forge: Forge, fullName: string): RegisteredProject[] {
  const rows = statement(
    db,
    `SELECT p.id AS projectId, p.event_id AS eventId, p.url AS projectUrl, e.starts_at AS startsAt, e.ends_at AS endsAt, e.follow_up_days AS followUpDays,
         ${PENDING} AS pending
       FROM projects p JOIN events e ON e.id = p.event_id
       WHERE p.forge = @forge AND p.full_name = @name COLLATE NOCASE
       UNION ALL
       SELECT p.id, p.event_id, p.previous_url, e.starts_at, e.ends_at, e.follow_up_days, ${PENDING}
       FROM projects p JOIN events e ON e.id = p.event_id
       WHERE p.previous_forge = @forge AND p.previous_full_name = @name COLLATE NOCASE`,
  ).all({ forge, name: fullName }) as Array<{
    projectId: number;
    eventId: number;
    projectUrl: string;
    startsAt: string;
    endsAt: string;
    followUpDays: number;
    pending: number;
  }>;
  return rows.map((r) => ({
    projectId: r.projectId,
    eventId: r.eventId,
    projectUrl: r.projectUrl,
    window: windowOf(r),
    pending: r.pending === 1,
  }));
}

/** Installation events tell which repositories can send us webhooks; kept even before they are registered. */
export function setInstallation(
  db: Store,
  repoFullName: string,
  installationId: number | null,
  account: string | null,
  now = new Date(),
): void {
  if (installationId === null) {
    statement(db, 'DELETE FROM installations WHERE repo_full_name = ?').run(repoFullName);
  } else {
    statement(
      db,
      `INSERT INTO installations (repo_full_name, installation_id, account_login, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (repo_full_name) DO UPDATE SET installation_id = excluded.installation_id,
         account_login = excluded.account_login, updated_at = excluded.updated_at`,
    ).run(repoFullName, installationId, account, now.toISOString());
  }
}

export interface ProjectPitch {
  description: string;
  mentors: string;
  contributingUrl: string | null;
  starterLabel: string | null;
  webhookKey: string | null;
}

export function updateProjectPitch(db: Store, id: number, pitch: ProjectPitch): void {
  statement(
    db,
    `UPDATE projects SET description = ?, mentors = ?, contributing_url = ?, starter_label = ?,
      webhook_key = COALESCE(?, webhook_key) WHERE id = ?`,
  ).run(pitch.description, pitch.mentors, pitch.contributingUrl, pitch.starterLabel, pitch.webhookKey, id);
}

/** Replaces a project's web-hook key (sealed), or clears it (null). */
export function setWebhookKey(db: Store, id: number, sealed: string | null): void {
  statement(db, 'UPDATE projects SET webhook_key = ? WHERE id = ?').run(sealed, id);
}

export function addLeader(db: Store, projectId: number, login: string, proof: string): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO project_leaders (project_id, github_login, proof) VALUES (?, ?, ?)').run(
      projectId,
      login,
      proof,
    ).changes === 1
  );
}

/** Turns a claim into a proven leader; false when there was no such claim. */
export function proveClaim(db: Store, projectId: number, login: string, proof: string): boolean {
  return (
    statement(
      db,
      `UPDATE project_leaders SET proof = ? WHERE project_id = ? AND github_login = ? AND proof = 'claimed'`,
    ).run(proof, projectId, login).changes === 1
  );
}

/** Drops every claim on a project that nothing proved; returns the logins dropped. */
export function dropClaims(db: Store, projectId: number): string[] {
  return statement(db, `DELETE FROM project_leaders WHERE project_id = ? AND proof = 'claimed' RETURNING github_login`)
    .pluck()
    .all(projectId) as string[];
}

/** Projects of the event that only claims name: what the organize page asks organizers to approve or reject. */
export function listPendingProjects(db: Store, eventId?: number): ProjectRecord[] {
  const rows = statement(
    db,
    `${SELECT_PROJECT} WHERE (? IS NULL OR p.event_id = ?)
      AND EXISTS (SELECT 1 FROM project_leaders l WHERE l.project_id = p.id AND l.proof = 'claimed')
      AND NOT EXISTS (SELECT 1 FROM project_leaders l WHERE l.project_id = p.id AND l.proof <> 'claimed')
    ORDER BY p.event_id, p.created_at`,
  ).all(eventId ?? null, eventId ?? null) as ProjectRow[];
  return rows.map(toProject);
}

export function setDefaultBranch(db: Store, projectId: number, branch: string): void {
  statement(db, 'UPDATE projects SET default_branch = ? WHERE id = ?').run(branch, projectId);
}

export function deleteProject(db: Store, projectId: number): void {
  statement(db, 'DELETE FROM projects WHERE id = ?').run(projectId);
}

export interface HookTarget {
  projectId: number;
  defaultBranch: string | null;
  eventId: number;
  webhookKey: string | null;
  baseUrl: string;
  /** The project's URL on this forge (its previous home's, where it moved from this one). */
  projectUrl: string;
}

/**
 * Registered projects with this full name on a forge whose web-hooks carry a shared secret (Pagure,
 * GitLab, Forgejo), at home there or moved from there: each may hold the key a delivery is signed with.
 */
export function findHookTargets(db: Store, forge: Exclude<Forge, 'github'>, fullName: string): HookTarget[] {
  // A pending registration's key is the registrant's word, not the operator's trust: it verifies nothing
  // until an organizer approves the project (its work still arrives by polling, kept as pending).
  return statement(
    db,
    `SELECT id AS projectId, event_id AS eventId, webhook_key AS webhookKey, default_branch AS defaultBranch,
        IFNULL(instance_url, @instance) AS baseUrl, url AS projectUrl
      FROM projects p WHERE forge = @forge AND full_name = @name COLLATE NOCASE AND NOT ${PENDING}
      UNION ALL
      SELECT id, event_id, webhook_key, NULL, IFNULL(previous_instance_url, @instance), previous_url
      FROM projects p WHERE previous_forge = @forge AND previous_full_name = @name COLLATE NOCASE AND NOT ${PENDING}`,
  ).all({ forge, name: fullName, instance: defaultInstanceOf(forge) }) as HookTarget[];
}

/** Any installation of the app: its token reads public upstream repositories at the installation's rate limit. */
export function anyInstallationId(db: Store): number | null {
  const id = statement(db, 'SELECT installation_id FROM installations ORDER BY updated_at DESC LIMIT 1').pluck().get();
  return typeof id === 'number' ? id : null;
}

/** The app's installation on a GitHub repository, or null where it is not installed. */
export function installationOf(db: Store, repoFullName: string): number | null {
  const id = statement(db, 'SELECT installation_id FROM installations WHERE repo_full_name = ?')
    .pluck()
    .get(repoFullName);
  return typeof id === 'number' ? id : null;
}

/**
 * Rewrites stored web-hook keys in place where `reseal` gives a new form (null: keep it), in one
 * transaction: at start, keys stored in plain text before keys were sealed are sealed.
 */
export function resealWebhookKeys(db: Store, reseal: (stored: string) => string | null): number {
  return transaction(db, () => {
    const rows = statement(db, 'SELECT id, webhook_key FROM projects WHERE webhook_key IS NOT NULL').all() as Array<{
      id: number;
      webhook_key: string;
    }>;
    const update = statement(db, 'UPDATE projects SET webhook_key = ? WHERE id = ?');
    let changed = 0;
    for (const row of rows) {
      const next = reseal(row.webhook_key);
      if (next !== null) changed += update.run(next, row.id).changes;
    }
    return changed;
  });
}

/**
 * The order of projects in the report: the given projects first, in the order given; the others after
 * them, busiest first. An empty list gives every project back to that order.
 */
export function setReportOrder(
  db: Store,
  eventId: number,
  projectIds: number[],
  actor: string,
  now = new Date(),
): void {
  transaction(db, () => {
    statement(db, 'UPDATE projects SET report_position = NULL WHERE event_id = ?').run(eventId);
    projectIds.forEach((id, i) =>
      statement(db, 'UPDATE projects SET report_position = ? WHERE id = ? AND event_id = ?').run(i + 1, id, eventId),
    );
    logEventAction(
      db,
      eventId,
      projectIds.length ? 'report order set' : 'report order back to busiest first',
      actor,
      now,
    );
  });
}

/** Which of GitLab and Forgejo an instance runs, as projects registered on it say; null when none is. */
export function forgeOfInstance(db: Store, origin: string): Forge | null {
  const forge = statement(
    db,
    `SELECT forge FROM projects WHERE forge IN ('gitlab', 'forgejo') AND instance_url = ? COLLATE NOCASE
      UNION ALL SELECT previous_forge FROM projects WHERE previous_forge IN ('gitlab', 'forgejo') AND previous_instance_url = ? COLLATE NOCASE
      LIMIT 1`,
  )
    .pluck()
    .get(origin, origin) as Forge | undefined;
  return forge ?? null;
}
