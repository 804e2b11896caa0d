import { openStore, closeStore, type Store } from '../../src/store/store.js';
import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLeaderboard } from '../../src/services/build-leaderboard.js';
import { buildReport } from '../../src/services/build-report.js';
import { joinEvent } from '../../src/services/join-event.js';
import {
  coAuthorEmails,
  commitsOfPullRequest,
  findContribution,
  listForModeration,
} from '../../src/store/contributions.js';
import { findEventBySlug } from '../../src/store/events.js';
import { listProjects } from '../../src/store/projects.js';
import { aggregateMismatches } from '../../src/store/verify-aggregates.js';
import { migrate, readMigrations } from '../../src/store/database.js';
import { dumpBaseline, readBaseline } from '../../src/store/schema-baseline.js';
import type { Report } from '../../src/domain/report.js';

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

const addEvent = (slug: string) =>
  sql(db)
    .prepare(
      `INSERT INTO events (slug, name, starts_at, ends_at, time_zone, created_at)
  VALUES (?, ?, '2024-05-10T00:00:00.000Z', '2024-05-12T00:00:00.000Z', 'UTC', '2024-05-01T00:00:00.000Z')`,
    )
    .run(slug, slug).lastInsertRowid;

test('a database from before migrations 0008 and 0009 keeps its deliveries and gains a totals row for every event', () => {
  const all = readMigrations().filter((m) => m.version <= 9);
  migrate(
    sql(db),
    all.filter((m) => m.version <= 7),
  );
  const oldEvent = addEvent('pycon-pune-2017');
  sql(db)
    .prepare(
      `INSERT INTO deliveries (delivery_id, source, event, action, received_at, outcome) VALUES (?, 'github', 'pull_request', 'opened', ?, 'recorded')`,
    )
    .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T06:00:00.000Z');
  sql(db).prepare('DELETE FROM event_stats').run();

  expect(migrate(sql(db), all)).toEqual(['0008-event-stats-row.sql', '0009-deliveries-by-id.sql']);

  expect(sql(db).prepare('SELECT event_id FROM event_stats').pluck().all()).toEqual([oldEvent]);
  const newEvent = addEvent('pycon-pune-2018');
  expect(sql(db).prepare('SELECT event_id FROM event_stats ORDER BY event_id').pluck().all()).toEqual([
    oldEvent,
    newEvent,
  ]);

  expect(sql(db).prepare('SELECT delivery_id, outcome FROM deliveries').all()).toEqual([
    { delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958', outcome: 'recorded' },
  ]);
  // The id alone still refuses a second row for the same delivery: redelivery never double counts.
  expect(() =>
    sql(db)
      .prepare(
        `INSERT INTO deliveries (delivery_id, source, event, received_at, outcome) VALUES (?, 'github', 'push', ?, 'recorded')`,
      )
      .run('72d3162e-cc78-11e3-81ab-4c9367dc0958', '2024-05-10T07:00:00.000Z'),
  ).toThrow(/UNIQUE/);
  expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
});

test('a database with contributions loses the unused (project, counted) index and keeps every row and the identity index', () => {
  const all = readMigrations().filter((m) => m.version <= 10);
  migrate(
    sql(db),
    all.filter((m) => m.version <= 9),
  );
  const event = addEvent('pycon-pune-2017');
  const project = sql(db)
    .prepare(
      `INSERT INTO projects (event_id, forge, full_name, url, created_at) VALUES (?, 'github', 'pagure/pagure', 'https://github.com/pagure/pagure', '2024-05-01T00:00:00.000Z')`,
    )
    .run(event).lastInsertRowid;
  sql(db)
    .prepare(
      `INSERT INTO contributions (event_id, project_id, forge, kind, key, state, created_at, source, counted, updated_at)
    VALUES (?, ?, 'github', 'pull_request', '1', 'merged', '2024-05-10T06:00:00.000Z', 'webhook', 1, '2024-05-10T06:00:00.000Z')`,
    )
    .run(event, project);
  const indexes = () =>
    sql(db)
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions' AND sql IS NOT NULL`)
      .pluck()
      .all();
  expect(indexes()).toContain('contributions_by_project');

  expect(migrate(sql(db), all)).toEqual(['0010-drop-unused-contribution-index.sql']);

  expect(indexes()).not.toContain('contributions_by_project');
  expect(indexes()).toContain('contributions_identity');
  expect(sql(db).prepare('SELECT count(*) FROM contributions').pluck().get()).toBe(1);
  expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
});

describe('a database made by the release before the consolidating migration (0011)', () => {
  // test/fixtures/db/main-0010.sql is a dump of a database that main wrote at migration 0010 through its own
  // services (the demo import, webhook-shaped pull requests and commits with co-authors and a merge push,
  // a moderation, a /sprint credit, an installation); the .expected.json beside it is what main's report
  // and leaderboard said of it.
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'db');
  const expected = JSON.parse(readFileSync(join(fixtures, 'main-0010.expected.json'), 'utf8')) as Record<
    string,
    { report: unknown; leaderboard: unknown }
  >;

  beforeEach(() => {
    sql(db).exec(readFileSync(join(fixtures, 'main-0010.sql'), 'utf8'));
  });

  /**
   * The report as the fixture's release wrote it: since then projects are listed busiest first and carry
   * their leaders, and imported rows whose list gave no time have none (that release gave them the
   * event's start); the totals say what is not known (two fields, recounted by migration 0017 and checked
   * against a recount below), and an empty list of tasks. Since then too: reviews and issues are counted
   * (none there), the report ranks its sprinters, thanks mentors and follows what came after, and each
   * pull request lists its reviewers (none). Order, fields and an invented time change; nothing is lost.
   */
  const withoutAddedTotals = ({
    state_unknown: _s,
    unnamed: _u,
    issues: _i,
    reviews: _r,
    ...totals
  }: Report['totals']) => totals;
  /** The leaderboard as that release wrote it: issues and reviews are counted since (none there), points and returning sprinters shown. */
  const boardAsRecorded = ({ scoring: _scoring, ...board }: ReturnType<typeof buildLeaderboard>) => ({
    ...board,
    // Whether organizers closed it is said since.
    event: { slug: board.event.slug, name: board.event.name },
    totals: withoutAddedTotals(board.totals),
    sprinters: board.sprinters.map(({ issues: _i, reviews: _r, points: _p, returning: _ret, ...s }) => s),
    projects: board.projects.map(({ issues: _i, reviews: _r, ...p }) => p),
  });
  const asRecorded = ({
    tasks,
    scoring: _scoring,
    sprinters: _sprinters,
    mentors: _mentors,
    after: _after,
    ...report
  }: Report): unknown => ({
    ...report,
    // That release had no task table: the report says so with an empty list.
    ...(tasks?.length ? { tasks } : {}),
    totals: withoutAddedTotals(report.totals),
    projects: report.projects
      .map(({ leaders: _leaders, reviews: reviews, counts: _counts, ...p }) => ({
        ...p,
        contributions: p.contributions.map(({ reviewed_by: reviewedBy, first_time_by: _by, ...c }) => {
          expect(reviewedBy ?? []).toEqual([]);
          return { ...c, created_at: c.created_at ?? report.event.starts_at };
        }),
        ...(expect(reviews ?? []).toEqual([]), {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' })),
  });

  /** People gained GitLab and Forgejo handles since (null for everyone that release knew). */
  const withoutAddedHandles = (report: unknown): unknown =>
    JSON.parse(
      JSON.stringify(report, (key, value: unknown) =>
        (key === 'gitlab' || key === 'forgejo') && value === null ? undefined : value,
      ),
    );

  test('upgrades with nothing lost: every report and leaderboard reads as before', () => {
    expect(migrate(sql(db)).slice(0, 1)).toEqual(['0011-consolidate.sql']);
    expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sql(db).pragma('foreign_key_check')).toEqual([]);
    for (const [slug, was] of Object.entries(expected)) {
      const event = findEventBySlug(db, slug)!;
      expect(withoutAddedHandles(asRecorded(buildReport(db, event)))).toEqual(was.report);
      const board = buildLeaderboard(db, event);
      expect({
        ...boardAsRecorded(board),
        // Each feed item also says its reference as its forge writes it (`#12`, `!12`) and its latest change, since.
        latest: board.latest.map(({ reference: _ref, change: _change, changed_at: _at, ...c }) => ({
          ...c,
          created_at: c.created_at ?? event.startsAt,
        })),
      }).toEqual(was.leaderboard);
    }
    expect(aggregateMismatches(db)).toEqual([]);
    expect(buildReport(db, findEventBySlug(db, 'pycon-pune-2017')!).totals).toMatchObject({
      state_unknown: 33,
      unnamed: 26,
    });
  });

  test('the rebuild of contributions for issues (0020) keeps every row that points at them, and foreign keys stay on', () => {
    migrate(
      sql(db),
      readMigrations().filter((m) => m.version <= 19),
    );
    const pointers = ['credits', 'contribution_co_authors', 'commit_pull_requests', 'manual_credits', 'task_links'];
    const task = sql(db)
      .prepare(
        `INSERT INTO tasks (event_id, project_id, title, created_by, created_at)
      SELECT event_id, project_id, 'A task', 'leader', '2024-05-10T00:00:00.000Z' FROM contributions WHERE project_id IS NOT NULL LIMIT 1`,
      )
      .run().lastInsertRowid;
    sql(db)
      .prepare(
        `INSERT INTO task_links (task_id, contribution_id, sprinter_id, linked_at)
      SELECT ?, k.contribution_id, k.sprinter_id, '2024-05-10T00:00:00.000Z' FROM credits k LIMIT 1`,
      )
      .run(task);
    const count = () =>
      Object.fromEntries(pointers.map((t) => [t, sql(db).prepare(`SELECT count(*) FROM ${t}`).pluck().get()]));
    const before = count();
    expect(before.credits).toBeGreaterThan(0);
    const upTo22 = readMigrations().filter((m) => m.version <= 22);
    expect(migrate(sql(db), upTo22)).toEqual(upTo22.filter((m) => m.version >= 20).map((m) => m.name));
    expect(count()).toEqual(before);
    expect(sql(db).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sql(db).pragma('foreign_key_check')).toEqual([]);
    expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
    // The new kinds are accepted; an unknown one still is not.
    const c = sql(db)
      .prepare(`SELECT event_id, project_id FROM contributions WHERE project_id IS NOT NULL LIMIT 1`)
      .get() as { event_id: number; project_id: number };
    const insert = (kind: string) =>
      sql(db)
        .prepare(
          `INSERT INTO contributions (event_id, project_id, forge, kind, key, state, created_at, source, updated_at)
      VALUES (?, ?, 'github', ?, '9999', 'open', '2024-05-10T00:00:00.000Z', 'webhook', '2024-05-10T00:00:00.000Z')`,
        )
        .run(c.event_id, c.project_id, kind);
    expect(() => insert('issue')).not.toThrow();
    expect(() => insert('gist')).toThrow(/CHECK/);
    // Since 0023 the lists of kinds and forges are checked in code: the next kind rebuilds nothing.
    migrate(sql(db));
    expect(() => insert('gist')).not.toThrow();
    expect(sql(db).pragma('foreign_key_check')).toEqual([]);
  });

  test('the rebuild of projects for GitLab and Forgejo (0022) keeps every row that points at a project, and each Pagure instance', () => {
    migrate(
      sql(db),
      readMigrations().filter((m) => m.version <= 21),
    );
    sql(db)
      .prepare(`UPDATE projects SET pagure_base_url = 'https://src.fedoraproject.org' WHERE forge = 'pagure'`)
      .run();
    const pointers = [
      'project_leaders',
      'project_stats',
      'project_sprinter_stats',
      'contributions',
      'credits',
      'commit_pull_requests',
      'bot_settings',
    ];
    const count = () =>
      Object.fromEntries(pointers.map((t) => [t, sql(db).prepare(`SELECT count(*) FROM ${t}`).pluck().get()]));
    const before = count();
    expect(before.project_stats).toBeGreaterThan(0);
    expect(
      migrate(
        sql(db),
        readMigrations().filter((m) => m.version <= 22),
      ),
    ).toEqual(['0022-gitlab-and-forgejo.sql']);
    expect(count()).toEqual(before);
    expect(sql(db).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sql(db).pragma('foreign_key_check')).toEqual([]);
    expect(sql(db).prepare(`SELECT DISTINCT instance_url FROM projects WHERE forge = 'pagure'`).pluck().all()).toEqual([
      'https://src.fedoraproject.org',
    ]);
    expect(() =>
      sql(db)
        .prepare(
          `INSERT INTO projects (event_id, forge, full_name, url, created_at) VALUES (1, 'gitlab', 'GNOME/gnome-maps', 'https://gitlab.gnome.org/GNOME/gnome-maps', '2024-05-10T00:00:00.000Z')`,
        )
        .run(),
    ).not.toThrow();
    expect(() =>
      sql(db)
        .prepare(
          `INSERT INTO projects (event_id, forge, full_name, url, created_at) VALUES (1, 'sourcehut', 'x/y', 'https://sr.ht/x/y', '2024-05-10T00:00:00.000Z')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  test('keeps why each contribution counts or not, its co-authors, merge links and the installation', () => {
    migrate(sql(db));
    const event = findEventBySlug(db, 'upgrade-sprint')!;
    const verdicts = Object.fromEntries(
      listForModeration(db, event.id, null).map((c) => [c.key.slice(0, 4), [c.reason, c.moderation, c.counted]]),
    );
    expect(verdicts).toEqual({
      12: ['eligible', 'spam', 0],
      13: ['eligible', null, 1],
      14: ['not-a-sprinter', null, 0],
      15: ['outside-window', null, 0],
      cccc: ['eligible', null, 1],
      dddd: ['part-of-pull-request', null, 0],
    });
    const commit = findContribution(db, event.id, listProjects(db, event.id)[0]!.id, 'commit', 'c'.repeat(40))!;
    expect(coAuthorEmails(db, commit.id)).toEqual(['new@example.org', 'someone@example.org']);
    expect(listProjects(db, event.id)[0]!.installationId).toBe(777);
    // A later pull request event for #13 still finds the merge push through its link.
    const project = listProjects(db, event.id)[0]!;
    expect(
      commitsOfPullRequest(db, {
        eventId: event.id,
        projectId: project.id,
        number: '13',
        headSha: null,
        mergeCommitSha: null,
      }).map((c) => c.key),
    ).toEqual(['d'.repeat(40)]);
  });

  test('keeps counting memberships after the triggers are gone', () => {
    migrate(sql(db));
    const event = findEventBySlug(db, 'upgrade-sprint')!;
    joinEvent(db, event.id, { displayName: 'Late Joiner', githubLogin: 'stranger', githubId: 9009 });
    expect(buildLeaderboard(db, event).totals.sprinters).toBe(3);
    // The stranger's pull request #14 counts the moment they join.
    expect(buildLeaderboard(db, event).totals.pull_requests).toBe(2);
    expect(aggregateMismatches(db)).toEqual([]);
  });
});

describe('the schema baseline', () => {
  const schemaOf = (store: Store) =>
    sql(store)
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all();

  test('db/schema.sql is what the migrations make (npm run db:baseline writes it again after a new migration)', () => {
    const migrations = readMigrations();
    migrate(sql(db), migrations, null);
    expect(readBaseline()?.sql).toBe(dumpBaseline(sql(db), migrations.at(-1)!.version));
  });

  test('a fresh database is made from the baseline, with every migration recorded, and its schema equals an upgraded one', () => {
    const fresh = openStore(join(dir, 'fresh.sqlite'));
    try {
      const migrations = readMigrations();
      expect(sql(fresh).prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all()).toEqual(
        migrations.map((m) => m.name),
      );
      // The upgraded one: every step from the first release's schema.
      expect(migrate(sql(db), migrations, null)).toHaveLength(migrations.length);
      expect(schemaOf(fresh)).toEqual(schemaOf(db));
      expect(sql(fresh).pragma('foreign_key_check')).toEqual([]);
      // A second start applies nothing.
      expect(migrate(sql(fresh))).toEqual([]);
    } finally {
      closeStore(fresh);
    }
  });

  test('a baseline older than the newest migration is not used: the steps make the database', () => {
    const migrations = readMigrations();
    const stale = { version: migrations.at(-1)!.version - 1, sql: 'CREATE TABLE never_made (x);' };
    expect(migrate(sql(db), migrations, stale)).toHaveLength(migrations.length);
    expect(sql(db).prepare("SELECT count(*) FROM sqlite_master WHERE name = 'never_made'").pluck().get()).toBe(0);
  });
});
