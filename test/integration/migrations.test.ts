import { openStore, closeStore, type Store } from '../../src/store/store.js';
import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, readMigrations } from '../../src/store/database.js';

let dir: string;
let db: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-migrations-'));
  db = openStore(join(dir, 'old.sqlite'), { migrate: false });
});
afterEach(() => {
  closeStore(db);
  rmSync(dir, { recursive: true, force: true });
});

const addEvent = (slug: string) => sql(db).prepare(`INSERT INTO events (slug, name, starts_at, ends_at, time_zone, created_at)
  VALUES (?, ?, '2024-05-10T00:00:00.000Z', '2024-05-12T00:00:00.000Z', 'UTC', '2024-05-01T00:00:00.000Z')`).run(slug, slug).lastInsertRowid;

test('a database from before migrations 0008 and 0009 keeps its deliveries and gains a totals row for every event', () => {
  const all = readMigrations().filter((m) => m.version <= 9);
  migrate(sql(db), all.filter((m) => m.version <= 7));
  const oldEvent = addEvent('pycon-pune-2017');
  sql(db).prepare(`INSERT INTO deliveries (delivery_id, source, event, action, received_at, outcome) VALUES (?, 'github', 'pull_request', 'opened', ?, 'recorded')`)
    .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T06:00:00.000Z');
  sql(db).prepare('DELETE FROM event_stats').run();

  expect(migrate(sql(db), all)).toEqual(['0008-event-stats-row.sql', '0009-deliveries-by-id.sql']);

  expect(sql(db).prepare('SELECT event_id FROM event_stats').pluck().all()).toEqual([oldEvent]);
  const newEvent = addEvent('pycon-pune-2018');
  expect(sql(db).prepare('SELECT event_id FROM event_stats ORDER BY event_id').pluck().all()).toEqual([oldEvent, newEvent]);

  expect(sql(db).prepare('SELECT delivery_id, outcome FROM deliveries').all())
    .toEqual([{ delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958', outcome: 'recorded' }]);
  // The id alone still refuses a second row for the same delivery: redelivery never double counts.
  expect(() => sql(db).prepare(`INSERT INTO deliveries (delivery_id, source, event, received_at, outcome) VALUES (?, 'github', 'push', ?, 'recorded')`)
    .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T07:00:00.000Z')).toThrow(/UNIQUE/);
  expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
});

test('a database with contributions loses the unused (project, counted) index and keeps every row and the identity index', () => {
  const all = readMigrations();
  migrate(sql(db), all.filter((m) => m.version <= 9));
  const event = addEvent('pycon-pune-2017');
  const project = sql(db).prepare(`INSERT INTO projects (event_id, forge, full_name, url, created_at) VALUES (?, 'github', 'pagure/pagure', 'https://github.com/pagure/pagure', '2024-05-01T00:00:00.000Z')`)
    .run(event).lastInsertRowid;
  sql(db).prepare(`INSERT INTO contributions (event_id, project_id, forge, kind, key, state, created_at, source, counted, updated_at)
    VALUES (?, ?, 'github', 'pull_request', '1', 'merged', '2024-05-10T06:00:00.000Z', 'webhook', 1, '2024-05-10T06:00:00.000Z')`).run(event, project);
  const indexes = () => sql(db).prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions' AND sql IS NOT NULL`).pluck().all();
  expect(indexes()).toContain('contributions_by_project');

  expect(migrate(sql(db), all)).toEqual(['0010-drop-unused-contribution-index.sql']);

  expect(indexes()).not.toContain('contributions_by_project');
  expect(indexes()).toContain('contributions_identity');
  expect(sql(db).prepare('SELECT count(*) FROM contributions').pluck().get()).toBe(1);
  expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
});
