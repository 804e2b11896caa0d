import { inSavepoint } from './atomic.js';
import type { Db } from './database.js';

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for webhook deliveries. A commit is the expensive part of a small write (its pages go to
 * the WAL), and deliveries arrive in bursts, so the writes submitted during one turn of the event loop
 * share one transaction: each runs in its own savepoint, so one that throws rolls back alone, and every
 * promise settles only after the COMMIT. A delivery is therefore still answered only once its effect is
 * stored, and a failed COMMIT fails every write of the batch, none of which is then stored.
 */
export class CommitQueue {
  #pending: Pending[] = [];
  #scheduled = false;
  readonly #inOneTransaction: (batch: Pending[], settled: Settled[]) => void;

  constructor(readonly db: Db) {
    this.#inOneTransaction = db.transaction((batch: Pending[], settled: Settled[]) => {
      for (const item of batch) {
        // Some errors (a full disk, an I/O error) make SQLite roll back the whole transaction; what
        // followed would then run outside it, each committing on its own, so the batch stops there.
        if (!db.inTransaction) throw new Error('the transaction was rolled back by SQLite');
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
    const settled: Settled[] = [];
    try {
      this.#inOneTransaction(batch, settled);
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
