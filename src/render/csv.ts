import { withoutBidi } from '../domain/forge-text.js';
import type { CountReason } from '../domain/attribution.js';
import type { CsvRow } from '../domain/report.js';
import { describeVerdict } from './count-reason.js';

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
  'gitlab',
  'forgejo',
  'reviewed_by',
  'task',
  'reason',
] as const;

/**
 * One cell, quoted per RFC 4180. Cells a spreadsheet would run as a formula (= + - @, tab, CR)
 * get a leading apostrophe, the OWASP-recommended neutralisation.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  // Most cells (links, dates, logins) need nothing: one test says so, instead of the three below.
  if (!MAY_NEED_CARE.test(value)) return value;
  let text = withoutBidi(value);
  // Spreadsheets skip leading spaces before they look for a formula, so the check does too.
  if (/^[\t\r]|^[ \u00a0]*[=+\-@]/.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Quotes for separators and line breaks, and for edge spaces a spreadsheet would trim. */
const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;

/**
 * Anything csvCell might change: a character to quote for or to strip (bidirectional controls), a leading
 * formula character or space, a trailing space. A cell without any is written as it is.
 */
const MAY_NEED_CARE = /[",\n\r\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|^[\s\u00a0=+\-@]|\s$/;

function csvLine(cells: Array<string | number | boolean | null>): string {
  let line = csvCell(cells[0] ?? null);
  for (let i = 1; i < cells.length; i += 1) line += ',' + csvCell(cells[i] ?? null);
  return line + '\r\n';
}

/** The reason in words, once per distinct reason (a million rows have two or three). */
const REASON_WORDS = new Map<string, string>();
function reasonWords(reason: string): string {
  let words = REASON_WORDS.get(reason);
  if (words === undefined) {
    words = describeVerdict(reason as CountReason, null);
    if (REASON_WORDS.size < 100) REASON_WORDS.set(reason, words);
  }
  return words;
}

/** Yields the file line by line, so an export of a million rows streams instead of building one string. */
export function* renderCsvRows(rows: Iterable<CsvRow>): Generator<string> {
  yield csvLine([...CSV_COLUMNS]);
  // Cell by cell into one string: no array of cells a line (a million of them in a large export).
  for (const r of rows) {
    const name = r.sprinter.anonymous ? 'Anonymous sprinter' : r.sprinter.name;
    yield `${csvCell(r.project)},${csvCell(r.forge)},${csvCell(r.kind)},${csvCell(r.ref)},${csvCell(r.url)},${csvCell(r.title)},${csvCell(r.state)},${csvCell(r.createdAt)},${csvCell(r.mergedAt)},${csvCell(name)},${csvCell(r.sprinter.github)},${csvCell(r.sprinter.pagure)},${csvCell(r.coAuthors)},${csvCell(r.firstTime)},${csvCell(r.sprinter.gitlab ?? null)},${csvCell(r.sprinter.forgejo ?? null)},${csvCell(r.reviewedBy)},${csvCell(r.task)},${csvCell(reasonWords(r.reason))}\r\n`;
  }
}
