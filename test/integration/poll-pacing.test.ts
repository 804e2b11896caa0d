import { markPollCompleted } from '../../src/store/poll-state.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { WINDOW } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { createEvent } from '../../src/store/events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { SyncScheduler } from '../../src/services/sync-scheduler.js';
import { addProject, setInstallation } from '../../src/store/projects.js';
import type { EventRecord } from '../../src/store/events.js';

let app: AppUnderTest;
let github: GithubApiStandIn;
let event: EventRecord;
let clock: Date;
let metrics: Metrics;

beforeEach(async () => {
  // The sprint's morning: the event is followed, and everything below is registered at that moment.
  clock = new Date('2024-05-10T06:00:20.000Z');
  metrics = new Metrics(() => 0);
  app = await startApp({}, { now: () => clock, metrics });
  github = await new GithubApiStandIn().start();
  github.searchBudget = { limit: 30, windowSeconds: 60, now: () => clock.getTime() };
  event = createEvent(app.db, { slug: 'test-sprint', name: 'Test Sprint', ...WINDOW, timeZone: 'Asia/Kolkata' }, clock);
  for (const repo of ['sprint-org/sprint-repo', 'python/cpython'])
    addProject(
      app.db,
      { eventId: event.id, forge: 'github', fullName: repo, url: `https://github.com/${repo}` },
      clock,
    );
  joinEvent(app.db, event.id, { displayName: 'New Comer', githubLogin: 'newcomer', githubId: 5001 }, clock);
  // The hourly search by author (work in unregistered repositories) ran a moment ago: these tests are about
  // the pace of the rounds' own searches.
  markPollCompleted(app.db, event.id, 'github-authors', clock.toISOString());
});

afterEach(async () => {
  await app.close();
  await github.stop();
});

const scheduler = (env: Record<string, string> = {}) =>
  new SyncScheduler({
    db: app.db,
    bus: null,
    log: createLogger('silent'),
    metrics,
    now: () => clock,
    config: loadConfig({
      GITHUB_TOKEN: 'test-token',
      GITHUB_API_URL: github.url,
      LOG_LEVEL: 'silent',
      GITHUB_PACING: 'none',
      ...env,
    }),
  });
const windowStart = () => Math.floor(clock.getTime() / 60_000) * 60_000;

describe('backfills', () => {
  test('thirty registrations and joins in a burst ask for one round per event, not thirty', async () => {
    const sync = scheduler();
    const searches = () => github.requests.filter((r) => r.path.startsWith('/search/')).length;
    // One round on its own, to know what a round costs.
    await sync.pollEvent(event.id, { full: true });
    const oneRound = searches();
    expect(oneRound).toBeGreaterThan(0);
    for (let i = 0; i < 30; i += 1) sync.backfill(event.id);
    expect(sync.backfillsWaiting).toBe(1);
    // Rounds run one after another: this one runs after the waiting backfill, which ran once.
    await sync.pollEvent(event.id, { full: true });
    expect(sync.backfillsWaiting).toBe(0);
    expect(searches()).toBe(3 * oneRound);
  });
});

describe('polling paced by the search budget', () => {
  test('a round of one search request waits the shortest pause, well inside half the budget', async () => {
    const pacing = await scheduler().pollAll();
    expect(github.requests.filter((r) => r.path === '/search/issues')).toHaveLength(1);
    expect(pacing).toEqual({ seconds: 15, why: '1 search requests a round within 50% of 30 a minute' });
  });

  test("when others spent this window's budget, the next round waits for its reset", async () => {
    github.searchWindows.set(windowStart(), 20);
    const pacing = await scheduler().pollAll();
    const untilReset = Math.round((windowStart() + 60_000 - clock.getTime()) / 1000) + 1;
    expect(pacing.seconds).toBe(Math.max(15, untilReset));
    expect(pacing.why).toBe('21 of 30 search requests of this window spent: waiting for its reset');
  });

  test('a rate-limited round backs off, and the wait never passes POLL_INTERVAL_SECONDS', async () => {
    const sync = scheduler({ POLL_INTERVAL_SECONDS: '100' });
    expect((await sync.pollAll()).seconds).toBe(15);
    // At least until the window resets (06:01:00, 40 s away), then twice the wait before, up to the interval.
    const waits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      github.failNext = ['rate-limit'];
      const backedOff = await sync.pollAll();
      expect(backedOff.why).toBe('the last round was rate limited: backing off');
      waits.push(backedOff.seconds);
    }
    expect(waits).toEqual([41, 82, 100]);
    expect(github.requests.filter((r) => r.status === 403)).toHaveLength(3);
    // The wait chosen reaches /metrics.
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^devsprint_poll_next_round_seconds 100$/m);
  });

  test('with nothing to search, rounds come at the polling interval', async () => {
    setInstallation(app.db, 'python/cpython', 77, 'python');
    setInstallation(app.db, 'sprint-org/sprint-repo', 78, 'sprint-org');
    const pacing = await scheduler({ POLL_INTERVAL_SECONDS: '240' }).pollAll();
    expect(github.requests.filter((r) => r.path === '/search/issues')).toHaveLength(0);
    expect(pacing).toEqual({ seconds: 240, why: 'no GitHub search to pace' });
  });
});

describe('staleness in /metrics', () => {
  const staleness = async () =>
    [
      ...(await (await fetch(`${app.url}/metrics`)).text()).matchAll(
        /^devsprint_project_staleness_seconds\{event="([^"]+)",project="([^"]+)",via="([^"]+)"\} (\d+)$/gm,
      ),
    ].map((m) => ({ event: m[1], project: m[2], via: m[3], seconds: Number(m[4]) }));

  test('each polled project says how long since a round covered it; installed ones are left to webhooks', async () => {
    setInstallation(app.db, 'sprint-org/sprint-repo', 78, 'sprint-org');
    clock = new Date(clock.getTime() + 30_000);
    // Never polled yet: stale since it was registered.
    expect(await staleness()).toEqual([
      { event: 'test-sprint', project: 'python/cpython', via: 'github-search', seconds: 30 },
    ]);
    await scheduler().pollAll();
    clock = new Date(clock.getTime() + 42_000);
    expect(await staleness()).toEqual([
      { event: 'test-sprint', project: 'python/cpython', via: 'github-search', seconds: 42 },
    ]);
  });

  test('a failed round leaves the staleness growing', async () => {
    await scheduler().pollAll();
    github.failNext = ['server-error', 'server-error', 'server-error'];
    clock = new Date(clock.getTime() + 60_000);
    await scheduler().pollAll();
    clock = new Date(clock.getTime() + 10_000);
    expect((await staleness()).find((s) => s.project === 'python/cpython')!.seconds).toBe(70);
  });
});
