import type { CsvRow, ReportContribution, ReportOutcome, ReportPerson, ReportProject, ReportTotals } from '../domain/report.js';
import { UNNAMED } from '../domain/report.js';
import type { Db } from './database.js';
import { statement } from './statements.js';

interface Row {
  id: number;
  project_id: number | null;
  topic: string | null;
  kind: 'pull_request' | 'commit' | 'other';
  key: string;
  url: string;
  title: string;
  state: ReportContribution['state'];
  created_at: string;
  merged_at: string | null;
  first_time: number;
  credits: string | null;
}

interface PersonRow {
  id: number;
  display_name: string;
  github_login: string | null;
  pagure_username: string | null;
  hidden: number;
}

/** Counted contributions of the event grouped by project, plus non-code outcomes; row → report shape happens here only. */
export function loadReportSections(db: Db, eventId: number): { projects: ReportProject[]; other: ReportOutcome[]; firstTimers: ReportPerson[] } {
  const people = new Map<number, ReportPerson>();
  for (const p of statement(db, `SELECT s.id, s.display_name, s.github_login, s.pagure_username, s.hidden
      FROM sprinters s WHERE s.id IN (SELECT k.sprinter_id FROM credits k JOIN contributions c ON c.id = k.contribution_id WHERE c.event_id = ?)`)
    .all(eventId) as PersonRow[]) {
    people.set(p.id, toPerson(p));
  }
  const projects = new Map<number, ReportProject>();
  for (const p of statement(db, 'SELECT id, forge, full_name, url FROM projects WHERE event_id = ? ORDER BY full_name COLLATE NOCASE').all(eventId) as Array<{ id: number; forge: 'github' | 'pagure'; full_name: string; url: string }>) {
    projects.set(p.id, { forge: p.forge, name: p.full_name, url: p.url, contributions: [] });
  }
  const other: ReportOutcome[] = [];
  const rows = statement(db, `SELECT c.id, c.project_id, c.topic, c.kind, c.key, c.url, c.title, c.state, c.created_at, c.merged_at, c.first_time,
        (SELECT group_concat(k.sprinter_id || ':' || k.role) FROM credits k WHERE k.contribution_id = c.id) AS credits
      FROM contributions c WHERE c.event_id = ? AND c.counted = 1 ORDER BY c.created_at, c.id`).all(eventId) as Row[];
  for (const row of rows) {
    const credits = (row.credits ?? '').split(',').filter(Boolean).map((k) => k.split(':') as [string, string]);
    const author = credits.find(([, role]) => role === 'author') ?? credits[0];
    const sprinter = author ? people.get(Number(author[0])) ?? UNNAMED : UNNAMED;
    if (row.kind === 'other' || row.project_id === null) {
      other.push({ topic: row.topic ?? '', title: row.title, url: row.url, sprinter });
      continue;
    }
    projects.get(row.project_id)?.contributions.push({
      kind: row.kind,
      ref: row.key,
      url: row.url,
      title: row.title,
      state: row.state,
      created_at: row.created_at,
      merged_at: row.merged_at,
      first_time: row.first_time === 1,
      sprinter,
      co_authors: credits.filter((k) => k !== author).map(([id]) => people.get(Number(id)) ?? UNNAMED),
    });
  }
  const firstTimers = (statement(db, `SELECT s.id FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
      WHERE t.event_id = ? AND t.first_time > 0 ORDER BY s.display_name`).pluck().all(eventId) as number[])
    .map((id) => people.get(id) ?? UNNAMED);
  return { projects: [...projects.values()], other, firstTimers };
}

function toPerson(p: PersonRow): ReportPerson {
  if (p.hidden === 1) return { name: null, github: null, pagure: null, anonymous: true };
  return { name: p.display_name, github: p.github_login, pagure: p.pagure_username };
}

/** Headline numbers, read from the per-event aggregates rather than recounted. */
export function loadTotals(db: Db, eventId: number): ReportTotals {
  const stats = statement(db, `SELECT contributors, first_timers, pull_requests, merged, commits, others FROM event_stats WHERE event_id = ?`).get(eventId) as
    { contributors: number; first_timers: number; pull_requests: number; merged: number; commits: number; others: number } | undefined;
  const projects = statement(db, 'SELECT count(*) FROM projects WHERE event_id = ?').pluck().get(eventId) as number;
  const sprinters = statement(db, `SELECT count(*) FROM memberships WHERE event_id = ? AND status = 'joined'`).pluck().get(eventId) as number;
  return {
    sprinters, contributors: stats?.contributors ?? 0, first_timers: stats?.first_timers ?? 0, pull_requests: stats?.pull_requests ?? 0,
    merged: stats?.merged ?? 0, commits: stats?.commits ?? 0, projects, other: stats?.others ?? 0,
  };
}

interface CsvSourceRow {
  kind: 'pull_request' | 'commit' | 'other';
  key: string;
  url: string;
  title: string;
  state: string;
  created_at: string;
  merged_at: string | null;
  first_time: number;
  topic: string | null;
  display_name: string | null;
  github_login: string | null;
  pagure_username: string | null;
  hidden: number | null;
  co_authors: string | null;
}

/**
 * The export's rows straight from SQLite, project by project, one row in memory at a time: the report
 * model holds every contribution at once, which a Hacktoberfest-sized event cannot afford.
 */
export function* iterateCsvRows(db: Db, eventId: number): Generator<CsvRow> {
  const select = `SELECT c.kind, c.key, c.url, c.title, c.state, c.created_at, c.merged_at, c.first_time, c.topic,
        s.display_name, s.github_login, s.pagure_username, s.hidden,
        (SELECT group_concat(IFNULL(s2.github_login, s2.display_name), ' ') FROM credits k2 JOIN sprinters s2 ON s2.id = k2.sprinter_id
          WHERE k2.contribution_id = c.id AND k2.role = 'co-author') AS co_authors
      FROM contributions c
      LEFT JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      LEFT JOIN sprinters s ON s.id = k.sprinter_id`;
  const byProject = statement(db, `${select} WHERE c.project_id = ? AND c.counted = 1 ORDER BY c.id`);
  const outcomes = statement(db, `${select} WHERE c.project_id IS NULL AND c.counted = 1 AND c.event_id = ? ORDER BY c.created_at, c.id`);
  const toRow = (project: string, forge: string, r: CsvSourceRow): CsvRow => ({
    project, forge, kind: r.kind, ref: r.kind === 'other' ? '' : r.key, url: r.url, title: r.title, state: r.kind === 'other' ? '' : r.state,
    createdAt: r.kind === 'other' ? '' : r.created_at, mergedAt: r.merged_at,
    sprinter: r.display_name === null ? UNNAMED : toPerson({ id: 0, display_name: r.display_name, github_login: r.github_login, pagure_username: r.pagure_username, hidden: r.hidden ?? 0 }),
    coAuthors: r.co_authors ?? '', firstTime: r.first_time === 1,
  });
  const projects = statement(db, 'SELECT id, forge, full_name FROM projects WHERE event_id = ? ORDER BY full_name COLLATE NOCASE').all(eventId) as Array<{ id: number; forge: string; full_name: string }>;
  for (const project of projects) {
    for (const r of byProject.iterate(project.id) as Iterable<CsvSourceRow>) yield toRow(project.full_name, project.forge, r);
  }
  for (const r of outcomes.iterate(eventId) as Iterable<CsvSourceRow>) yield toRow(r.topic ?? '', 'other', r);
}
