import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-poll-'));
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
  github.items = [github.item('python/cpython', 101, 'ana', 1, { merged_at: '2024-05-10T10:00:00Z' })];
  for (const args of [
    ['event', 'create', 'sprint', '--name', 'Sprint', '--starts', '2024-05-10T03:30Z', '--ends', '2024-05-11T12:30Z'],
    ['project', 'add', 'sprint', 'github:python/cpython'],
    [
      'project',
      'add',
      'sprint',
      'pagure:infra/example-tool',
      '--pagure-url',
      pagure.url,
      '--webhook-key',
      'Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0',
    ],
    ['sprinter', 'add', 'sprint', '--name', 'Ana', '--github', 'ana'],
    ['sprinter', 'add', 'sprint', '--name', 'Bob', '--pagure', 'bob'],
  ])
    expect(devsprint(args, env).status).toBe(0);
});
afterAll(async () => {
  await github.stop();
  await pagure.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('devsprint backfill and poll', () => {
  test('backfill fetches the window from GitHub and Pagure, with plain progress lines off a terminal', async () => {
    const result = await run(['backfill', 'sprint']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('progress: 1/2 GitHub search');
    expect(result.stderr).toContain('progress: 2/2 Pagure infra/example-tool');
    // Two pull requests, and the comment Alice left on the Pagure one (kept as a review; she is no leader here).
    expect(result.stdout).toMatch(/GitHub search by-repository \(1 queries\); 6 contributions seen, 6 new or changed/);
    const report = JSON.parse(devsprint(['report', 'sprint', '--format', 'json'], env).stdout);
    expect(report.totals).toMatchObject({ pull_requests: 2, merged: 2, contributors: 2 });
  });

  test('poll reports a failing source, exits 1, and keeps what succeeded', async () => {
    pagure.mode = 'error';
    const result = await run(['poll', 'sprint']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('1 failed');
    expect(result.stderr).toContain('1 request(s) failed; what succeeded is recorded');
    pagure.mode = 'ok';
  });

  test('without GitHub credentials it says so and polls Pagure only', async () => {
    const { GITHUB_TOKEN: _token, ...noToken } = env;
    const saved = env;
    env = noToken;
    const result = await run(['poll', 'sprint']);
    env = saved;
    expect(result.stderr).toContain('no GitHub credentials');
    expect(result.status).toBe(0);
  });
});
