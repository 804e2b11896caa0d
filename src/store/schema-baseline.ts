import { existsSync, readFileSync } from 'node:fs';
import { schemaBaselinePath } from '../paths.js';
import type { Db } from './database.js';

/**
 * The schema as the migrations leave it, in one file (db/schema.sql): a fresh database is created from it
 * in one step instead of replaying every migration. Its first line names the last migration it includes;
 * it is used only when that is the newest migration, so a new migration without a new baseline still
 * installs (by the steps), and the schema test says to write the baseline again.
 */
export interface SchemaBaseline {
  version: number;
  sql: string;
}

const HEADER = /^-- baseline: after migration (\d{4})\b/;

export function readBaseline(path = schemaBaselinePath): SchemaBaseline | null {
  if (!existsSync(path)) return null;
  const sql = readFileSync(path, 'utf8');
  const version = HEADER.exec(sql)?.[1];
  return version ? { version: Number(version), sql } : null;
}

/**
 * The baseline of a migrated database: every table (in the order they were made, so tables come before
 * what points at them), then indexes, triggers and views, each as SQLite keeps its text, so a database made
 * from the baseline has exactly the schema of one made by the migrations.
 */
export function dumpBaseline(db: Db, version: number): string {
  const rows = db
    .prepare(
      `SELECT type, sql FROM sqlite_master
       WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
       ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, rowid`,
    )
    .all() as Array<{ type: string; sql: string }>;
  const header = [
    `-- baseline: after migration ${String(version).padStart(4, '0')}`,
    '-- Written by `npm run db:baseline` from a database the migrations made; never edited by hand.',
    '-- A fresh database is created from this file; an existing one is upgraded by the migrations.',
  ];
  return `${header.join('\n')}\n\n${rows.map((r) => `${r.sql};`).join('\n\n')}\n`;
}
