import { reviewedNumber, type Forge } from '../domain/contribution.js';
import {
  inReportOrder,
  type CsvRow,
  type ReportContribution,
  type ReportOutcome,
  type ReportPerson,
  type ReportProject,
  type ReportSprinter,
  type ReportTotals,
} from '../domain/report.js';
import { topSprinters, type RankingOptions } from './leaderboard.js';
import { isNamed, UNNAMED } from '../domain/report.js';
import { openDatabase } from './database.js';
import { storeFile, type Store } from './store.js';
import { statement } from './statements.js';

interface Row {
  id: number;
  project_id: number | null;
  topic: string | null;
  kind: 'pull_request' | 'commit' | 'issue' | 'review' | 'other';
  key: string;
  url: string;
  title: string;
  state: ReportContribution['state'];
  created_at: string;
  timed: number;
  merged_at: string | null;
  first_time: number;
  first_time_by: 'association' | 'search' | null;
  forge: Forge | 'other';
  author_login: string | null;
  author_name: string | null;
  credits: string | null;
}

/** The real author of work credited only to its co-authors: named as the forge named them, not as a sprinter. */
function forgeAuthor(row: Row): ReportPerson {
  if (!row.author_login && !row.author_name) return UNNAMED;
  const handle = (forge: Forge) => (row.forge === forge ? row.author_login : null);
  return {
    name: row.author_name,
    github: handle('github'),
    pagure: handle('pagure'),
    gitlab: handle('gitlab'),
    forgejo: handle('forgejo'),
  };
}

interface PersonRow {
  id: number;
  display_name: string;
  github_login: string | null;
  pagure_username: string | null;
  gitlab: string | null;
  forgejo: string | null;
  hidden: number;
}

/** A sprinter's proven login on a forge with instances (the first, where they have several). */
const PROVEN_LOGIN = (forge: Forge) =>
  `(SELECT a.username FROM forge_accounts a WHERE a.sprinter_id = s.id AND a.forge = '${forge}' AND a.verified_by IS NOT NULL ORDER BY a.instance_url, a.username LIMIT 1) AS ${forge}`;

export interface ReportSections {
  projects: ReportProject[];
  other: ReportOutcome[];
  firstTimers: ReportPerson[];
  sprinters: ReportSprinter[];
}

/**
 * Counted contributions of the event grouped by project (reviews beside each project's work and on the
 * pull requests they reviewed), plus non-code outcomes and the ranking; row → report shape happens here only.
 */
export function loadReportSections(
  db: Store,
  eventId: number,
  ranking: RankingOptions = { scoring: 'ranked', rankLeaders: true },
): ReportSections {
  const people = new Map<number, ReportPerson>();
  for (const p of statement(
    db,
    `SELECT s.id, s.display_name, s.github_login, CASE WHEN s.pagure_proof IS NOT NULL THEN s.pagure_username END AS pagure_username,
        ${PROVEN_LOGIN('gitlab')}, ${PROVEN_LOGIN('forgejo')}, s.hidden
      FROM sprinters s WHERE s.id IN (SELECT k.sprinter_id FROM credits k JOIN contributions c ON c.id = k.contribution_id WHERE c.event_id = ?)`,
  ).all(eventId) as PersonRow[]) {
    people.set(p.id, toPerson(p));
  }
  const projects = new Map<number, ReportProject>();
  const positions = new Map<ReportProject, number>();
  for (const p of statement(
    db,
    `SELECT p.id, p.forge, p.full_name, p.url, p.report_position, p.previous_forge, p.previous_full_name, p.previous_url,
        (SELECT group_concat(l.github_login, ' ') FROM project_leaders l WHERE l.project_id = p.id AND l.proof <> 'claimed') AS leaders,
        s.contributors, s.pull_requests, s.merged, s.commits, s.issues, s.reviews
      FROM projects p JOIN project_stats s ON s.project_id = p.id WHERE p.event_id = ?`,
  ).all(eventId) as Array<{
    id: number;
    forge: Forge;
    full_name: string;
    url: string;
    report_position: number | null;
    leaders: string | null;
    previous_forge: Forge | null;
    previous_full_name: string | null;
    previous_url: string | null;
    contributors: number;
    pull_requests: number;
    merged: number;
    commits: number;
    issues: number;
    reviews: number;
  }>) {
    const project: ReportProject = {
      forge: p.forge,
      name: p.full_name,
      url: p.url,
      ...(p.previous_forge && p.previous_full_name && p.previous_url
        ? { previous: { forge: p.previous_forge, name: p.previous_full_name, url: p.previous_url } }
        : {}),
      leaders: p.leaders ? p.leaders.split(' ').sort() : [],
      contributions: [],
      reviews: [],
      counts: {
        contributors: p.contributors,
        pull_requests: p.pull_requests,
        merged: p.merged,
        commits: p.commits,
        issues: p.issues,
        reviews: p.reviews,
      },
    };
    projects.set(p.id, project);
    if (p.report_position !== null) positions.set(project, p.report_position);
  }
  const other: ReportOutcome[] = [];
  const rows = statement(
    db,
    `SELECT c.id, c.project_id, c.topic, c.kind, c.key, c.url, c.title, c.state, c.created_at, c.timed, c.merged_at, c.first_time, c.first_time_by,
        c.forge, c.author_login, c.author_name,
        (SELECT group_concat(k.sprinter_id || ':' || k.role) FROM credits k WHERE k.contribution_id = c.id) AS credits
      FROM contributions c WHERE c.event_id = ? AND c.counted = 1 ORDER BY c.created_at, c.id`,
  ).all(eventId) as Row[];
  for (const row of rows) {
    const credits = (row.credits ?? '')
      .split(',')
      .filter(Boolean)
      .map((k) => k.split(':') as [string, string]);
    const author = credits.find(([, role]) => role === 'author');
    // Credited only to sprinters who co-wrote it: the first of them is its sprinter, and the author the
    // forge names (who did not sprint) is named beside them, not as a sprinter.
    const lead = author ?? credits[0];
    const sprinter = lead ? (people.get(Number(lead[0])) ?? UNNAMED) : forgeAuthor(row);
    const beside = !author && lead ? forgeAuthor(row) : UNNAMED;
    if (row.kind === 'other' || row.project_id === null) {
      other.push({ topic: row.topic ?? '', title: row.title, url: row.url, sprinter });
      continue;
    }
    if (row.kind === 'review') {
      projects.get(row.project_id)?.reviews!.push({
        pull_request: reviewedNumber(row.key),
        url: row.url,
        title: row.title,
        state: row.state,
        submitted_at: row.created_at,
        reviewer: sprinter,
      });
      continue;
    }
    projects.get(row.project_id)?.contributions.push({
      kind: row.kind,
      ref: row.key,
      url: row.url,
      title: row.title,
      state: row.state,
      created_at: row.timed ? row.created_at : null,
      merged_at: row.merged_at,
      first_time: row.first_time === 1,
      ...(row.kind === 'pull_request' ? { first_time_by: row.first_time_by } : {}),
      sprinter,
      co_authors: credits.filter((k) => k !== lead).map(([id]) => people.get(Number(id)) ?? UNNAMED),
      ...(isNamed(beside) ? { with: [beside] } : {}),
    });
  }
  for (const project of projects.values()) {
    // Each pull request says who reviewed it; reviews arrive in time order, so reviewers are listed as they came.
    const reviewers = new Map<string, ReportPerson[]>();
    for (const r of project.reviews!)
      reviewers.set(r.pull_request, [...(reviewers.get(r.pull_request) ?? []), r.reviewer]);
    for (const c of project.contributions) if (c.kind === 'pull_request') c.reviewed_by = reviewers.get(c.ref) ?? [];
  }
  const firstTimers = (
    statement(
      db,
      `SELECT s.id FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
      WHERE t.event_id = ? AND t.first_time > 0 ORDER BY s.display_name`,
    )
      .pluck()
      .all(eventId) as number[]
  ).map((id) => people.get(id) ?? UNNAMED);
  // The whole ranking (the report model holds every contribution already, so every sprinter is no more).
  const sprinters = topSprinters(db, eventId, Number.MAX_SAFE_INTEGER, null, ranking).map((r): ReportSprinter => ({
    rank: r.rank,
    person: people.get(r.sprinterId) ?? UNNAMED,
    merged: r.merged,
    pull_requests: r.pullRequests,
    commits: r.commits,
    issues: r.issues,
    reviews: r.reviews,
    points: r.points,
    first_time: r.firstTime,
  }));
  return { projects: inReportOrder([...projects.values()], positions), other, firstTimers, sprinters };
}

function toPerson(p: PersonRow): ReportPerson {
  if (p.hidden === 1) return { ...UNNAMED, anonymous: true };
  return {
    name: p.display_name,
    github: p.github_login,
    pagure: p.pagure_username,
    gitlab: p.gitlab,
    forgejo: p.forgejo,
  };
}

/** Headline numbers, read from the per-event aggregates rather than recounted. */
export function loadTotals(db: Store, eventId: number): ReportTotals {
  const stats = statement(
    db,
    `SELECT sprinters, contributors, first_timers, pull_requests, merged, commits, others, issues, reviews, state_unknown, unnamed FROM event_stats WHERE event_id = ?`,
  ).get(eventId) as
    | {
        sprinters: number;
        contributors: number;
        first_timers: number;
        pull_requests: number;
        merged: number;
        commits: number;
        others: number;
        issues: number;
        reviews: number;
        state_unknown: number;
        unnamed: number;
      }
    | undefined;
  const projects = statement(db, 'SELECT count(*) FROM projects WHERE event_id = ?').pluck().get(eventId) as number;
  return {
    sprinters: stats?.sprinters ?? 0,
    contributors: stats?.contributors ?? 0,
    first_timers: stats?.first_timers ?? 0,
    pull_requests: stats?.pull_requests ?? 0,
    merged: stats?.merged ?? 0,
    commits: stats?.commits ?? 0,
    projects,
    other: stats?.others ?? 0,
    issues: stats?.issues ?? 0,
    reviews: stats?.reviews ?? 0,
    state_unknown: stats?.state_unknown ?? 0,
    unnamed: stats?.unnamed ?? 0,
  };
}

type CsvSourceRow = [
  id: number,
  /** The project's id, or for an outcome (no project) its topic. */
  projectOrTopic: number | string | null,
  kind: CsvRow['kind'],
  key: string,
  url: string,
  title: string,
  state: string,
  createdAt: string,
  mergedAt: string | null,
  /** first_time + 2 × timed: two flags in one value. */
  flags: number,
  reason: string,
  /** The credited sprinter's id, negative for a co-author; null where nobody is credited. */
  credit: number | null,
];

/** Contributions read at once: a page of `.all()` costs less than stepping row by row, in constant memory still. */
const PAGE_ROWS = 2_000;

/** The columns of a CSV line and its credits, for the contributions a subquery `c` selects, in its order. */
const CSV_SELECT = `SELECT c.id, IFNULL(c.project_id, c.topic), c.kind, c.key, c.url, c.title, c.state, c.created_at,
    c.merged_at, c.first_time + 2 * c.timed, c.reason,
    CASE k.role WHEN 'author' THEN k.sprinter_id ELSE -k.sprinter_id END`;

/**
 * The export's rows straight from SQLite in the order they were recorded, then the outcomes by topic: a
 * page of ids at a time (the report model holds them all, which a Hacktoberfest-sized event cannot
 * afford). At a million rows the time goes into handing values from SQLite to JavaScript, so the query
 * hands over as few as it can: flags and credits are folded into one number each, and what repeats
 * (people, tasks, reviewers) is read once beforehand.
 */
function* iterateCsvRows(db: Store, eventId: number): Generator<CsvRow> {
  const projects = statement(
    db,
    'SELECT id, forge, full_name FROM projects WHERE event_id = ? ORDER BY full_name COLLATE NOCASE, id',
  ).all(eventId) as Array<{ id: number; forge: string; full_name: string }>;
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const personRow = `s.id, s.display_name, s.github_login, s.pagure_username, s.hidden, ${PROVEN_LOGIN('gitlab')}, ${PROVEN_LOGIN('forgejo')}`;
  // Everyone the event counted anything for, in one read (a lookup each cost a tenth of the export).
  const people = new Map<number, ReportPerson>(
    (
      statement(
        db,
        `SELECT ${personRow} FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id WHERE t.event_id = ?`,
      ).all(eventId) as PersonRow[]
    ).map((row) => [row.id, toPerson(row)]),
  );
  const person = (id: number): ReportPerson => {
    let p = people.get(id);
    if (!p) {
      const row = statement(db, `SELECT ${personRow} FROM sprinters s WHERE s.id = ?`).get(id) as PersonRow | undefined;
      p = row ? toPerson(row) : UNNAMED;
      people.set(id, p);
    }
    return p;
  };
  const handles = (ids: number[]): string =>
    ids
      .map((id) => person(id))
      .filter((p) => !p.anonymous)
      .map((p) => p.github ?? p.pagure ?? p.gitlab ?? p.forgejo ?? p.name ?? '')
      .join(' ');
  // The task each contribution did, where a sprinter linked one (tasks are few: one read).
  const tasks = new Map(
    statement(
      db,
      `SELECT l.contribution_id, t.title FROM task_links l JOIN tasks t ON t.id = l.task_id
        WHERE t.event_id = ? ORDER BY t.id DESC`,
    )
      .raw(true)
      .all(eventId) as Array<[number, string]>,
  );
  // Who reviewed each pull request, by project and number (reviews are a small share: one read of their index).
  const reviewers = new Map<string, number[]>();
  for (const [projectId, key, sprinter] of statement(
    db,
    `SELECT c.project_id, c.key, k.sprinter_id FROM contributions c INDEXED BY contributions_counted_reviews
      JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      WHERE c.event_id = ? AND c.kind = 'review' AND c.counted = 1`,
  )
    .raw(true)
    .all(eventId) as Array<[number, string, number]>) {
    const at = `${projectId}:${reviewedNumber(key)}`;
    reviewers.set(at, [...(reviewers.get(at) ?? []), sprinter]);
  }

  const toRow = (r: CsvSourceRow, author: number | null, coAuthors: number[]): CsvRow => {
    const [id, projectOrTopic, kind, key, url, title, state, createdAt, mergedAt, flags, reason] = r;
    const project = typeof projectOrTopic === 'number' ? projectById.get(projectOrTopic) : undefined;
    const other = kind === 'other';
    return {
      project: project?.full_name ?? (typeof projectOrTopic === 'string' ? projectOrTopic : ''),
      forge: project?.forge ?? 'other',
      kind,
      ref: other ? '' : kind === 'review' ? reviewedNumber(key) : key,
      url,
      title,
      state: other ? '' : state,
      createdAt: other || flags < 2 ? '' : createdAt,
      mergedAt,
      sprinter: author === null ? UNNAMED : person(author),
      coAuthors: coAuthors.length ? handles(coAuthors) : '',
      firstTime: (flags & 1) === 1,
      reviewedBy: kind === 'pull_request' ? handles(reviewers.get(`${projectOrTopic}:${key}`) ?? []) : '',
      task: tasks.get(id) ?? '',
      reason,
    };
  };

  /** Folds a page's lines (one per credit) into one CSV row per contribution; the last one's position is kept. */
  function* rowsOf(lines: CsvSourceRow[]): Generator<CsvRow> {
    let current: CsvSourceRow | null = null;
    let author: number | null = null;
    let coAuthors: number[] = [];
    for (const r of lines) {
      if (current && current[0] !== r[0]) {
        yield toRow(current, author, coAuthors);
        current = null;
      }
      if (!current) {
        current = r;
        author = null;
        coAuthors = [];
      }
      const credit = r[11];
      if (credit === null) continue;
      if (credit > 0) author = credit;
      else coAuthors.push(-credit);
    }
    if (current) yield toRow(current, author, coAuthors);
  }

  const [first, last] = statement(db, 'SELECT min(id), max(id) FROM contributions WHERE event_id = ?')
    .raw(true)
    .get(eventId) as [number | null, number | null];
  if (first === null || last === null) return;
  // In key order, a page of ids at a time: each page SQLite touches is next to the last one. Ordering by
  // project and time instead (0026's index) costs a scattered row lookup per contribution: 10.5 s against
  // 3.8 s at a million rows, over the export's goal. Each line names its project and time, so a
  // spreadsheet sorts them in one click.
  const page = statement(
    db,
    `${CSV_SELECT}
      FROM (SELECT * FROM contributions WHERE id BETWEEN ? AND ? AND event_id = ? AND counted = 1 AND project_id IS NOT NULL) c
      LEFT JOIN credits k ON k.contribution_id = c.id
      ORDER BY c.id`,
  ).raw(true);
  for (let low = first; low <= last; low += PAGE_ROWS) {
    yield* rowsOf(page.all(low, Math.min(last, low + PAGE_ROWS - 1), eventId) as CsvSourceRow[]);
  }
  // Outcomes (talks, docs, a room's work) have no project: by topic, then time. They are few.
  yield* rowsOf(
    statement(
      db,
      `${CSV_SELECT}
        FROM (SELECT * FROM contributions WHERE event_id = ? AND counted = 1 AND project_id IS NULL) c
        LEFT JOIN credits k ON k.contribution_id = c.id
        ORDER BY c.topic, c.created_at, c.id`,
    )
      .raw(true)
      .all(eventId) as CsvSourceRow[],
  );
}

/**
 * The event's CSV rows, streamed in constant memory. A file database is read on a read-only connection of
 * its own, inside one read transaction: the rows are one consistent snapshot however long the download
 * takes, and the caller's connection stays free meanwhile (better-sqlite3 runs nothing else on a connection
 * while it iterates). Closing the generator early closes that connection.
 */
export function* streamCsvRows(store: Store, eventId: number): Generator<CsvRow> {
  const file = storeFile(store);
  if (file === null) {
    yield* iterateCsvRows(store, eventId);
    return;
  }
  const reader = openDatabase(file, { readonly: true, migrate: false });
  try {
    reader.exec('BEGIN');
    yield* iterateCsvRows(reader as unknown as Store, eventId);
  } finally {
    reader.close();
  }
}
