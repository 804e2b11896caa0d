import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequestPayload, pushPayload, sha } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { SseClient } from '../helpers/sse.js';
import { joinEvent } from '../../src/services/join-event.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { setHidden } from '../../src/store/sprinters.js';
import { devsprint } from '../helpers/cli.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProject } from '../../src/store/projects.js';

let app: AppUnderTest;
const XSS = '<img src=x onerror=alert(1)>';

beforeEach(async () => {
  app = await startApp();
  seedSprint(app.db);
  joinEvent(app.db, 1, { displayName: 'Second Person', githubLogin: 'second', githubId: 5002 });
  joinEvent(app.db, 1, { displayName: 'Third Person', githubLogin: 'third', githubId: 5003 });
  // newcomer: 1 merged + 1 open; second: 1 merged + 1 open (tie with newcomer); third: 1 commit.
  await deliver(
    app,
    'pull_request',
    pullRequestPayload({ number: 1, action: 'closed', merged: true, association: 'FIRST_TIME_CONTRIBUTOR' }),
  );
  await deliver(app, 'pull_request', pullRequestPayload({ number: 2 }));
  await deliver(
    app,
    'pull_request',
    pullRequestPayload({ number: 3, login: 'second', userId: 5002, action: 'closed', merged: true }),
  );
  await deliver(app, 'pull_request', pullRequestPayload({ number: 4, login: 'second', userId: 5002, title: XSS }));
  await deliver(
    app,
    'push',
    pushPayload({ commits: [{ sha: sha('third'), username: 'third', message: 'Docs for the thing' }] }),
  );
  await deliver(
    app,
    'pull_request',
    pullRequestPayload({ number: 5, login: 'renovate[bot]', userId: 999, userType: 'Bot', title: 'Bump deps' }),
  );
});
afterEach(async () => app.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${app.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

describe('leaderboard.json', () => {
  test('ranks by merged, then pull requests, then commits; ties share a rank; bots never appear', async () => {
    const { status, text, headers } = await get('/events/test-sprint/leaderboard.json');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/json/);
    const board = JSON.parse(text);
    expect(board.event).toEqual({ slug: 'test-sprint', name: 'Test Sprint', closed: false });
    expect(board.sprinters.map((s: { rank: number; github: string }) => [s.rank, s.github])).toEqual([
      [1, 'newcomer'],
      [1, 'second'],
      [3, 'third'],
    ]);
    expect(board.sprinters[0]).toEqual({
      rank: 1,
      name: 'New Comer',
      github: 'newcomer',
      merged: 1,
      pull_requests: 2,
      commits: 0,
      issues: 0,
      reviews: 0,
      points: 6,
      first_time: true,
      returning: false,
    });
    expect(board.scoring).toEqual({
      mode: 'ranked',
      formula: expect.stringContaining('Ranked by merged pull requests'),
    });
    expect(board.projects).toEqual([
      expect.objectContaining({ name: 'sprint-org/sprint-repo', contributors: 3, contributions: 5 }),
    ]);
    expect(text).not.toContain('Bump deps');
  });

  test('sends an ETag and answers a matching If-None-Match with 304', async () => {
    const first = await get('/events/test-sprint/leaderboard.json');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get('/events/test-sprint/leaderboard.json', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    await deliver(app, 'pull_request', pullRequestPayload({ number: 9, login: 'third', userId: 5003 }));
    expect((await get('/events/test-sprint/leaderboard.json', { 'if-none-match': etag! })).status).toBe(200);
    const report = await get('/events/test-sprint/report.json');
    expect(
      (await get('/events/test-sprint/report.json', { 'if-none-match': report.headers.get('etag')! })).status,
    ).toBe(304);
  });

  test('filters by project, and an unknown project or event is a 404', async () => {
    const board = JSON.parse((await get('/events/test-sprint/leaderboard.json?project=sprint-org/sprint-repo')).text);
    expect(board.project).toBe('sprint-org/sprint-repo');
    expect(board.sprinters).toHaveLength(3);
    // The heading, the totals and the feed are the project's, not the event's.
    addProject(app.db, {
      eventId: 1,
      forge: 'github',
      fullName: 'other-org/other-repo',
      url: 'https://github.com/other-org/other-repo',
    });
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ repo: 'other-org/other-repo', number: 3, login: 'third', userId: 5003 }),
    );
    const scoped = JSON.parse((await get('/events/test-sprint/leaderboard.json?project=sprint-org/sprint-repo')).text);
    const whole = JSON.parse((await get('/events/test-sprint/leaderboard.json')).text);
    expect(scoped.totals.pull_requests).toBe(whole.totals.pull_requests - 1);
    expect(scoped.totals.projects).toBe(1);
    expect(scoped.latest.every((c: { project: string }) => c.project === 'sprint-org/sprint-repo')).toBe(true);
    expect(whole.latest.some((c: { project: string }) => c.project === 'other-org/other-repo')).toBe(true);
    expect((await get('/events/test-sprint/leaderboard?project=sprint-org/sprint-repo')).text).toContain(
      '<h1>sprint-org/sprint-repo at Test Sprint</h1>',
    );
    expect((await get('/events/test-sprint/leaderboard.json?project=nope/nope')).status).toBe(404);
    expect((await get('/events/no-such-event/leaderboard.json')).status).toBe(404);
  });
});

describe('pages', () => {
  test('every page sends a Content-Security-Policy without unsafe-inline', async () => {
    for (const path of [
      '/',
      '/events/test-sprint',
      '/events/test-sprint/leaderboard',
      '/events/test-sprint/report',
      '/nowhere',
    ]) {
      const { headers } = await get(path);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  test('forge text is escaped everywhere it is shown', async () => {
    for (const path of ['/events/test-sprint', '/events/test-sprint/leaderboard', '/events/test-sprint/report']) {
      const { text } = await get(path);
      expect(text).not.toContain(XSS);
    }
    expect((await get('/events/test-sprint/report')).text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  test('the event home shows dates in the event zone, projects, counters and the feed', async () => {
    const { status, text } = await get('/events/test-sprint');
    expect(status).toBe(200);
    expect(text).toContain('10 – 11 May 2024');
    expect(text).toContain('From 10 May 2024, 09:00 GMT+5:30');
    expect(text).toMatch(/data-total="pull_requests">4</);
    expect(text).toContain('sprint-org/sprint-repo');
    expect(text).toContain('@leader1');
    expect(text).toContain('Docs for the thing');
  });

  test('the public leaderboard says in one line what counts, and links to the rules for this event', async () => {
    const board = (await get('/events/test-sprint/leaderboard')).text;
    expect(board).toContain('<p class="what-counts">');
    expect(board).toContain('<a href="/events/test-sprint/rules">What counts</a>');
    const rules = await get('/events/test-sprint/rules');
    expect(rules.status).toBe(200);
    // The window in the event's own zone, its registered projects, and the ranking rule as the board prints it.
    expect(rules.text).toContain('between 10 May 2024, 09:00 GMT+5:30 and 11 May 2024, 18:00 GMT+5:30 (Asia/Kolkata)');
    expect(rules.text).toContain('>sprint-org/sprint-repo</a>');
    expect(rules.text).toContain('Ranked by merged pull requests, then pull requests, then commits');
    expect((await get('/events/no-such-event/rules')).status).toBe(404);
  });

  test('the leaderboard page renders the ranking as a table, first-timers marked', async () => {
    const { text } = await get('/events/test-sprint/leaderboard');
    expect(text).toMatch(
      /<td class="rank">1<\/td>\s*<th scope="row"><span class="name">New Comer<\/span> <a class="handle" href="https:\/\/github.com\/newcomer">@newcomer<\/a> <span class="badge"/,
    );
    expect(text).toContain('data-stream="/events/test-sprint/stream"');
    expect((await get('/events/test-sprint/leaderboard?view=projector')).text).toContain('class="projector"');
  });

  test('a hidden sprinter is anonymous on every page and format', async () => {
    setHidden(app.db, 2, true);
    for (const path of [
      '/events/test-sprint/leaderboard',
      '/events/test-sprint/leaderboard.json',
      '/events/test-sprint/report',
      '/events/test-sprint/report.json',
      '/events/test-sprint/report.md',
      '/events/test-sprint/report.csv',
      '/events/test-sprint',
    ]) {
      const { text } = await get(path);
      expect(text).not.toContain('Second Person');
      expect(text).not.toMatch(/@?second\b/);
    }
    const board = JSON.parse((await get('/events/test-sprint/leaderboard.json')).text);
    // Tied at rank 1: ordered by the name shown, so the place in the list says nothing of the name hidden.
    expect(board.sprinters.slice(0, 2).map((s: { name: string; rank: number }) => [s.rank, s.name])).toEqual([
      [1, 'Anonymous sprinter'],
      [1, 'New Comer'],
    ]);
  });

  test('the report has both charts and every contribution, and downloads in three formats', async () => {
    const { text } = await get('/events/test-sprint/report');
    // Each chart drawn for wide screens and for phones (CSS shows one).
    for (const size of ['wide', 'narrow']) {
      expect(text).toContain(`<title id="hourly-title-${size}">Contributions per hour</title>`);
      expect(text).toContain(`<title id="projects-title-${size}">Contributions per project</title>`);
    }
    expect(text.match(/<a href="https:\/\/github.com\/sprint-org\/sprint-repo\/(pull|commit)\//g)).toHaveLength(5);
    const md = await get('/events/test-sprint/report.md');
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(md.headers.get('content-disposition')).toContain('test-sprint-report.md');
    expect(md.text).toContain('# Test Sprint: what the sprint made');
    const csv = await get('/events/test-sprint/report.csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(6);
    const json = JSON.parse((await get('/events/test-sprint/report.json')).text);
    expect(json.totals).toMatchObject({ pull_requests: 4, merged: 2, commits: 1, contributors: 3, first_timers: 1 });
  });

  test('pages are compressed for browsers that accept it, live streams never; the report has a preview for shared links', async () => {
    const { request } = await import('node:http');
    const raw = (path: string) =>
      new Promise<{ encoding: string | undefined; type: string | undefined }>((resolve, reject) => {
        const req = request(`${app.url}${path}`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
          resolve({ encoding: res.headers['content-encoding'], type: res.headers['content-type'] });
          res.destroy();
        });
        req.on('error', reject);
        req.end();
      });
    expect((await raw('/events/test-sprint/report')).encoding).toMatch(/^(br|gzip)$/);
    expect((await raw('/events/test-sprint/leaderboard.json')).encoding).toMatch(/^(br|gzip)$/);
    const stream = await raw('/events/test-sprint/stream');
    expect(stream.type).toMatch(/text\/event-stream/);
    expect(stream.encoding).toBeUndefined();
    const { text } = await get('/events/test-sprint/report');
    expect(text).toContain(
      '<meta name="description" content="Test Sprint: 4 pull requests and 1 commit to 1 project by 3 sprinters.">',
    );
    expect(text).toContain('<meta property="og:title" content="Test Sprint report">');
    expect(text).toContain('<meta property="og:type" content="article">');
  });

  test('the PyCon Pune 2017 demo report renders all 42 contributions under 8 projects; a list without times gets no hourly chart', async () => {
    loadDemo(app.db);
    const { text } = await get('/events/pycon-pune-2017/report');
    expect(text.match(/<section class="report-project"/g)).toHaveLength(8);
    expect(
      text.match(/<a href="https:\/\/(github\.com|pagure\.io)\/[^"]+\/(pull|pull-request|commit)\//g),
    ).toHaveLength(42);
    // The published list gave no times: no bar of 42 at the event's first hour, but the reason, and the chart by project.
    expect(text.match(/<svg class="chart chart-(wide|narrow)"/g)).toHaveLength(2);
    expect(text).toContain('The list gave no times, so there is no chart by hour (42 items without a time).');
    expect(text).toContain('<title id="projects-title-wide">Contributions per project</title>');
    expect(text).not.toContain('hourly-title');
    const json = JSON.parse((await get('/events/pycon-pune-2017/report.json')).text);
    expect(
      json.projects
        .flatMap((p: { contributions: Array<{ created_at: string | null }> }) =>
          p.contributions.map((c) => c.created_at),
        )
        .every((t: string | null) => t === null),
    ).toBe(true);
    expect(text).toContain('Getting started with PyGame');
  });

  test('unknown pages and events answer 404 with a page that says so', async () => {
    const missing = await get('/events/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('There is no event &quot;nope&quot;.');
    expect((await get('/nowhere')).status).toBe(404);
  });
});

describe('the live stream', () => {
  test('a delivery reaches an open stream within a second, after it is committed', async () => {
    const client = new SseClient(`${app.url}/events/test-sprint/stream`);
    try {
      await client.waitFor(() => client.status === 200);
      expect(client.headers?.['content-type']).toMatch(/text\/event-stream/);
      const sent = Date.now();
      await deliver(
        app,
        'pull_request',
        pullRequestPayload({ number: 10, login: 'third', userId: 5003, title: 'Live one' }),
      );
      await client.waitFor(() => client.messages.length > 0, 1000);
      expect(Date.now() - sent).toBeLessThan(1000);
      const board = JSON.parse(client.messages[0]!.data);
      expect(client.messages[0]!.event).toBe('leaderboard');
      expect(board.latest[0]).toMatchObject({ title: 'Live one', name: 'Third Person' });
      expect(board.sprinters.find((s: { github: string }) => s.github === 'third')).toMatchObject({
        pull_requests: 1,
        commits: 1,
      });
    } finally {
      client.close();
    }
  });

  test('a list imported from the command line while the server runs reaches an open stream too', async () => {
    const client = new SseClient(`${app.url}/events/test-sprint/stream`);
    try {
      await client.waitFor(() => client.status === 200);
      const file = join(app.dir, 'list.tsv');
      writeFileSync(
        file,
        'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle\n' +
          'github\tsprint-org/sprint-repo\tpull_request\thttps://github.com/sprint-org/sprint-repo/pull/77\tPad Person\tpadperson\tFrom the pad\n',
      );
      expect(devsprint(['import', 'test-sprint', file], { DATABASE_PATH: app.dbPath }).status).toBe(0);
      await client.waitFor(() => client.messages.some((m) => m.data.includes('From the pad')), 3000);
      const board = JSON.parse(client.messages.at(-1)!.data);
      expect(board.sprinters.find((s: { github: string }) => s.github === 'padperson')).toMatchObject({
        pull_requests: 1,
      });
    } finally {
      client.close();
    }
  });

  test('a reconnect with an old Last-Event-ID gets the current state at once; an up-to-date one waits', async () => {
    const stale = new SseClient(`${app.url}/events/test-sprint/stream`, { 'last-event-id': '1' });
    const current = new SseClient(`${app.url}/events/test-sprint/stream?since=${app.hub.lastEventId}`);
    try {
      await stale.waitFor(() => stale.messages.length === 1);
      expect(JSON.parse(stale.messages[0]!.data).totals.pull_requests).toBe(4);
      await current.waitFor(() => current.status === 200);
      // The up-to-date client's first message is the next change, not the state it already had.
      await deliver(app, 'pull_request', pullRequestPayload({ number: 11, title: 'The next change' }));
      await current.waitFor(() => current.messages.length > 0);
      expect(current.messages).toHaveLength(1);
      expect(JSON.parse(current.messages[0]!.data).totals.pull_requests).toBe(5);
    } finally {
      stale.close();
      current.close();
    }
  });

  test('a closed stream unsubscribes its listener', async () => {
    const client = new SseClient(`${app.url}/events/test-sprint/stream`);
    await client.waitFor(() => client.status === 200);
    expect(app.bus.listenerCount(1)).toBe(1);
    client.close();
    const deadline = Date.now() + 2000;
    while (app.bus.listenerCount(1) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(app.bus.listenerCount(1)).toBe(0);
    expect(app.hub.clientCount()).toBe(0);
  });

  test('unknown events have no stream', async () => {
    expect((await get('/events/nope/stream')).status).toBe(404);
  });
});
