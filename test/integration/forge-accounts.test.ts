import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import type { GithubStandIn } from '../helpers/github-standin.js';
import { contributions, leaderboardRow, snapshot, WINDOW } from '../helpers/seed.js';
import { fixture } from '../helpers/fixtures.js';
import { closeSprintRoom, openSprintRoom, signInEnv, type SprintRoom } from '../helpers/sprint-room.js';
import { createEvent, findEventBySlug } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { devsprint } from '../helpers/cli.js';
import { exchangeForgeCode } from '../../src/web/forge-oauth.js';
import { linkForgeAccount } from '../../src/store/forge-accounts.js';
import { findSprinterByGithubId } from '../../src/store/sprinters.js';

const TOKEN = 'gitlab-secret-token-0123456789';
let room: SprintRoom;
let app: AppUnderTest;
let github: GithubStandIn;
let organizer: Visitor;
beforeEach(async () => {
  room = await openSprintRoom();
  ({ app, github, organizer } = room);
  addProject(app.db, {
    eventId: findEventBySlug(app.db, 'test-sprint')!.id,
    forge: 'gitlab',
    fullName: 'GNOME/gnome-maps',
    url: 'https://gitlab.gnome.org/GNOME/gnome-maps',
    instanceUrl: 'https://gitlab.gnome.org',
    webhookKey: TOKEN,
  });
});
afterEach(() => closeSprintRoom(room));

const mergeRequest = () =>
  fetch(`${app.url}/api/gitlab/webhooks`, {
    method: 'POST',
    body: fixture('gitlab/merge-request-open.json'),
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': 'Merge Request Hook',
      'x-gitlab-token': TOKEN,
      'x-gitlab-event-uuid': crypto.randomUUID(),
    },
  });

describe('GitLab and Forgejo accounts typed on a profile', () => {
  test('a typed account is a claim: its work is kept, waits for proof, and counts once an organizer confirms; another sprinter cannot type it', async () => {
    const alice = await signIn(app, github, { id: 9101, login: 'alice-gh', name: 'Alice' });
    expect(
      (
        await alice.post('/events/test-sprint/join', {
          displayName: 'Alice Newcomer',
          gitlab: 'gitlab.gnome.org/alice',
        })
      ).status,
    ).toBe(303);
    expect((await alice.request('/events/test-sprint/join')).text).toContain('value="gitlab.gnome.org/alice"');
    expect((await mergeRequest()).status).toBe(200);
    expect(contributions(app.db)).toEqual([
      expect.objectContaining({ key: '412', counted: 0, reason: 'unproven-account' }),
    ]);
    expect(leaderboardRow(app.db, 'alice-gh')).toBeUndefined();

    let manage = (await organizer.request('/events/test-sprint/manage')).text;
    expect(manage).toContain('Waiting for proof');
    expect(manage).toMatch(
      /Alice Newcomer \(@alice-gh\): GitLab account alice on gitlab.gnome.org <span class="badge">waiting for proof<\/span>/,
    );

    const mallory = await signIn(app, github, { id: 9102, login: 'mallory', name: 'Mallory' });
    const before = snapshot(app.db);
    const stolen = await mallory.post('/events/test-sprint/join', {
      displayName: 'Mallory',
      gitlab: 'gitlab.gnome.org/alice',
    });
    expect(stolen.status).toBe(409);
    expect(stolen.text).toContain('is linked to another sprinter');
    expect(snapshot(app.db)).toBe(before);
    expect(
      (await mallory.post('/events/test-sprint/join', { displayName: 'Mallory', forgejo: 'not a login!' })).status,
    ).toBe(400);

    const confirm = await organizer.post('/events/test-sprint/accounts/confirm', {
      sprinter: String(contributionSprinter()),
      account: 'gitlab:gitlab.gnome.org/alice',
    });
    expect(confirm.status).toBe(303);
    expect(contributions(app.db)).toEqual([expect.objectContaining({ key: '412', counted: 1, reason: 'eligible' })]);
    manage = (await organizer.request('/events/test-sprint/manage')).text;
    expect(manage).toContain('No account is waiting for proof');
    expect(manage).toContain('confirmed the GitLab account alice on gitlab.gnome.org of Alice Newcomer');
    const again = await organizer.post('/events/test-sprint/accounts/confirm', {
      sprinter: String(contributionSprinter()),
      account: 'gitlab:gitlab.gnome.org/alice',
    });
    expect(again.status).toBe(409);
    expect(
      (
        await organizer.post('/events/test-sprint/accounts/confirm', {
          sprinter: '999',
          account: 'gitlab:gitlab.gnome.org/alice',
        })
      ).status,
    ).toBe(400);
    expect(
      (await organizer.post('/events/test-sprint/accounts/confirm', { sprinter: '1', account: 'gitlab:' })).status,
    ).toBe(400);
  });

  test('organizers unlink and give accounts from the manage page, and the CLI does the same; the work follows, nothing answers 500', async () => {
    const mallory = await signIn(app, github, { id: 9102, login: 'mallory', name: 'Mallory' });
    await mallory.post('/events/test-sprint/join', { displayName: 'Mallory', gitlab: 'gitlab.gnome.org/alice' });
    const alice = await signIn(app, github, { id: 9101, login: 'alice-gh', name: 'Alice' });
    await alice.post('/events/test-sprint/join', { displayName: 'Alice Newcomer' });
    expect((await mergeRequest()).status).toBe(200);
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 0, reason: 'unproven-account' })]);

    const bad = await organizer.post('/events/test-sprint/accounts/reassign', {
      account: 'gitlab:alice',
      to: 'nobody',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Give the GitHub login of someone who joined Test Sprint');
    const give = await organizer.post('/events/test-sprint/accounts/reassign', {
      account: 'gitlab:gitlab.gnome.org/alice',
      to: '@alice-gh',
    });
    expect(give.status).toBe(303);
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 1, reason: 'eligible' })]);
    expect(leaderboardRow(app.db, 'alice-gh')).toMatchObject({ pull_requests: 1 });
    expect((await organizer.request('/events/test-sprint/manage')).text).toContain(
      'gave the GitLab account alice on gitlab.gnome.org to Alice Newcomer from Mallory',
    );

    const env = { DATABASE_PATH: app.dbPath };
    expect(devsprint(['sprinter', 'unlink', 'gitlab:gitlab.gnome.org/alice'], env)).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(
        'unlinked the GitLab account alice on gitlab.gnome.org from Alice Newcomer; 1 contribution(s) counted differently now',
      ),
    });
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 0, reason: 'not-a-sprinter' })]);
    expect(devsprint(['sprinter', 'unlink', 'gitlab:gitlab.gnome.org/alice'], env)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('nobody holds the GitLab account alice on gitlab.gnome.org'),
    });
    expect(devsprint(['sprinter', 'give', 'pagure:', '--to', 'alice-gh'], env)).toMatchObject({ status: 2 });
    expect(devsprint(['sprinter', 'give', 'gitlab:gitlab.gnome.org/alice', '--to', 'alice-gh'], env)).toMatchObject({
      status: 0,
    });
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 1 })]);
  });

  test('the CLI adds a sprinter with GitLab and Forgejo accounts, a bare login meaning the default instance; a bad one changes nothing', () => {
    const env = { DATABASE_PATH: app.dbPath };
    const added = devsprint(
      ['sprinter', 'add', 'test-sprint', '--name', 'Dana', '--gitlab', 'gitlab.gnome.org/dana', '--forgejo', 'dana'],
      env,
    );
    expect(added).toMatchObject({ status: 0, stdout: expect.stringContaining('added Dana in test-sprint') });
    const accounts = snapshot(app.db);
    expect(accounts).toContain('"instance_url":"https://gitlab.gnome.org","username":"dana"');
    expect(accounts).toContain('"instance_url":"https://codeberg.org","username":"dana"');
    const before = snapshot(app.db);
    expect(devsprint(['sprinter', 'add', 'test-sprint', '--name', 'Eve', '--gitlab', 'bad login'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--gitlab'),
    });
    expect(devsprint(['sprinter', 'add', 'test-sprint', '--name', 'Eve', '--forgejo', 'dana'], env)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('linked to another sprinter'),
    });
    expect(snapshot(app.db)).toBe(before);
  });
});

function contributionSprinter(): number {
  return Number(JSON.parse(snapshot(app.db)).find(([t]: [string]) => t === 'forge_accounts')[1][0].sprinter_id);
}

describe('linking a GitLab account by signing in there', () => {
  test("the instance's OAuth2 code flow links the account with its user id, confirmed; a forged state links nothing", async () => {
    const exchanges: string[] = [];
    const gitlabSite = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/oauth/token') {
          exchanges.push(body);
          const ok = new URLSearchParams(body).get('code') === 'good-code';
          res
            .writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
            .end(
              JSON.stringify(ok ? { access_token: 'user-token', token_type: 'Bearer' } : { error: 'invalid_grant' }),
            );
        } else if (req.url === '/api/v4/user' && req.headers.authorization === 'Bearer user-token') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ id: 4101, username: 'alice', name: 'Alice Newcomer' }));
        } else res.writeHead(404).end();
      });
    });
    const site = await listenOnLoopback(gitlabSite);
    const linked = await startApp({
      ...signInEnv(github),
      FORGE_HOSTS: `https://github.com,${site}`,
      FORGE_OAUTH_APPS: `gitlab ${site} app-id app-secret`,
    });
    try {
      createEvent(linked.db, { slug: 'linked', name: 'Linked', ...WINDOW, timeZone: 'UTC' });
      addProject(linked.db, {
        eventId: findEventBySlug(linked.db, 'linked')!.id,
        forge: 'gitlab',
        fullName: 'GNOME/gnome-maps',
        url: `${site}/GNOME/gnome-maps`,
        instanceUrl: site,
        webhookKey: TOKEN,
      });
      // Mallory got there first with Alice's username on this instance (what the join form stores for a
      // typed https instance; this one is the loopback stand-in), and Alice's merge request arrived.
      const mallory = await signIn(linked, github, { id: 9102, login: 'mallory', name: 'Mallory' });
      expect((await mallory.post('/events/linked/join', { displayName: 'Mallory' })).status).toBe(303);
      linkForgeAccount(linked.db, findSprinterByGithubId(linked.db, 9102)!.id, {
        forge: 'gitlab',
        instanceUrl: site,
        username: 'alice',
        userId: null,
        verifiedBy: null,
      });
      const delivered = await fetch(`${linked.url}/api/gitlab/webhooks`, {
        method: 'POST',
        body: fixture('gitlab/merge-request-open.json').replaceAll('https://gitlab.gnome.org', site),
        headers: {
          'content-type': 'application/json',
          'x-gitlab-event': 'Merge Request Hook',
          'x-gitlab-token': TOKEN,
          'x-gitlab-event-uuid': crypto.randomUUID(),
        },
      });
      expect(delivered.status).toBe(200);
      expect(contributions(linked.db)).toEqual([expect.objectContaining({ counted: 0, reason: 'unproven-account' })]);
      expect((await mallory.request('/events/linked/join')).text).toContain('waiting for proof');

      const alice = await signIn(linked, github, { id: 9101, login: 'alice-gh', name: 'Alice' });
      expect((await alice.post('/events/linked/join', { displayName: 'Alice Newcomer' })).status).toBe(303);
      const page = (await alice.request('/events/linked/join')).text;
      expect(page).toContain(
        `Link an account by signing in there (confirmed at once): <a href="/accounts/link/0?next&#x3D;%2Fevents%2Flinked%2Fjoin">GitLab (${new URL(site).host})</a>`,
      );
      const start = await alice.request('/accounts/link/0?next=/events/linked/join');
      expect(start.status).toBe(303);
      const authorize = new URL(start.location!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${site}/oauth/authorize`);
      expect(authorize.searchParams.get('scope')).toBe('read_user');
      const state = authorize.searchParams.get('state')!;
      expect((await alice.request(`/accounts/callback?code=good-code&state=${'x'.repeat(state.length)}`)).status).toBe(
        403,
      );
      const again = new URL((await alice.request('/accounts/link/0')).location!).searchParams.get('state')!;
      const done = await alice.request(`/accounts/callback?code=good-code&state=${again}`);
      expect(done.status).toBe(303);
      expect(exchanges.at(-1)).toContain('grant_type=authorization_code');
      const rows = JSON.parse(snapshot(linked.db)).find(([t]: [string]) => t === 'forge_accounts')[1];
      expect(rows).toEqual([
        expect.objectContaining({
          forge: 'gitlab',
          instance_url: site,
          username: 'alice',
          user_id: 4101,
          verified_by: 'oauth',
          sprinter_id: findSprinterByGithubId(linked.db, 9101)!.id,
        }),
      ]);
      // The proof took the account from Mallory's claim, and the merge request with it.
      expect(contributions(linked.db)).toEqual([expect.objectContaining({ counted: 1, reason: 'eligible' })]);
      expect(leaderboardRow(linked.db, 'alice-gh')).toMatchObject({ pull_requests: 1 });
      expect(leaderboardRow(linked.db, 'mallory')).toBeUndefined();
    } finally {
      await linked.close();
      await closeServer(gitlabSite);
    }
  });
});

describe("Forgejo's OAuth2 endpoints", () => {
  test('the code is traded at /login/oauth/access_token and the user read from /api/v1/user (login, not username)', async () => {
    const seen: string[] = [];
    const forgejoSite = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === 'POST' && req.url === '/login/oauth/access_token')
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"access_token":"t","token_type":"bearer"}');
      if (req.url === '/api/v1/user' && req.headers.authorization === 'Bearer t')
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"id":7101,"login":"dana","full_name":"Dana"}');
      res.writeHead(404).end();
    });
    const site = await listenOnLoopback(forgejoSite);
    try {
      const user = await exchangeForgeCode(
        { forge: 'forgejo', instanceUrl: site, clientId: 'c', clientSecret: 's' },
        'code',
        'https://sprints.example.org/accounts/callback',
      );
      expect(user).toEqual({ id: 7101, username: 'dana' });
      expect(seen).toEqual(['POST /login/oauth/access_token', 'GET /api/v1/user']);
    } finally {
      await closeServer(forgejoSite);
    }
  });
});
