import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { aggregateMismatches, contributions, seedSprint } from '../helpers/seed.js';
import { sql } from '../helpers/sql.js';
import { createLogger } from '../../src/logger.js';
import { createGithubClient } from '../../src/sources/github/client.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { joinEvent } from '../../src/services/join-event.js';
import { buildReport } from '../../src/services/build-report.js';
import { addProject } from '../../src/store/projects.js';
import { setFollowUpOptOut } from '../../src/store/follow-up.js';
import type { EventRecord } from '../../src/store/events.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';
import { decideFirstTimes } from '../../src/services/decide-first-time.js';
import { importList } from '../../src/services/import-list.js';
import { parseContributionList } from '../../src/sources/tsv/parse-list.js';
import { deliver } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';

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
    leaders: ['leader1'],
  });
  joinEvent(app.db, event.id, { displayName: 'Lea Der', githubLogin: 'leader1', githubId: 7001 });
  // The rounds run on the sprint's own clock: everyone registered before it.
  sql(app.db).exec(
    "UPDATE projects SET created_at = '2024-05-01T00:00:00.000Z'; UPDATE memberships SET joined_at = '2024-05-01T00:00:00.000Z'",
  );
});
afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
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
const poll = (gh = client()) =>
  pollEvent(app.db, null, event, { github: gh, open: { hosts: new ForgeHosts([]) } }, { now: () => clock });
const rows = (kind: string) =>
  contributions(app.db)
    .filter((c) => c.kind === kind)
    .map((c) => [c.key, c.reason, c.counted]);

describe('polling finds reviews and issues on repositories without the app', () => {
  test('one search for pull requests and issues, one reviewed-by search for the leaders, the reviews of what counts; later rounds ask for what changed', async () => {
    clock = new Date('2024-05-11T06:00:00Z');
    github.items = [
      github.item('python/cpython', 101, 'newcomer', 5001),
      github.item('python/cpython', 102, 'stranger', 6001),
      github.issue('python/cpython', 103, 'newcomer', 5001),
      github.issue('python/cpython', 104, 'stranger', 6001),
    ];
    github.review('python/cpython', 101, 'leader1', 7001, '2024-05-10T07:00:00Z');
    github.review('python/cpython', 101, 'leader1', 7001, '2024-05-10T08:00:00Z', 'COMMENTED');
    github.review('python/cpython', 101, 'newcomer', 5001, '2024-05-10T07:30:00Z', 'COMMENTED');
    github.review('python/cpython', 102, 'leader1', 7001, '2024-05-10T09:00:00Z', 'CHANGES_REQUESTED');
    github.review('python/cpython', 102, 'passerby', 6002, '2024-05-10T09:30:00Z');

    const gh = client();
    const result = await poll(gh);
    expect(result.errors).toEqual([]);
    const searches = github.requests.filter((r) => r.path === '/search/issues').map((r) => r.q);
    expect(searches).toEqual([
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z repo:python/cpython repo:sprint-org/sprint-repo',
      'is:pr updated:>=2024-05-10T03:30:00Z reviewed-by:leader1',
      // The members, by author, once an hour: their work in repositories nobody registered.
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z (author:leader1 OR author:newcomer)',
    ]);
    // The reviews endpoint of the sprinter's counted pull request, and of the stranger's one the leader reviewed.
    expect(
      github.requests
        .filter((r) => r.path.endsWith('/reviews'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/repos/python/cpython/pulls/101/reviews', '/repos/python/cpython/pulls/102/reviews']);
    // Two searches, the three of the reviews, and the members' search by author.
    expect(result).toMatchObject({ reviewRequests: 3, requests: 5 });
    expect(rows('issue')).toEqual([
      ['103', 'eligible', 1],
      ['104', 'not-a-sprinter', 0],
    ]);
    expect(rows('review').sort()).toEqual([
      ['101:5001', 'own-pull-request', 0],
      ['101:7001', 'eligible', 1],
      ['102:6002', 'not-a-sprinter', 0],
      ['102:7001', 'eligible', 1],
    ]);
    const report = buildReport(app.db, event, clock);
    const cpython = report.projects.find((p) => p.name === 'python/cpython')!;
    expect(cpython.counts).toMatchObject({ reviews: 2, issues: 1, pull_requests: 1 });
    expect(report.mentors![0]).toMatchObject({ person: { github: 'leader1' }, reviews: 2, leader: true });

    // Nothing changed: the next round costs its two searches and no reviews endpoint.
    github.requests.length = 0;
    clock = new Date(clock.getTime() + 60_000);
    const second = await poll(gh);
    expect(second).toMatchObject({ errors: [], reviewRequests: 1, requests: 2 });
    expect(github.requests.map((r) => r.q ?? r.path)).toEqual([
      expect.stringContaining('updated:>=2024-05-11T06:00:00Z'),
      'is:pr updated:>=2024-05-11T06:00:00Z reviewed-by:leader1',
    ]);

    // A day after the window, reviews are no longer looked for: they could not count.
    github.requests.length = 0;
    clock = new Date('2024-05-13T00:00:00Z');
    expect(await poll(gh)).toMatchObject({ reviewRequests: 0 });
    expect(github.requests.some((r) => r.q?.includes('reviewed-by:'))).toBe(false);
  });
});

describe('after the sprint: the follow-up search', () => {
  test("finds what followed contributors did next, on the event's projects and elsewhere; an opt-out is honoured at once", async () => {
    clock = new Date('2024-05-11T06:00:00Z');
    github.items = [github.item('python/cpython', 101, 'newcomer', 5001)];
    await poll();
    github.items.push(
      github.item('python/cpython', 200, 'newcomer', 5001, {
        created_at: '2024-05-20T10:00:00Z',
        updated_at: '2024-05-20T10:00:00Z',
      }),
      github.item('someone/elsewhere', 5, 'newcomer', 5001, {
        created_at: '2024-05-25T10:00:00Z',
        updated_at: '2024-05-25T10:00:00Z',
      }),
      github.item('someone/elsewhere', 6, 'newcomer', 5001, {
        created_at: '2024-07-01T10:00:00Z',
        updated_at: '2024-07-01T10:00:00Z',
      }),
    );
    github.requests.length = 0;
    clock = new Date('2024-06-01T00:00:00Z');
    const round = await poll();
    expect(round).toMatchObject({ errors: [], followUpQueries: 1 });
    expect(github.requests.map((r) => r.q)).toContain(
      'is:pr created:2024-05-11T12:30:00Z..2024-06-01T00:00:00Z author:newcomer',
    );
    // On the event's project it is kept as a contribution that does not count for the sprint.
    expect(rows('pull_request')).toContainEqual(['200', 'outside-window', 0]);

    let after = buildReport(app.db, event, clock).after!;
    expect(after).toMatchObject({
      window_days: [30, 90],
      returned: { 30: 1, 90: 1 },
      followed: 1,
      not_followed: 0,
      complete: { 30: false, 90: false },
    });
    expect(after.sprinters).toEqual([
      expect.objectContaining({
        github: 'newcomer',
        followed: true,
        contributions_after: 2,
        projects: ['python/cpython', 'someone/elsewhere'],
      }),
    ]);
    expect(after.projects.map((p) => p.name)).toEqual(['python/cpython', 'someone/elsewhere']);

    // The next follow-up waits six hours.
    github.requests.length = 0;
    clock = new Date(clock.getTime() + 3_600_000);
    expect(await poll()).toMatchObject({ followUpQueries: 0 });

    const newcomer = sql(app.db)
      .prepare("SELECT id FROM sprinters WHERE github_login = 'newcomer'")
      .pluck()
      .get() as number;
    setFollowUpOptOut(app.db, newcomer, true);
    after = buildReport(app.db, event, clock).after!;
    expect(after).toMatchObject({ returned: { 30: 0, 90: 0 }, followed: 0, not_followed: 1 });
    expect(after.sprinters).toEqual([
      expect.objectContaining({ github: 'newcomer', followed: false, contributions_after: 0, projects: [] }),
    ]);
    expect(sql(app.db).prepare('SELECT count(*) FROM follow_up_pulls').pluck().get()).toBe(0);
    clock = new Date(clock.getTime() + 7 * 3_600_000);
    github.requests.length = 0;
    expect(await poll()).toMatchObject({ followUpQueries: 0 });
    expect(
      github.requests.some((r) => r.q?.includes('author:newcomer') && r.q.startsWith('is:pr created:2024-05-11')),
    ).toBe(false);
  });
});

describe('first-time, measured', () => {
  test("an imported pull request is decided by one search for earlier ones; GitHub's own word is not searched for", async () => {
    clock = new Date('2024-05-11T06:00:00Z');
    joinEvent(app.db, event.id, { displayName: 'Old Hand', githubLogin: 'oldhand', githubId: 7300 });
    importList(
      app.db,
      event,
      parseContributionList(
        [
          'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle',
          'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/301\tNew Comer\tnewcomer\tFirst one',
          'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/302\tOld Hand\toldhand\tAnother one',
        ].join('\n'),
      ).rows,
    );
    await deliver(app, 'pull_request', pullRequestPayload({ number: 5, association: 'FIRST_TIME_CONTRIBUTOR' }));
    // Old Hand sent cpython a pull request last year.
    github.items = [
      github.item('python/cpython', 250, 'oldhand', 7300, {
        created_at: '2023-03-01T00:00:00Z',
        updated_at: '2023-03-01T00:00:00Z',
      }),
    ];

    const result = await decideFirstTimes(app.db, event, client().octokit, clock);
    expect(result).toMatchObject({ decided: 2, searches: 2, errors: [] });
    expect(github.requests.map((r) => r.q)).toEqual([
      'repo:python/cpython author:newcomer is:pr created:<2024-05-10T03:30:00Z',
      'repo:python/cpython author:oldhand is:pr created:<2024-05-10T03:30:00Z',
    ]);
    const pulls = buildReport(app.db, event, clock)
      .projects.flatMap((p) => p.contributions)
      .map((c) => [c.ref, c.first_time, c.first_time_by])
      .sort();
    expect(pulls).toEqual([
      ['301', true, 'search'],
      ['302', false, 'search'],
      ['5', true, 'association'],
    ]);
    expect(buildReport(app.db, event, clock).totals.first_timers).toBe(1);
    // Decided once: the next round asks nothing.
    github.requests.length = 0;
    expect(await decideFirstTimes(app.db, event, client().octokit, clock)).toMatchObject({ decided: 0, searches: 0 });
    expect(github.requests).toEqual([]);
  });
});
