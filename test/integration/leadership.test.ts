import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, signInAgain, type Visitor } from '../helpers/browser-session.js';
import { devsprint } from '../helpers/cli.js';
import { githubExample, pullRequestPayload, reviewPayload } from '../helpers/examples.js';
import type { GithubStandIn } from '../helpers/github-standin.js';
import { leaderboardRow } from '../helpers/seed.js';
import { sql } from '../helpers/sql.js';
import { setInstallation } from '../../src/store/projects.js';
import { closeSprintRoom, openSprintRoom, type SprintRoom } from '../helpers/sprint-room.js';

let github: GithubStandIn;
let app: AppUnderTest;
let organizer: Visitor;

let room: SprintRoom;
beforeEach(async () => {
  room = await openSprintRoom();
  ({ github, app, organizer } = room);
});
afterEach(() => closeSprintRoom(room));

const stranger = { id: 666, login: 'mallory', name: 'Mallory' };
const projectIdOf = (location: string | null): string => /\/projects\/(\d+)/.exec(location ?? '')![1]!;

describe('registering a GitHub repository where the app is installed', () => {
  beforeEach(() => setInstallation(app.db, 'victim/app-repo', 42, 'victim'));

  test('a stranger becomes nobody: the project waits, and its bot, pitch and moderation are closed to them', async () => {
    const mallory = await signIn(app, github, stranger);
    const response = await mallory.post('/events/test-sprint/projects', { project: 'github:victim/app-repo' });
    // GitHub was asked through the installation, and said no: no second sign-in is offered.
    expect(github.permissionChecks).toEqual([{ tokenOf: 'installation', repo: 'victim/app-repo', login: 'mallory' }]);
    expect(response.location).toMatch(/^\/events\/test-sprint\/projects\/\d+$/);
    const id = projectIdOf(response.location);
    expect((await mallory.request(response.location!)).text).toContain('is pending');
    const bot = await mallory.post(`/events/test-sprint/projects/${id}/bot`, {
      enabled: 'on',
      welcome: 'on',
      welcomeTemplate: 'Claim your prize: https://evil.example/phish',
    });
    expect(bot.status).toBe(403);
    expect((await mallory.post(`/events/test-sprint/projects/${id}`, { description: 'mine now' })).status).toBe(403);
    expect(sql(app.db).prepare('SELECT count(*) FROM bot_settings').pluck().get()).toBe(0);
    // The project is tracked all the same: a sprinter's pull request there is kept, and waits for approval.
    const sprinter = await signIn(app, github, { id: 9001, login: 'person1', name: 'Person One' });
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    const delivered = await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'person1', userId: 9001, repo: 'victim/app-repo' }),
    );
    expect(delivered.status).toBe(200);
    expect(sql(app.db).prepare('SELECT reason, counted FROM contributions').all()).toEqual([
      { reason: 'project-pending', counted: 0 },
    ]);
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    const pr = sql(app.db).prepare('SELECT id FROM contributions').pluck().get() as number;
    expect((await mallory.post(`/contributions/${pr}/exclude`, { reason: 'spam' })).status).toBe(403);
    // Nor do their `/sprint` commands on the pull request: they are ignored, as a stranger's.
    const command = githubExample('issue_comment', 'created');
    Object.assign(command.repository, { full_name: 'victim/app-repo', name: 'app-repo' });
    command.repository.owner.login = 'victim';
    Object.assign(command.issue, {
      number: 1,
      pull_request: { url: 'https://api.github.com/repos/victim/app-repo/pulls/1' },
    });
    Object.assign(command.comment, {
      body: '/sprint exclude spam',
      id: 778,
      user: { ...command.comment.user, login: 'mallory', id: stranger.id },
    });
    expect((await deliver(app, 'issue_comment', command)).status).toBe(200);
    expect(sql(app.db).prepare('SELECT reason, moderation FROM contributions').all()).toEqual([
      { reason: 'project-pending', moderation: null },
    ]);
  });

  test("a stranger's pending registration blocks nobody GitHub says may act: the proven one replaces it", async () => {
    const mallory = await signIn(app, github, stranger);
    const squat = await mallory.post('/events/test-sprint/projects', {
      project: 'github:victim/app-repo',
      description: 'Mine',
    });
    const id = projectIdOf(squat.location);
    const sprinter = await signIn(app, github, { id: 9001, login: 'person1', name: 'Person One' });
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001, repo: 'victim/app-repo' }));
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    // Another stranger is still told it waits for an organizer.
    const other = await signIn(app, github, { id: 667, login: 'trudy', name: 'Trudy' });
    const again = await other.post('/events/test-sprint/projects', { project: 'github:victim/app-repo' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('waits for an organizer');
    // The maintainer, whom GitHub says may write, takes it over: same project, their pitch, their lead.
    github.roles.set('victim/app-repo|maintainer', 'write');
    const maintainer = await signIn(app, github, { id: 700, login: 'maintainer', name: 'Maintainer' });
    const taken = await maintainer.post('/events/test-sprint/projects', {
      project: 'github:victim/app-repo',
      description: 'The real pitch',
    });
    expect(taken).toMatchObject({ status: 303, location: `/events/test-sprint/projects/${id}` });
    expect(
      sql(app.db).prepare('SELECT github_login, proof FROM project_leaders WHERE project_id = ?').all(Number(id)),
    ).toEqual([{ github_login: 'maintainer', proof: 'github:write' }]);
    expect(sql(app.db).prepare('SELECT description FROM projects WHERE id = ?').pluck().get(Number(id))).toBe(
      'The real pitch',
    );
    expect(sql(app.db).prepare('SELECT action, actor FROM event_log').all()).toEqual([
      { action: 'replaced the pending registration of github:victim/app-repo by mallory', actor: 'maintainer' },
    ]);
    // The work kept while it was pending counts now.
    expect(leaderboardRow(app.db, 'person1')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('a collaborator with write permission leads it at once', async () => {
    github.roles.set('victim/app-repo|maintainer', 'write');
    const maintainer = await signIn(app, github, { id: 700, login: 'maintainer', name: 'Maintainer' });
    const response = await maintainer.post('/events/test-sprint/projects', { project: 'github:victim/app-repo' });
    const page = await maintainer.request(response.location!);
    expect(page.text).toContain('The GitHub App is installed on this repository');
    expect(
      sql(app.db)
        .prepare(`SELECT github_login, proof FROM project_leaders WHERE project_id = ?`)
        .get(Number(projectIdOf(response.location))),
    ).toEqual({ github_login: 'maintainer', proof: 'github:write' });
    expect(
      (
        await maintainer.post(`/events/test-sprint/projects/${projectIdOf(response.location)}/bot`, {
          enabled: 'on',
          welcome: 'on',
        })
      ).status,
    ).toBe(303);
  });
});

describe('a proven leader is part of the sprint they lead', () => {
  beforeEach(() => setInstallation(app.db, 'victim/app-repo', 42, 'victim'));

  test('registering makes them a member, not ranked; their review counts and the report thanks them by name', async () => {
    github.roles.set('victim/app-repo|maintainer', 'write');
    const maintainer = await signIn(app, github, { id: 700, login: 'maintainer', name: 'Mai Ntainer' });
    expect((await maintainer.post('/events/test-sprint/projects', { project: 'github:victim/app-repo' })).status).toBe(
      303,
    );
    expect((await maintainer.request('/events/test-sprint')).text).toContain("You're in.");

    const onRepo = (payload: Record<string, any>) => {
      payload.repository.full_name = 'victim/app-repo';
      payload.repository.name = 'app-repo';
      payload.pull_request.html_url = 'https://github.com/victim/app-repo/pull/9';
      if (payload.pull_request.base?.repo) payload.pull_request.base.repo.full_name = 'victim/app-repo';
      return payload;
    };
    await deliver(app, 'pull_request', onRepo(pullRequestPayload({ repo: 'victim/app-repo', number: 9 })));
    const review = reviewPayload({ number: 9, reviewer: 'maintainer', reviewerId: 700 });
    expect((await deliver(app, 'pull_request_review', onRepo(review))).status).toBe(200);

    const board = (await (await fetch(`${app.url}/events/test-sprint/leaderboard.json`)).json()) as any;
    expect(board.totals.reviews).toBe(1);
    expect(board.sprinters.map((s: { github: string }) => s.github)).not.toContain('maintainer');
    const report = (await (await fetch(`${app.url}/events/test-sprint/report.json`)).json()) as any;
    expect(report.mentors).toContainEqual(
      expect.objectContaining({
        person: expect.objectContaining({ name: 'Mai Ntainer', github: 'maintainer' }),
        reviews: 1,
        projects: ['victim/app-repo'],
        leader: true,
      }),
    );
    const markdown = await (await fetch(`${app.url}/events/test-sprint/report.md`)).text();
    expect(markdown).toContain(
      '- Mai Ntainer ([@maintainer](<https://github.com/maintainer>)) (leader): 1 pull request reviewed (victim/app-repo)',
    );
  });

  test('a claimant an organizer approves joins as a leader too', async () => {
    const claimant = await signIn(app, github, { id: 701, login: 'claimant', name: 'Clay Mant' });
    const response = await claimant.post('/events/test-sprint/projects', { project: 'github:victim/app-repo' });
    expect((await claimant.request('/events/test-sprint')).text).not.toContain("You're in.");
    const id = projectIdOf(response.location);
    expect((await organizer.post(`/events/test-sprint/projects/${id}/approve`, {})).status).toBe(303);
    expect((await claimant.request('/events/test-sprint')).text).toContain("You're in.");
  });
});

describe('registering a repository without the app', () => {
  test("read permission, asked with the registrant's own token, proves nothing; an organizer approves or rejects", async () => {
    github.roles.set('python/cpython|mallory', 'read');
    const mallory = await signIn(app, github, stranger);
    const response = await mallory.post('/events/test-sprint/projects', { project: 'github:python/cpython' });
    const landed = await signInAgain(mallory, github, stranger, response.location!);
    expect(github.permissionChecks).toEqual([{ tokenOf: 'mallory', repo: 'python/cpython', login: 'mallory' }]);
    const pending = await mallory.request(landed);
    expect(pending.text).toContain('Your registration of python/cpython for Test Sprint is pending');
    const organize = (await organizer.request('/organize')).text;
    expect(organize).toContain('github:python/cpython');
    expect(organize).toContain('@mallory');
    const id = projectIdOf(landed);
    // Rejecting withdraws the project with what was recorded for it; the counts follow.
    const sprinter = await signIn(app, github, { id: 9001, login: 'person1', name: 'Person One' });
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001, repo: 'python/cpython' }));
    // Nothing on a pending project counts: the stranger's registration earns nobody a place.
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    expect((await mallory.post(`/events/test-sprint/projects/${id}/reject`, { sure: 'on' })).status).toBe(403);
    // The manage page lists it too; rejecting asks to be sure (a box to tick), and changes nothing without it.
    expect((await organizer.request('/events/test-sprint/manage')).text).toContain(
      'Registrations waiting for approval',
    );
    const unsure = await organizer.post(`/events/test-sprint/projects/${id}/reject`, { from: 'manage' });
    expect(unsure.status).toBe(400);
    expect(unsure.text).toContain('tick &quot;I am sure&quot; to reject it');
    const rejected = await organizer.post(`/events/test-sprint/projects/${id}/reject`, { sure: 'on', from: 'manage' });
    expect(rejected).toMatchObject({ status: 303, location: '/events/test-sprint/manage#pending-heading' });
    expect(sql(app.db).prepare('SELECT count(*) FROM projects WHERE full_name = ?').pluck().get('python/cpython')).toBe(
      0,
    );
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    expect(sql(app.db).prepare('SELECT action, actor FROM event_log').all()).toEqual([
      { action: 'rejected github:python/cpython (registered by mallory)', actor: 'boss' },
    ]);
    expect((await organizer.post(`/events/test-sprint/projects/${id}/approve`, {})).status).toBe(404);
  });

  test('an approved registrant leads the project, and the work kept while it was pending counts', async () => {
    github.roles.set('python/cpython|mallory', 'read');
    const mallory = await signIn(app, github, stranger);
    const response = await mallory.post('/events/test-sprint/projects', { project: 'github:python/cpython' });
    const id = projectIdOf(await signInAgain(mallory, github, stranger, response.location!));
    const sprinter = await signIn(app, github, { id: 9001, login: 'person1', name: 'Person One' });
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001, repo: 'python/cpython' }));
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    expect((await mallory.post(`/events/test-sprint/projects/${id}`, { description: 'Docs' })).status).toBe(403);
    expect((await organizer.post(`/events/test-sprint/projects/${id}/approve`, {})).status).toBe(303);
    expect(leaderboardRow(app.db, 'person1')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
    expect((await mallory.post(`/events/test-sprint/projects/${id}`, { description: 'Docs' })).status).toBe(303);
    expect((await organizer.post(`/events/test-sprint/projects/${id}/approve`, {})).status).toBe(400);
  });
});

describe('roles follow the GitHub account, not the login', () => {
  test('a renamed leader and organizer keep their roles; a new account with the old login gets none', async () => {
    const leader = await signIn(app, github, { id: 3, login: 'leader1', name: 'Leader' });
    expect((await leader.request('/events/test-sprint/projects/1')).status).toBe(200);
    // leader1 renames to leader-one; the seat is the account's.
    const renamed = await signIn(app, github, { id: 3, login: 'leader-one', name: 'Leader' });
    expect((await renamed.request('/events/test-sprint/projects/1')).status).toBe(200);
    const squatter = await signIn(app, github, { id: 4242, login: 'leader1', name: 'Not the leader' });
    expect((await squatter.request('/events/test-sprint/projects/1')).status).toBe(403);
    // The organizer named in ORGANIZERS renames; someone registers the old name.
    expect(
      (await signIn(app, github, { id: 1, login: 'the-boss', name: 'Boss' }).then((v) => v.request('/organize')))
        .status,
    ).toBe(200);
    expect(
      (await signIn(app, github, { id: 5151, login: 'boss', name: 'Impostor' }).then((v) => v.request('/organize')))
        .status,
    ).toBe(403);
  });

  test('a renamed sprinter keeps their membership and credit; a newcomer with the old login is someone else', async () => {
    const ana = await signIn(app, github, { id: 9001, login: 'ana', name: 'Ana' });
    await ana.post('/events/test-sprint/join', { displayName: 'Ana' });
    const renamed = await signIn(app, github, { id: 9001, login: 'ana-lima', name: 'Ana' });
    expect(sql(app.db).prepare('SELECT github_login FROM sprinters WHERE github_id = 9001').pluck().get()).toBe(
      'ana-lima',
    );
    expect((await renamed.request('/events/test-sprint/join')).text).toContain('value="Ana"');
    // A pull request by a new account that took the login "ana" is not Ana's.
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'ana', userId: 7777 }));
    expect(sql(app.db).prepare('SELECT count(*) FROM credits').pluck().get()).toBe(0);
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'ana-lima', userId: 9001, number: 2 }));
    expect(leaderboardRow(app.db, 'ana-lima')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
    const newcomer = await signIn(app, github, { id: 7777, login: 'ana', name: 'Another Ana' });
    expect((await newcomer.post('/events/test-sprint/join', { displayName: 'Another Ana' })).status).toBe(303);
    expect(sql(app.db).prepare('SELECT github_id, github_login FROM sprinters ORDER BY id').all()).toEqual([
      { github_id: 9001, github_login: 'ana-lima' },
      { github_id: 7777, github_login: 'ana' },
    ]);
  });
});

describe('devsprint project approve|reject', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devsprint-leadership-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('decide pending registrations from the command line, and refuse anything else', async () => {
    const mallory = await signIn(app, github, stranger);
    await mallory.post('/events/test-sprint/projects', { project: 'pagure:one' });
    await mallory.post('/events/test-sprint/projects', { project: 'pagure:two' });
    const env = { DATABASE_PATH: app.dbPath };
    expect(devsprint(['project', 'list', 'test-sprint'], env).stdout).toContain('pagure:one\t');
    expect(devsprint(['project', 'list', 'test-sprint'], env).stdout).toContain('pending, registered by mallory');
    const approved = devsprint(['project', 'approve', 'test-sprint', 'pagure:one', '--by', 'boss'], env);
    expect(approved).toMatchObject({ status: 0, stdout: 'approved pagure:one for test-sprint: led by mallory\n' });
    const rejected = devsprint(['project', 'reject', 'test-sprint', 'pagure:two'], env);
    expect(rejected).toMatchObject({
      status: 0,
      stdout: 'rejected pagure:two for test-sprint: it left the event with 0 recorded contributions\n',
    });
    expect(devsprint(['project', 'reject', 'test-sprint', 'pagure:one'], env)).toMatchObject({ status: 1 });
    expect(devsprint(['project', 'approve', 'test-sprint', 'github:sprint-org/sprint-repo'], env).stderr).toContain(
      'is not waiting for approval',
    );
    expect(devsprint(['project', 'approve', 'test-sprint'], env)).toMatchObject({ status: 2 });
    expect(
      sql(app.db)
        .prepare(
          `SELECT full_name, github_login, proof FROM project_leaders l JOIN projects p ON p.id = l.project_id ORDER BY p.id`,
        )
        .all(),
    ).toEqual([
      { full_name: 'sprint-org/sprint-repo', github_login: 'leader1', proof: 'operator' },
      { full_name: 'one', github_login: 'mallory', proof: 'organizer:boss' },
    ]);
  });
});
