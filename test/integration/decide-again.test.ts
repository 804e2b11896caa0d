import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver } from '../helpers/app-under-test.js';
import { signIn } from '../helpers/browser-session.js';
import { devsprint } from '../helpers/cli.js';
import { pullRequestPayload, pushPayload, sha } from '../helpers/examples.js';
import { contributions, leaderboardRow } from '../helpers/seed.js';
import { closeSprintRoom, openSprintRoom, type SprintRoom } from '../helpers/sprint-room.js';
import { sql } from '../helpers/sql.js';

let room: SprintRoom;
beforeEach(async () => {
  room = await openSprintRoom();
});
afterEach(() => closeSprintRoom(room));

/** The organizer moves the seeded event's window (Asia/Kolkata clocks) on the manage page. */
const moveWindow = (starts: string, ends: string) =>
  room.organizer.post('/events/test-sprint/manage', {
    name: 'Test Sprint',
    timeZone: 'Asia/Kolkata',
    starts,
    ends,
    registrationOpen: 'on',
    reportPublic: 'on',
  });

describe('a verdict is decided again whenever an input changes', () => {
  test('a pull request opened before a moved window stays uncounted when its author joins, and counts when the window comes back', async () => {
    // Opened on 10 May by someone who has not joined yet: kept, waiting for its author.
    const pr = pullRequestPayload({ login: 'late-joiner', userId: 7001, createdAt: '2024-05-10T06:00:00Z' });
    expect((await deliver(room.app, 'pull_request', pr)).status).toBe(200);
    expect(contributions(room.app.db)).toMatchObject([{ kind: 'pull_request', counted: 0, reason: 'not-a-sprinter' }]);

    // The window moves to 12–13 May: the pull request was opened before it.
    expect((await moveWindow('2024-05-12T09:00', '2024-05-13T18:00')).status).toBe(303);
    expect(contributions(room.app.db)).toMatchObject([{ counted: 0, reason: 'outside-window' }]);

    // Its author joins: the rules run again, from the stored facts, and it still does not count.
    const author = await signIn(room.app, room.github, { id: 7001, login: 'late-joiner', name: 'Late Joiner' });
    expect((await author.post('/events/test-sprint/join', { displayName: 'Late Joiner' })).status).toBe(303);
    expect(contributions(room.app.db)).toMatchObject([{ counted: 0, reason: 'outside-window' }]);
    expect(leaderboardRow(room.app.db, 'late-joiner')).toBeUndefined();

    // The window comes back: it counts, for the sprinter who joined, with no restart.
    expect((await moveWindow('2024-05-10T09:00', '2024-05-11T18:00')).status).toBe(303);
    expect(contributions(room.app.db)).toMatchObject([{ counted: 1, reason: 'eligible' }]);
    expect(leaderboardRow(room.app.db, 'late-joiner')).toMatchObject({ pull_requests: 1 });
    const board = (await fetch(`${room.app.url}/events/test-sprint/leaderboard.json`).then((r) => r.json())) as {
      sprinters: Array<{ github: string }>;
    };
    expect(board.sprinters.map((s: { github: string }) => s.github)).toEqual(['late-joiner']);
  });

  test('the command line edits the window, lists every contribution with its reason, and rejudging a healthy event changes nothing', async () => {
    const author = await signIn(room.app, room.github, { id: 5001, login: 'newcomer', name: 'New Comer' });
    await author.post('/events/test-sprint/join', { displayName: 'New Comer' });
    expect((await deliver(room.app, 'pull_request', pullRequestPayload())).status).toBe(200);
    const feature = pushPayload({ branch: 'kavya-docs', commits: [{ sha: sha('feature work') }] });
    expect((await deliver(room.app, 'push', feature)).status).toBe(200);
    const env = { DATABASE_PATH: room.app.dbPath, LOG_LEVEL: 'silent' };

    const listed = devsprint(['contributions', 'test-sprint', '--format', 'json'], env);
    expect(listed).toMatchObject({ status: 0, stderr: '' });
    const rows = JSON.parse(listed.stdout) as Array<{ kind: string; reason: string; counted: boolean; why: string }>;
    expect(rows.map((r) => [r.kind, r.reason, r.counted]).sort()).toEqual([
      ['commit', 'not-default-branch', false],
      ['pull_request', 'eligible', true],
    ]);
    expect(rows.find((r) => r.kind === 'commit')!.why).toContain('default branch');
    expect(devsprint(['contributions', 'test-sprint'], env).stdout).toMatch(/commit\t.*\tno\tnot-default-branch\t/);

    expect(devsprint(['rejudge', 'test-sprint'], env)).toMatchObject({
      status: 0,
      stdout: 'no contribution changed\n',
    });

    const moved = devsprint(
      ['event', 'edit', 'test-sprint', '--starts', '2024-05-12T09:00+05:30', '--ends', '2024-05-13T18:00+05:30'],
      env,
    );
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain('eligible -> outside-window');
    expect(moved.stdout).toContain('1 contribution changed');
    expect(contributions(room.app.db).find((c) => c.kind === 'pull_request')).toMatchObject({ counted: 0 });
    expect(devsprint(['rejudge', 'test-sprint'], env).stdout).toBe('no contribution changed\n');

    const refused = devsprint(['event', 'edit', 'test-sprint', '--ends', '2024-05-01T00:00Z'], env);
    expect(refused).toMatchObject({ status: 2 });
    expect(refused.stderr).toContain('--ends must be after --starts');
    expect(devsprint(['rejudge', 'no-such-event'], env)).toMatchObject({ status: 1 });
  });

  test('an organizer naming a leader of a pending project decides its kept work again: it counts', async () => {
    const author = await signIn(room.app, room.github, { id: 5001, login: 'newcomer', name: 'New Comer' });
    await author.post('/events/test-sprint/join', { displayName: 'New Comer' });
    // Only a stranger's unproven claim names the seeded repository's project.
    sql(room.app.db).exec(
      `DELETE FROM project_leaders; INSERT INTO project_leaders (project_id, github_login, proof) VALUES (1, 'mallory', 'claimed')`,
    );
    expect((await deliver(room.app, 'pull_request', pullRequestPayload())).status).toBe(200);
    expect(contributions(room.app.db)).toMatchObject([{ counted: 0, reason: 'project-pending' }]);
    const added = await room.organizer.post('/events/test-sprint/projects/1/leaders', { login: 'leader1' });
    expect(added.status).toBe(303);
    expect(contributions(room.app.db)).toMatchObject([{ counted: 1, reason: 'eligible' }]);
    expect(leaderboardRow(room.app.db, 'newcomer')).toMatchObject({ pull_requests: 1 });
  });
});
