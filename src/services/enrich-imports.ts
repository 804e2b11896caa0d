import { windowOf } from '../domain/event-window.js';
import type { Credit } from '../domain/attribution.js';
import type { Contribution } from '../domain/contribution.js';
import type { ForgeClients } from '../sources/forge-adapter.js';
import { adapterOf } from '../sources/registry.js';
import { importedForgeContributions, listCredits, type StoredContribution } from '../store/contributions.js';
import type { EventRecord } from '../store/events.js';
import { listProjects, type ProjectRecord } from '../store/projects.js';
import { addMembership, IdentityConflictError, upsertSprinter } from '../store/sprinters.js';
import { transaction, type Store } from '../store/store.js';
import { recordForProject, type RecordedChange } from './record-contribution.js';

export type EnrichSources = ForgeClients;

export interface EnrichOptions {
  /** Only rows still lacking a state, a time or a title (the scheduler's rounds); else every imported row. */
  incomplete?: boolean;
  /** Rows to leave out (the scheduler's: those it already asked about since it started). */
  skip?: (row: StoredContribution) => boolean;
}

export interface EnrichResult {
  /** Imported rows the forges described and that are now complete. */
  enriched: number;
  /** Rows looked at, and their ids. */
  total: number;
  ids: number[];
  /** What could not be resolved, and why: listed, never guessed. */
  unresolved: Array<{ url: string; reason: string }>;
  changes: RecordedChange[];
}

/**
 * Completes an organizer's list from the forges: each imported pull request or commit gets its title,
 * author (login, numeric id, name), state, times and first-time flag as GitHub or Pagure describe it. The
 * row stays the organizer's word (it counts as imported); a row the list left unnamed is credited to
 * the author the forge names, who joins the event as the list's other sprinters do.
 */
export async function enrichImports(
  db: Store,
  event: EventRecord,
  sources: EnrichSources,
  now = new Date(),
  options: EnrichOptions = {},
): Promise<EnrichResult> {
  const projects = new Map(listProjects(db, event.id).map((p) => [p.id, p]));
  const rows = importedForgeContributions(db, event.id, { incomplete: options.incomplete }).filter(
    (row) => !options.skip?.(row),
  );
  const result: EnrichResult = {
    enriched: 0,
    total: rows.length,
    ids: rows.map((r) => r.id),
    unresolved: [],
    changes: [],
  };
  const names = new Map<string, string | null>();
  for (const row of rows) {
    const project = projects.get(row.projectId!);
    if (!project) continue;
    let fetched: Contribution | null;
    try {
      fetched = await describe(project, row, sources);
    } catch (error) {
      result.unresolved.push({ url: row.url, reason: (error as Error).message });
      continue;
    }
    if (!fetched) {
      result.unresolved.push({
        url: row.url,
        reason: `${adapterOf(project.forge).label} has no such ${row.kind === 'commit' ? 'commit' : 'pull request'}`,
      });
      continue;
    }
    // A pull request names its author by login only: their name, for the report, is asked once per person.
    if (
      adapterOf(fetched.forge).identity === 'sign-in-account' &&
      fetched.author.login &&
      !fetched.author.name &&
      listCredits(db, row.id).length === 0
    ) {
      fetched = {
        ...fetched,
        author: { ...fetched.author, name: await githubName(sources, fetched.author.login, names) },
      };
    }
    const complete = fetched;
    try {
      const registration = {
        eventId: event.id,
        projectId: project.id,
        projectUrl: project.url,
        window: windowOf(event),
      };
      result.changes.push(
        transaction(db, () =>
          recordForProject(
            db,
            registration,
            { ...complete, url: row.url, source: 'import', timed: true },
            now,
            creditsFor(db, event, row, complete, now),
          ),
        ),
      );
      result.enriched += 1;
    } catch (error) {
      if (!(error instanceof IdentityConflictError)) throw error;
      result.unresolved.push({ url: row.url, reason: error.message });
    }
  }
  return result;
}

async function githubName(
  sources: EnrichSources,
  login: string,
  names: Map<string, string | null>,
): Promise<string | null> {
  if (!names.has(login)) {
    try {
      const { data } = await sources.github!.octokit.request('GET /users/{username}', { username: login });
      names.set(login, typeof data.name === 'string' && data.name.trim() ? data.name.trim() : null);
    } catch {
      names.set(login, null);
    }
  }
  return names.get(login) ?? null;
}

/** A listed row as its project's forge describes it (where the project lived when the row was done). */
function describe(
  project: ProjectRecord,
  row: StoredContribution,
  sources: EnrichSources,
): Promise<Contribution | null> {
  if (row.kind !== 'pull_request' && row.kind !== 'commit')
    return Promise.reject(new Error(`a listed ${row.kind} stays as the list gave it`));
  return adapterOf(project.forge).describe(project, row.kind, row.key, sources);
}

/** The list's own credit stands; a row it left unnamed is credited to the author the forge names. */
function creditsFor(
  db: Store,
  event: EventRecord,
  row: StoredContribution,
  fetched: Contribution,
  now: Date,
): Credit[] | undefined {
  const existing = listCredits(db, row.id);
  if (existing.length > 0 || !fetched.author.login || fetched.author.isBot)
    return existing.length > 0 ? existing : undefined;
  const identity = adapterOf(fetched.forge).identity;
  const github = identity === 'sign-in-account';
  const sprinter = upsertSprinter(
    db,
    {
      displayName: fetched.author.name ?? fetched.author.login,
      githubLogin: github ? fetched.author.login : null,
      githubId: github ? fetched.author.id : null,
      pagureUsername: identity === 'sprinter-login' ? fetched.author.login : null,
      // The forge's own record of who wrote it, for a row the organizer listed.
      proof: 'forge',
    },
    now,
  );
  addMembership(db, event.id, sprinter.id, now);
  return [{ sprinterId: sprinter.id, role: 'author' }];
}
