import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequestPayload, reviewPayload } from '../helpers/examples.js';
import { aggregateMismatches, contributions, seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { findEventBySlug, setRanking, type EventRecord } from '../../src/store/events.js';

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

const get = async (path: string) => (await fetch(`${app.url}/events/test-sprint/${path}`)).text();
const board = async () => JSON.parse(await get('leaderboard.json'));
const report = async () => JSON.parse(await get('report.json'));
const reviews = () => contributions(app.db).filter((c) => c.kind === 'review');
const leaderJoins = () =>
  joinEvent(app.db, event.id, { displayName: 'Lea Der', githubLogin: 'leader1', githubId: 7001 });

describe("reviews given at the sprint, from GitHub's own example pull_request_review payloads", () => {
  test("a leader who joined reviews a sprinter's pull request: a review, on the board, on the pull request and among the mentors", async () => {
    leaderJoins();
    expect((await deliver(app, 'pull_request', pullRequestPayload())).status).toBe(200);
    expect((await deliver(app, 'pull_request_review', reviewPayload())).status).toBe(200);
    expect(reviews()).toEqual([expect.objectContaining({ key: '1:7001', counted: 1, reason: 'eligible' })]);
    const json = await board();
    expect(json.totals).toMatchObject({ reviews: 1, pull_requests: 1 });
    expect(json.projects[0]).toMatchObject({ reviews: 1, pull_requests: 1 });
    // A new event thanks its leaders rather than ranking them with the newcomers.
    expect(json.sprinters.map((s: any) => s.github)).toEqual(['newcomer']);
    expect(json.latest[0]).toMatchObject({ kind: 'review', ref: '1', name: 'Lea Der' });

    const model = await report();
    const pr = model.projects[0].contributions.find((c: any) => c.kind === 'pull_request');
    expect(pr.reviewed_by).toEqual([{ name: 'Lea Der', github: 'leader1', pagure: null, gitlab: null, forgejo: null }]);
    expect(model.projects[0].counts).toMatchObject({ reviews: 1, pull_requests: 1 });
    expect(model.projects[0].reviews).toEqual([
      expect.objectContaining({ pull_request: '1', submitted_at: '2024-05-10T07:00:00.000Z' }),
    ]);
    expect(model.mentors).toEqual([
      {
        person: { name: 'Lea Der', github: 'leader1', pagure: null, gitlab: null, forgejo: null },
        reviews: 1,
        projects: ['sprint-org/sprint-repo'],
        leader: true,
      },
    ]);
    expect(model.sprinters.map((s: any) => [s.person.github, s.reviews, s.issues])).toEqual([['newcomer', 0, 0]]);

    const markdown = await get('report.md');
    expect(markdown).toContain('reviewed by Lea Der ([@leader1](<https://github.com/leader1>))');
    expect(markdown).toContain('## Mentors and reviewers');
    expect(markdown).toContain(
      '- Lea Der ([@leader1](<https://github.com/leader1>)) (leader): 1 pull request reviewed (sprint-org/sprint-repo)',
    );
    const html = await get('report');
    expect(html).toContain('Mentors and reviewers');
    expect(html).toMatch(/reviewed by Lea Der/);
    const csv = await get('report.csv');
    expect(csv.split('\n').some((line) => line.includes(',review,1,'))).toBe(true);
    // The pull request's line names who reviewed it, and each line why it counts.
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.kind === 'pull_request' && r.ref === '1')).toMatchObject({
      reviewed_by: 'leader1',
      reason: 'counts',
    });
    expect(rows.map((r) => r.kind)).toEqual(['pull_request', 'review']);
  });

  test('redelivered, edited, a second review and a dismissal: still one review of that pull request by that reviewer', async () => {
    leaderJoins();
    const first = await deliver(app, 'pull_request_review', reviewPayload());
    expect((await deliver(app, 'pull_request_review', reviewPayload(), { id: first.id })).status).toBe(200);
    await deliver(app, 'pull_request_review', reviewPayload({ action: 'edited' }));
    await deliver(
      app,
      'pull_request_review',
      reviewPayload({ reviewId: 99, state: 'changes_requested', submittedAt: '2024-05-10T08:00:00Z' }),
    );
    await deliver(app, 'pull_request_review', reviewPayload({ action: 'dismissed', reviewId: 99, state: 'dismissed' }));
    expect(reviews()).toEqual([expect.objectContaining({ key: '1:7001', counted: 1 })]);
    expect((await board()).totals.reviews).toBe(1);
    // A review of another pull request is another review.
    await deliver(app, 'pull_request_review', reviewPayload({ number: 2 }));
    expect((await board()).totals.reviews).toBe(2);
  });

  test("outside the window, of one's own pull request, or pending: not counted; a later look keeps the sprint's review", async () => {
    leaderJoins();
    await deliver(app, 'pull_request_review', reviewPayload({ number: 3, submittedAt: '2024-05-01T00:00:00Z' }));
    await deliver(app, 'pull_request_review', reviewPayload({ number: 4, reviewer: 'newcomer', reviewerId: 5001 }));
    const pending = reviewPayload({ number: 5, state: 'PENDING' });
    pending.review.submitted_at = null;
    expect((await deliver(app, 'pull_request_review', pending)).status).toBe(200);
    expect(reviews().map((r) => [r.key, r.reason, r.counted])).toEqual([
      ['3:7001', 'outside-window', 0],
      ['4:5001', 'own-pull-request', 0],
    ]);
    await deliver(app, 'pull_request_review', reviewPayload({ number: 6 }));
    await deliver(
      app,
      'pull_request_review',
      reviewPayload({ number: 6, reviewId: 600, submittedAt: '2024-06-20T00:00:00Z' }),
    );
    expect(reviews().find((r) => r.key === '6:7001')).toMatchObject({ counted: 1 });
    // Reviewed first before the sprint, again during it: the review inside the window counts.
    await deliver(
      app,
      'pull_request_review',
      reviewPayload({ number: 3, reviewId: 300, submittedAt: '2024-05-10T10:00:00Z' }),
    );
    expect(reviews().find((r) => r.key === '3:7001')).toMatchObject({ counted: 1, reason: 'eligible' });
    expect((await board()).totals.reviews).toBe(2);
  });

  test('a reviewer who has not joined is waited for, and counted once they join', async () => {
    await deliver(app, 'pull_request_review', reviewPayload());
    expect(reviews()).toEqual([expect.objectContaining({ reason: 'not-a-sprinter', counted: 0 })]);
    expect(leaderJoins().attributed).toBe(1);
    expect((await board()).totals.reviews).toBe(1);
  });

  test('leaders are not ranked unless the organizer says so; their reviews are credited and thanked either way', async () => {
    leaderJoins();
    await deliver(app, 'pull_request', pullRequestPayload());
    await deliver(app, 'pull_request_review', reviewPayload());
    setRanking(app.db, event.id, { scoring: 'ranked', rankLeaders: true }, 'organizer');
    // Ranked, merged → pull requests → commits: the author of a pull request ranks above a reviewer.
    expect((await board()).sprinters.map((s: any) => [s.github, s.reviews])).toEqual([
      ['newcomer', 0],
      ['leader1', 1],
    ]);
    setRanking(app.db, event.id, { scoring: 'ranked', rankLeaders: false }, 'organizer');
    const json = await board();
    expect(json.sprinters.map((s: any) => s.github)).toEqual(['newcomer']);
    expect(json.totals.reviews).toBe(1);
    const model = await report();
    expect(model.mentors[0]).toMatchObject({ person: { github: 'leader1' }, reviews: 1, leader: true });
    expect(model.sprinters.map((s: any) => s.person.github)).toEqual(['newcomer']);
  });

  test('scoring by points weighs reviews in, by the formula the page prints', async () => {
    leaderJoins();
    await deliver(app, 'pull_request', pullRequestPayload());
    await deliver(app, 'pull_request_review', reviewPayload({ number: 1 }));
    await deliver(app, 'pull_request_review', reviewPayload({ number: 2, author: 'someone', authorId: 9 }));
    expect((await board()).sprinters.map((s: any) => s.github)).toEqual(['newcomer']);
    setRanking(app.db, event.id, { scoring: 'points', rankLeaders: true }, 'organizer');
    const json = await board();
    expect(json.scoring.mode).toBe('points');
    expect(json.scoring.formula).toContain('2 for each pull request reviewed');
    expect(json.sprinters.map((s: any) => [s.github, s.points, s.rank])).toEqual([
      ['leader1', 4, 1],
      ['newcomer', 2, 2],
    ]);
    const page = await get('leaderboard');
    expect(page).toContain('Ranked by points: 4 for each merged pull request');
    expect(page).toMatch(/<th scope="col" class="num">Points<\/th>/);
    expect(findEventBySlug(app.db, 'test-sprint')!.scoring).toBe('points');
  });

  test('a malformed review payload is refused with nothing stored', async () => {
    const bad = reviewPayload();
    delete bad.pull_request.number;
    const answer = await deliver(app, 'pull_request_review', bad);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(reviews()).toEqual([]);
  });
});
