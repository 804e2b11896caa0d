import { sqlite, type Db } from '../../src/store/database.js';
import type { Store } from '../../src/store/store.js';

/**
 * The SQLite connection behind a store, for tests that must look below what users see (a byte-level
 * snapshot, a pragma, a recount) or build a database the way an older release did.
 */
export function sql(store: Store): Db {
  return sqlite(store);
}
