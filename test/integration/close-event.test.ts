import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { devsprint } from '../helpers/cli.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { leaveEvent } from '../../src/services/membership.js';
import { getEvent } from '../../src/store/events.js';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startApp();
  seedSprint(app.db, { sprinter: { login: 'person1', id: 9001, name: 'Person One' } });
  await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001 }));
});
afterEach(async () => {
  await app.close();
});

const get = (path: string) =>
  fetch(`${app.url}${path}`).then(async (r) => ({ status: r.status, body: await r.text() }));

test('a closed event keeps its published report while people leave and work arrives; reopening lets it follow again', async () => {
  const published = (await get('/events/test-sprint/report.json')).body;
  const markdown = (await get('/events/test-sprint/report.md')).body;
  const csv = (await get('/events/test-sprint/report.csv')).body;
  expect(JSON.parse(published).totals).toMatchObject({ sprinters: 1, pull_requests: 1 });

  const closed = devsprint(['event', 'close', 'test-sprint', '--by', 'boss'], { DATABASE_PATH: app.dbPath });
  expect(closed).toMatchObject({ status: 0, stdout: 'closed test-sprint: its report is frozen as it reads now\n' });
  expect(devsprint(['event', 'close', 'test-sprint'], { DATABASE_PATH: app.dbPath })).toMatchObject({
    status: 1,
    stderr: expect.stringContaining('closed already'),
  });

  // The sprinter leaves, a newcomer joins and a second pull request arrives: the live pages follow, the post does not.
  leaveEvent(app.db, getEvent(app.db, 1)!, 1);
  joinEvent(app.db, 1, { displayName: 'Late Comer', githubLogin: 'late', githubId: 9002 });
  await deliver(app, 'pull_request', pullRequestPayload({ login: 'late', userId: 9002, number: 2 }));
  expect(
    JSON.parse((await get('/events/test-sprint/leaderboard.json')).body).sprinters.map(
      (s: { github: string }) => s.github,
    ),
  ).toEqual(['late']);
  // Everything but what became of the sprinters afterwards, which is still happening as the event closes.
  const frozen = JSON.parse((await get('/events/test-sprint/report.json')).body);
  const { after: afterThen, ...publishedRest } = JSON.parse(published);
  const { after: afterNow, ...frozenRest } = frozen;
  expect(frozenRest).toEqual(publishedRest);
  expect(afterThen.sprinters.map((s: { github: string }) => s.github)).toEqual(['person1']);
  expect(afterNow.sprinters.map((s: { github: string }) => s.github)).toEqual(['late']);
  expect((await get('/events/test-sprint/report.md')).body).toBe(markdown);
  expect((await get('/events/test-sprint/report.csv')).body).toBe(csv);
  expect(devsprint(['report', 'test-sprint', '--format', 'json'], { DATABASE_PATH: app.dbPath }).stdout).toContain(
    'Person One',
  );

  expect(devsprint(['event', 'reopen', 'test-sprint', '--by', 'boss'], { DATABASE_PATH: app.dbPath }).status).toBe(0);
  const live = JSON.parse((await get('/events/test-sprint/report.json')).body);
  expect(live.projects[0].contributions.map((c: { sprinter: { github: string } }) => c.sprinter.github)).toEqual([
    'late',
  ]);
});

test('wrong arguments to close change nothing', async () => {
  expect(devsprint(['event', 'close'], { DATABASE_PATH: app.dbPath })).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('missing SLUG'),
  });
  expect(devsprint(['event', 'close', 'no-such-event'], { DATABASE_PATH: app.dbPath })).toMatchObject({
    status: 1,
    stderr: expect.stringContaining('no event "no-such-event"'),
  });
  expect(getEvent(app.db, 1)!.closedAt).toBeNull();
});
