import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { seedSprint } from '../helpers/seed.js';
import { BOT_DEFAULTS, saveBotSettings } from '../../src/store/bot.js';
import { findEventBySlug } from '../../src/store/events.js';
import { joinEvent } from '../../src/services/join-event.js';

/**
 * Strangers registering thirty projects and ten people joining and leaving, all within a second, on a
 * server whose GitHub search budget is GitHub's (30 a minute): the polling they start stays coalesced and
 * within half the budget, and the bot's welcome on a real pull request is not held back behind it.
 */
let oauth: GithubStandIn;
let api: GithubApiStandIn;
let github: Server;
let app: AppUnderTest;

beforeAll(async () => {
  oauth = await new GithubStandIn().start();
  api = await new GithubApiStandIn().start();
  api.searchBudget = { limit: 30, windowSeconds: 60, now: Date.now };
  // One GitHub at the network boundary: sign-in's endpoints from one stand-in, the REST API from the other.
  github = createServer((req, res) => {
    const signInPath = /^\/(login\/oauth\/|user(\/emails)?$)/.test(new URL(req.url ?? '/', 'http://x').pathname);
    const target = new URL(req.url ?? '/', signInPath ? oauth.url : api.url);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>;
      fetch(target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => {
          res.writeHead(answer.status, Object.fromEntries(answer.headers));
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  const url = await listenOnLoopback(github);
  app = await startApp(
    {
      GITHUB_CLIENT_ID: 'Iv1.test',
      GITHUB_CLIENT_SECRET: 'test-client-secret',
      GITHUB_URL: url,
      GITHUB_API_URL: url,
      GITHUB_TOKEN: 'ghp_polling_token',
      ORGANIZERS: 'boss',
      PUBLIC_URL: 'https://sprints.example.org',
    },
    { sync: true },
  );
  seedSprint(app.db, { sprinter: null });
  // Sprinters already in the room: every round searches for their work.
  const event = findEventBySlug(app.db, 'test-sprint')!;
  for (let n = 0; n < 3; n += 1)
    joinEvent(app.db, event.id, { displayName: `Member ${n}`, githubLogin: `member${n}`, githubId: 71_000 + n });
  saveBotSettings(app.db, 1, { ...BOT_DEFAULTS, enabled: true });
}, 30_000);
afterAll(async () => {
  await app.sync?.stop();
  await app.close();
  await closeServer(github);
  await api.stop();
  await oauth.stop();
});

test('30 registrations and 10 join/leave pairs in a second: one backfill waits per event, search stays under half the budget, the bot speaks within 10 s', async () => {
  const person = (n: number) => ({ id: 70_000 + n, login: `burst${n}`, name: `Burst ${n}` });
  // Signed in beforehand: the burst is what they do once in.
  const strangers: Visitor[] = [];
  for (let n = 0; n < 6; n += 1) strangers.push(await signIn(app, oauth, person(n)));
  const joiners: Visitor[] = [];
  for (let n = 10; n < 20; n += 1) joiners.push(await signIn(app, oauth, person(n)));
  const tokens = await Promise.all([...strangers, ...joiners].map((v) => v.csrf('/')));

  let mostWaiting = 0;
  const watch = () => (mostWaiting = Math.max(mostWaiting, app.sync!.backfillsWaiting));
  const started = Date.now();
  const registrations = strangers.flatMap((visitor, i) =>
    Array.from({ length: 5 }, (_, k) =>
      visitor
        .post('/events/test-sprint/projects', { project: `github:target${i}/repo${k}` }, tokens[i])
        .then((r) => (watch(), r.status)),
    ),
  );
  const memberships = joiners.map(async (visitor, i) => {
    const token = tokens[strangers.length + i];
    const joined = await visitor.post('/events/test-sprint/join', { displayName: `Burst ${i}` }, token);
    watch();
    const left = await visitor.post('/events/test-sprint/leave', {}, token);
    watch();
    return [joined.status, left.status];
  });
  const statuses = await Promise.all(registrations);
  const pairs = await Promise.all(memberships);
  const burstMs = Date.now() - started;
  expect(statuses.every((s) => s === 303)).toBe(true);
  expect(pairs.flat().every((s) => s === 303)).toBe(true);
  expect(mostWaiting).toBeLessThanOrEqual(1);
  // A sixth registration by one stranger is refused, with when to try again.
  const sixth = await strangers[0]!.post(
    '/events/test-sprint/projects',
    { project: 'github:target0/repo9' },
    tokens[0],
  );
  expect(sixth.status).toBe(429);

  // A sprinter's pull request on an installed repository, with the welcome on: the bot's comment arrives
  // while the rounds the burst started are still being served.
  const welcomed = Date.now();
  const payload = pullRequestPayload({ login: 'burst10', userId: 70_010, association: 'FIRST_TIME_CONTRIBUTOR' });
  payload.installation = { id: 1, node_id: 'MDIz' };
  expect((await deliver(app, 'pull_request', payload)).status).toBe(200);
  await app.background.idle();
  const comment = api.writes.find((w) => w.path.endsWith('/comments'));
  expect(comment).toBeDefined();
  expect((comment!.at ?? Infinity) - welcomed).toBeLessThan(10_000);

  // Every round the burst asked for has run: what it spent of the search budget, per window.
  await app.sync!.pollEvent(1);
  const perWindow = [...api.searchWindows.values()];
  expect(Math.max(0, ...perWindow)).toBeLessThan(15);
  console.log(
    `burst ${burstMs} ms, at most ${mostWaiting} backfill waiting, search requests per window ${perWindow.join(', ')}, welcome after ${comment!.at! - welcomed} ms`,
  );
}, 60_000);
