import { sql } from '../helpers/sql.js';
import { setInstallation } from '../../src/store/projects.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { testPrivateKey } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { contributions, leaderboardRow, seedSprint } from '../helpers/seed.js';
import { createLogger } from '../../src/logger.js';
import { createGithubClient } from '../../src/sources/github/client.js';
import { redeliverFailed } from '../../src/services/redeliver-failed.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { joinEvent } from '../../src/services/join-event.js';
import { addProject } from '../../src/store/projects.js';
import type { EventRecord } from '../../src/store/events.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';

let app: AppUnderTest;
let github: GithubApiStandIn;
let event: EventRecord;
let clock: Date;
const log = createLogger('silent');

beforeEach(async () => {
  app = await startApp();
  github = await new GithubApiStandIn().start();
  event = seedSprint(app.db);
  addProject(app.db, {
    eventId: event.id,
    forge: 'github',
    fullName: 'python/cpython',
    url: 'https://github.com/python/cpython',
  });
  // Rounds run "after" the registrations seeded above, which carry the real time.
  clock = new Date(Date.now() + 60_000);
});

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const later = (minutes: number) => new Date(clock.getTime() + minutes * 60_000);
afterEach(async () => {
  await app.close();
  await github.stop();
});

const client = () =>
  createGithubClient({
    baseUrl: github.url,
    auth: { kind: 'token', token: 'test-token' },
    log,
    maxWaitSeconds: 5,
    pacing: 'none',
  });
const poll = (sources = { github: client(), open: { hosts: new ForgeHosts([]) } }, full = false) =>
  pollEvent(app.db, null, event, sources, { now: () => clock, full });

describe('polling upstream GitHub repositories', () => {
  test('the search by author goes two queries a round, then waits an hour after a full pass', async () => {
    for (let i = 0; i < 13; i += 1)
      joinEvent(app.db, event.id, { displayName: `Member ${i}`, githubLogin: `member-${i}`, githubId: 7700 + i });
    const sweeps = () => github.requests.filter((r) => r.path === '/search/issues' && /author:/.test(r.q ?? '')).length;
    // Fourteen members, six to a query: three queries a pass.
    clock = new Date('2024-05-10T09:00:00Z');
    await poll();
    expect(sweeps()).toBe(2);
    clock = new Date('2024-05-10T09:01:00Z');
    await poll();
    expect(sweeps()).toBe(3);
    clock = new Date('2024-05-10T09:30:00Z');
    await poll();
    expect(sweeps()).toBe(3);
    clock = new Date('2024-05-10T10:02:00Z');
    await poll();
    expect(sweeps()).toBe(5);
  });

  test("a sprinter's pull request to a repository nobody registered is found by author, and says why it does not count", async () => {
    github.items = [
      github.item('python/cpython', 101, 'newcomer', 5001),
      github.item('python/typeshed', 12, 'newcomer', 5001),
      github.item('python/typeshed', 13, 'stranger', 6001),
    ];
    // During the sprint: the event is searched by repository, then its members once an hour by author.
    clock = new Date('2024-05-10T09:00:00Z');
    const result = await poll();
    expect(result.errors).toEqual([]);
    const queries = github.requests.filter((r) => r.path === '/search/issues').map((r) => r.q);
    expect(queries).toEqual([
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z repo:python/cpython repo:sprint-org/sprint-repo',
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z author:newcomer',
    ]);
    // Nothing of it counts, nor is it stored as a contribution.
    expect(contributions(app.db).map((c) => c.key)).toEqual(['101']);
    expect(sql(app.db).prepare('SELECT url FROM unregistered_work').pluck().all()).toEqual([
      'https://github.com/python/typeshed/pull/12',
    ]);
    // Within the hour, no second sweep.
    clock = new Date('2024-05-10T09:30:00Z');
    await poll();
    expect(github.requests.filter((r) => r.path === '/search/issues' && /author:/.test(r.q ?? ''))).toHaveLength(1);
    // Once the repository is registered, it is a project's work, not a note.
    addProject(app.db, {
      eventId: event.id,
      forge: 'github',
      fullName: 'python/typeshed',
      url: 'https://github.com/python/typeshed',
    });
    expect(sql(app.db).prepare('SELECT count(*) FROM unregistered_work').pluck().get()).toBe(1);
  });

  test("finds the sprint's pull requests in repositories without the app, in one packed query", async () => {
    github.items = [
      github.item('python/cpython', 101, 'newcomer', 5001),
      github.item('python/cpython', 102, 'stranger', 6001),
      github.item('sprint-org/sprint-repo', 7, 'newcomer', 5001, { merged_at: '2024-05-10T09:00:00Z' }),
      github.item('python/cpython', 90, 'newcomer', 5001, { created_at: '2024-05-01T00:00:00Z' }),
    ];
    const result = await poll();
    expect(result).toMatchObject({ errors: [], githubStrategy: 'by-repository', githubQueries: 1, recorded: 3 });
    expect(github.requests.filter((r) => r.path === '/search/issues')).toHaveLength(1);
    expect(github.requests[0]!.q).toBe(
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z repo:python/cpython repo:sprint-org/sprint-repo',
    );
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 2, commits: 0 });
    // The stranger's pull request is kept, unattributed, and counts once they join.
    expect(
      joinEvent(app.db, event.id, { displayName: 'Stranger', githubLogin: 'stranger', githubId: 6001 }).attributed,
    ).toBe(1);
  });

  test('later rounds ask only for what changed, follow merges, and reuse ETags', async () => {
    github.items = [github.item('python/cpython', 101, 'newcomer', 5001)];
    const first = clock;
    await poll();
    clock = later(60);
    await poll();
    expect(github.requests[1]!.q).toContain(`updated:>=${iso(first)}`);
    github.items = [github.item('python/cpython', 101, 'newcomer', 5001, { merged_at: iso(later(30)) })];
    clock = later(120);
    const merged = await poll();
    expect(merged.changed).toBe(1);
    expect(contributions(app.db)[0]).toMatchObject({ key: '101', state: 'merged' });
    // The same query again, with nothing new: GitHub answers 304 and the cached page is used.
    const sources = { github: client(), open: { hosts: new ForgeHosts([]) } };
    await poll(sources, true);
    await poll(sources, true);
    expect(github.requests.at(-1)).toMatchObject({ status: 304 });
    expect(sources.github.counter.notModified).toBe(1);
  });

  test('someone registering since the last round makes the next one fetch the whole window', async () => {
    github.items = [github.item('python/cpython', 101, 'latejoiner', 7001)];
    await poll();
    const joinedAt = later(30);
    clock = later(60);
    joinEvent(app.db, event.id, { displayName: 'Late', githubLogin: 'latejoiner', githubId: 7001 }, joinedAt);
    await poll();
    expect(github.requests.at(-1)!.q).not.toContain('updated:');
  });

  test('waits out a rate limit (403 with its reset time) and retries a 5xx', async () => {
    github.items = [github.item('python/cpython', 101, 'newcomer', 5001)];
    github.failNext = ['rate-limit'];
    const limited = await poll();
    expect(limited.errors).toEqual([]);
    expect(github.requests.map((r) => r.status)).toEqual([403, 200]);
    github.failNext = ['server-error'];
    const retried = await poll(undefined, true);
    expect(retried.errors).toEqual([]);
    expect(github.requests.slice(2).map((r) => r.status)).toEqual([502, 200]);
  });

  test('a failure that persists is reported, and the round does not pretend it saw nothing', async () => {
    github.failNext = ['server-error', 'server-error', 'server-error', 'server-error'];
    const result = await poll();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/GitHub search/);
    expect(sql(app.db).prepare('SELECT count(*) FROM poll_state').pluck().get()).toBe(0);
  });

  test('repositories with the app installed are left to webhooks, except in a backfill', async () => {
    setInstallation(app.db, 'sprint-org/sprint-repo', 1, 'sprint-org');
    github.items = [github.item('python/cpython', 101, 'newcomer', 5001)];
    await poll();
    expect(github.requests[0]!.q).not.toContain('sprint-org/sprint-repo');
    await poll(undefined, true);
    expect(github.requests[1]!.q).toContain('repo:sprint-org/sprint-repo');
  });
});

describe('one truth', () => {
  const opened = () => pullRequestPayload({ repo: 'python/cpython', number: 101, updatedAt: '2024-05-10T06:00:00Z' });
  const mergedHook = () =>
    pullRequestPayload({
      repo: 'python/cpython',
      number: 101,
      action: 'closed',
      merged: true,
      closedAt: '2024-05-10T09:00:00Z',
    });
  const steps = {
    webhook: async () => void (await deliver(app, 'pull_request', opened(), { id: 'delivery-opened' })),
    poll: async () => {
      github.items = [github.item('python/cpython', 101, 'newcomer', 5001, { merged_at: '2024-05-10T09:00:00Z' })];
      await poll(undefined, true);
    },
    redelivery: async () => {
      await deliver(app, 'pull_request', mergedHook(), { id: 'delivery-merged' });
      await deliver(app, 'pull_request', mergedHook(), { id: 'delivery-merged' });
    },
  };
  const orders: Array<Array<keyof typeof steps>> = [
    ['webhook', 'poll', 'redelivery'],
    ['webhook', 'redelivery', 'poll'],
    ['poll', 'webhook', 'redelivery'],
    ['poll', 'redelivery', 'webhook'],
    ['redelivery', 'webhook', 'poll'],
    ['redelivery', 'poll', 'webhook'],
  ];
  test.each(orders)('%s, %s, %s: one contribution, merged', async (...order) => {
    for (const step of order) await steps[step]();
    expect(contributions(app.db)).toEqual([expect.objectContaining({ key: '101', state: 'merged', counted: 1 })]);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
  });
});

describe('recovery of missed deliveries', () => {
  test('asks GitHub to redeliver each delivery that failed on our side and never arrived', async () => {
    const at = (hoursAgo: number) => new Date(Date.parse('2024-05-10T12:00:00Z') - hoursAgo * 3_600_000).toISOString();
    await deliver(app, 'pull_request', pullRequestPayload(), { id: 'already-here' });
    github.deliveries = [
      {
        id: 11,
        guid: 'timed-out',
        delivered_at: at(1),
        redelivery: false,
        status_code: 0,
        event: 'pull_request',
        action: 'opened',
      },
      {
        id: 12,
        guid: 'server-error',
        delivered_at: at(2),
        redelivery: false,
        status_code: 502,
        event: 'push',
        action: null,
      },
      {
        id: 14,
        guid: 'later-ok',
        delivered_at: at(1),
        redelivery: true,
        status_code: 200,
        event: 'push',
        action: null,
      },
      {
        id: 13,
        guid: 'later-ok',
        delivered_at: at(3),
        redelivery: false,
        status_code: 500,
        event: 'push',
        action: null,
      },
      {
        id: 15,
        guid: 'already-here',
        delivered_at: at(3),
        redelivery: false,
        status_code: 500,
        event: 'pull_request',
        action: 'opened',
      },
      {
        id: 16,
        guid: 'refused',
        delivered_at: at(3),
        redelivery: false,
        status_code: 400,
        event: 'star',
        action: 'created',
      },
      {
        id: 17,
        guid: 'too-old',
        delivered_at: at(80),
        redelivery: false,
        status_code: 500,
        event: 'push',
        action: null,
      },
    ];
    const app_ = createGithubClient({
      baseUrl: github.url,
      auth: { kind: 'app', appId: '12345', privateKey: testPrivateKey() },
      log,
    });
    const result = await redeliverFailed(app_.octokit, app.db, log, new Date('2024-05-10T12:00:00Z'));
    expect(result.errors).toEqual([]);
    expect(result.redelivered.sort()).toEqual(['server-error', 'timed-out']);
    expect(github.attempts.sort()).toEqual([11, 12]);
  });
});
