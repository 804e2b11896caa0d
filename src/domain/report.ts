/**
 * The end-of-sprint report, in the documented JSON shape (snake_case, stable: fields may be added,
 * never renamed). Markdown, CSV, HTML and JSON are all rendered from this one model.
 */
export interface ReportPerson {
  name: string | null;
  github: string | null;
  pagure: string | null;
  anonymous?: boolean;
}

export interface ReportContribution {
  kind: 'pull_request' | 'commit';
  /** Pull request number or commit sha. */
  ref: string;
  url: string;
  title: string;
  state: 'open' | 'merged' | 'closed' | 'unknown';
  created_at: string;
  merged_at: string | null;
  first_time: boolean;
  /** The credited author; all fields null for an unnamed contributor of an imported list. */
  sprinter: ReportPerson;
  co_authors: ReportPerson[];
}

export interface ReportProject {
  forge: 'github' | 'pagure';
  name: string;
  url: string;
  contributions: ReportContribution[];
}

export interface ReportOutcome {
  topic: string;
  title: string;
  url: string;
  sprinter: ReportPerson;
}

export interface ReportTotals {
  sprinters: number;
  contributors: number;
  first_timers: number;
  pull_requests: number;
  merged: number;
  commits: number;
  projects: number;
  other: number;
}

export interface Report {
  event: { slug: string; name: string; starts_at: string; ends_at: string; time_zone: string };
  totals: ReportTotals;
  first_time_contributors: ReportPerson[];
  projects: ReportProject[];
  other_contributions: ReportOutcome[];
}

export const UNNAMED: ReportPerson = { name: null, github: null, pagure: null };

export function personLabel(person: ReportPerson): string {
  if (person.anonymous) return 'An anonymous sprinter';
  return person.name ?? person.github ?? person.pagure ?? 'An unnamed contributor';
}

export function contributionLabel(projectName: string, c: Pick<ReportContribution, 'kind' | 'ref'>): string {
  return c.kind === 'pull_request' ? `${projectName}#${c.ref}` : `${projectName}@${c.ref.slice(0, 7)}`;
}

/** One line of the CSV export, in column order: the single mapping from any source to CSV. */
export interface CsvRow {
  project: string;
  forge: string;
  kind: string;
  ref: string;
  url: string;
  title: string;
  state: string;
  createdAt: string;
  mergedAt: string | null;
  sprinter: ReportPerson;
  coAuthors: string;
  firstTime: boolean;
}

/** The CSV lines of a report model, projects in the report's order (a frozen report is exported this way). */
export function* csvRowsOf(report: Report): Generator<CsvRow> {
  const handle = (p: ReportPerson): string => (p.anonymous ? '' : p.github ?? p.name ?? '');
  for (const project of report.projects) {
    for (const c of project.contributions) {
      yield {
        project: project.name, forge: project.forge, kind: c.kind, ref: c.ref, url: c.url, title: c.title, state: c.state,
        createdAt: c.created_at, mergedAt: c.merged_at, sprinter: c.sprinter,
        coAuthors: c.co_authors.map(handle).filter(Boolean).join(' '), firstTime: c.first_time,
      };
    }
  }
  for (const o of report.other_contributions) {
    yield { project: o.topic, forge: 'other', kind: 'other', ref: '', url: o.url, title: o.title, state: '', createdAt: '', mergedAt: null, sprinter: o.sprinter, coAuthors: '', firstTime: false };
  }
}
