import { renderCsvRows } from '../render/csv.js';
import type { EventRecord } from '../store/events.js';
import { streamCsvRows } from '../store/report-rows.js';
import type { Store } from '../store/store.js';

/** The report as CSV lines, rendered as they stream from one consistent snapshot of the database. */
export function* exportCsv(db: Store, event: EventRecord): Generator<string> {
  yield* renderCsvRows(streamCsvRows(db, event.id));
}
