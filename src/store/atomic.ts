import type Database from 'better-sqlite3';
import type { Db } from './database.js';

type Runner = Database.Transaction<(work: () => unknown) => unknown>;
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

/**
 * Runs `work` in a transaction of its own, or, called inside one, as part of it: an error then reaches
 * whoever opened the transaction, which rolls all of it back, so no savepoint is needed on the way.
 */
export function atomically<T>(db: Db, work: () => T): T {
  return db.inTransaction ? work() : (runner(db)(work) as T);
}

/** Runs `work` in a savepoint (a transaction when none is open): if it throws, only its own writes are undone. */
export function inSavepoint<T>(db: Db, work: () => T): T {
  return runner(db)(work) as T;
}
