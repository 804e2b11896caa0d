import { openStore, closeStore, type Store } from '../../src/store/store.js';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/services/build-report.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { exportCsv } from '../../src/services/export-csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';

import type { Report } from '../../src/domain/report.js';
import type { EventRecord } from '../../src/store/events.js';
import { parse } from 'csv-parse/sync';

let dir: string;
let db: Store;
let report: Report;
let event: EventRecord;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-demo-'));
  db = openStore(join(dir, 'demo.sqlite'));
  event = loadDemo(db, new Date('2017-02-20T00:00:00Z')).event;
  report = buildReport(db, event);
});
afterAll(() => {
  closeStore(db);
  rmSync(dir, { recursive: true, force: true });
});

const PROJECTS = {
  'python/cpython': 13,
  'rtnpro/opencabs': 3,
  'webpy/webpy': 5,
  'elastic/elasticsearch-dsl-py': 4,
  'elastic/elasticsearch-py': 1,
  'django/django': 1,
  'HonzaKral/es-django-example': 2,
  pagure: 13,
};

describe('the PyCon Pune 2017 report', () => {
  test('JSON holds all 42 contributions under their 8 projects, named by their full forge names', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(
      Object.fromEntries(
        json.projects.map((p: { name: string; contributions: unknown[] }) => [p.name, p.contributions.length]),
      ),
    ).toEqual(PROJECTS);
    expect(json.projects.flatMap((p: { contributions: unknown[] }) => p.contributions)).toHaveLength(42);
    expect(json.event).toMatchObject({
      slug: 'pycon-pune-2017',
      starts_at: '2017-02-18T03:30:00.000Z',
      time_zone: 'Asia/Kolkata',
    });
    expect(json.totals).toMatchObject({ pull_requests: 33, commits: 9, projects: 8, contributors: 8, sprinters: 8 });
    // What the list did not say is counted as not known, not as zero: no states, 26 rows naming nobody.
    expect(json.totals).toMatchObject({ merged: 0, state_unknown: 33, unnamed: 26 });
    const pagure = json.projects.find((p: { name: string }) => p.name === 'pagure');
    expect(pagure).toMatchObject({ forge: 'pagure', url: 'https://pagure.io/pagure' });
  });

  test('names each contributor with their handle, and keeps unnamed rows under their project', () => {
    const cpython = report.projects.find((p) => p.name === 'python/cpython')!;
    expect(cpython.contributions[0]).toMatchObject({
      kind: 'pull_request',
      ref: '147',
      url: 'https://github.com/python/cpython/pull/147',
      sprinter: { name: 'Sanyam Khurana', github: 'CuriousLearner', pagure: null },
    });
    const django = report.projects.find((p) => p.name === 'django/django')!;
    expect(django.contributions[0]!.sprinter).toEqual({
      name: null,
      github: null,
      pagure: null,
      gitlab: null,
      forgejo: null,
    });
  });

  test('the Markdown says nothing it does not know: first-time not known yet, and no ranking by merged when no state is known', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('**8** contributors (first-time not known yet)');
    expect(md).not.toContain('first-time)');
    expect(md).not.toContain('## Sprinters');
    expect(md).not.toContain('🎉');
  });

  test('a first contribution is marked once per person, on their earliest', () => {
    const marked = structuredClone(report);
    const cpython = marked.projects.find((p) => p.name === 'python/cpython')!;
    const sanyam = cpython.contributions.filter((c) => c.sprinter.github === 'CuriousLearner');
    expect(sanyam.length).toBeGreaterThan(1);
    sanyam.forEach((c, i) => {
      c.first_time = true;
      c.created_at = `2017-02-18T0${9 - i}:00:00.000Z`;
    });
    const md = renderMarkdown(marked);
    expect(md.split('\n').filter((l) => l.includes('🎉'))).toEqual([
      expect.stringContaining(`#${sanyam.at(-1)!.ref}]`),
    ]);
  });

  test('the Markdown lists every contribution with its full URL under a heading per project', () => {
    const md = renderMarkdown(report);
    for (const name of Object.keys(PROJECTS)) expect(md).toContain(`## [${name}]`);
    const bullets = md.split('\n').filter((l) => /^- .*\[[\w./-]+(#\d+|@[0-9a-f]{7})\]\(</.test(l));
    expect(bullets).toHaveLength(42);
    expect(md).toContain(
      '- Sanyam Khurana ([@CuriousLearner](<https://github.com/CuriousLearner>)): [python/cpython#147](<https://github.com/python/cpython/pull/147>)',
    );
    expect(md).toContain(
      '- Rahul Bajaj: Fix the index booking form ([rtnpro/opencabs#7](<https://github.com/rtnpro/opencabs/pull/7>))',
    );
    // Named once when the name is the handle; rows that name nobody listed plainly.
    expect(md).toContain('- [@chandankumar](<https://github.com/chandankumar>): [python/cpython#148]');
    expect(md).toContain('\n- [django/django#8081](<https://github.com/django/django/pull/8081>)\n');
    expect(md).not.toContain('unnamed contributor');
    // The list gave no states and named nobody for 26 rows: the totals say so instead of "0 merged".
    expect(md).toContain(
      '**26** items without a named contributor · **33** pull requests (state not known) · **9** commits',
    );
    expect(md).toContain('## Thank you\n\nThanks to everyone who sprinted: Sanyam Khurana ([@CuriousLearner]');
  });

  test("projects are listed busiest first, as the post did: cpython and pagure before django's one pull request", () => {
    expect(report.projects.map((p) => [p.name, p.contributions.length])).toEqual([
      ['pagure', 13],
      ['python/cpython', 13],
      ['webpy/webpy', 5],
      ['elastic/elasticsearch-dsl-py', 4],
      ['rtnpro/opencabs', 3],
      ['HonzaKral/es-django-example', 2],
      ['django/django', 1],
      ['elastic/elasticsearch-py', 1],
    ]);
  });

  test('non-code outcomes have their own section', () => {
    expect(report.other_contributions.map((o) => o.title)).toContain('Getting started with PyGame');
    const md = renderMarkdown(report);
    expect(md).toMatch(/## Other contributions\n\n### Learning\n\n- Getting started with PyGame/);
    expect(md).toContain('### Micropython room');
  });

  test('the CSV has a header and one line per contribution: the ones the report lists, with the same people', () => {
    const lines = [...exportCsv(db, event)];
    expect(lines[0]).toBe(
      'project,forge,kind,ref,url,title,state,created_at,merged_at,sprinter_name,github,pagure,co_authors,first_time,gitlab,forgejo,reviewed_by,task,reason\r\n',
    );
    const rows = parse(lines.join(''), { columns: true }) as Array<Record<string, string>>;
    const fromCsv = rows.map((r) => [r.project, r.url, r.sprinter_name, r.github].join(' ')).sort();
    const fromReport = [
      ...report.projects.flatMap((p) =>
        p.contributions.map((c) => [p.name, c.url, c.sprinter.name, c.sprinter.github ?? ''].join(' ')),
      ),
      ...report.other_contributions.map((o) => [o.topic, o.url, o.sprinter.name, o.sprinter.github ?? ''].join(' ')),
    ].sort();
    expect(fromCsv).toEqual(fromReport);
    expect(rows.filter((r) => r.forge === 'github' || r.forge === 'pagure')).toHaveLength(42);
    // The outcomes come after the work.
    const work = rows.filter((r) => r.forge !== 'other');
    expect(rows.slice(work.length).every((r) => r.forge === 'other')).toBe(true);
    // The list is the organizers' word: each line says so.
    expect(new Set(work.map((r) => r.reason))).toEqual(new Set(['counts (from the organizer’s list)']));
  });

  test('loading the list again changes nothing', () => {
    const before = JSON.stringify(buildReport(db, loadDemo(db).event));
    expect(loadDemo(db).summary).toBeNull();
    expect(JSON.stringify(buildReport(db, loadDemo(db).event))).toBe(before);
  });
});
