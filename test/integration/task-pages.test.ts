import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver } from '../helpers/app-under-test.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { snapshot } from '../helpers/seed.js';
import { closeSprintRoom, openSprintRoom, type SprintRoom } from '../helpers/sprint-room.js';
import type { TaskView } from '../../src/services/task-claims.js';
import { createEvent, findEventBySlug } from '../../src/store/events.js';
import { addTask as addTaskRow } from '../../src/store/tasks.js';
import { joinEvent } from '../../src/services/join-event.js';
import { addProject } from '../../src/store/projects.js';

let room: SprintRoom;
let leader: Visitor;
let otherLeader: Visitor;
let asha: Visitor;
let bo: Visitor;

const ISSUE = 'https://github.com/sprint-org/sprint-repo/issues/12';
const tasks = async (): Promise<TaskView[]> =>
  JSON.parse((await asha.request('/events/test-sprint/tasks.json')).text) as TaskView[];

beforeEach(async () => {
  room = await openSprintRoom();
  const event = findEventBySlug(room.app.db, 'test-sprint')!;
  addProject(room.app.db, {
    eventId: event.id,
    forge: 'github',
    fullName: 'other/repo',
    url: 'https://github.com/other/repo',
    leaders: ['leader2'],
  });
  leader = await signIn(room.app, room.github, { id: 8003, login: 'leader1', name: 'Leader One' });
  otherLeader = await signIn(room.app, room.github, { id: 8002, login: 'leader2', name: 'Other Leader' });
  asha = await signIn(room.app, room.github, { id: 7001, login: 'asha', name: 'Asha Rao' });
  bo = await signIn(room.app, room.github, { id: 7002, login: 'bo', name: 'Bo Chen' });
  for (const sprinter of [asha, bo])
    expect(
      (await sprinter.post('/events/test-sprint/join', { displayName: sprinter === asha ? 'Asha Rao' : 'Bo Chen' }))
        .status,
    ).toBe(303);
});
afterEach(() => closeSprintRoom(room));

const sprintRepoId = async () =>
  /<option value="(\d+)"[^>]*>sprint-org\/sprint-repo<\/option>/.exec(
    (await leader.request('/events/test-sprint/tasks')).text,
  )![1]!;
const addTask = async (form: Record<string, string> = {}) => {
  const added = await leader.post('/events/test-sprint/tasks', {
    projectId: await sprintRepoId(),
    title: 'Document the config file',
    issueUrl: ISSUE,
    level: 'first-task',
    capacity: '1',
    ...form,
  });
  expect(added.status).toBe(303);
  return (await tasks()).at(-1)!;
};

describe('the task table on the web', () => {
  test('a leader adds a task to their project; a sprinter takes it, and the other finds it taken', async () => {
    const task = await addTask();
    expect(task).toMatchObject({
      project: 'sprint-org/sprint-repo',
      title: 'Document the config file',
      issue_url: ISSUE,
      state: 'open',
    });
    const page = (await asha.request('/events/test-sprint/tasks')).text;
    expect(page).toContain(`action="/events/test-sprint/tasks/${task.id}/claim"`);
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
    expect((await tasks())[0]).toMatchObject({
      state: 'claimed',
      claims: [{ sprinter: { name: 'Asha Rao', github: 'asha' } }],
    });

    const before = snapshot(room.app.db);
    const late = await bo.post(`/events/test-sprint/tasks/${task.id}/claim`, {});
    expect(late.status).toBe(409);
    expect(late.text).toContain('Every place on this task is held (1 of 1)');
    expect(snapshot(room.app.db)).toEqual(before);
    // Bo's page offers no button for it; Asha's offers to give it back.
    expect((await bo.request('/events/test-sprint/tasks')).text).not.toContain(`tasks/${task.id}/claim"`);
    expect((await asha.request('/events/test-sprint/tasks')).text).toContain('Give it back');
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/release`, {})).status).toBe(303);
    expect((await bo.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
  });

  test('after the event ends, sprinters can no longer take tasks; its leaders can still assign them', async () => {
    const past = createEvent(room.app.db, {
      slug: 'last-year',
      name: 'Last Year',
      startsAt: '2023-05-10T03:30:00.000Z',
      endsAt: '2023-05-11T12:30:00.000Z',
      timeZone: 'UTC',
    });
    const project = addProject(room.app.db, {
      eventId: past.id,
      forge: 'github',
      fullName: 'sprint-org/sprint-repo',
      url: 'https://github.com/sprint-org/sprint-repo',
      leaders: ['leader1'],
    });
    const t = addTaskRow(room.app.db, {
      eventId: past.id,
      projectId: project.id,
      title: 'Old work',
      level: 'first-task',
      issueUrl: null,
      capacity: 2,
      createdBy: 'leader1',
    });
    for (const [login, id] of [
      ['asha', 7001],
      ['bo', 7002],
    ] as const)
      joinEvent(room.app.db, past.id, { displayName: login, githubLogin: login, githubId: id });
    const refused = await asha.post(`/events/last-year/tasks/${t.id}/claim`, {});
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Last Year has ended, so its tasks can no longer be taken');
    expect((await leader.post(`/events/last-year/tasks/${t.id}/claim`, { login: 'bo' })).status).toBe(303);
  });

  test('forbidden actions answer 403 and change nothing', async () => {
    const task = await addTask();
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
    const before = snapshot(room.app.db);
    const refused = [
      await bo.post(`/events/test-sprint/tasks/${task.id}/close`, {}),
      await bo.post(`/events/test-sprint/tasks/${task.id}/release`, { login: 'asha' }),
      await otherLeader.post(`/events/test-sprint/tasks/${task.id}/claim`, { login: 'bo' }),
      await otherLeader.post(`/events/test-sprint/tasks/${task.id}/close`, {}),
      await otherLeader.post('/events/test-sprint/tasks', {
        projectId: await sprintRepoId(),
        title: 'Not mine to add',
      }),
      await bo.post('/events/test-sprint/tasks', {
        projectId: await sprintRepoId(),
        title: 'Sprinters do not add tasks',
      }),
      // A leader who has not joined cannot take a task for themselves.
      await leader.post(`/events/test-sprint/tasks/${task.id}/claim`, {}),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    // Without the CSRF token, nothing either.
    expect((await bo.post(`/events/test-sprint/tasks/${task.id}/claim`, {}, null)).status).toBe(403);
    expect(snapshot(room.app.db)).toEqual(before);
  });

  test("the leader of the task's project assigns, releases and closes it", async () => {
    const task = await addTask({ capacity: '2' });
    expect((await leader.post(`/events/test-sprint/tasks/${task.id}/claim`, { login: 'bo' })).status).toBe(303);
    expect((await tasks())[0]!.claims.map((c) => c.sprinter.github)).toEqual(['bo']);
    // Held by one of two: it says a place is left, in its own colour, never just "Taken".
    const table = (await leader.request('/events/test-sprint/tasks')).text;
    expect(table).toContain('<span class="state task-partial">1 place left</span>');
    expect((await leader.post(`/events/test-sprint/tasks/${task.id}/release`, { login: 'bo' })).status).toBe(303);
    expect((await leader.request('/events/test-sprint/tasks')).text).toContain(
      '<span class="state task-free">Free</span>',
    );
    expect((await tasks())[0]!.claims).toEqual([]);
    expect((await leader.post(`/events/test-sprint/tasks/${task.id}/close`, {})).status).toBe(303);
    expect((await tasks())[0]!.state).toBe('closed');
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(409);
  });

  test('the organizers set how long a claim lasts and how many one sprinter may hold', async () => {
    const page = await room.organizer.request('/events/test-sprint/manage');
    expect(page.text).toContain('name="claimHours" type="text" value="3"');
    const before = snapshot(room.app.db);
    const bad = await room.organizer.post('/events/test-sprint/claim-settings', { claimHours: '0', maxClaims: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Hours a claim lasts must be a whole number from 1 to 72');
    expect(bad.text).toContain('Tasks one sprinter may hold must be a whole number from 1 to 20');
    expect(snapshot(room.app.db)).toEqual(before);
    expect(
      (await room.organizer.post('/events/test-sprint/claim-settings', { claimHours: '1', maxClaims: '1' })).status,
    ).toBe(303);
    const first = await addTask();
    const second = await addTask({ issueUrl: 'https://github.com/sprint-org/sprint-repo/issues/13' });
    expect((await asha.post(`/events/test-sprint/tasks/${first.id}/claim`, {})).status).toBe(303);
    const more = await asha.post(`/events/test-sprint/tasks/${second.id}/claim`, {});
    expect(more.status).toBe(409);
    expect(more.text).toContain('You already hold 1 task, the most Test Sprint allows at once');
    expect((await tasks())[0]!.claims[0]!.expires_at).toBe(
      new Date(Date.parse((await tasks())[0]!.claims[0]!.claimed_at) + 3_600_000).toISOString(),
    );
  });

  test('a form with missing or bad fields says so next to them and adds nothing', async () => {
    const before = snapshot(room.app.db);
    const bad = await leader.post('/events/test-sprint/tasks', {
      projectId: await sprintRepoId(),
      title: '',
      issueUrl: 'https://github.com/django/django/issues/1',
      capacity: 'many',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Title is required');
    expect(bad.text).toContain('Places must be a whole number from 1 to 50');
    const wrongIssue = await leader.post('/events/test-sprint/tasks', {
      projectId: await sprintRepoId(),
      title: 'T',
      issueUrl: 'https://github.com/django/django/issues/1',
    });
    expect(wrongIssue.status).toBe(400);
    expect(wrongIssue.text).toContain('is not an issue of sprint-org/sprint-repo');
    expect(snapshot(room.app.db)).toEqual(before);
  });

  test("the holder links their own pull request by hand; someone else's is refused", async () => {
    const task = await addTask({ issueUrl: '' });
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
    await deliver(room.app, 'pull_request', pullRequestPayload({ login: 'asha', userId: 7001, number: 31 }));
    await deliver(room.app, 'pull_request', pullRequestPayload({ login: 'bo', userId: 7002, number: 32 }));
    const theirs = await asha.post(`/events/test-sprint/tasks/${task.id}/link`, {
      url: 'https://github.com/sprint-org/sprint-repo/pull/32',
    });
    expect(theirs.status).toBe(400);
    expect(theirs.text).toContain('That pull request is not credited to you');
    expect(
      (
        await asha.post(`/events/test-sprint/tasks/${task.id}/link`, {
          url: 'https://github.com/sprint-org/sprint-repo/pull/31/files',
        })
      ).status,
    ).toBe(303);
    expect((await tasks())[0]).toMatchObject({
      state: 'in_review',
      pull_requests: [{ url: 'https://github.com/sprint-org/sprint-repo/pull/31', state: 'open' }],
    });
  });

  test('a holder of a task without an issue is offered their own pull requests to its project, and links one in a click', async () => {
    const task = await addTask({ issueUrl: '', capacity: '2' });
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
    expect((await bo.post(`/events/test-sprint/tasks/${task.id}/claim`, {})).status).toBe(303);
    await deliver(
      room.app,
      'pull_request',
      pullRequestPayload({ login: 'asha', userId: 7001, number: 41, title: 'Document <config>' }),
    );
    await deliver(room.app, 'pull_request', pullRequestPayload({ login: 'bo', userId: 7002, number: 42 }));
    const page = (await asha.request('/events/test-sprint/tasks')).text;
    // Her own pull request only, its title as text.
    expect(page).toContain('Link your pull request: Document &lt;config&gt;');
    expect(page).not.toContain('Fix the thing #42');
    const url = /name="url" value="([^"]+)"><button type="submit">Link your pull request/.exec(page)![1]!;
    expect(url).toBe('https://github.com/sprint-org/sprint-repo/pull/41');
    expect((await asha.post(`/events/test-sprint/tasks/${task.id}/link`, { url })).status).toBe(303);
    expect((await asha.request('/events/test-sprint/tasks')).text).not.toContain('Link your pull request');

    // Merged: the task is done, and the other holder's claim stops counting down.
    await deliver(
      room.app,
      'pull_request',
      pullRequestPayload({ login: 'asha', userId: 7001, number: 41, action: 'closed', merged: true }),
    );
    const done = (await tasks()).find((t) => t.id === task.id)!;
    expect(done.state).toBe('done');
    expect(done.claims.map((c) => c.expires_at)).toEqual([null, null]);
  });
});
