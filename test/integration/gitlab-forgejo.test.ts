import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { fixture as pagureFixture, HOOK_KEY as PAGURE_KEY } from '../helpers/pagure-standin.js';
import { aggregateMismatches, contributions, snapshot, WINDOW } from '../helpers/seed.js';
import { devsprint } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { createEvent, type EventRecord } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent, linkForgeAccounts } from '../../src/services/join-event.js';
import { pagureSignature } from '../../src/ingest/pagure/webhook-endpoint.js';
import { decideRegistration } from '../../src/services/register-project.js';
import { sql } from '../helpers/sql.js';
import { buildReport } from '../../src/services/build-report.js';
import { renderMarkdown } from '../../src/render/markdown.js';

const GITLAB_TOKEN = 'gitlab-secret-token-0123456789';
const FORGEJO_SECRET = 'forgejo-webhook-secret-0123456789';

let app: AppUnderTest;
let event: EventRecord;
beforeEach(async () => {
  app = await startApp();
  event = createEvent(app.db, { slug: 'forges', name: 'Forges Sprint', ...WINDOW, timeZone: 'UTC' });
  addProject(app.db, {
    eventId: event.id,
    forge: 'gitlab',
    fullName: 'GNOME/gnome-maps',
    url: 'https://gitlab.gnome.org/GNOME/gnome-maps',
    instanceUrl: 'https://gitlab.gnome.org',
    webhookKey: GITLAB_TOKEN,
  });
  addProject(app.db, {
    eventId: event.id,
    forge: 'forgejo',
    fullName: 'forgejo/forgejo',
    url: 'https://codeberg.org/forgejo/forgejo',
    instanceUrl: 'https://codeberg.org',
    webhookKey: FORGEJO_SECRET,
  });
  const alice = joinEvent(app.db, event.id, { displayName: 'Alice Newcomer', emails: ['alice@example.org'] }).sprinter;
  linkForgeAccounts(app.db, alice.id, [
    { forge: 'gitlab', instanceUrl: 'https://gitlab.gnome.org', username: 'alice', userId: 4101, verifiedBy: 'test' },
  ]);
  const dana = joinEvent(app.db, event.id, { displayName: 'Dana Developer' }).sprinter;
  linkForgeAccounts(app.db, dana.id, [
    { forge: 'forgejo', instanceUrl: 'https://codeberg.org', username: 'dana', userId: null, verifiedBy: 'cli' },
  ]);
});
afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
});

async function gitlab(body: string, headers: Record<string, string> = {}, event = 'Merge Request Hook') {
  const response = await fetch(`${app.url}/api/gitlab/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': event,
      'x-gitlab-token': GITLAB_TOKEN,
      'x-gitlab-event-uuid': crypto.randomUUID(),
      'x-gitlab-webhook-uuid': 'hook-1',
      ...headers,
    },
  });
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

async function forgejo(body: string, headers: Record<string, string> = {}, event = 'pull_request') {
  const signature = createHmac('sha256', FORGEJO_SECRET).update(body).digest('hex');
  const response = await fetch(`${app.url}/api/forgejo/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-forgejo-event': event,
      'x-forgejo-signature': signature,
      'x-forgejo-delivery': crypto.randomUUID(),
      ...headers,
    },
  });
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

const board = async () => JSON.parse(await (await fetch(`${app.url}/events/forges/leaderboard.json`)).text());
const report = async () => JSON.parse(await (await fetch(`${app.url}/events/forges/report.json`)).text());

describe('the report, per forge', () => {
  test("GitLab's merge requests are written !N, GitLab-only sprinters keep their handle, and an author who did not sprint is named beside the sprinter", async () => {
    expect((await gitlab(fixture('gitlab/merge-request-open.json'))).status).toBe(200);
    const push = JSON.parse(fixture('gitlab/push-main-three-commits.json'));
    // Someone who did not join wrote it with Alice, who did.
    push.commits[2].message = 'Update the screenshots\n\nCo-authored-by: Alice Newcomer <alice@example.org>';
    expect((await gitlab(JSON.stringify(push), {}, 'Push Hook')).status).toBe(200);
    const report = buildReport(app.db, event);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      '[GNOME/gnome-maps!412](<https://gitlab.gnome.org/GNOME/gnome-maps/-/merge_requests/412>)',
    );
    expect(markdown).toContain('Alice Newcomer ([alice](<https://gitlab.gnome.org/alice>) on GitLab)');
    const maps = report.projects.find((p) => p.name === 'GNOME/gnome-maps')!;
    const screenshots = maps.contributions.find((c) => c.ref === '3333333333333333333333333333333333333333')!;
    expect(screenshots.sprinter).toMatchObject({ name: 'Alice Newcomer', gitlab: 'alice' });
    expect(screenshots.with).toEqual([expect.objectContaining({ name: 'Someone Else' })]);
    expect(markdown).toMatch(
      /Alice Newcomer \(\[alice\]\([^)]*\) on GitLab\) with Someone Else: Update the screenshots/,
    );
    // Thanked as sprinters: those who sprinted, not the author beside them.
    const thanks = markdown.split('\n').find((l) => l.startsWith('Thanks to everyone who sprinted'))!;
    expect(thanks).toContain('Alice Newcomer');
    expect(thanks).not.toContain('Someone Else');
  });
});

describe('GitLab as it spoke in 2017', () => {
  test('hooks whose user has no id: the merge request is credited by author_id, and its merge push adds no commits', async () => {
    expect((await gitlab(fixture('gitlab/merge-request-2017-open.json'))).status).toBe(200);
    expect((await gitlab(fixture('gitlab/merge-request-2017-merge.json'))).status).toBe(200);
    expect((await gitlab(fixture('gitlab/push-2017-merge.json'), {}, 'Push Hook')).status).toBe(200);
    const rows = contributions(app.db);
    expect(rows.filter((c) => c.kind === 'pull_request')).toMatchObject([
      { key: '7', state: 'merged', counted: 1, reason: 'eligible' },
    ]);
    // The merged branch's commit and GitLab's merge commit are the merge request's work, not more of it.
    expect(rows.filter((c) => c.kind === 'commit').map((c) => [c.counted, c.reason])).toEqual([
      [0, 'part-of-pull-request'],
      [0, 'part-of-pull-request'],
    ]);
  });
});

describe('a pending registration', () => {
  test("its web-hook key is the registrant's word: it verifies nothing until an organizer approves the project", async () => {
    // Mallory's claim alone names the GNOME project: it is pending, and the key it holds is hers.
    const gnome = sql(app.db).prepare("SELECT id FROM projects WHERE forge = 'gitlab'").pluck().get() as number;
    sql(app.db)
      .prepare(`INSERT INTO project_leaders (project_id, github_login, proof) VALUES (?, 'mallory', 'claimed')`)
      .run(gnome);
    const refused = await gitlab(fixture('gitlab/merge-request-open.json'));
    expect(refused.status).toBe(403);
    expect(contributions(app.db)).toEqual([]);
    // The organizer approves: the same delivery, signed the same way, now counts.
    expect(decideRegistration(app.db, gnome, 'approve', 'boss')).toMatchObject({ kind: 'approved' });
    expect(await gitlab(fixture('gitlab/merge-request-open.json'))).toEqual({
      status: 200,
      body: { outcome: 'recorded' },
    });
    expect(contributions(app.db)).toMatchObject([{ kind: 'pull_request', counted: 1 }]);
  });
});

describe('GitLab web-hooks', () => {
  test("a merge request opened, updated, then merged after the window by a maintainer: one pull request, the author's", async () => {
    expect(await gitlab(fixture('gitlab/merge-request-open.json'))).toEqual({
      status: 200,
      body: { outcome: 'recorded' },
    });
    expect((await gitlab(fixture('gitlab/merge-request-update.json'))).status).toBe(200);
    expect((await gitlab(fixture('gitlab/merge-request-merge.json'))).status).toBe(200);
    expect(contributions(app.db)).toEqual([
      expect.objectContaining({
        kind: 'pull_request',
        key: '412',
        state: 'merged',
        counted: 1,
        title: 'Show the scale bar in miles where the locale asks for it',
      }),
    ]);
    const json = await board();
    expect(json.sprinters).toEqual([expect.objectContaining({ name: 'Alice Newcomer', merged: 1, pull_requests: 1 })]);
    const project = (await report()).projects.find((p: any) => p.forge === 'gitlab');
    expect(project.url).toBe('https://gitlab.gnome.org/GNOME/gnome-maps');
    expect(project.contributions[0]).toMatchObject({
      url: 'https://gitlab.gnome.org/GNOME/gnome-maps/-/merge_requests/412',
      state: 'merged',
      sprinter: { name: 'Alice Newcomer' },
    });
    const markdown = await (await fetch(`${app.url}/events/forges/report.md`)).text();
    expect(markdown).toContain('## [GNOME/gnome-maps](<https://gitlab.gnome.org/GNOME/gnome-maps>) (GitLab)');
    const csv = await (await fetch(`${app.url}/events/forges/report.csv`)).text();
    expect(csv).toContain(
      'GNOME/gnome-maps,gitlab,pull_request,412,https://gitlab.gnome.org/GNOME/gnome-maps/-/merge_requests/412',
    );
  });

  test('the merge alone, before the opening was seen, is still credited to the author by their GitLab user id', async () => {
    await gitlab(fixture('gitlab/merge-request-merge.json'));
    expect(contributions(app.db)).toEqual([expect.objectContaining({ key: '412', state: 'merged', counted: 1 })]);
    expect((await board()).sprinters.map((s: any) => s.name)).toEqual(['Alice Newcomer']);
  });

  test('a push of three commits on the default branch and one on another branch', async () => {
    expect((await gitlab(fixture('gitlab/push-main-three-commits.json'), {}, 'Push Hook')).status).toBe(200);
    // The other branch's commit is kept with why it does not count, so its author can see it.
    expect((await gitlab(fixture('gitlab/push-feature-branch.json'), {}, 'Push Hook')).body.outcome).toBe('recorded');
    expect(contributions(app.db).map((c) => [c.key.slice(0, 4), c.kind, c.reason])).toEqual([
      ['1111', 'commit', 'eligible'],
      ['2222', 'commit', 'eligible'],
      ['3333', 'commit', 'not-a-sprinter'],
      ['4444', 'commit', 'not-default-branch'],
    ]);
    expect((await board()).sprinters[0]).toMatchObject({ name: 'Alice Newcomer', commits: 2 });
  });

  test('a Co-authored-by trailer naming a sprinter credits them too, as on GitHub', async () => {
    joinEvent(app.db, event.id, { displayName: 'Bo Pair', emails: ['bo@example.org'] });
    await gitlab(fixture('gitlab/push-main-three-commits.json'), {}, 'Push Hook');
    const bo = (await board()).sprinters.find((s: any) => s.name === 'Bo Pair');
    expect(bo).toMatchObject({ commits: 1 });
    const commit = (await report()).projects
      .find((p: any) => p.forge === 'gitlab')
      .contributions.find((c: any) => c.ref.startsWith('2222'));
    expect(commit).toMatchObject({
      sprinter: { name: 'Alice Newcomer' },
      co_authors: [{ name: 'Bo Pair', github: null, pagure: null }],
    });
  });

  test('a redelivery (the same event UUID) changes nothing', async () => {
    const body = fixture('gitlab/merge-request-open.json');
    const headers = { 'x-gitlab-event-uuid': 'e1f0c2b4-0000-4000-8000-000000000001' };
    expect((await gitlab(body, headers)).body.outcome).toBe('recorded');
    const before = snapshot(app.db);
    expect((await gitlab(body, headers)).body.outcome).toBe('duplicate');
    expect(snapshot(app.db)).toBe(before);
  });

  test('a wrong token, a missing one, malformed JSON and a payload without a project are refused with nothing stored', async () => {
    const before = snapshot(app.db);
    const body = fixture('gitlab/merge-request-open.json');
    expect((await gitlab(body, { 'x-gitlab-token': 'not-the-token-at-all' })).status).toBe(403);
    const noToken = await fetch(`${app.url}/api/gitlab/webhooks`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook' },
    });
    expect(noToken.status).toBe(400);
    expect((await gitlab('{"object_kind": "merge_request", ')).status).toBe(400);
    expect((await gitlab(JSON.stringify({ object_kind: 'merge_request' }))).body.error).toMatch(/path_with_namespace/);
    const broken = JSON.parse(body);
    delete broken.object_attributes.author_id;
    expect(await gitlab(JSON.stringify(broken))).toEqual({
      status: 400,
      body: { error: expect.stringContaining('object_attributes.author_id') },
    });
    expect(snapshot(app.db)).toBe(before);
  });

  test('other hooks are acknowledged and ignored', async () => {
    expect((await gitlab(fixture('gitlab/merge-request-open.json'), {}, 'Note Hook')).body.outcome).toMatch(/^ignored/);
    expect(contributions(app.db)).toEqual([]);
  });
});

describe('Forgejo web-hooks', () => {
  test("a pull request opened and merged by a maintainer: the author's, linked on Codeberg; a push on the default branch", async () => {
    expect(await forgejo(fixture('forgejo/pull-request-opened.json'))).toEqual({
      status: 200,
      body: { outcome: 'recorded' },
    });
    expect((await forgejo(fixture('forgejo/pull-request-merged.json'))).status).toBe(200);
    expect((await forgejo(fixture('forgejo/push.json'), {}, 'push')).status).toBe(200);
    expect(contributions(app.db)).toEqual([
      expect.objectContaining({ kind: 'pull_request', key: '7', state: 'merged', counted: 1 }),
      expect.objectContaining({ kind: 'commit', counted: 1 }),
    ]);
    const project = (await report()).projects.find((p: any) => p.forge === 'forgejo');
    expect(project.contributions.find((c: any) => c.kind === 'pull_request')).toMatchObject({
      url: 'https://codeberg.org/forgejo/forgejo/pulls/7',
      sprinter: { name: 'Dana Developer' },
    });
    expect(project.contributions.find((c: any) => c.kind === 'commit')).toMatchObject({
      url: 'https://codeberg.org/forgejo/forgejo/commit/5555555555555555555555555555555555555555',
    });
    expect((await board()).sprinters).toEqual([
      expect.objectContaining({ name: 'Dana Developer', merged: 1, pull_requests: 1, commits: 1 }),
    ]);
  });

  test("Gitea's header names work too; a wrong signature, malformed JSON and a redelivery change nothing", async () => {
    const body = fixture('forgejo/pull-request-opened.json');
    const signature = createHmac('sha256', FORGEJO_SECRET).update(body).digest('hex');
    const gitea = await fetch(`${app.url}/api/forgejo/webhooks`, {
      method: 'POST',
      body,
      headers: { 'x-gitea-event': 'pull_request', 'x-gitea-signature': signature, 'x-gitea-delivery': 'd-1' },
    });
    expect(gitea.status).toBe(200);
    const before = snapshot(app.db);
    expect((await forgejo(body, { 'x-forgejo-delivery': 'd-1' })).body.outcome).toBe('duplicate');
    expect((await forgejo(body, { 'x-forgejo-signature': '0'.repeat(64) })).status).toBe(403);
    expect((await forgejo('{"repository": ')).status).toBe(400);
    const unsigned = await fetch(`${app.url}/api/forgejo/webhooks`, {
      method: 'POST',
      body,
      headers: { 'x-forgejo-event': 'pull_request' },
    });
    expect(unsigned.status).toBe(400);
    expect(snapshot(app.db)).toBe(before);
  });
});

describe('a project that moved from Pagure to Forgejo during the event', () => {
  test('its work on both forges appears once, under one project, in the leaderboard and every report format', async () => {
    const result = devsprint(
      [
        'project',
        'add',
        'forges',
        'forgejo:infra/example-tool',
        '--webhook-key',
        PAGURE_KEY,
        '--moved-from',
        'pagure:infra/example-tool',
      ],
      { DATABASE_PATH: app.dbPath },
    );
    expect(result).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('formerly pagure:infra/example-tool (https://pagure.io/infra/example-tool)'),
    });
    const bob = joinEvent(app.db, event.id, { displayName: 'Bob Builder', pagureUsername: 'bob' }).sprinter;
    linkForgeAccounts(app.db, bob.id, [
      { forge: 'forgejo', instanceUrl: 'https://codeberg.org', username: 'bob', userId: null, verifiedBy: 'cli' },
    ]);

    // Pagure's pull request 42 (the recorded delivery), signed with the project's key.
    const pagureBody = pagureFixture('hook-pull-request-new.json');
    const onPagure = await fetch(`${app.url}/api/pagure/webhooks`, {
      method: 'POST',
      body: pagureBody,
      headers: {
        'content-type': 'application/json',
        'x-pagure-topic': 'pull-request.new',
        'x-pagure-signature-256': pagureSignature(pagureBody, PAGURE_KEY),
      },
    });
    expect(onPagure.status).toBe(200);
    // Then Bob's next pull request, on Forgejo.
    const moved = JSON.parse(fixture('forgejo/pull-request-opened.json'));
    moved.repository.full_name = 'infra/example-tool';
    moved.pull_request.number = 3;
    moved.pull_request.user = { ...moved.pull_request.user, id: 7300, login: 'bob', username: 'bob' };
    const forgejoBody = JSON.stringify(moved);
    const signature = createHmac('sha256', PAGURE_KEY).update(forgejoBody).digest('hex');
    expect(
      (
        await fetch(`${app.url}/api/forgejo/webhooks`, {
          method: 'POST',
          body: forgejoBody,
          headers: { 'x-forgejo-event': 'pull_request', 'x-forgejo-signature': signature, 'x-forgejo-delivery': 'm-1' },
        })
      ).status,
    ).toBe(200);

    const projects = (await board()).projects.filter((p: any) => p.name === 'infra/example-tool');
    expect(projects).toEqual([expect.objectContaining({ forge: 'forgejo', pull_requests: 2, contributors: 1 })]);
    const model = await report();
    const tool = model.projects.find((p: any) => p.name === 'infra/example-tool');
    expect(tool.previous).toEqual({
      forge: 'pagure',
      name: 'infra/example-tool',
      url: 'https://pagure.io/infra/example-tool',
    });
    expect(tool.contributions.map((c: any) => c.url).sort()).toEqual([
      'https://codeberg.org/infra/example-tool/pulls/3',
      'https://pagure.io/infra/example-tool/pull-request/42',
    ]);
    const markdown = await (await fetch(`${app.url}/events/forges/report.md`)).text();
    expect(markdown).toContain('Formerly [infra/example-tool](<https://pagure.io/infra/example-tool>) on Pagure');
    expect(markdown).toContain('(<https://pagure.io/infra/example-tool/pull-request/42>)');
    expect(markdown).toContain('(<https://codeberg.org/infra/example-tool/pulls/3>)');
    const csv = (await (await fetch(`${app.url}/events/forges/report.csv`)).text())
      .split('\n')
      .filter((l) => l.startsWith('infra/example-tool,'));
    expect(csv).toHaveLength(2);
    const html = await (await fetch(`${app.url}/events/forges/report`)).text();
    expect(html).toContain('Formerly <a href="https://pagure.io/infra/example-tool">infra/example-tool</a> on Pagure');
  });
});
