import { sqlite } from './database.js';
import { inSavepoint, type Store } from './store.js';

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for webhook deliveries. A commit is the expensive part of a small write (its pages go to
 * the WAL), and deliveries arrive in bursts, so the writes submitted during one turn of the event loop
 * share one transaction, and every promise settles only after the COMMIT. A delivery is therefore still
 * answered only once its effect is stored, and a failed COMMIT fails every write of the batch, none of
 * which is then stored.
 *
 * A write that throws must roll back alone. Savepoints do that, but one per write cost about 5 % of a
 * delivery on the ingest benchmark, and writes almost never throw (payloads are checked before they get
 * here). So a batch first runs as one plain transaction; only if something in it throws is it rolled
 * back and run again with a savepoint per write. A write may therefore run twice: it must change
 * nothing but the database (and variables it sets afresh each time).
 */
export class CommitQueue {
  #pending: Pending[] = [];
  #scheduled = false;
  readonly #together: (batch: Pending[]) => unknown[];
  readonly #eachInSavepoint: (batch: Pending[], settled: Settled[]) => void;

  constructor(readonly db: Store) {
    const connection = sqlite(db);
    // Some errors (a full disk, an I/O error) make SQLite roll back the whole transaction; what followed
    // would then run outside it, each committing on its own, so a batch stops there.
    const stillInTransaction = (): void => {
      if (!connection.inTransaction) throw new Error('the transaction was rolled back by SQLite');
    };
    this.#together = connection.transaction((batch: Pending[]) =>
      batch.map((item) => {
        stillInTransaction();
        return item.work();
      }),
    );
    this.#eachInSavepoint = connection.transaction((batch: Pending[], settled: Settled[]) => {
      for (const item of batch) {
        stillInTransaction();
        try {
          settled.push({ ok: true, value: inSavepoint(db, item.work) });
        } catch (error) {
          settled.push({ ok: false, error });
        }
      }
    });
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate, not a microtask: it runs after every request that is already readable has reached here.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    try {
      const values = this.#together(batch);
      batch.forEach((item, i) => item.resolve(values[i]));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Rolled back whole; the writes run again below, each in its own savepoint, to find which one threw.
    }
    const settled: Settled[] = [];
    try {
      this.#eachInSavepoint(batch, settled);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = settled[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
