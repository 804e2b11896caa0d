import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, signInAgain, Visitor } from '../helpers/browser-session.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { seedSprint, snapshot } from '../helpers/seed.js';
import { existsSync, readFileSync } from 'node:fs';
import { signValue } from '../../src/web/signed-cookie.js';
import { SecretBox } from '../../src/secrets.js';
import { signInEnv } from '../helpers/sprint-room.js';

let github: GithubStandIn;
let app: AppUnderTest;
let clock = new Date('2024-05-10T06:00:00Z');
const ana = { id: 7001, login: 'ana', name: 'Ana Lima' };

beforeEach(async () => {
  github = await new GithubStandIn().start();
  clock = new Date('2024-05-10T06:00:00Z');
  app = await startApp(signInEnv(github), { now: () => clock });
  seedSprint(app.db);
});
afterEach(async () => {
  await app.close();
  await github.stop();
});

describe('sign in with GitHub', () => {
  test('sends the browser to GitHub with the client id, a 128+-bit state and the callback address', async () => {
    const visitor = new Visitor(app);
    const start = await visitor.request('/auth/login?next=/events/test-sprint/join');
    expect(start.status).toBe(303);
    const url = new URL(start.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe('Iv1.test');
    expect(url.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/callback`);
    expect(Buffer.from(url.searchParams.get('state')!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect([...visitor.cookies.keys()]).toEqual(['devsprint_oauth']);
  });

  test('signing in from the header comes back to the page it started from', async () => {
    const visitor = new Visitor(app);
    const page = (await visitor.request('/events/test-sprint/tasks')).text;
    const link = /<a href="([^"]*)">Sign in with GitHub<\/a>/.exec(page)?.[1]?.replaceAll('&#x3D;', '=');
    expect(link).toBe(`/auth/login?next=${encodeURIComponent('/events/test-sprint/tasks')}`);
    expect(await signInAgain(visitor, github, ana, link!)).toBe('/events/test-sprint/tasks');
  });

  test('a good callback exchanges the code server-side, stores the user and never shows the token', async () => {
    const visitor = new Visitor(app);
    const start = await visitor.request('/auth/login?next=/events/test-sprint/join');
    const state = new URL(start.location!).searchParams.get('state');
    const done = await visitor.request(`/auth/callback?code=${github.issueCode(ana)}&state=${state}`);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/events/test-sprint/join');
    expect(done.text).not.toMatch(/gho_/);
    expect(github.exchanges).toHaveLength(1);
    const session = sql(app.db).prepare('SELECT * FROM sessions').get() as Record<string, unknown>;
    expect(session).toMatchObject({ github_id: 7001, github_login: 'ana', github_name: 'Ana Lima' });
    expect(JSON.stringify(session)).not.toMatch(/gho_/);
    const page = await visitor.request('/events/test-sprint/join');
    expect(page.text).toContain('Signed in on GitHub as <strong>@ana</strong>');
    expect(page.text).not.toMatch(/gho_/);
  });

  test('the session cookie is httpOnly, SameSite and signed; a tampered one is no session', async () => {
    const visitor = await signIn(app, github, ana);
    const raw = visitor.cookies.get('devsprint_session')!;
    expect(raw).toMatch(/^[\w-]+\.[\w-]+$/);
    const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
    expect(response.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
    visitor.cookies.set(
      'devsprint_session',
      raw.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect((await visitor.request('/events/test-sprint/join')).text).toContain('Sign in with GitHub to join');
  });

  test.each([
    ['a forged state', (state: string) => `state=${state.slice(0, -2)}xx`],
    ['a missing state', () => ''],
  ])('%s answers 403 and no exchange is attempted', async (_label, query) => {
    const visitor = new Visitor(app);
    const start = await visitor.request('/auth/login');
    const state = new URL(start.location!).searchParams.get('state')!;
    const before = snapshot(app.db);
    const done = await visitor.request(`/auth/callback?code=${github.issueCode(ana)}&${query(state)}`);
    expect(done.status).toBe(403);
    expect(done.text).toContain('This sign-in could not be verified');
    expect(github.exchanges).toHaveLength(0);
    expect(snapshot(app.db)).toBe(before);
  });

  test('a callback from another browser (no state cookie) answers 403 without an exchange', async () => {
    const attacker = new Visitor(app);
    const start = await attacker.request('/auth/login');
    const state = new URL(start.location!).searchParams.get('state');
    const victim = new Visitor(app);
    const done = await victim.request(`/auth/callback?code=${github.issueCode(ana)}&state=${state}`);
    expect(done.status).toBe(403);
    expect(github.exchanges).toHaveLength(0);
  });

  test('a denied authorization answers 403 and says so', async () => {
    const visitor = new Visitor(app);
    const start = await visitor.request('/auth/login');
    const state = new URL(start.location!).searchParams.get('state');
    const done = await visitor.request(`/auth/callback?error=access_denied&error_description=denied&state=${state}`);
    expect(done.status).toBe(403);
    expect(done.text).toContain('You declined the sign-in on GitHub');
    expect(github.exchanges).toHaveLength(0);
  });

  test('a code GitHub refuses is a 502 page, and nobody is signed in', async () => {
    const visitor = new Visitor(app);
    const start = await visitor.request('/auth/login');
    const state = new URL(start.location!).searchParams.get('state');
    const done = await visitor.request(`/auth/callback?code=made-up&state=${state}`);
    expect(done.status).toBe(502);
    expect(done.text).toContain('The code passed is incorrect or expired.');
    expect(sql(app.db).prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  test.each(['https://evil.example/steal', '//evil.example', '/\\evil.example'])(
    'next=%s never leads off the site',
    async (next) => {
      const visitor = new Visitor(app);
      const start = await visitor.request(`/auth/login?next=${encodeURIComponent(next)}`);
      const state = new URL(start.location!).searchParams.get('state');
      expect((await visitor.request(`/auth/callback?code=${github.issueCode(ana)}&state=${state}`)).location).toBe('/');
    },
  );

  test('an expired session is signed out: a write answers 403 saying so and changes nothing', async () => {
    const visitor = await signIn(app, github, ana);
    const csrf = await visitor.csrf('/events/test-sprint/join');
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    const before = snapshot(app.db);
    const response = await visitor.post('/events/test-sprint/join', { displayName: 'Ana' }, csrf);
    expect(response.status).toBe(403);
    expect(response.text).toContain('Your session has expired');
    expect(snapshot(app.db)).toBe(before);
    // The next sign-in clears expired sessions out of the table.
    await signIn(app, github, ana);
    expect(sql(app.db).prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
  });

  test('sign out ends the session', async () => {
    const visitor = await signIn(app, github, ana);
    const response = await visitor.post('/auth/logout', {});
    expect(response.status).toBe(303);
    expect(sql(app.db).prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
    expect((await visitor.request('/events/test-sprint/join')).text).toContain('Sign in with GitHub to join');
  });
});

describe('without OAuth settings', () => {
  test('the pages say plainly that sign-in is not set up', async () => {
    const bare = await startApp();
    try {
      seedSprint(bare.db);
      const visitor = new Visitor(bare);
      const login = await visitor.request('/auth/login');
      expect(login.status).toBe(503);
      expect(login.text).toContain('Signing in with GitHub is not configured on this server yet');
      expect((await visitor.request('/events/test-sprint/join')).text).toContain(
        'Signing in with GitHub is not set up on this server yet',
      );
    } finally {
      await bare.close();
    }
  });
});

describe('what a copy of the database gives away', () => {
  test('no session id or form token a browser could present: only hashes, and a cookie forged from them is no session', async () => {
    const visitor = await signIn(app, github, ana);
    const id = visitor.cookies.get('devsprint_session')!.split('.')[0]!;
    const csrf = await visitor.csrf('/events/test-sprint/join');
    sql(app.db).pragma('wal_checkpoint(TRUNCATE)');
    const file =
      readFileSync(app.dbPath).toString('latin1') +
      (existsSync(`${app.dbPath}-wal`) ? readFileSync(`${app.dbPath}-wal`).toString('latin1') : '');
    expect(file).not.toContain(id);
    expect(file).not.toContain(csrf);
    // The signing secret is not in the file; someone holding the file and the key file too signs what the table holds: still nobody.
    expect(sql(app.db).prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    const secret = SecretBox.load(null, app.dbPath).derive('session');
    for (const stored of sql(app.db).prepare('SELECT id_hash FROM sessions').pluck().all() as string[]) {
      const forger = new Visitor(app);
      forger.cookies.set('devsprint_session', signValue(stored, secret));
      expect((await forger.request('/events/test-sprint/join')).text).toContain('Sign in with GitHub to join');
    }
    // The real browser is still signed in, and its form token still works.
    expect((await visitor.post('/events/test-sprint/join', { displayName: 'Ana Lima' }, csrf)).status).toBe(303);
  });

  test('a Pagure web-hook key is stored sealed: the file does not hold it, and the page only says one is set', async () => {
    const organizer = await signIn(app, github, { id: 77, login: 'boss', name: 'Boss' });
    const key = 'Z9X8C7V6B5N4M3L2K1J0H9G8F7D6S5A4Q3W2E1R0';
    const response = await organizer.post('/events/test-sprint/projects', {
      project: 'pagure:sealed-tool',
      webhookKey: key,
    });
    expect(response.status).toBe(303);
    expect((await organizer.request(response.location!)).text).toContain('A web-hook key is set.');
    sql(app.db).pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(app.dbPath).toString('latin1')).not.toContain(key);
    const stored = sql(app.db)
      .prepare(`SELECT webhook_key FROM projects WHERE full_name = 'sealed-tool'`)
      .pluck()
      .get() as string;
    expect(stored).toMatch(/^sealed:v1:/);
    expect(SecretBox.load(null, app.dbPath).open(stored)).toBe(key);
    expect(new SecretBox(Buffer.from('another server entirely, another key')).open(stored)).toBeNull();
  });

  test('a `next` path with percent-escapes in it comes back as it went', async () => {
    const next = '/events/test-sprint/leaderboard?project=sprint-org%2Fsprint-repo&view=100%25';
    const visitor = new Visitor(app);
    const start = await visitor.request(`/auth/login?next=${encodeURIComponent(next)}`);
    const state = new URL(start.location!).searchParams.get('state');
    const done = await visitor.request(`/auth/callback?code=${github.issueCode(ana)}&state=${state}`);
    expect(done.status).toBe(303);
    expect(done.location).toBe(next);
  });
});
