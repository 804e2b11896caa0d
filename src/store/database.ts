import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from './store.js';
import { migrationsDir } from '../paths.js';
import { readBaseline, type SchemaBaseline } from './schema-baseline.js';

/** The better-sqlite3 connection: only modules of src/store/ see this type. */
export type Db = Database.Database;

/** The connection behind a Store handle (see store.ts): the handle is the connection, typed opaquely outside this folder. */
export function sqlite(store: Store): Db {
  return store as unknown as Db;
}

export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the database file and brings its schema up to date.
 * WAL lets page reads run beside ingest writes; synchronous=NORMAL in WAL mode survives a process
 * crash (the case that matters for acknowledged webhooks) at a fraction of FULL's fsync cost.
 */
export function openDatabase(path: string, options: { migrate?: boolean; readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    applyPragmas(db, options.readonly ?? false);
  } catch (error) {
    throw new DatabaseOpenError(`cannot open the database at ${path}: ${(error as Error).message}`);
  }
  if (options.migrate ?? true) migrate(db);
  return db;
}

/** The connection settings every writer of the database uses (the benchmark's bare server too). */
export function applyPragmas(db: Db, readonly = false): void {
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Larger pages in memory keep hot indexes (stats, identities) cached across requests.
  db.pragma('cache_size = -32000');
  // Checkpoints (the only fsyncs in WAL + NORMAL) set the ingest tail: let the WAL grow to ~64 MB
  // between them instead of 4 MB, so a burst of deliveries is not interrupted every few dozen commits.
  db.pragma('wal_autocheckpoint = 16000');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('temp_store = MEMORY');
}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file, sql: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * Brings the schema up to date; returns the names of the migrations applied. An empty database is made
 * from the baseline in one transaction when the baseline includes the newest migration (every migration is
 * then recorded as applied); otherwise, and for every existing database, each migration not yet recorded
 * runs in its own transaction.
 */
export function migrate(
  db: Db,
  migrations = readMigrations(),
  baseline: SchemaBaseline | null = readBaseline(),
): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const newest = migrations.at(-1)?.version;
  if (baseline && baseline.version === newest && applied.size === 0 && isEmpty(db)) {
    db.transaction(() => {
      db.exec(baseline.sql);
      const at = new Date().toISOString();
      for (const migration of migrations) record.run(migration.version, migration.name, at);
    })();
    return migrations.map((m) => m.name);
  }
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    // A migration that rebuilds a table others point at (SQLite changes a CHECK only by rebuilding) says
    // so on its first line: foreign keys are off while it runs, as SQLite's procedure for it asks, so the
    // drop cascades to nothing, and every reference is checked before its transaction commits.
    const rebuilds = /^-- foreign keys off\b/i.test(migration.sql);
    if (rebuilds) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (rebuilds) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`${migration.name} would leave ${broken.length} broken reference(s)`);
        }
        record.run(migration.version, migration.name, new Date().toISOString());
      })();
    } finally {
      if (rebuilds) db.pragma('foreign_keys = ON');
    }
    done.push(migration.name);
  }
  return done;
}

/** No table of ours yet (only the migrations' own record). */
function isEmpty(db: Db): boolean {
  return (
    db
      .prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
      )
      .pluck()
      .get() === 0
  );
}
