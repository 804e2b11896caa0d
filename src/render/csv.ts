import type { CsvRow, Report } from '../domain/report.js';

export type { CsvRow } from '../domain/report.js';

export const CSV_COLUMNS = [
  'project', 'forge', 'kind', 'ref', 'url', 'title', 'state', 'created_at', 'merged_at',
  'sprinter_name', 'github', 'pagure', 'co_authors', 'first_time',
] as const;

/**
 * One cell, quoted per RFC 4180. Cells a spreadsheet would run as a formula (= + - @, tab, CR)
 * get a leading apostrophe, the OWASP-recommended neutralisation.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  let text = value;
  const first = text.charCodeAt(0);
  // = + - @ TAB CR
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Quotes for separators and line breaks, and for edge spaces a spreadsheet would trim. */
const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;

function csvLine(cells: Array<string | number | boolean | null>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Yields the file line by line, so an export of a million rows streams instead of building one string. */
export function* renderCsvRows(rows: Iterable<CsvRow>): Generator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for (const r of rows) {
    yield csvLine([
      r.project, r.forge, r.kind, r.ref, r.url, r.title, r.state, r.createdAt, r.mergedAt,
      r.sprinter.anonymous ? 'Anonymous sprinter' : r.sprinter.name, r.sprinter.github, r.sprinter.pagure, r.coAuthors, r.firstTime,
    ]);
  }
}

function* reportRows(report: Report): Generator<CsvRow> {
  for (const project of report.projects) {
    for (const c of project.contributions) {
      yield {
        project: project.name, forge: project.forge, kind: c.kind, ref: c.ref, url: c.url, title: c.title, state: c.state,
        createdAt: c.created_at, mergedAt: c.merged_at, sprinter: c.sprinter,
        coAuthors: c.co_authors.map((p) => p.github ?? p.name ?? '').join(' '), firstTime: c.first_time,
      };
    }
  }
  for (const o of report.other_contributions) {
    yield { project: o.topic, forge: 'other', kind: 'other', ref: '', url: o.url, title: o.title, state: '', createdAt: '', mergedAt: null, sprinter: o.sprinter, coAuthors: '', firstTime: false };
  }
}

/** The CSV of an in-memory report (tests, small events); large events stream rows from the store. */
export function renderCsv(report: Report): Generator<string> {
  return renderCsvRows(reportRows(report));
}
