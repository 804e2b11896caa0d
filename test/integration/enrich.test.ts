import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devsprint, devsprintAsync } from '../helpers/cli.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { PagureStandIn } from '../helpers/pagure-standin.js';

let dir: string;
let github: GithubApiStandIn;
let pagure: PagureStandIn;
let env: Record<string, string>;

const run = (args: string[]) => devsprintAsync(args, env);

const SHA = 'f85221ddc7d4a7a31effb0289a760c6e55c59ee9';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-enrich-'));
  github = await new GithubApiStandIn().start();
  pagure = await new PagureStandIn().start();
  env = {
    DATABASE_PATH: join(dir, 'db.sqlite'),
    GITHUB_TOKEN: 'test-token',
    GITHUB_API_URL: github.url,
    LOG_LEVEL: 'silent',
    GITHUB_PACING: 'none',
    FORGE_HOSTS: `https://github.com,${pagure.url}`,
  };
  // What GitHub would say of the pad's links (the shapes of GitHub's REST answers, trimmed to what is read).
  github.resources.set('/repos/python/cpython/pulls/147', {
    number: 147,
    html_url: 'https://github.com/python/cpython/pull/147',
    title: 'bpo-29549: Fix docstring of str.index',
    state: 'closed',
    merged: true,
    merged_at: '2017-02-19T10:20:00Z',
    closed_at: '2017-02-19T10:20:00Z',
    created_at: '2017-02-18T07:15:00Z',
    updated_at: '2017-02-19T10:20:00Z',
    user: { login: 'CuriousLearner', id: 6305402, type: 'User' },
    author_association: 'FIRST_TIME_CONTRIBUTOR',
    head: { sha: 'a'.repeat(40) },
    merge_commit_sha: null,
  });
  github.resources.set('/users/CuriousLearner', { login: 'CuriousLearner', id: 6305402, name: 'Sanyam Khurana' });
  github.resources.set(`/repos/webpy/webpy/commits/${SHA}`, {
    sha: SHA,
    html_url: `https://github.com/webpy/webpy/commit/${SHA}`,
    commit: {
      message: 'Fix the session docs\n\nCo-authored-by: Someone <s@example.org>',
      author: { name: 'Anand Chitipothu', email: 'anand@example.org', date: '2017-02-18T11:00:00Z' },
    },
    author: { login: 'anandology', id: 7569, type: 'User' },
  });
  const list = [
    'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle',
    'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/147\t\t\t',
    `github\twebpy/webpy\tcommit\thttps://github.com/webpy/webpy/commit/${SHA}\t\t\t`,
    `pagure\tinfra/example-tool\tpull_request\t${pagure.url}/infra/example-tool/pull-request/42\t\t\t`,
    'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/999999\t\t\t',
  ].join('\n');
  writeFileSync(join(dir, 'pad.tsv'), list);
  for (const args of [
    [
      'event',
      'create',
      'pune',
      '--name',
      'PyCon Pune 2017',
      '--starts',
      '2017-02-18T09:00+05:30',
      '--ends',
      '2017-02-19T18:00+05:30',
      '--time-zone',
      'Asia/Kolkata',
    ],
    ['project', 'add', 'pune', 'pagure:infra/example-tool', '--pagure-url', pagure.url],
    ['import', 'pune', join(dir, 'pad.tsv')],
  ])
    expect(devsprint(args, env)).toMatchObject({ status: 0 });
});
afterAll(async () => {
  await github.stop();
  await pagure.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('devsprint enrich', () => {
  test('turns bare links into contributions with titles, states, times and names; what it cannot resolve is listed', async () => {
    const result = await run(['enrich', 'pune']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('completed 3 of 4 imported rows of pune');
    expect(result.stdout).toContain(
      'not resolved: https://github.com/python/cpython/pull/999999: GitHub has no such pull request',
    );
    const report = JSON.parse(devsprint(['report', 'pune', '--format', 'json'], env).stdout);
    const item = (project: string, ref?: string) =>
      report.projects
        .find((p: { name: string }) => p.name === project)
        .contributions.find((c: { ref: string }) => ref === undefined || c.ref === ref);
    expect(item('python/cpython', '147')).toMatchObject({
      title: 'bpo-29549: Fix docstring of str.index',
      state: 'merged',
      created_at: '2017-02-18T07:15:00.000Z',
      first_time: true,
      sprinter: { name: 'Sanyam Khurana', github: 'CuriousLearner' },
    });
    expect(item('webpy/webpy')).toMatchObject({
      title: 'Fix the session docs',
      created_at: '2017-02-18T11:00:00.000Z',
      sprinter: { name: 'Anand Chitipothu', github: 'anandology' },
    });
    expect(item('infra/example-tool')).toMatchObject({
      title: 'Document the config file format',
      state: 'open',
      sprinter: { name: 'Bob Example', pagure: 'bob' },
    });
    expect(item('python/cpython', '999999')).toMatchObject({ title: '', state: 'unknown', created_at: null });
    // Still the organizer's word: every row counts, the unresolved one too, as the list gave it.
    expect(report.totals).toMatchObject({ pull_requests: 3, commits: 1, sprinters: 3 });
    // Running it again asks again and changes nothing.
    const again = await run(['enrich', 'pune']);
    expect(again.stdout).toContain('completed 3 of 4 imported rows');
    expect(JSON.parse(devsprint(['report', 'pune', '--format', 'json'], env).stdout)).toEqual(report);
  });
});
