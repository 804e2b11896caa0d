import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { githubExample, issuesPayload, pullRequestPayload, type PullRequestShape } from '../helpers/examples.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { contributions, leaderboardRow, seedSprint, snapshot } from '../helpers/seed.js';
import { saveBotSettings, BOT_DEFAULTS } from '../../src/store/bot.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent } from '../../src/services/join-event.js';

let app: AppUnderTest;
let github: GithubApiStandIn;

beforeEach(async () => {
  github = await new GithubApiStandIn().start();
  app = await startApp({ GITHUB_API_URL: github.url, PUBLIC_URL: 'https://sprints.example.org', ORGANIZERS: 'boss' });
  const event = seedSprint(app.db, {
    sprinter: { login: 'newcomer', id: 5001, name: 'Ana *[bold](javascript:alert(1))*' },
  });
  saveBotSettings(app.db, 1, { ...BOT_DEFAULTS, enabled: true });
  addProject(app.db, {
    eventId: event.id,
    forge: 'github',
    fullName: 'quiet-org/quiet-repo',
    url: 'https://github.com/quiet-org/quiet-repo',
    leaders: ['leader1'],
  });
});
afterEach(async () => {
  await app.close();
  await github.stop();
});

/** A pull_request delivery from an installed repository (GitHub's example, changed per case). */
function installedPr(shape: PullRequestShape = {}) {
  const payload = pullRequestPayload(shape);
  payload.installation = { id: 1, node_id: 'MDIz' };
  payload.repository.owner.login = (shape.repo ?? 'sprint-org/sprint-repo').split('/')[0];
  return payload;
}

function comment(body: string, login: string, number = 1) {
  const payload = githubExample('issue_comment', 'created');
  payload.installation = { id: 1, node_id: 'MDIz' };
  payload.repository.full_name = 'sprint-org/sprint-repo';
  payload.repository.name = 'sprint-repo';
  payload.repository.owner.login = 'sprint-org';
  payload.issue.number = number;
  payload.issue.pull_request = { url: 'https://api.github.com/repos/sprint-org/sprint-repo/pulls/1' };
  payload.comment.body = body;
  payload.comment.user.login = login;
  // Each login its own account: roles are asked of the account id.
  payload.comment.user.id = 90_000 + [...login].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  payload.comment.id = 777;
  return payload;
}

const writes = () => github.writes.map((w) => w.path);

/**
 * The bot talks after the delivery is answered, from the app's background queue: once the queue is idle
 * everything it was going to write has been written, so "exactly these writes" (and "nothing") is known.
 */
async function settle(count: number): Promise<void> {
  await app.background.idle();
  expect(github.writes.length).toBeGreaterThanOrEqual(count);
}

describe('label and welcome on opted-in repositories', () => {
  test('a counted pull request gets the event label (created once) and one welcome, never repeated', async () => {
    const first = await deliver(app, 'pull_request', installedPr({ association: 'FIRST_TIME_CONTRIBUTOR' }));
    expect(first.status).toBe(200);
    await settle(3);
    expect(writes()).toEqual([
      '/repos/sprint-org/sprint-repo/labels',
      '/repos/sprint-org/sprint-repo/issues/1/labels',
      '/repos/sprint-org/sprint-repo/issues/1/comments',
    ]);
    // The client is built on the bot's first request: as the installation, each request tagged with the delivery.
    expect(github.writes.map((w) => [w.authorization, w.delivery])).toEqual(
      Array(3).fill(['token ghs_installation_token', first.id]),
    );
    expect(github.requests.filter((r) => r.path === '/app/installations/1/access_tokens')).toHaveLength(1);
    expect(github.writes[0]!.body).toMatchObject({ name: 'Test Sprint', color: '6f42c1' });
    expect(github.writes[1]!.body).toEqual({ labels: ['Test Sprint'] });
    const welcome = String(github.writes[2]!.body.body);
    expect(welcome).toContain('This pull request is part of **Test Sprint**');
    expect(welcome).toContain('[leaderboard](https://sprints.example.org/events/test-sprint/leaderboard)');
    expect(welcome).toContain('first contribution to sprint-org/sprint-repo');
    expect(welcome).toContain('Ana \\*\\[bold\\](javascript:alert(1))\\*');
    await deliver(app, 'pull_request', installedPr(), { id: first.id });
    await deliver(
      app,
      'pull_request',
      installedPr({ action: 'edited', title: 'New title', updatedAt: '2024-05-10T07:00:00Z' }),
    );
    await settle(3);
    expect(github.writes).toHaveLength(3);
    await deliver(app, 'pull_request', installedPr({ number: 2 }));
    await settle(5);
    expect(writes().slice(3)).toEqual([
      '/repos/sprint-org/sprint-repo/issues/2/labels',
      '/repos/sprint-org/sprint-repo/issues/2/comments',
    ]);
  });

  test("with GitHub's pacing, the bot's writes reach GitHub a second apart, as GitHub asks of content-creating requests", async () => {
    await app.close();
    app = await startApp({
      GITHUB_API_URL: github.url,
      PUBLIC_URL: 'https://sprints.example.org',
      GITHUB_PACING: 'github',
    });
    seedSprint(app.db, { sprinter: { login: 'newcomer', id: 5001, name: 'Ana' } });
    saveBotSettings(app.db, 1, { ...BOT_DEFAULTS, enabled: true });
    expect((await deliver(app, 'pull_request', installedPr())).status).toBe(200);
    await settle(3);
    const at = github.writes.map((w) => w.at!);
    expect(at).toHaveLength(3);
    // The throttling plugin's write limiter starts writes at least 1 s apart. They are timed here on arrival,
    // and one that arrives late (a busy machine) shortens the gap after it: each gap is far above what
    // unpaced writes give (a few ms), and together they span at least the paced two seconds, less slack.
    for (let i = 1; i < at.length; i += 1) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(500);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual((at.length - 1) * 1000 - 300);
  });

  test('nothing is posted on a repository that did not opt in', async () => {
    await deliver(app, 'pull_request', installedPr({ repo: 'quiet-org/quiet-repo' }));
    expect(contributions(app.db)).toMatchObject([{ counted: 1 }]);
    await settle(0);
    expect(github.writes).toEqual([]);
  });

  test('without an installation in the delivery the bot asks for no token and writes nothing, and tries again on a later delivery', async () => {
    const payload = installedPr();
    delete payload.installation;
    expect((await deliver(app, 'pull_request', payload)).status).toBe(200);
    expect(contributions(app.db)).toMatchObject([{ counted: 1 }]);
    await settle(0);
    expect(github.requests).toEqual([]);
    await deliver(app, 'pull_request', installedPr({ action: 'edited', updatedAt: '2024-05-10T07:00:00Z' }));
    await settle(3);
    expect(writes()).toEqual([
      '/repos/sprint-org/sprint-repo/labels',
      '/repos/sprint-org/sprint-repo/issues/1/labels',
      '/repos/sprint-org/sprint-repo/issues/1/comments',
    ]);
  });

  test('someone who has not joined gets the join link once per event, however many pull requests', async () => {
    await deliver(app, 'pull_request', installedPr({ login: 'stranger', userId: 6001, number: 5 }));
    await deliver(app, 'pull_request', installedPr({ login: 'stranger', userId: 6001, number: 6 }));
    await settle(1);
    expect(writes()).toEqual(['/repos/sprint-org/sprint-repo/issues/5/comments']);
    expect(String(github.writes[0]!.body.body)).toBe(
      'Hi @stranger, is this part of **Test Sprint**? [Join the sprint](https://sprints.example.org/events/test-sprint/join) with your GitHub account and it will count on the leaderboard.',
    );
  });

  test('a GitHub failure leaves the contribution recorded, and a later delivery tries again', async () => {
    // Every attempt at creating the label fails (Probot's retry plugin tries four times): the bot gives up for now.
    github.failNext = ['server-error', 'server-error', 'server-error', 'server-error'];
    const started = Date.now();
    const response = await deliver(app, 'pull_request', installedPr());
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(contributions(app.db)).toMatchObject([{ counted: 1 }]);
    expect(leaderboardRow(app.db, 'newcomer')).toMatchObject({ pull_requests: 1 });
    // The label could not be made, but the pull request is still labelled and welcomed.
    await settle(2);
    const comments = () => github.writes.filter((w) => w.path.endsWith('/comments')).length;
    expect(comments()).toBe(1);
    expect(github.labels.size).toBe(0);
    // The next delivery about the pull request finishes what failed, and does not welcome twice.
    await deliver(app, 'pull_request', installedPr({ action: 'edited', updatedAt: '2024-05-10T07:00:00Z' }));
    await settle(3);
    expect(github.labels).toEqual(new Set(['Test Sprint']));
    expect(comments()).toBe(1);
  }, 60_000);

  test('a 403 from GitHub is logged, not retried forever, and the delivery still succeeds', async () => {
    github.failNext = ['rate-limit'];
    const response = await deliver(app, 'pull_request', installedPr());
    expect(response.status).toBe(200);
    expect(contributions(app.db)).toMatchObject([{ counted: 1 }]);
    await settle(2);
  });
});

describe('leader commands', () => {
  beforeEach(async () => {
    await deliver(app, 'pull_request', installedPr());
    await settle(3);
    github.writes.length = 0;
  });

  test('a leader excludes with a reason: the contribution leaves the count, the comment gets a +1', async () => {
    const command = await deliver(app, 'issue_comment', comment('Thanks!\n/sprint exclude not sprint work', 'leader1'));
    expect(command.status).toBe(200);
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'excluded:not sprint work' });
    await settle(1);
    expect(github.writes.map(({ at: _at, ...write }) => write)).toEqual([
      {
        path: '/repos/sprint-org/sprint-repo/issues/comments/777/reactions',
        body: { content: '+1' },
        authorization: 'token ghs_installation_token',
        delivery: command.id,
      },
    ]);
  });

  test('on an issue opened at the sprint, a leader excludes it the same way (closed as not planned, spam)', async () => {
    expect((await deliver(app, 'issues', issuesPayload({ number: 12 }))).status).toBe(200);
    const onIssue = comment('/sprint exclude not planned', 'leader1', 12);
    delete onIssue.issue.pull_request;
    expect((await deliver(app, 'issue_comment', onIssue)).status).toBe(200);
    expect(contributions(app.db).find((c) => c.kind === 'issue')).toMatchObject({
      key: '12',
      counted: 0,
      reason: 'excluded:not planned',
    });
    // The pull request beside it is untouched.
    expect(contributions(app.db).find((c) => c.kind === 'pull_request')).toMatchObject({ counted: 1 });
  });

  test('an organizer includes it again', async () => {
    await deliver(app, 'issue_comment', comment('/sprint exclude spam', 'leader1'));
    await deliver(app, 'issue_comment', comment('/sprint include', 'boss'));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1, reason: 'eligible' });
  });

  test('commands from anyone else are ignored without a reply and change nothing', async () => {
    const before = snapshot(app.db).replace(/"deliveries",\[[^\]]*\]/, '');
    await deliver(app, 'issue_comment', comment('/sprint exclude spam', 'newcomer'));
    await deliver(app, 'issue_comment', comment('/sprint exclude spam', 'leader2'));
    await settle(0);
    expect(snapshot(app.db).replace(/"deliveries",\[[^\]]*\]/, '')).toBe(before);
    expect(github.writes).toEqual([]);
  });

  test('credit @login credits a pair who joined; a refusal gets a confused reaction and says why', async () => {
    await deliver(app, 'issue_comment', comment('/sprint credit @pairer', 'leader1'));
    await settle(2);
    expect(github.writes.map((w) => w.body)).toEqual([
      { content: 'confused' },
      { body: 'Not done: @\u2060pairer has not joined Test Sprint' },
    ]);
    joinEvent(app.db, 1, { displayName: 'Pair', githubLogin: 'pairer', githubId: 5100 });
    await deliver(app, 'issue_comment', comment('/sprint credit @pairer', 'leader1'));
    await settle(3);
    expect(leaderboardRow(app.db, 'pairer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
    // The credit survives later deliveries about the pull request.
    await deliver(app, 'pull_request', installedPr({ action: 'edited', updatedAt: '2024-05-10T08:00:00Z' }));
    expect(leaderboardRow(app.db, 'pairer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('a malformed command from a leader is refused with the usage', async () => {
    await deliver(app, 'issue_comment', comment('/sprint exclude', 'leader1'));
    await settle(2);
    expect(String(github.writes[1]!.body.body)).toContain('needs a reason');
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1 });
  });
});
