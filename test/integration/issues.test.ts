import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { issuesPayload } from '../helpers/examples.js';
import { aggregateMismatches, contributions, leaderboardRow, seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import type { EventRecord } from '../../src/store/events.js';

let app: AppUnderTest;
let event: EventRecord;

beforeEach(async () => {
  app = await startApp();
  event = seedSprint(app.db);
});
afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
});

const board = async () => JSON.parse(await (await fetch(`${app.url}/events/test-sprint/leaderboard.json`)).text());

describe("issues opened at the sprint, from GitHub's own example payloads", () => {
  test('an issue a sprinter opens inside the window counts as an issue, apart from pull requests and commits', async () => {
    expect((await deliver(app, 'issues', issuesPayload())).status).toBe(200);
    expect(contributions(app.db).filter((c) => c.kind === 'issue')).toEqual([
      expect.objectContaining({ key: '12', state: 'open', counted: 1 }),
    ]);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 0, commits: 0 });
    const json = await board();
    expect(json.totals).toMatchObject({ issues: 1, pull_requests: 0, contributors: 1 });
    expect(json.sprinters[0]).toMatchObject({ github: 'newcomer', issues: 1, pull_requests: 0 });
    const report = JSON.parse(await (await fetch(`${app.url}/events/test-sprint/report.json`)).text());
    expect(report.projects[0].contributions[0]).toMatchObject({
      kind: 'issue',
      ref: '12',
      url: 'https://github.com/sprint-org/sprint-repo/issues/12',
    });
    expect(await (await fetch(`${app.url}/events/test-sprint/report.md`)).text()).toContain(
      '(issue [sprint-org/sprint-repo#12](<https://github.com/sprint-org/sprint-repo/issues/12>)), open',
    );
  });

  test('redelivered, edited and closed: one issue, its state followed', async () => {
    const opened = await deliver(app, 'issues', issuesPayload());
    expect((await deliver(app, 'issues', issuesPayload(), { id: opened.id })).status).toBe(200);
    await deliver(app, 'issues', issuesPayload({ action: 'edited' }));
    await deliver(app, 'issues', issuesPayload({ action: 'closed' }));
    expect(contributions(app.db).filter((c) => c.kind === 'issue')).toEqual([
      expect.objectContaining({ state: 'closed', counted: 1 }),
    ]);
    expect((await board()).totals.issues).toBe(1);
  });

  test('outside the window it does not count; by someone who has not joined, it counts once they join', async () => {
    await deliver(app, 'issues', issuesPayload({ number: 13, createdAt: '2024-05-01T00:00:00Z' }));
    await deliver(app, 'issues', issuesPayload({ number: 14, login: 'stranger', userId: 6001 }));
    expect(
      contributions(app.db)
        .filter((c) => c.kind === 'issue')
        .map((c) => [c.key, c.reason, c.counted]),
    ).toEqual([
      ['13', 'outside-window', 0],
      ['14', 'not-a-sprinter', 0],
    ]);
    expect(
      joinEvent(app.db, event.id, { displayName: 'Stranger', githubLogin: 'stranger', githubId: 6001 }).attributed,
    ).toBe(1);
    expect((await board()).totals.issues).toBe(1);
  });

  test('a pull request seen through the issues API, or a deleted issue, records nothing', async () => {
    const asPull = issuesPayload({ number: 15 });
    asPull.issue.pull_request = { url: 'https://api.github.com/repos/sprint-org/sprint-repo/pulls/15' };
    expect((await deliver(app, 'issues', asPull)).status).toBe(200);
    expect((await deliver(app, 'issues', issuesPayload({ action: 'deleted', number: 16 }))).status).toBe(200);
    expect(contributions(app.db).filter((c) => c.kind === 'issue')).toEqual([]);
  });
});
