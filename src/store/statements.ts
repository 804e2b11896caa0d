import type Database from 'better-sqlite3';
import { sqlite } from './database.js';
import type { Store } from './store.js';

const cache = new WeakMap<Store, Map<string, Database.Statement>>();

/** Prepared statements are cached per connection: preparing costs more than running on the ingest path. */
export function statement(db: Store, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let prepared = byText.get(sql);
  if (!prepared) {
    prepared = sqlite(db).prepare(sql);
    byText.set(sql, prepared);
  }
  return prepared;
}
