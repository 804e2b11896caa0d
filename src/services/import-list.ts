import { windowOf } from '../domain/event-window.js';
import type { Contribution } from '../domain/contribution.js';
import type { ListForge, ListPerson, ListRow } from '../sources/tsv/parse-list.js';
import type { Credit } from '../domain/attribution.js';
import { transaction, type Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import { addProject, findRegistrations, getProject } from '../store/projects.js';
import { addMembership, findMemberByNameOnly, upsertSprinter } from '../store/sprinters.js';
import { recordForProject } from './record-contribution.js';
import { recordOutcome } from './record-outcome.js';
import { hasInstance, projectUrl } from '../sources/registry.js';

export interface ImportSummary {
  contributions: number;
  projects: number;
  sprinters: number;
  outcomes: number;
  /** Of all rows (contributions and outcomes): new to the event, changed, or as the event held them already. */
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Loads an organizer's list into an event in one transaction. The list is the organizer's word:
 * its rows count whatever the window or membership, and unnamed rows stay, credited to nobody.
 */
export function importList(db: Store, event: EventRecord, rows: ListRow[], now = new Date()): ImportSummary {
  return transaction(db, (): ImportSummary => {
    const projects = new Set<number>();
    const sprinters = new Set<number>();
    let outcomes = 0;
    const tally = { added: 0, changed: 0, unchanged: 0 };
    const count = (change: { created: boolean; visible: boolean }) => {
      tally[change.created ? 'added' : change.visible ? 'changed' : 'unchanged'] += 1;
    };
    for (const row of rows) {
      const sprinterId = creditedSprinter(db, event.id, row, now);
      if (sprinterId !== null) sprinters.add(sprinterId);
      const coAuthors = row.coAuthors
        .map((p) => creditedSprinter(db, event.id, p, now))
        .filter((id): id is number => id !== null && id !== sprinterId);
      for (const id of coAuthors) sprinters.add(id);
      if (row.kind === 'other') {
        count(
          recordOutcome(
            db,
            event,
            { topic: row.project, title: row.title, url: row.url, sprinterId, source: 'import' },
            row.createdAt ? new Date(row.createdAt) : new Date(event.startsAt),
          ),
        );
        outcomes += 1;
        continue;
      }
      const forge = row.forge as ListForge;
      // A row of a project's previous home (pagure:pagure of a project that moved to Forgejo) is that project's.
      const registered = findRegistrations(db, forge, row.project).find((r) => r.eventId === event.id);
      const project =
        (registered ? getProject(db, registered.projectId) : null) ??
        addProject(db, { eventId: event.id, forge, fullName: row.project, ...homeOf(forge, row) }, now);
      projects.add(project.id);
      const change = recordForProject(
        db,
        {
          eventId: event.id,
          projectId: project.id,
          projectUrl: project.url,
          window: windowOf(event),
        },
        toContribution(event, row),
        now,
        creditsOf(sprinterId, coAuthors),
      );
      count(change);
    }
    return {
      contributions: rows.length - outcomes,
      projects: projects.size,
      sprinters: sprinters.size,
      outcomes,
      ...tally,
    };
  });
}

/** A project lives where its links point (pagure.io, src.fedoraproject.org, gitlab.gnome.org...); a GitHub one on GitHub. */
function homeOf(forge: ListForge, row: ListRow): { url: string; instanceUrl?: string } {
  if (!hasInstance(forge) || !row.instanceUrl) return { url: projectUrl(forge, row.project) };
  return { url: projectUrl(forge, row.project, row.instanceUrl), instanceUrl: row.instanceUrl };
}

/** The organizer's credit for a row: its author, then everyone else it names. */
function creditsOf(author: number | null, coAuthors: number[]): Credit[] | undefined {
  const credits: Credit[] = [
    ...(author === null ? [] : [{ sprinterId: author, role: 'author' as const }]),
    ...coAuthors.map((sprinterId) => ({ sprinterId, role: 'co-author' as const })),
  ];
  return credits.length ? credits : undefined;
}

function creditedSprinter(db: Store, eventId: number, row: ListPerson, now: Date): number | null {
  if (!row.githubLogin && !row.pagureUser && !row.contributorName) return null;
  // Someone listed by name only is the same person on every row of the list that names them.
  const existingByName =
    !row.githubLogin && !row.pagureUser
      ? (findMemberByNameOnly(db, eventId, row.contributorName!) ?? undefined)
      : undefined;
  const id =
    existingByName ??
    upsertSprinter(
      db,
      {
        displayName: row.contributorName ?? row.githubLogin ?? row.pagureUser!,
        githubLogin: row.githubLogin,
        pagureUsername: row.pagureUser,
        proof: 'import',
      },
      now,
    ).id;
  addMembership(db, eventId, id, now);
  return id;
}

function toContribution(event: EventRecord, row: ListRow): Contribution {
  // A row without a time has none: it sorts at the event's start, and the charts leave it out.
  const createdAt = row.createdAt ?? event.startsAt;
  const state = row.kind === 'commit' ? 'merged' : row.state;
  return {
    forge: row.forge as ListForge,
    repo: row.project,
    kind: row.kind,
    key: row.ref,
    url: row.url,
    title: row.title,
    author: {
      login: row.githubLogin ?? row.pagureUser,
      id: null,
      email: null,
      name: row.contributorName,
      isBot: false,
    },
    coAuthors: [],
    // A list that does not say is stored as unknown rather than guessed.
    state: (state ?? 'unknown') as Contribution['state'],
    createdAt,
    timed: row.createdAt !== null,
    mergedAt: null,
    closedAt: null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: row.kind === 'commit',
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: [],
    sourceUpdatedAt: null,
    source: 'import',
  };
}
