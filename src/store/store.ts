/**
 * The store's public face: everything outside src/store/ holds a `Store`, a handle with no methods of
 * its own, and passes it to the named operations of the store modules. No SQL, no transaction object
 * and no better-sqlite3 type leaves this folder, so the schema can change (or another database sit
 * here) without touching a service, a route or a command.
 */
import { DatabaseOpenError, openDatabase, sqlite } from './database.js';

declare const opaque: unique symbol;

/** An open database, as the rest of the app sees it. */
export interface Store {
  readonly [opaque]: 'store';
}

export { DatabaseOpenError };

export function openStore(path: string, options: { migrate?: boolean; readonly?: boolean } = {}): Store {
  return openDatabase(path, options) as unknown as Store;
}

export function closeStore(store: Store): void {
  sqlite(store).close();
}

/**
 * Runs `work` in one transaction, or as part of the one already open: an error anywhere rolls all of it
 * back. Every multi-step use case of the app goes through here.
 */
export function transaction<T>(store: Store, work: () => T): T {
  const db = sqlite(store);
  if (db.inTransaction) return work();
  return runner(db)(work) as T;
}

/**
 * A transaction that takes the write lock before it reads: for a check-then-write that another process
 * (the CLI beside the server) might race, such as a claim on the last free place of a task.
 */
export function immediateTransaction<T>(store: Store, work: () => T): T {
  const db = sqlite(store);
  if (db.inTransaction) return work();
  return (runner(db) as Runner & { immediate: Runner }).immediate(work) as T;
}

/** Runs `work` in a savepoint (a transaction when none is open): if it throws, only its own writes are undone. */
export function inSavepoint<T>(store: Store, work: () => T): T {
  return runner(sqlite(store))(work) as T;
}

type Db = ReturnType<typeof sqlite>;
type Runner = (work: () => unknown) => unknown;
const runners = new WeakMap<Db, Runner>();

/** One transaction function per connection: better-sqlite3 builds a new wrapper on every `db.transaction()`. */
function runner(db: Db): Runner {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((work: () => unknown) => work());
    runners.set(db, run);
  }
  return run;
}

/** A cheap query that fails when the database cannot be read (the health check). */
export function pingStore(store: Store): void {
  sqlite(store).prepare('SELECT 1').get();
}

/** Whether the store lives in memory (tests) rather than in a file that another connection can open. */
export function storeFile(store: Store): string | null {
  const db = sqlite(store);
  return db.memory ? null : db.name;
}

/**
 * A consistent copy of the whole database (SQLite's online backup, safe while the app writes), checked
 * for integrity; returns the number of pages copied.
 */
export async function backupStore(store: Store, target: string): Promise<number> {
  const { totalPages } = await sqlite(store).backup(target);
  const copy = openDatabase(target, { migrate: false, readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return totalPages;
}
