import type { Report } from '../domain/report.js';

export const CSV_COLUMNS = [
  'project', 'forge', 'kind', 'ref', 'url', 'title', 'state', 'created_at', 'merged_at',
  'sprinter_name', 'github', 'pagure', 'co_authors', 'first_time',
] as const;

/**
 * One cell, quoted per RFC 4180. Cells a spreadsheet would run as a formula (= + - @, tab, CR)
 * get a leading apostrophe, the OWASP-recommended neutralisation.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(cells: Array<string | number | boolean | null>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Yields the file line by line so a large event streams instead of building one big string. */
export function* renderCsv(report: Report): Generator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for (const project of report.projects) {
    for (const c of project.contributions) {
      yield csvLine([
        project.name, project.forge, c.kind, c.ref, c.url, c.title, c.state, c.created_at, c.merged_at,
        c.sprinter.anonymous ? 'Anonymous sprinter' : c.sprinter.name, c.sprinter.github, c.sprinter.pagure,
        c.co_authors.map((p) => p.github ?? p.name ?? '').join(' '), c.first_time,
      ]);
    }
  }
  for (const o of report.other_contributions) {
    yield csvLine([o.topic, 'other', 'other', '', o.url, o.title, '', '', '', o.sprinter.name, o.sprinter.github, o.sprinter.pagure, '', false]);
  }
}
