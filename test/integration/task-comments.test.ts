import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { addProjectTask } from '../../src/services/add-task.js';
import { claimTask, releaseTask } from '../../src/services/task-claims.js';
import { joinEvent } from '../../src/services/join-event.js';
import { saveBotSettings, BOT_DEFAULTS } from '../../src/store/bot.js';
import type { EventRecord } from '../../src/store/events.js';
import { getProject, setInstallation } from '../../src/store/projects.js';
import { findMember } from '../../src/store/sprinters.js';

import { MIN_EDIT_INTERVAL_MS } from '../../src/services/task-comments.js';
let app: AppUnderTest;
let github: GithubApiStandIn;
let event: EventRecord;
let clock = Date.parse('2024-05-10T06:00:00.000Z');
const now = () => new Date(clock);

beforeEach(async () => {
  clock = Date.parse('2024-05-10T06:00:00.000Z');
  github = await new GithubApiStandIn().start();
  app = await startApp({ GITHUB_API_URL: github.url, PUBLIC_URL: 'https://sprints.example.org' }, { sync: true, now });
  event = seedSprint(app.db);
  joinEvent(app.db, event.id, { displayName: 'Asha Rao', githubLogin: 'asha', githubId: 7001 });
  setInstallation(app.db, 'sprint-org/sprint-repo', 77, 'sprint-org');
});
afterEach(async () => {
  await app.close();
  await github.stop();
});

const task = (issue = 12) => {
  const added = addProjectTask(
    app.db,
    getProject(app.db, 1)!,
    { title: 'Document the config file', issueUrl: `https://github.com/sprint-org/sprint-repo/issues/${issue}` },
    'leader1',
    now(),
  );
  if (!added.ok) throw new Error(added.error);
  return added.task;
};
const sprinterId = (login: string) => findMember(app.db, event.id, { githubLogin: login })!;
const comments = () => github.writes.filter((w) => /\/issues\/(\d+\/comments|comments\/\d+)$/.test(w.path));

describe("the bot on a claimed task's issue", () => {
  test('off unless the leaders turned the bot on', async () => {
    const t = task();
    claimTask(app.db, event, t.id, sprinterId('asha'), now());
    await app.sync!.taskComments(event.id);
    expect(comments()).toEqual([]);
  });

  test('one comment when claimed, edited (not repeated) as the claim moves and ends', async () => {
    saveBotSettings(app.db, 1, { ...BOT_DEFAULTS, enabled: true });
    const t = task();
    task(13);
    expect(claimTask(app.db, event, t.id, sprinterId('asha'), now())).toMatchObject({ kind: 'claimed' });
    await app.sync!.taskComments(event.id);
    expect(comments()).toEqual([
      expect.objectContaining({
        path: '/repos/sprint-org/sprint-repo/issues/12/comments',
        body: {
          body: "@asha is working on this at Test Sprint ([the sprint's task table](<https://sprints.example.org/events/test-sprint/tasks>)). Please check with them before starting on it.",
        },
        authorization: 'token ghs_installation_token',
      }),
    ]);
    // Nothing changed: nothing said. The task nobody claimed gets no comment at all.
    await app.sync!.taskComments(event.id);
    expect(comments()).toHaveLength(1);
    expect(comments().some((w) => w.path.includes(`/issues/${13}/`))).toBe(false);

    // A claim-and-release loop right after the comment is written edits nothing yet...
    for (let i = 0; i < 5; i += 1) {
      releaseTask(app.db, event, t.id, sprinterId('asha'), 'asha', now());
      await app.sync!.taskComments(event.id);
      claimTask(app.db, event, t.id, sprinterId('asha'), now());
      await app.sync!.taskComments(event.id);
    }
    expect(comments()).toHaveLength(1);
    // ...and a few minutes later the comment is brought up to date, once.
    releaseTask(app.db, event, t.id, sprinterId('asha'), 'asha', now());
    clock += MIN_EDIT_INTERVAL_MS;
    await app.sync!.taskComments(event.id);
    await app.sync!.taskComments(event.id);
    expect(comments()).toHaveLength(2);
    expect(comments()[1]).toMatchObject({ method: 'PATCH', path: '/repos/sprint-org/sprint-repo/issues/comments/1' });
    expect(String(comments()[1]!.body.body)).toMatch(/^Nobody at Test Sprint is working on this any more/);
  });

  test('a refusal from GitHub is retried at the next pass, and then said once', async () => {
    saveBotSettings(app.db, 1, { ...BOT_DEFAULTS, enabled: true });
    const t = task();
    claimTask(app.db, event, t.id, sprinterId('newcomer'), now());
    github.failNext = ['server-error', 'server-error', 'server-error'];
    await app.sync!.taskComments(event.id);
    await app.sync!.taskComments(event.id);
    await app.sync!.taskComments(event.id);
    expect(comments()).toHaveLength(1);
    expect(String(comments()[0]!.body.body)).toMatch(/^@newcomer is working on this/);
  });
});
