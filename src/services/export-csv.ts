import { renderCsvRows } from '../render/csv.js';
import type { EventRecord } from '../store/events.js';
import type { Store } from '../store/store.js';
import { reportCsvRows } from './build-report.js';

/** The report as CSV lines, rendered as the rows arrive. */
export function* exportCsv(db: Store, event: EventRecord): Generator<string> {
  yield* renderCsvRows(reportCsvRows(db, event));
}
