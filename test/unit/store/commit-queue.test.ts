import { closeStore, openStore, type Store } from '../../../src/store/store.js';
import { sql } from '../../helpers/sql.js';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { CommitQueue } from '../../../src/store/commit-queue.js';

let db: Store;
beforeEach(() => {
  db = openStore(':memory:', { migrate: false });
  sql(db).exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE rows (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);
    INSERT INTO parents VALUES (1);`);
  sql(db).pragma('foreign_keys = ON');
});
afterEach(() => {
  closeStore(db);
});

const insert =
  (id: number, parent = 1) =>
  () =>
    sql(db).prepare('INSERT INTO rows (id, parent) VALUES (?, ?)').run(id, parent).changes;
const stored = () => sql(db).prepare('SELECT id FROM rows ORDER BY id').pluck().all();

test('writes submitted in one turn share one commit, and one that throws rolls back alone', async () => {
  const queue = new CommitQueue(db);
  let firstSettled = false;
  let thirdSawFirstSettled: boolean | null = null;
  const first = queue.run(insert(1)).then((n) => {
    firstSettled = true;
    return n;
  });
  const results = await Promise.allSettled([
    first,
    queue.run(() => {
      insert(2)();
      throw new Error('this delivery is refused');
    }),
    queue.run(() => {
      // Same transaction: the first write is not yet answered when the third runs.
      thirdSawFirstSettled = firstSettled;
      return insert(3)();
    }),
  ]);
  expect(thirdSawFirstSettled).toBe(false);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toBe('this delivery is refused');
  expect(stored()).toEqual([1, 3]);
  expect(sql(db).inTransaction).toBe(false);
});

test('a batch with a write that throws is run again, a savepoint each: every other write is stored exactly once', async () => {
  sql(db).exec('CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0)');
  const queue = new CommitQueue(db);
  const bump = () => sql(db).prepare('UPDATE counter SET n = n + 1').run().changes;
  const results = await Promise.allSettled([
    queue.run(bump),
    queue.run(() => {
      bump();
      throw new Error('refused');
    }),
    queue.run(bump),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(sql(db).prepare('SELECT n FROM counter').pluck().get()).toBe(2);
  // A write alone in its batch that throws is refused with its own error, and leaves nothing.
  await expect(
    queue.run(() => {
      bump();
      throw new Error('alone');
    }),
  ).rejects.toThrow('alone');
  expect(sql(db).prepare('SELECT n FROM counter').pluck().get()).toBe(2);
});

test('a COMMIT that fails rejects every write of its batch and stores none of them; the next batch is unaffected', async () => {
  const queue = new CommitQueue(db);
  // The dangling reference is only checked at COMMIT (a deferred foreign key), so the whole batch fails there.
  const failed = await Promise.allSettled([queue.run(insert(1)), queue.run(insert(2, 99))]);
  expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(stored()).toEqual([]);
  expect(await queue.run(insert(3))).toBe(1);
  expect(stored()).toEqual([3]);
});

test('promises settle only after the commit: the work is already durable when a caller resumes', async () => {
  const queue = new CommitQueue(db);
  const seen: boolean[] = [];
  await queue.run(() => {
    insert(1)();
    seen.push(sql(db).inTransaction);
  });
  seen.push(sql(db).inTransaction);
  expect(seen).toEqual([true, false]);
  expect(stored()).toEqual([1]);
});
