import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import type { GithubStandIn } from '../helpers/github-standin.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { snapshot } from '../helpers/seed.js';
import { sql } from '../helpers/sql.js';
import { closeSprintRoom, openSprintRoom, type SprintRoom } from '../helpers/sprint-room.js';
import { joinEvent } from '../../src/services/join-event.js';
import { createEvent, findEventBySlug } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';

let room: SprintRoom;
let app: AppUnderTest;
let github: GithubStandIn;
let organizer: Visitor;
beforeEach(async () => {
  room = await openSprintRoom();
  ({ app, github, organizer } = room);
});
afterEach(() => closeSprintRoom(room));

const DAY = 86_400_000;
const ENDS = Date.parse('2024-05-11T12:30:00.000Z');
const afterDays = (days: number) => new Date(ENDS + days * DAY).toISOString();
const json = async (path: string) => JSON.parse((await organizer.request(path)).text);

/** What the report must say, counted here straight from the rows, by the definition the README gives. */
function recount(
  eventId: number,
  endsAt: string,
): { returned: Record<string, number>; followed: number; notFollowed: number; firstTimers: number } {
  const db = sql(app.db);
  const contributors = db
    .prepare(
      `SELECT t.sprinter_id AS id, s.follow_up_opt_out AS out, t.first_time AS first FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id WHERE t.event_id = ?`,
    )
    .all(eventId) as Array<{ id: number; out: number; first: number }>;
  const firstAfter = (id: number) =>
    db
      .prepare(
        `SELECT min(c.created_at) FROM contributions c JOIN credits k ON k.contribution_id = c.id
      WHERE k.sprinter_id = ? AND c.kind IN ('pull_request', 'commit') AND c.created_at > ? AND (c.counted = 1 OR c.reason = 'outside-window')`,
      )
      .pluck()
      .get(id, endsAt) as string | null;
  const followed = contributors.filter((c) => c.out === 0);
  const within = (days: number) =>
    followed.filter((c) => {
      const at = firstAfter(c.id);
      return at !== null && Date.parse(at) <= Date.parse(endsAt) + days * DAY;
    }).length;
  return {
    returned: { 30: within(30), 90: within(90) },
    followed: followed.length,
    notFollowed: contributors.length - followed.length,
    firstTimers: followed.filter(
      (c) => c.first > 0 && firstAfter(c.id) !== null && Date.parse(firstAfter(c.id)!) <= Date.parse(endsAt) + 90 * DAY,
    ).length,
  };
}

describe('after the sprint', () => {
  test('who contributed again within 30 and 90 days, against a recount, the opt-out included', async () => {
    const event = findEventBySlug(app.db, 'test-sprint')!;
    const people = Array.from({ length: 6 }, (_, i) => ({ login: `s${i + 1}`, id: 7100 + i }));
    for (const p of people)
      joinEvent(app.db, event.id, { displayName: `Sprinter ${p.login}`, githubLogin: p.login, githubId: p.id });
    // Everyone sends a pull request at the sprint; s1 is a first-timer.
    for (const [i, p] of people.entries()) {
      await deliver(
        app,
        'pull_request',
        pullRequestPayload({
          number: 10 + i,
          login: p.login,
          userId: p.id,
          association: i === 0 ? 'FIRST_TIME_CONTRIBUTOR' : 'CONTRIBUTOR',
        }),
      );
    }
    // Afterwards: s1 at 10 days, s2 at 45, s3 at 100 (past the longest window), s4 at 5 days twice; s5 and s6 nothing.
    const later: Array<[string, number, number]> = [
      ['s1', 7100, 10],
      ['s2', 7101, 45],
      ['s3', 7102, 100],
      ['s4', 7103, 5],
      ['s4', 7103, 6],
    ];
    for (const [n, [login, id, days]] of later.entries()) {
      await deliver(
        app,
        'pull_request',
        pullRequestPayload({ number: 100 + n, login, userId: id, createdAt: afterDays(days) }),
      );
    }
    // A pull request of someone who never joined, after the sprint, is nobody's return.
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ number: 200, login: 'passerby', userId: 8000, createdAt: afterDays(3) }),
    );

    let after = (await json('/events/test-sprint/report.json')).after;
    let expected = recount(event.id, event.endsAt);
    expect(expected).toEqual({ returned: { 30: 2, 90: 3 }, followed: 6, notFollowed: 0, firstTimers: 1 });
    expect(after).toMatchObject({
      window_days: [30, 90],
      returned: expected.returned,
      followed: 6,
      not_followed: 0,
      first_timers_returned: 1,
    });
    expect(after.sprinters.find((s: any) => s.github === 's4')).toMatchObject({
      contributions_after: 2,
      within: { 30: 2, 90: 2 },
      projects: ['sprint-org/sprint-repo'],
    });
    expect(after.projects).toEqual([{ name: 'sprint-org/sprint-repo', sprinters: 3, contributions: 4 }]);

    // s4 opts out on their profile: honoured at once, in the JSON, the page and the Markdown.
    const s4 = await signIn(app, github, { id: 7103, login: 's4', name: 'Sprinter s4' });
    expect(
      (await s4.post('/events/test-sprint/profile', { displayName: 'Sprinter s4', notFollowed: 'on' })).status,
    ).toBe(303);
    expect((await s4.request('/events/test-sprint/join')).text).toMatch(/name="notFollowed" type="checkbox" checked/);
    after = (await json('/events/test-sprint/report.json')).after;
    expected = recount(event.id, event.endsAt);
    expect(expected).toEqual({ returned: { 30: 1, 90: 2 }, followed: 5, notFollowed: 1, firstTimers: 1 });
    expect(after).toMatchObject({ returned: expected.returned, followed: 5, not_followed: 1 });
    expect(after.sprinters.find((s: any) => s.github === 's4')).toMatchObject({
      followed: false,
      contributions_after: 0,
    });
    const html = (await organizer.request('/events/test-sprint/report')).text;
    expect(html).toContain('After the sprint');
    expect(html).toContain('@s4: not followed');
    const markdown = (await organizer.request('/events/test-sprint/report.md')).text;
    expect(markdown).toContain('**1** contributed again within 30 days');
    expect(markdown).toContain('1 sprinter asked not to be followed.');
    // And back.
    await s4.post('/events/test-sprint/profile', { displayName: 'Sprinter s4' });
    expect((await json('/events/test-sprint/report.json')).after.returned).toEqual({ 30: 2, 90: 3 });
  });

  test("a sprinter's page lists their sprints and work across events; the leaderboard calls them returning", async () => {
    const first = createEvent(app.db, {
      slug: 'earlier',
      name: 'Earlier Sprint',
      startsAt: '2023-05-10T03:30:00.000Z',
      endsAt: '2023-05-11T12:30:00.000Z',
      timeZone: 'UTC',
    });
    addProject(app.db, {
      eventId: first.id,
      forge: 'github',
      fullName: 'old-org/old-repo',
      url: 'https://github.com/old-org/old-repo',
    });
    const event = findEventBySlug(app.db, 'test-sprint')!;
    for (const e of [first, event])
      joinEvent(app.db, e.id, { displayName: 'Again Here', githubLogin: 'again', githubId: 7200 });
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({
        repo: 'old-org/old-repo',
        number: 3,
        login: 'again',
        userId: 7200,
        createdAt: '2023-05-10T06:00:00Z',
      }),
    );
    await deliver(app, 'pull_request', pullRequestPayload({ number: 4, login: 'again', userId: 7200 }));
    const board = await json('/events/test-sprint/leaderboard.json');
    expect(board.sprinters.find((s: any) => s.github === 'again')).toMatchObject({ returning: true });
    expect(
      (await json('/events/earlier/leaderboard.json')).sprinters.find((s: any) => s.github === 'again'),
    ).toMatchObject({ returning: false });
    const page = await organizer.request('/sprinters/again');
    expect(page.status).toBe(200);
    expect(page.text).toContain('returning sprinter');
    expect(page.text.indexOf('Test Sprint')).toBeLessThan(page.text.indexOf('Earlier Sprint'));
    expect(page.text).toContain('old-org/old-repo #3');
    expect((await organizer.request('/events/test-sprint/leaderboard')).text).toContain('href="/sprinters/again"');
    expect((await organizer.request('/sprinters/nobody-here')).status).toBe(404);
    expect((await organizer.request('/sprinters/%3Cscript%3E')).status).toBe(404);
  });

  test('the manage page sets the ranking; a bad value is refused and changes nothing', async () => {
    const before = snapshot(app.db);
    const bad = await organizer.post('/events/test-sprint/ranking', { scoring: 'loudest' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Ranking must be by merged pull requests or by points');
    expect(snapshot(app.db)).toBe(before);
    expect((await organizer.post('/events/test-sprint/ranking', { scoring: 'points' })).status).toBe(303);
    const event = findEventBySlug(app.db, 'test-sprint')!;
    expect([event.scoring, event.rankLeaders]).toEqual(['points', false]);
    expect((await organizer.request('/events/test-sprint/manage')).text).toMatch(
      /id="f-scoring-points" name="scoring" type="radio" value="points" checked/,
    );
  });
});
