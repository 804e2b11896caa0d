import { openStore, closeStore } from '../../src/store/store.js';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { snapshot } from '../helpers/seed.js';
import { devsprint } from '../helpers/cli.js';

let dir: string;
let db: string;
const run = (...args: string[]) => devsprint(['--db', db, ...args]);
const tables = () => {
  const handle = openStore(db);
  try {
    return snapshot(handle);
  } finally {
    closeStore(handle);
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-cli-'));
  db = join(dir, 'sprint.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('devsprint, run as a user would', () => {
  test('with no arguments prints usage on stderr and exits 2 without creating a database', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: devsprint/);
    expect(existsSync(db)).toBe(false);
  });

  test('--help lists every command', () => {
    const result = devsprint(['--help']);
    expect(result.status).toBe(0);
    for (const c of ['event create', 'project add', 'sprinter add', 'report', 'import', 'demo'])
      expect(result.stdout).toContain(c);
  });

  test.each([
    ['event', 'create'],
    ['project', 'add'],
    ['sprinter', 'add'],
    ['report'],
    ['import'],
    ['demo'],
    ['event', 'list'],
  ])('%s %s --help prints its usage', (...words) => {
    const result = run(...words.filter(Boolean), '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^devsprint /);
  });

  test('event create with a bad date explains and writes nothing', () => {
    const result = run(
      'event',
      'create',
      'sprint-2024',
      '--name',
      'Sprint',
      '--starts',
      'tomorrow',
      '--ends',
      '2024-05-11T18:00+05:30',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--starts "tomorrow" is not an ISO 8601 instant/);
    expect(result.stderr).toMatch(/usage: devsprint event create/);
    expect(existsSync(db)).toBe(false);
  });

  test('event create', () => {
    const result = run(
      'event',
      'create',
      'sprint-2024',
      '--name',
      'Sprint 2024',
      '--starts',
      '2024-05-10T09:00+05:30',
      '--ends',
      '2024-05-11T18:00+05:30',
      '--time-zone',
      'Asia/Kolkata',
    );
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain(
      'created event sprint-2024 (10 May 2024, 09:00 GMT+5:30 – 11 May 2024, 18:00 GMT+5:30, Asia/Kolkata)',
    );
    expect(run('event', 'list').stdout).toContain('sprint-2024\tSprint 2024');
  });

  test.each([
    [
      [
        'event',
        'create',
        'sprint-2024',
        '--name',
        'Again',
        '--starts',
        '2024-05-10T09:00Z',
        '--ends',
        '2024-05-11T09:00Z',
      ],
      1,
      /exists already/,
    ],
    [
      ['event', 'create', 'Bad Slug', '--name', 'X', '--starts', '2024-05-10T09:00Z', '--ends', '2024-05-11T09:00Z'],
      2,
      /SLUG "Bad Slug"/,
    ],
    [
      ['event', 'create', 'later', '--name', 'X', '--starts', '2024-05-12T09:00Z', '--ends', '2024-05-11T09:00Z'],
      2,
      /--ends must be after --starts/,
    ],
    [
      [
        'event',
        'create',
        'later',
        '--name',
        'X',
        '--starts',
        '2024-05-10T09:00Z',
        '--ends',
        '2024-05-11T09:00Z',
        '--time-zone',
        'Mars/Base',
      ],
      2,
      /not an IANA time zone/,
    ],
    [
      ['event', 'create', 'later', '--starts', '2024-05-10T09:00Z', '--ends', '2024-05-11T09:00Z'],
      2,
      /--name is required/,
    ],
    [['event', 'create', 'later', '--name', 'X', '--bogus'], 2, /unknown option '--bogus'/],
    [
      ['project', 'add', 'sprint-2024', 'sourcehut:foo/bar'],
      2,
      /must be github:OWNER\/REPO, pagure:NAME, gitlab:GROUP\/NAME or forgejo:OWNER\/NAME/,
    ],
    [['project', 'add', 'sprint-2024', 'github:not a repo'], 2, /is not a GitHub OWNER\/REPO name/],
    [['project', 'add', 'no-such-event', 'github:python/cpython'], 1, /no event "no-such-event"/],
    [['project', 'add', 'sprint-2024'], 2, /missing FORGE:NAME/],
    [['project', 'add', 'sprint-2024', 'github:a/b', '--leader', 'not a login'], 2, /--leader "not a login"/],
    [['sprinter', 'add', 'sprint-2024', '--github', 'someone'], 2, /--name is required/],
    [['sprinter', 'add', 'sprint-2024', '--name', 'X', '--email', 'not-an-email'], 2, /is not an e-mail address/],
    [['sprinter', 'add', 'sprint-2024', '--name', 'X', '--github-id', 'abc'], 2, /--github-id must be the numeric/],
    [['report', 'sprint-2024', '--format', 'pdf'], 2, /--format "pdf" must be md, csv or json/],
    [['report', 'nope'], 1, /no event "nope"/],
    [['import', 'sprint-2024', '/no/such/file.tsv'], 1, /cannot read \/no\/such\/file.tsv/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['event', 'delete'], 2, /"event delete" is not a command; try: event create, event edit, event list/],
  ])('%j fails clearly (exit %i) and writes nothing', (args, status, message) => {
    const before = tables();
    const result = run(...args);
    expect(result.status).toBe(status);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(tables()).toBe(before);
  });

  test('a mistyped --db is refused by every command that needs data, and no empty database appears there', () => {
    const typo = join(dir, 'sprnt.sqlite');
    for (const args of [
      ['report', 'sprint-2024'],
      ['event', 'list'],
      ['project', 'add', 'sprint-2024', 'github:a/b'],
      ['backfill', 'sprint-2024'],
    ]) {
      const result = devsprint(['--db', typo, ...args]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`no database at ${typo}; create one with \`devsprint event create\``);
    }
    expect(existsSync(typo)).toBe(false);
  });

  test('project add, sprinter add, then a report in every format', () => {
    expect(
      run('project', 'add', 'sprint-2024', 'github:python/cpython', '--leader', 'leader1', '--leader', '@leader2'),
    ).toMatchObject({ status: 0 });
    expect(
      run('project', 'add', 'sprint-2024', 'pagure:pagure', '--webhook-key', 'Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0')
        .stdout,
    ).toContain('registered pagure:pagure for sprint-2024 (https://pagure.io/pagure)');
    expect(run('project', 'list', 'sprint-2024').stdout).toMatch(
      /github:python\/cpython\thttps:\/\/github.com\/python\/cpython\tleaders: leader1 leader2/,
    );
    const added = run(
      'sprinter',
      'add',
      'sprint-2024',
      '--name',
      'Sanyam Khurana',
      '--github',
      'CuriousLearner',
      '--pagure',
      'sanyam',
      '--email',
      'sanyam@example.org',
    );
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^added Sanyam Khurana in sprint-2024\n.*devsprint backfill sprint-2024/s);
    expect(
      run(
        'sprinter',
        'add',
        'sprint-2024',
        '--name',
        'Clash',
        '--github',
        'CuriousLearner',
        '--email',
        'other@example.org',
      ).stdout,
    ).toContain('updated');
    expect(
      run(
        'sprinter',
        'add',
        'sprint-2024',
        '--name',
        'Conflict',
        '--github',
        'someoneelse',
        '--email',
        'other@example.org',
      ),
    ).toMatchObject({ status: 1 });

    const json = JSON.parse(run('report', 'sprint-2024', '--format', 'json').stdout);
    expect(json.event).toMatchObject({
      slug: 'sprint-2024',
      name: 'Sprint 2024',
      starts_at: '2024-05-10T03:30:00.000Z',
    });
    expect(json.totals).toMatchObject({ sprinters: 1, contributors: 0, pull_requests: 0, projects: 2 });
    expect(run('report', 'sprint-2024').stdout).toMatch(/^# Sprint 2024: what the sprint made/);
    expect(run('report', 'sprint-2024', '--format', 'csv').stdout).toMatch(/^project,forge,kind,ref,url,title,state/);
  });

  test('import reports every bad line and imports nothing', () => {
    const file = join(dir, 'bad.tsv');
    writeFileSync(
      file,
      'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle\n' +
        'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/1\tA\ta\t\n' +
        'bitbucket\tx/y\tpull_request\thttps://github.com/x/y/pull/1\t\t\t\n' +
        'github\tpython/cpython\tpull_request\thttps://github.com/django/django/pull/2\t\t\t\n',
    );
    const before = tables();
    const result = run('import', 'sprint-2024', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 3: forge "bitbucket" must be github, pagure, gitlab, forgejo or other');
    expect(result.stderr).toContain(
      'line 4: url "https://github.com/django/django/pull/2" belongs to django/django, not python/cpython',
    );
    expect(tables()).toBe(before);
  });

  test("import takes a post's Markdown list as published: bullets and prose, GitLab and Forgejo links, branch histories as outcomes; every link is in the report", () => {
    const file = join(dir, 'post.md');
    const links = [
      'https://github.com/python/cpython/pull/147',
      'https://gitlab.gnome.org/GNOME/gnome-maps/-/commit/0123456789abcdef0123456789abcdef01234567',
      'https://gitlab.gnome.org/GNOME/gnome-maps/merge_requests/12',
      'https://codeberg.org/forgejo/forgejo/pulls/3301',
      'https://github.com/kushaldas/gnome-python-client/commits/master',
      'https://pagure.io/pagure/commits/master',
      'https://github.com/kushaldas/tunir/commits/master',
      'https://github.com/rtnpro/fedora-infra-ansible/commits/develop',
      'https://pagure.io/fedora-hubs/commits/develop',
      'https://github.com/python/cpython/pull/151',
      'https://github.com/pypa/warehouse/pull/1982',
      'https://pagure.io/pagure/pull-request/2201',
      'https://github.com/python/cpython/commit/0123456789abcdef0123456789abcdef01234568',
      'https://gitlab.gnome.org/GNOME/gnome-maps/-/issues/5',
    ];
    expect(links).toHaveLength(14);
    writeFileSync(
      file,
      [
        'What we did at the sprint:',
        '',
        ...links.map((l, i) => (i % 3 ? `- ${l} by Ana (@ana)` : i === 3 ? `${i + 1}. ${l}` : `- ${l}`)),
        'Thanks!',
      ].join('\n'),
    );
    const slug = 'post-2024';
    expect(
      run('event', 'create', slug, '--name', 'Post', '--starts', '2024-05-10T09:00Z', '--ends', '2024-05-11T09:00Z'),
    ).toMatchObject({ status: 0 });
    const result = run('import', slug, file);
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toContain('kept as an outcome with its link');
    expect(result.stderr).toBe('');
    const markdown = run('report', slug).stdout;
    for (const link of links) expect(markdown).toContain(link);
    const json = JSON.parse(run('report', slug, '--format', 'json').stdout);
    expect(json.projects.map((p: { name: string; forge: string }) => `${p.forge}:${p.name}`).sort()).toEqual(
      expect.arrayContaining(['github:python/cpython', 'gitlab:GNOME/gnome-maps', 'forgejo:forgejo/forgejo']),
    );
  });

  test('import credits everyone a row names, holds an issue link as an issue, and says what a re-import changed', () => {
    const file = join(dir, 'pad.tsv');
    writeFileSync(
      file,
      'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle\n' +
        'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/700/files\tAna Lima; Bo Chen\tana-l; bochen\tDocs\n' +
        'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/issues/701\t\t\t\n' +
        'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/702#issuecomment-1\t\t\t\n',
    );
    const first = run('import', 'sprint-2024', file);
    expect(first).toMatchObject({ status: 0 });
    // The issue's link makes it an issue, whatever the row's kind says.
    expect(first.stdout).toContain(
      'imported 3 contributions to 1 project by 2 named sprinters into sprint-2024: 3 new, 0 changed, 0 unchanged',
    );
    const report = JSON.parse(run('report', 'sprint-2024', '--format', 'json').stdout);
    const pr = report.projects
      .find((p: { name: string }) => p.name === 'python/cpython')
      .contributions.find((c: { ref: string }) => c.ref === '700');
    expect(pr).toMatchObject({
      url: 'https://github.com/python/cpython/pull/700',
      sprinter: { name: 'Ana Lima', github: 'ana-l' },
      co_authors: [{ name: 'Bo Chen', github: 'bochen' }],
    });
    // The pad gave no time: the report says none rather than the event's start.
    expect(pr.created_at).toBeNull();
    expect(
      report.projects
        .find((p: { name: string }) => p.name === 'python/cpython')
        .contributions.find((c: { ref: string }) => c.ref === '701'),
    ).toMatchObject({ kind: 'issue', url: 'https://github.com/python/cpython/issues/701' });
    expect(report.totals).toMatchObject({ pull_requests: 2, issues: 1 });
    expect(run('import', 'sprint-2024', file).stdout).toContain(': 0 new, 0 changed, 3 unchanged');
  });

  test("imported commits follow the commit rule where the list gives their author time; untimed rows stay the organizer's word", () => {
    const file = join(dir, 'commits.tsv');
    // The window opens at 09:00 in Pune (03:30 UTC).
    writeFileSync(
      file,
      'url\tgithub_login\tcreated_at\n' +
        `https://github.com/webpy/webpy/commit/${'1'.repeat(40)}\tana-l\t2024-05-10T03:31:00Z\n` +
        `https://github.com/webpy/webpy/commit/${'2'.repeat(40)}\tana-l\t2024-05-10T03:29:00Z\n` +
        `https://github.com/webpy/webpy/commit/${'3'.repeat(40)}\tana-l\t\n`,
    );
    expect(run('import', 'sprint-2024', file)).toMatchObject({ status: 0 });
    const report = JSON.parse(run('report', 'sprint-2024', '--format', 'json').stdout);
    const webpy = report.projects.find((p: { name: string }) => p.name === 'webpy/webpy');
    expect(webpy.contributions.map((c: { ref: string }) => c.ref[0]).sort()).toEqual(['1', '3']);
  });

  test('demo loads the PyCon Pune 2017 list once', () => {
    const demoDb = join(dir, 'demo.sqlite');
    const first = devsprint(['demo'], { DATABASE_PATH: demoDb });
    expect(first.stdout).toContain('42 contributions to 8 projects, 5 non-code outcomes');
    expect(devsprint(['demo'], { DATABASE_PATH: demoDb }).stdout).toContain('loaded already');
    const csv = devsprint(['report', 'pycon-pune-2017', '--format', 'csv'], { DATABASE_PATH: demoDb })
      .stdout.trim()
      .split('\r\n');
    expect(csv).toHaveLength(1 + 42 + 5);
    expect(readFileSync(demoDb).length).toBeGreaterThan(0);
  });
});
