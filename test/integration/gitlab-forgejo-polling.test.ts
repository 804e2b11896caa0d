import { pageCache } from '../../src/sources/page-cache.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { devsprint } from '../helpers/cli.js';
import { ForgeApiStandIn } from '../helpers/forge-api-standin.js';
import { aggregateMismatches, contributions, WINDOW } from '../helpers/seed.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';
import { joinEvent, linkForgeAccounts } from '../../src/services/join-event.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { buildLeaderboard } from '../../src/services/build-leaderboard.js';
import { createEvent, type EventRecord } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';

let app: AppUnderTest;
let stand: ForgeApiStandIn;
let event: EventRecord;
const waits: number[] = [];
const etags = pageCache();
const at = (minutes: number) => new Date(Date.parse(WINDOW.startsAt) + minutes * 60_000).toISOString();

afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
  await stand.stop();
  waits.length = 0;
  etags.clear();
});

const poll = () =>
  pollEvent(
    app.db,
    null,
    event,
    { github: null, open: { hosts: new ForgeHosts([stand.url]) }, etags, sleep: async (ms) => void waits.push(ms) },
    { now: () => new Date(WINDOW.endsAt) },
  );

describe('GitLab polling', () => {
  beforeEach(async () => {
    app = await startApp();
    stand = await new ForgeApiStandIn('gitlab').start();
    event = createEvent(app.db, { slug: 'gl', name: 'GitLab Sprint', ...WINDOW, timeZone: 'UTC' });
    addProject(app.db, {
      eventId: event.id,
      forge: 'gitlab',
      fullName: 'GNOME/gnome-maps',
      url: `${stand.url}/GNOME/gnome-maps`,
      instanceUrl: stand.url,
    });
    const alice = joinEvent(app.db, event.id, {
      displayName: 'Alice Newcomer',
      emails: ['alice@example.org'],
    }).sprinter;
    linkForgeAccounts(app.db, alice.id, [
      { forge: 'gitlab', instanceUrl: stand.url, username: 'alice', userId: null, verifiedBy: 'test' },
    ]);
    const mr = (iid: number, username: string, created: string, state = 'opened') => ({
      iid,
      title: `Merge request ${iid}`,
      state,
      created_at: created,
      updated_at: created,
      merged_at: state === 'merged' ? created : null,
      closed_at: null,
      author: { id: username === 'alice' ? 4101 : 9000 + iid, username, name: username },
      sha: 'a'.repeat(40),
      merge_commit_sha: null,
    });
    stand.pulls = [
      ...Array.from({ length: 250 }, (_, i) => mr(1000 + i, 'alice', at(i), i % 2 ? 'merged' : 'opened')),
      mr(10, 'alice', '2024-04-01T00:00:00.000Z'),
      mr(11, 'stranger', at(5)),
    ];
    stand.commits = [
      {
        id: 'c'.repeat(40),
        message: 'Fix the zoom buttons\n',
        author_name: 'Alice Newcomer',
        author_email: 'alice@example.org',
        authored_date: at(30),
      },
    ];
  });

  test("every merge request of the members in the window, across three pages, a 429 waited out, then the default branch's commits", async () => {
    stand.throttleNext = 2;
    const result = await poll();
    expect(result.errors).toEqual([]);
    expect(waits).toEqual([2000]);
    const mrPages = stand.requests.filter((r) => r.path.endsWith('/merge_requests') && r.status === 200);
    expect(mrPages.map((r) => new URLSearchParams(r.query).get('page') ?? '1')).toEqual(['1', '2', '3']);
    expect(mrPages.every((r) => new URLSearchParams(r.query).get('author_username') === 'alice')).toBe(true);
    const pulls = contributions(app.db).filter((c) => c.kind === 'pull_request');
    expect(pulls).toHaveLength(250);
    expect(pulls.every((c) => c.counted === 1)).toBe(true);
    expect(contributions(app.db).filter((c) => c.kind === 'commit')).toEqual([expect.objectContaining({ counted: 1 })]);
    expect(buildLeaderboard(app.db, event).sprinters[0]).toMatchObject({
      name: 'Alice Newcomer',
      merged: 125,
      pull_requests: 250,
      commits: 1,
    });

    // The next round: every page unchanged, each a 304 from its ETag.
    stand.requests.length = 0;
    expect((await poll()).errors).toEqual([]);
    expect(stand.requests.filter((r) => r.path.endsWith('/merge_requests')).map((r) => r.status)).toEqual([
      304, 304, 304,
    ]);
    expect(contributions(app.db).filter((c) => c.kind === 'pull_request')).toHaveLength(250);
  });

  test('a 429 whose Retry-After is too long ends that part of the round with an error, recording nothing wrong', async () => {
    stand.throttleNext = 3600;
    const result = await poll();
    expect(result.errors).toEqual([expect.stringMatching(/429, rate limited for 3600 s/)]);
    expect(waits).toEqual([]);
  });

  test('a web-hook key means the project is followed by its web-hooks, not polled', async () => {
    addProject(app.db, {
      eventId: event.id,
      forge: 'gitlab',
      fullName: 'GNOME/other',
      url: `${stand.url}/GNOME/other`,
      instanceUrl: stand.url,
      webhookKey: 'a-key-of-sixteen-chars',
    });
    await poll();
    expect(stand.requests.some((r) => r.path.includes('GNOME%2Fother'))).toBe(false);
  });
});

describe('Forgejo polling', () => {
  beforeEach(async () => {
    app = await startApp();
    stand = await new ForgeApiStandIn('forgejo').start();
    event = createEvent(app.db, { slug: 'fj', name: 'Forgejo Sprint', ...WINDOW, timeZone: 'UTC' });
    addProject(app.db, {
      eventId: event.id,
      forge: 'forgejo',
      fullName: 'forgejo/forgejo',
      url: `${stand.url}/forgejo/forgejo`,
      instanceUrl: stand.url,
    });
    const dana = joinEvent(app.db, event.id, { displayName: 'Dana Developer' }).sprinter;
    linkForgeAccounts(app.db, dana.id, [
      { forge: 'forgejo', instanceUrl: stand.url, username: 'dana', userId: null, verifiedBy: 'cli' },
    ]);
    const pull = (n: number, created: string) => ({
      number: n,
      title: `Pull ${n}`,
      user: { id: 7101, login: 'dana' },
      state: 'open',
      merged: false,
      created_at: created,
      updated_at: created,
    });
    // Newest first: 110 in the window, then 10 from before it.
    stand.pulls = [
      ...Array.from({ length: 110 }, (_, i) => pull(500 - i, at(200 - i))),
      ...Array.from({ length: 10 }, (_, i) => pull(300 - i, '2024-04-01T00:00:00Z')),
    ];
    stand.commits = [
      {
        sha: 'd'.repeat(40),
        commit: { message: 'Tidy\n', author: { name: 'Dana', email: 'dana@example.org', date: at(40) } },
        author: { id: 7101, login: 'dana' },
      },
    ];
  });

  test('a Forgejo on plain http: an account typed as host:port/login lands on that instance, and its pull request counts', async () => {
    const host = new URL(stand.url).host;
    const env = { DATABASE_PATH: app.dbPath, FORGE_HOSTS: `https://github.com,${stand.url}` };
    expect(devsprint(['sprinter', 'add', 'fj', '--name', 'Erin', '--forgejo', `${host}/erin`], env)).toMatchObject({
      status: 0,
    });
    stand.pulls = [
      {
        number: 900,
        title: 'Erin fixes it',
        user: { id: 7202, login: 'erin' },
        state: 'open',
        merged: false,
        created_at: at(30),
        updated_at: at(30),
      },
    ];
    expect((await poll()).errors).toEqual([]);
    expect(contributions(app.db).filter((c) => c.key === '900')).toMatchObject([{ counted: 1, reason: 'eligible' }]);
    expect(buildLeaderboard(app.db, event).sprinters.find((s) => s.name === 'Erin')).toMatchObject({
      pull_requests: 1,
    });
  });

  test('pull requests newest first across three pages by their Link headers, stopping at the first older than the event', async () => {
    const result = await poll();
    expect(result.errors).toEqual([]);
    const pages = stand.requests.filter((r) => r.path.endsWith('/pulls'));
    expect(pages.map((r) => new URLSearchParams(r.query).get('page') ?? '1')).toEqual(['1', '2', '3']);
    // Every pull request the pages held is kept: the 110 of the window count, those older than it do not.
    const pulls = contributions(app.db).filter((c) => c.kind === 'pull_request');
    expect(pulls.filter((c) => c.counted === 1)).toHaveLength(110);
    expect(pulls.filter((c) => c.counted === 0).every((c) => c.reason === 'outside-window')).toBe(true);
    expect(buildLeaderboard(app.db, event).sprinters[0]).toMatchObject({
      name: 'Dana Developer',
      pull_requests: 110,
      commits: 1,
    });
  });
});
