import { renderCsvRows } from '../render/csv.js';
import type { Db } from '../store/database.js';
import type { EventRecord } from '../store/events.js';
import { iterateCsvRows } from '../store/report-rows.js';

/** The report as CSV lines, streamed from the database (constant memory, whatever the event's size). */
export function exportCsv(db: Db, event: EventRecord): Generator<string> {
  return renderCsvRows(iterateCsvRows(db, event.id));
}
