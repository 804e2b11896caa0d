import { withoutBidi } from '../domain/forge-text.js';
import type { CsvRow } from '../domain/report.js';

export type { CsvRow } from '../domain/report.js';

export const CSV_COLUMNS = [
  'project',
  'forge',
  'kind',
  'ref',
  'url',
  'title',
  'state',
  'created_at',
  'merged_at',
  'sprinter_name',
  'github',
  'pagure',
  'co_authors',
  'first_time',
] as const;

/**
 * One cell, quoted per RFC 4180. Cells a spreadsheet would run as a formula (= + - @, tab, CR)
 * get a leading apostrophe, the OWASP-recommended neutralisation.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  let text = withoutBidi(value);
  // Spreadsheets skip leading spaces before they look for a formula, so the check does too.
  if (/^[\t\r]|^[ \u00a0]*[=+\-@]/.test(text)) text = `'${text}`;
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
      r.project,
      r.forge,
      r.kind,
      r.ref,
      r.url,
      r.title,
      r.state,
      r.createdAt,
      r.mergedAt,
      r.sprinter.anonymous ? 'Anonymous sprinter' : r.sprinter.name,
      r.sprinter.github,
      r.sprinter.pagure,
      r.coAuthors,
      r.firstTime,
    ]);
  }
}
