import { joinAsLeader } from './leader-membership.js';
import { maySpeakFor, type RepoPermission } from '../sources/github/repo-permission.js';
import { logEventAction } from '../store/events.js';
import { bindGithubLogin } from '../store/github-logins.js';
import {
  addLeader,
  addProject,
  deleteProject,
  dropClaims,
  getProject,
  proveClaim,
  setWebhookKey,
  updateProjectPitch,
  type NewProject,
  type ProjectPitch,
  type ProjectRecord,
} from '../store/projects.js';
import { transaction, type Store } from '../store/store.js';
import { removeProjectContributions } from '../store/write-contribution.js';
import type { RedecidedChange } from './decide-again.js';
import { rejudgeEvent } from './rejudge-event.js';

/** Who registers a project from the web, and what GitHub said of their permission on it (null: not asked). */
export interface Registrant {
  login: string;
  githubId: number;
  permission: RepoPermission | null;
  /** An organizer's registration needs nobody's approval. */
  organizer: boolean;
  /** The name GitHub gave at sign-in: a proven leader joins the sprint under it. */
  name?: string | null;
}

function proofOf(registrant: Registrant): string {
  if (registrant.permission !== null && maySpeakFor(registrant.permission)) return `github:${registrant.permission}`;
  return registrant.organizer ? `organizer:${registrant.login}` : 'claimed';
}

/**
 * A project registered from the web with its pitch, in one write. Its registrant leads it when GitHub
 * says they may act for the repository; otherwise the registration is a claim: the project is tracked,
 * and waits for GitHub's word at the registrant's next sign-in, or for an organizer.
 */
export function registerProject(
  db: Store,
  project: Omit<NewProject, 'leaders' | 'leaderProof' | 'registeredBy'>,
  pitch: ProjectPitch,
  registrant: Registrant,
  now = new Date(),
): ProjectRecord {
  return transaction(db, () => {
    // The claim names a login; this binds it to the registrant's account whatever sign-in did before.
    bindGithubLogin(db, registrant.login, registrant.githubId, now);
    const created = addProject(
      db,
      {
        ...project,
        leaders: [registrant.login],
        leaderProof: proofOf(registrant),
        registeredBy: registrant.login,
      },
      now,
    );
    updateProjectPitch(db, created.id, pitch);
    if (created.leaders.length > 0) joinAsLeader(db, project.eventId, { ...registrant }, now);
    return getProject(db, created.id)!;
  });
}

/**
 * GitHub's answer for a claim: a permission that lets them merge makes the claimant a leader, and the
 * project's work, kept while it was pending, is decided again (it counts now).
 */
export function proveLeadership(
  db: Store,
  projectId: number,
  login: string,
  permission: RepoPermission,
  now = new Date(),
): boolean {
  return transaction(db, () => {
    if (!maySpeakFor(permission) || !proveClaim(db, projectId, login, `github:${permission}`)) return false;
    joinAsLeader(db, getProject(db, projectId)!.eventId, { login }, now);
    rejudgeEvent(db, getProject(db, projectId)!.eventId, now);
    return true;
  });
}

export type RegistrationDecision =
  { kind: 'approved'; leaders: string[] } | { kind: 'rejected'; removed: number } | { kind: 'not-pending' };

/**
 * An organizer's word on a pending registration. Approving makes its claimants leaders; rejecting
 * withdraws the project from the event with what was recorded for it (the counts follow). Logged.
 */
export function decideRegistration(
  db: Store,
  projectId: number,
  decision: 'approve' | 'reject',
  organizer: string,
  now = new Date(),
): RegistrationDecision {
  return transaction(db, (): RegistrationDecision => {
    const project = getProject(db, projectId);
    if (!project || project.claims.length === 0 || project.leaders.length > 0) return { kind: 'not-pending' };
    const name = `${project.forge}:${project.fullName}`;
    if (decision === 'approve') {
      for (const login of project.claims) {
        proveClaim(db, projectId, login, `organizer:${organizer}`);
        joinAsLeader(db, project.eventId, { login }, now);
      }
      logEventAction(db, project.eventId, `approved ${name} (led by ${project.claims.join(', ')})`, organizer, now);
      // Its work was kept while it was pending: decided again, it counts now.
      rejudgeEvent(db, project.eventId, now);
      return { kind: 'approved', leaders: project.claims };
    }
    dropClaims(db, projectId);
    const removed = removeProjectContributions(db, projectId);
    deleteProject(db, projectId);
    logEventAction(
      db,
      project.eventId,
      `rejected ${name} (registered by ${project.registeredBy ?? project.claims.join(', ')})`,
      organizer,
      now,
    );
    return { kind: 'rejected', removed };
  });
}

/**
 * Someone GitHub says may act for a repository (or an organizer) registers it while only a stranger's
 * unproven claim names it: the proven registration replaces the pending one. The claims and the key the
 * claimant typed are dropped (the key was never used), the pitch and key are the new registrant's, the
 * event log says whose registration was replaced, and the project's work, kept while it was pending, is
 * decided again. Returns the logins whose claims were dropped.
 */
export function replacePendingRegistration(
  db: Store,
  projectId: number,
  pitch: ProjectPitch,
  registrant: Registrant,
  now = new Date(),
): string[] {
  return transaction(db, () => {
    const project = getProject(db, projectId)!;
    bindGithubLogin(db, registrant.login, registrant.githubId, now);
    const dropped = dropClaims(db, projectId);
    addLeader(db, projectId, registrant.login, proofOf(registrant));
    joinAsLeader(db, project.eventId, { ...registrant }, now);
    setWebhookKey(db, projectId, pitch.webhookKey);
    updateProjectPitch(db, projectId, pitch);
    logEventAction(
      db,
      project.eventId,
      `replaced the pending registration of ${project.forge}:${project.fullName} by ${dropped.join(', ')}`,
      registrant.login,
      now,
    );
    rejudgeEvent(db, project.eventId, now);
    return dropped;
  });
}

/**
 * An organizer names a leader of a project: a pending project stops being pending, and a Pagure
 * leader's comments count as reviews, so the event's work is decided again with the change.
 */
export function addProjectLeader(
  db: Store,
  projectId: number,
  login: string,
  proof: string,
  now = new Date(),
): RedecidedChange[] {
  return transaction(db, () => {
    if (!addLeader(db, projectId, login, proof)) return [];
    return rejudgeEvent(db, getProject(db, projectId)!.eventId, now);
  });
}
