import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, readMigrations, type Db } from '../../src/store/database.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-migrations-'));
  db = openDatabase(join(dir, 'old.sqlite'), { migrate: false });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const addEvent = (slug: string) => db.prepare(`INSERT INTO events (slug, name, starts_at, ends_at, time_zone, created_at)
  VALUES (?, ?, '2024-05-10T00:00:00.000Z', '2024-05-12T00:00:00.000Z', 'UTC', '2024-05-01T00:00:00.000Z')`).run(slug, slug).lastInsertRowid;

test('a database from before migrations 0008 and 0009 keeps its deliveries and gains a totals row for every event', () => {
  const all = readMigrations().filter((m) => m.version <= 9);
  migrate(db, all.filter((m) => m.version <= 7));
  const oldEvent = addEvent('pycon-pune-2017');
  db.prepare(`INSERT INTO deliveries (delivery_id, source, event, action, received_at, outcome) VALUES (?, 'github', 'pull_request', 'opened', ?, 'recorded')`)
    .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T06:00:00.000Z');
  db.prepare('DELETE FROM event_stats').run();

  expect(migrate(db, all)).toEqual(['0008-event-stats-row.sql', '0009-deliveries-by-id.sql']);

  expect(db.prepare('SELECT event_id FROM event_stats').pluck().all()).toEqual([oldEvent]);
  const newEvent = addEvent('pycon-pune-2018');
  expect(db.prepare('SELECT event_id FROM event_stats ORDER BY event_id').pluck().all()).toEqual([oldEvent, newEvent]);

  expect(db.prepare('SELECT delivery_id, outcome FROM deliveries').all())
    .toEqual([{ delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958', outcome: 'recorded' }]);
  // The id alone still refuses a second row for the same delivery: redelivery never double counts.
  expect(() => db.prepare(`INSERT INTO deliveries (delivery_id, source, event, received_at, outcome) VALUES (?, 'github', 'push', ?, 'recorded')`)
    .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T07:00:00.000Z')).toThrow(/UNIQUE/);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});

test('a database with contributions loses the unused (project, counted) index and keeps every row and the identity index', () => {
  const all = readMigrations();
  migrate(db, all.filter((m) => m.version <= 9));
  const event = addEvent('pycon-pune-2017');
  const project = db.prepare(`INSERT INTO projects (event_id, forge, full_name, url, created_at) VALUES (?, 'github', 'pagure/pagure', 'https://github.com/pagure/pagure', '2024-05-01T00:00:00.000Z')`)
    .run(event).lastInsertRowid;
  db.prepare(`INSERT INTO contributions (event_id, project_id, forge, kind, key, state, created_at, source, counted, updated_at)
    VALUES (?, ?, 'github', 'pull_request', '1', 'merged', '2024-05-10T06:00:00.000Z', 'webhook', 1, '2024-05-10T06:00:00.000Z')`).run(event, project);
  const indexes = () => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions' AND sql IS NOT NULL`).pluck().all();
  expect(indexes()).toContain('contributions_by_project');

  expect(migrate(db, all)).toEqual(['0010-drop-unused-contribution-index.sql']);

  expect(indexes()).not.toContain('contributions_by_project');
  expect(indexes()).toContain('contributions_identity');
  expect(db.prepare('SELECT count(*) FROM contributions').pluck().get()).toBe(1);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});
