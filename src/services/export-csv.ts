import { renderCsvRows } from '../render/csv.js';
import { openDatabase, type Db } from '../store/database.js';
import type { EventRecord } from '../store/events.js';
import { iterateCsvRows } from '../store/report-rows.js';

/**
 * The report as CSV lines, streamed from the database in constant memory. A file database is read on a
 * read-only connection of its own, inside one read transaction: the lines are one consistent snapshot
 * however long the download takes, and the caller's connection stays free meanwhile (better-sqlite3 runs
 * nothing else on a connection while it iterates). Closing the generator early closes that connection.
 */
export function* exportCsv(db: Db, event: EventRecord): Generator<string> {
  const reader = db.memory ? db : openDatabase(db.name, { readonly: true, migrate: false });
  if (reader === db) {
    yield* renderCsvRows(iterateCsvRows(db, event.id));
    return;
  }
  try {
    reader.exec('BEGIN');
    yield* renderCsvRows(iterateCsvRows(reader, event.id));
  } finally {
    reader.close();
  }
}
