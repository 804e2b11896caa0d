import { parse } from 'csv-parse/sync';
import { exportCsv } from '../../src/services/export-csv.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { devsprint, devsprintAsync } from '../helpers/cli.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { aggregateMismatches, leaderboardRow, seedSprint, snapshot } from '../helpers/seed.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { TaskView } from '../../src/services/task-claims.js';
import { joinEvent } from '../../src/services/join-event.js';
import type { EventRecord } from '../../src/store/events.js';

let app: AppUnderTest;
let event: EventRecord;
const ISSUE = 'https://github.com/sprint-org/sprint-repo/issues/12';

beforeEach(async () => {
  app = await startApp();
  // The seeded sprint: sprint-org/sprint-repo, and `newcomer` (account 5001) has joined.
  event = seedSprint(app.db);
  for (const [login, id] of [
    ['asha', 7001],
    ['bo', 7002],
    ['cy', 7003],
  ] as const)
    joinEvent(app.db, event.id, { displayName: login, githubLogin: login, githubId: id });
});
afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
});

const cli = (...args: string[]) => devsprint(args, { DATABASE_PATH: app.dbPath, LOG_LEVEL: 'silent' });
/** The CLI in this process with an injected clock, for claims that run out. */
const cliAt = async (now: Date, ...args: string[]) => {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { DATABASE_PATH: app.dbPath, LOG_LEVEL: 'silent' },
    isTty: false,
    now: () => now,
  });
  return { status, stdout, stderr };
};
const tasks = async (): Promise<TaskView[]> =>
  JSON.parse(await (await fetch(`${app.url}/events/test-sprint/tasks.json`)).text()) as TaskView[];
const addTask = (...extra: string[]) => {
  const added = cli(
    'task',
    'add',
    'test-sprint',
    'sprint-org/sprint-repo',
    '--title',
    'Document the config file',
    ...extra,
  );
  expect(added).toMatchObject({ status: 0 });
  return added.stdout.trim();
};

describe('the task table', () => {
  test('a task is listed in tasks.json with the documented shape', async () => {
    const id = addTask('--issue', `${ISSUE}#issuecomment-1`, '--level', 'intermediate', '--capacity', '2');
    expect(id).toMatch(/^\d+$/);
    expect(await tasks()).toEqual([
      {
        id: Number(id),
        project: 'sprint-org/sprint-repo',
        title: 'Document the config file',
        level: 'intermediate',
        issue_url: ISSUE,
        capacity: 2,
        state: 'open',
        claims: [],
        pull_requests: [],
      },
    ]);
    expect(JSON.parse(cli('task', 'list', 'test-sprint', '--format', 'json').stdout)).toEqual(await tasks());
  });

  test("claims up to the capacity and no further; a sprinter may hold only the event's maximum", async () => {
    const id = addTask('--capacity', '2');
    expect(cli('task', 'claim', 'test-sprint', id, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    expect(cli('task', 'claim', 'test-sprint', id, '--sprinter', 'bo')).toMatchObject({ status: 0 });
    const before = snapshot(app.db);
    const third = cli('task', 'claim', 'test-sprint', id, '--sprinter', 'cy');
    expect(third).toMatchObject({ status: 1 });
    expect(third.stderr).toContain(`task ${id} is full: 2 of 2 places are held`);
    expect(snapshot(app.db)).toEqual(before);
    const view = (await tasks())[0]!;
    expect(view.state).toBe('claimed');
    expect(view.claims.map((c) => c.sprinter.github)).toEqual(['asha', 'bo']);

    // Two more tasks: asha may hold two at once (the default), not three.
    const second = addTask();
    const third2 = addTask();
    expect(cli('task', 'claim', 'test-sprint', second, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    expect(cli('task', 'claim', 'test-sprint', third2, '--sprinter', 'asha').stderr).toContain(
      'asha already holds 2 tasks, the most this event allows at once',
    );
    // Releasing frees the place.
    expect(cli('task', 'release', 'test-sprint', id, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    expect(cli('task', 'claim', 'test-sprint', id, '--sprinter', 'cy')).toMatchObject({ status: 0 });
  });

  test('two claims racing for the last place: exactly one wins', async () => {
    const id = addTask();
    const env = { DATABASE_PATH: app.dbPath, LOG_LEVEL: 'silent' };
    const results = await Promise.all(
      ['asha', 'bo', 'cy'].map((login) =>
        devsprintAsync(['task', 'claim', 'test-sprint', id, '--sprinter', login], env),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([0, 1, 1]);
    expect((await tasks())[0]!.claims).toHaveLength(1);
  });

  test("a claim with no pull request runs out after the event's claim time", async () => {
    const id = addTask();
    const claimed = new Date('2024-05-10T06:00:00.000Z');
    expect(await cliAt(claimed, 'task', 'claim', 'test-sprint', id, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    const listAt = async (at: Date) =>
      JSON.parse((await cliAt(at, 'task', 'list', 'test-sprint', '--format', 'json')).stdout) as TaskView[];
    expect((await listAt(new Date(claimed.getTime() + 3 * 3_600_000 - 1000)))[0]).toMatchObject({
      state: 'claimed',
      claims: [{ expires_at: '2024-05-10T09:00:00.000Z' }],
    });
    expect((await listAt(new Date(claimed.getTime() + 3 * 3_600_000)))[0]).toMatchObject({ state: 'open', claims: [] });
    // Someone else may take it then; the one who let it lapse may claim it afresh.
    expect(
      await cliAt(new Date('2024-05-10T10:00:00.000Z'), 'task', 'claim', 'test-sprint', id, '--sprinter', 'asha'),
    ).toMatchObject({ status: 0 });
  });

  test("the claimant's pull request that fixes the issue attaches: in review, then done when merged; it counts as before", async () => {
    const id = addTask('--issue', ISSUE);
    expect(cli('task', 'claim', 'test-sprint', id, '--sprinter', 'newcomer')).toMatchObject({ status: 0 });
    const opened = pullRequestPayload({
      login: 'newcomer',
      userId: 5001,
      number: 77,
      body: 'Adds the missing section.\n\nFixes #12',
    });
    expect((await deliver(app, 'pull_request', opened)).status).toBe(200);
    expect((await tasks())[0]).toMatchObject({
      state: 'in_review',
      pull_requests: [{ url: 'https://github.com/sprint-org/sprint-repo/pull/77', state: 'open' }],
      claims: [{ expires_at: null }],
    });
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
    const merged = pullRequestPayload({
      login: 'newcomer',
      userId: 5001,
      number: 77,
      body: 'Adds the missing section.\n\nFixes #12',
      merged: true,
      action: 'closed',
    });
    expect((await deliver(app, 'pull_request', merged)).status).toBe(200);
    expect((await tasks())[0]).toMatchObject({ state: 'done', pull_requests: [{ state: 'merged' }] });
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
    // The export names the task each pull request did.
    const csv = parse([...exportCsv(app.db, event)].join(''), { columns: true }) as Array<Record<string, string>>;
    expect(csv.find((r) => r.ref === '77')).toMatchObject({ task: expect.any(String), state: 'merged' });
    expect(csv.find((r) => r.ref === '77')!.task).not.toBe('');
  });

  test('a pull request by someone else, or not naming the issue, does not attach', async () => {
    const id = addTask('--issue', ISSUE);
    expect(cli('task', 'claim', 'test-sprint', id, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'newcomer', userId: 5001, number: 78, body: `closes ${ISSUE}` }),
    );
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'asha', userId: 7001, number: 79, body: 'See #12 for the background' }),
    );
    expect((await tasks())[0]).toMatchObject({ state: 'claimed', pull_requests: [] });
    // Named as `owner/repo#12` by the claimant, it does.
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'asha', userId: 7001, number: 80, body: 'Resolves sprint-org/sprint-repo#12' }),
    );
    expect((await tasks())[0]).toMatchObject({
      state: 'in_review',
      pull_requests: [{ url: 'https://github.com/sprint-org/sprint-repo/pull/80' }],
    });
  });

  test('the report tells what was done, what is still in review, and what is left for the next sprint', async () => {
    const done = addTask('--issue', ISSUE);
    const review = addTask('--issue', 'https://github.com/sprint-org/sprint-repo/issues/13');
    cli(
      'task',
      'add',
      'test-sprint',
      'sprint-org/sprint-repo',
      '--title',
      'Port the tests to pytest',
      '--level',
      'advanced',
    );
    expect(cli('task', 'claim', 'test-sprint', done, '--sprinter', 'newcomer')).toMatchObject({ status: 0 });
    expect(cli('task', 'claim', 'test-sprint', review, '--sprinter', 'asha')).toMatchObject({ status: 0 });
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({
        login: 'newcomer',
        userId: 5001,
        number: 77,
        body: 'Fixes #12',
        merged: true,
        action: 'closed',
      }),
    );
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'asha', userId: 7001, number: 81, body: 'Fixes #13' }),
    );
    const report = JSON.parse(cli('report', 'test-sprint', '--format', 'json').stdout);
    expect(report.tasks).toEqual([
      {
        project: 'sprint-org/sprint-repo',
        title: 'Document the config file',
        level: 'first-task',
        issue_url: ISSUE,
        state: 'done',
        sprinters: [{ name: 'New Comer', github: 'newcomer', pagure: null }],
        pull_requests: [{ url: 'https://github.com/sprint-org/sprint-repo/pull/77', state: 'merged' }],
      },
      expect.objectContaining({
        issue_url: 'https://github.com/sprint-org/sprint-repo/issues/13',
        state: 'in_review',
        sprinters: [expect.objectContaining({ github: 'asha' })],
      }),
      expect.objectContaining({ title: 'Port the tests to pytest', state: 'open', sprinters: [], pull_requests: [] }),
    ]);
    const md = cli('report', 'test-sprint', '--format', 'md').stdout;
    expect(md).toContain(
      '## Tasks\n\n### Done\n\n- [Document the config file](<https://github.com/sprint-org/sprint-repo/issues/12>) (sprint-org/sprint-repo, first task): ' +
        'New Comer ([@newcomer](<https://github.com/newcomer>)) in [sprint-org/sprint-repo#77](<https://github.com/sprint-org/sprint-repo/pull/77>)',
    );
    expect(md).toContain(
      '### Still in review\n\n- [Document the config file](<https://github.com/sprint-org/sprint-repo/issues/13>)',
    );
    expect(md).toContain(
      '### Left open for the next sprint\n\n- Port the tests to pytest (sprint-org/sprint-repo, advanced)\n',
    );
    const html = await (await fetch(`${app.url}/events/test-sprint/report`)).text();
    expect(html).toContain('<h2 id="tasks-heading">Tasks</h2>');
    expect(html).toContain('<h3>Left open for the next sprint</h3>');
  });

  test('wrong arguments exit 2 and write nothing', () => {
    const before = snapshot(app.db);
    for (const args of [
      ['task', 'add', 'test-sprint', 'sprint-org/sprint-repo'],
      ['task', 'add', 'test-sprint', 'sprint-org/sprint-repo', '--title', 'T', '--level', 'expert'],
      ['task', 'add', 'test-sprint', 'sprint-org/sprint-repo', '--title', 'T', '--capacity', '0'],
      [
        'task',
        'add',
        'test-sprint',
        'sprint-org/sprint-repo',
        '--title',
        'T',
        '--issue',
        'https://github.com/django/django/issues/1',
      ],
      ['task', 'claim', 'test-sprint', 'one', '--sprinter', 'asha'],
      ['task', 'claim', 'test-sprint', '1'],
      ['task', 'list', 'test-sprint', '--format', 'xml'],
    ])
      expect(cli(...args)).toMatchObject({ status: 2 });
    expect(snapshot(app.db)).toEqual(before);
  });
});
