import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { fixture, HOOK_KEY, PagureStandIn } from '../helpers/pagure-standin.js';
import { contributions, snapshot, WINDOW } from '../helpers/seed.js';
import { createEvent, type EventRecord } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent } from '../../src/services/join-event.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { pagureSignature } from '../../src/ingest/pagure/webhook-endpoint.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';

let app: AppUnderTest;
let pagure: PagureStandIn;
let event: EventRecord;

beforeEach(async () => {
  app = await startApp();
  pagure = await new PagureStandIn().start();
  event = createEvent(app.db, { slug: 'pagure-sprint', name: 'Pagure Sprint', ...WINDOW, timeZone: 'UTC' });
  addProject(app.db, {
    eventId: event.id,
    forge: 'pagure',
    fullName: 'infra/example-tool',
    url: `${pagure.url}/infra/example-tool`,
    instanceUrl: pagure.url,
    webhookKey: HOOK_KEY,
  });
  joinEvent(app.db, event.id, { displayName: 'Bob Builder', pagureUsername: 'bob' });
});
afterEach(async () => {
  await app.close();
  await pagure.stop();
});

async function hook(name: string, options: { signature?: string | null; body?: string; topic?: string } = {}) {
  const body = options.body ?? fixture(name);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-pagure-topic': options.topic ?? JSON.parse(body).topic ?? '',
  };
  const signature = options.signature === undefined ? pagureSignature(body, HOOK_KEY) : options.signature;
  if (signature !== null) headers['x-pagure-signature-256'] = signature;
  const response = await fetch(`${app.url}/api/pagure/webhooks`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

describe('Pagure web-hooks', () => {
  test('the signature is HMAC-SHA256 of the exact bytes: the upstream test vector and the recorded examples', () => {
    const vector =
      '{"i": 1, "msg": {"pagure_instance": "http://localhost.localdomain/", "payload": ["a", "b", "c"], "project_fullname": "test"}, "msg_id": "2018-not_so_random", "timestamp": 2, "topic": "topic"}';
    expect(pagureSignature(vector, 'aaabbbccc')).toBe(
      'f3d757796554466eac49a5282b24ee32a1ecfb65dedd6c6231fb207240a9fe58',
    );
    expect(pagureSignature(fixture('hook-pull-request-new.json'), HOOK_KEY)).toBe(
      '57828aa9fced8e76778f2cd048d13d763dd3a103f980357dc547cd887097d528',
    );
    expect(pagureSignature(fixture('hook-git-receive.json'), HOOK_KEY)).toBe(
      'ea74681446a1ce04dbd4f435f99ca85470a751a963ffc1368dd0d1fbbfc25d39',
    );
  });

  test('a signed pull-request.new records the pull request, credited to the sprinter with that Pagure name', async () => {
    const response = await hook('hook-pull-request-new.json');
    expect(response).toEqual({ status: 200, body: { outcome: 'recorded' } });
    expect(contributions(app.db)).toMatchObject([{ kind: 'pull_request', key: '42', state: 'open', counted: 1 }]);
    // The link is built on the instance the project was registered on (here the stand-in), not taken
    // from the payload's own full_url (pagure.io in the reference delivery), which could point anywhere.
    const report = (await fetch(`${app.url}/events/pagure-sprint/report.json`).then((r) => r.json())) as {
      projects: Array<{ contributions: Array<{ url: string }> }>;
    };
    expect(report.projects[0]!.contributions[0]!.url).toBe(`${pagure.url}/infra/example-tool/pull-request/42`);
  });

  test('a payload whose full_url points elsewhere still links into the registered project', async () => {
    const delivery = JSON.parse(fixture('hook-pull-request-new.json'));
    delivery.msg.pullrequest.full_url = 'https://evil.example/phish';
    const body = JSON.stringify(delivery);
    expect((await hook('', { body, signature: pagureSignature(body, HOOK_KEY) })).status).toBe(200);
    const markdown = await fetch(`${app.url}/events/pagure-sprint/report.md`).then((r) => r.text());
    expect(markdown).not.toContain('evil.example');
    expect(markdown).toContain(`(<${pagure.url}/infra/example-tool/pull-request/42>)`);
  });

  test('pull-request.closed with merged follows the state; the same msg_id again changes nothing', async () => {
    await hook('hook-pull-request-new.json');
    await hook('hook-pull-request-closed-merged.json');
    expect(contributions(app.db)).toMatchObject([
      { key: '42', state: 'merged', counted: 1 },
      { kind: 'review', key: '42:alice', counted: 0 },
    ]);
    const before = snapshot(app.db);
    expect((await hook('hook-pull-request-closed-merged.json')).body.outcome).toBe('duplicate');
    expect(snapshot(app.db)).toBe(before);
  });

  test.each([
    ['wrong', 'a'.repeat(64), 403, /does not match the web-hook key/],
    ['SHA-1 in place of SHA-256', '752440a2e91542e8724f4b6fec39e9914a0ddfae', 403, /does not match/],
    ['missing', null, 400, /X-Pagure-Signature-256 is missing/],
  ])('a %s signature is refused and changes nothing', async (_label, signature, status, message) => {
    const before = snapshot(app.db);
    const response = await hook('hook-pull-request-new.json', { signature });
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
    expect(snapshot(app.db)).toBe(before);
  });

  test('a re-serialized body no longer matches its signature (the bytes are what is signed)', async () => {
    const original = fixture('hook-pull-request-new.json');
    const reserialized = JSON.stringify(JSON.parse(original));
    const response = await hook('', { body: reserialized, signature: pagureSignature(original, HOOK_KEY) });
    expect(response.status).toBe(403);
  });

  test('malformed JSON and a payload without a pull request are 400s that change nothing', async () => {
    const before = snapshot(app.db);
    const bad = '{"topic": "pull-request.new", "msg": {';
    expect(
      (await hook('', { body: bad, signature: pagureSignature(bad, HOOK_KEY), topic: 'pull-request.new' })).status,
    ).toBe(400);
    const noPr = JSON.stringify({
      topic: 'pull-request.new',
      msg_id: 'x-1',
      msg: { project_fullname: 'infra/example-tool', pagure_instance: 'https://pagure.io/' },
    });
    const response = await hook('', { body: noPr, signature: pagureSignature(noPr, HOOK_KEY) });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/pullrequest/);
    expect(snapshot(app.db)).toBe(before);
  });

  test('unknown topics are acknowledged and ignored', async () => {
    const body = JSON.stringify({
      i: 1,
      msg: { content: 'Test message', pagure_instance: 'https://pagure.io/', project_fullname: 'infra/example-tool' },
      msg_id: '2024-test',
      timestamp: 1,
      topic: 'Test.notification',
    });
    const response = await hook('', { body });
    expect(response.status).toBe(200);
    expect(response.body.outcome).toMatch(/^ignored: Test.notification changes nothing/);
    expect(contributions(app.db)).toEqual([]);
  });

  test("a leader's comment on a pull request is a review; anyone else's, the author's and Pagure's own notifications are not", async () => {
    sql(app.db)
      .prepare("INSERT INTO project_leaders (project_id, github_login, proof) VALUES (1, 'alicegh', 'operator')")
      .run();
    joinEvent(app.db, event.id, {
      displayName: 'Alice Example',
      githubLogin: 'alicegh',
      githubId: 8100,
      pagureUsername: 'alice',
    });
    joinEvent(app.db, event.id, { displayName: 'Carol', pagureUsername: 'carol' });
    const delivery = JSON.parse(fixture('hook-pull-request-new.json'));
    delivery.topic = 'pull-request.comment.added';
    delivery.msg_id = 'comment-1';
    const comment = (name: string, at: number, notification = false) => ({
      id: at,
      comment: 'Looks good',
      date_created: String(at),
      user: { name, fullname: name },
      notification,
    });
    // 2024-05-10 08:33 UTC, inside the window; the notification a minute later.
    delivery.msg.pullrequest.comments = [
      comment('alice', 1715330000),
      comment('alice', 1715330060, true),
      comment('carol', 1715330100),
      comment('bob', 1715330200),
      comment('alice', 1715339000),
    ];
    const body = JSON.stringify(delivery);
    const headers = {
      'content-type': 'application/json',
      'x-pagure-topic': delivery.topic,
      'x-pagure-signature-256': pagureSignature(body, HOOK_KEY),
    };
    expect((await fetch(`${app.url}/api/pagure/webhooks`, { method: 'POST', headers, body })).status).toBe(200);
    expect(
      contributions(app.db)
        .filter((c) => c.kind === 'review')
        .map((c) => [c.key, c.reason, c.counted]),
    ).toEqual([
      ['42:alice', 'eligible', 1],
      ['42:carol', 'not-a-leader', 0],
    ]);
    const report = (await fetch(`${app.url}/events/pagure-sprint/report.json`).then((r) => r.json())) as {
      totals: { reviews: number };
      projects: Array<{ contributions: Array<{ reviewed_by?: Array<{ pagure: string }> }> }>;
    };
    expect(report.totals.reviews).toBe(1);
    expect(report.projects[0]!.contributions[0]!.reviewed_by!.map((p) => p.pagure)).toEqual(['alice']);
  });

  test('git.receive on the main branch records one commit credited to the pusher', async () => {
    joinEvent(app.db, event.id, { displayName: 'Alice', pagureUsername: 'alice' });
    const response = await hook('hook-git-receive.json');
    expect(response.status).toBe(200);
    // git.receive carries no commit times: the push is timed by its arrival, during the sprint here.
    expect(contributions(app.db)).toMatchObject([
      { kind: 'commit', key: 'e1f2a3b4c5d6e7f80910a1b2c3d4e5f6a7b8c9d0', reason: 'eligible', counted: 1 },
    ]);
  });
});

describe('Pagure as older releases speak', () => {
  beforeEach(() => {
    addProject(app.db, {
      eventId: event.id,
      forge: 'pagure',
      fullName: 'pagure',
      url: 'https://pagure.io/pagure',
      webhookKey: HOOK_KEY,
    });
    joinEvent(app.db, event.id, { displayName: 'Ana Newcomer', pagureUsername: 'ana' });
  });

  test('2015: a pull request whose status is a boolean, merged as the closing message says', async () => {
    expect((await hook('hook-2015-pull-request-new.json')).status).toBe(200);
    expect(contributions(app.db)).toMatchObject([
      { kind: 'pull_request', key: '7', state: 'open', counted: 1, reason: 'eligible' },
    ]);
    expect((await hook('hook-2015-pull-request-closed-merged.json')).status).toBe(200);
    expect(contributions(app.db)).toMatchObject([{ key: '7', state: 'merged', counted: 1 }]);
    // Closed without `merged`: closed, not merged.
    const closed = JSON.parse(fixture('hook-2015-pull-request-closed-merged.json'));
    closed.msg.merged = false;
    closed.msg.pullrequest.id = 8;
    closed.msg_id = 'closed-unmerged';
    await hook('', { body: JSON.stringify(closed) });
    expect(contributions(app.db).find((c) => c.key === '8')).toMatchObject({ state: 'closed' });
  });

  test('2016: a push names its branch as the full ref, and counts on the default branch', async () => {
    const response = await hook('hook-2016-git-receive.json');
    expect(response.status).toBe(200);
    expect(contributions(app.db)).toMatchObject([
      {
        kind: 'commit',
        key: '7c6b5a493827161504f3e2d1c0b9a8f7e6d5c4b3',
        counted: 1,
        title: '1 commit pushed to master',
      },
    ]);
  });
});

describe('Pagure polling', () => {
  const sources = () => ({ github: null, open: { hosts: new ForgeHosts([pagure.url]) } });

  test.each(['current', 'old'] as const)(
    'a Pagure of the %s release: the default branch as its git/branches names it',
    async (release) => {
      pagure.release = release;
      pagure.defaultBranch = 'rawhide';
      expect((await pollEvent(app.db, null, event, sources())).errors).toEqual([]);
      expect(pagure.branchRequests[0]).toContain('with_commits=true');
      // Before 5.11 the answer names no default: main or master are taken, never a guess from the list.
      expect(sql(app.db).prepare('SELECT default_branch FROM projects').pluck().get()).toBe(
        release === 'current' ? 'rawhide' : null,
      );
    },
  );

  test("reads the project's default branch once, and then counts direct pushes there only", async () => {
    pagure.defaultBranch = 'rawhide';
    joinEvent(app.db, event.id, { displayName: 'Alice', pagureUsername: 'alice' });
    expect((await pollEvent(app.db, null, event, sources())).errors).toEqual([]);
    await pollEvent(app.db, null, event, sources());
    expect(pagure.branchRequests).toHaveLength(1);
    expect(sql(app.db).prepare('SELECT default_branch FROM projects').pluck().get()).toBe('rawhide');
    const push = JSON.parse(fixture('hook-git-receive.json'));
    expect((await hook('', { body: JSON.stringify(push) })).body.outcome).toMatch(/ignored|changes nothing/);
    push.msg.branch = 'rawhide';
    push.msg_id = 'rawhide-push';
    await hook('', { body: JSON.stringify(push) });
    expect(contributions(app.db).filter((c) => c.kind === 'commit')).toMatchObject([
      { key: 'e1f2a3b4c5d6e7f80910a1b2c3d4e5f6a7b8c9d0', counted: 1 },
    ]);
  });

  test('follows every page by its next link (whatever per_page the server honours) and stops before the window', async () => {
    const result = await pollEvent(app.db, null, event, sources());
    expect(result.errors).toEqual([]);
    expect(pagure.requests).toHaveLength(2);
    expect(pagure.requests[0]).toContain('author=bob');
    expect(pagure.requests[0]).toContain('status=all');
    // The page's pull requests before the window are kept too, with why they do not count.
    const seen = contributions(app.db);
    expect(seen.filter((c) => c.key === '42' || c.key === '42:alice')).toMatchObject([
      { key: '42', state: 'merged', counted: 1 },
      { kind: 'review', key: '42:alice', counted: 0 },
    ]);
    const older = seen.filter((c) => c.kind === 'pull_request' && c.key !== '42');
    expect(older.length).toBeGreaterThan(0);
    expect(older.map((c) => [c.counted, c.reason])).toEqual(older.map(() => [0, 'outside-window']));
    const bob = sql(app.db).prepare(`SELECT merged, pull_requests FROM sprinter_stats`).get();
    expect(bob).toEqual({ merged: 1, pull_requests: 1 });
  });

  test('an empty answer records nothing and is not an error', async () => {
    pagure.mode = 'empty';
    const result = await pollEvent(app.db, null, event, sources());
    expect(result).toMatchObject({ errors: [], recorded: 0 });
  });

  test.each([
    ['error', /502/],
    ['truncated', /not valid JSON/],
  ] as const)('a %s answer is reported, not taken for "no pull requests"', async (mode, message) => {
    pagure.mode = mode;
    const before = snapshot(app.db);
    const result = await pollEvent(app.db, null, event, sources());
    // Both requests of the round fail the same way (the default branch, then the pull requests): each is reported.
    expect(result.errors).toHaveLength(2);
    for (const error of result.errors) expect(error).toMatch(message);
    expect(snapshot(app.db)).toBe(before);
  });

  test('a poll never moves a merged pull request back to open', async () => {
    await pollEvent(app.db, null, event, sources());
    await hook('hook-pull-request-new.json');
    expect(contributions(app.db).filter((c) => c.key === '42' || c.key === '42:alice')).toMatchObject([
      { key: '42', state: 'merged' },
      { kind: 'review', key: '42:alice', counted: 0 },
    ]);
  });
});
