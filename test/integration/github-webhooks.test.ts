import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { request } from 'node:http';
import { deliver, sign, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { githubExample, pullRequestPayload, pushPayload, sha } from '../helpers/examples.js';
import { contributions, leaderboardRow, seedSprint, snapshot, aggregateMismatches } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { listProjects } from '../../src/store/projects.js';

let app: AppUnderTest;

beforeEach(async () => {
  app = await startApp();
  seedSprint(app.db);
});
afterEach(async () => {
  // Whatever a test did, the aggregates kept by deltas still equal a recount.
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
});

describe('the signed webhook endpoint', () => {
  test('accepts a correctly signed delivery and records the pull request', async () => {
    const response = await deliver(app, 'pull_request', pullRequestPayload());
    expect(response.status).toBe(200);
    expect(contributions(app.db)).toMatchObject([{ kind: 'pull_request', key: '1', state: 'open', counted: 1 }]);
    expect(sql(app.db).prepare('SELECT outcome FROM deliveries WHERE delivery_id = ?').pluck().get(response.id)).toBe(
      'recorded',
    );
  });

  test.each([
    ['missing', null, 400],
    ['wrong', sign('{"other":"body"}'), 400],
    ['made with another secret', undefined, 400],
  ])('refuses a %s signature and changes nothing', async (_label, signature, status) => {
    const before = snapshot(app.db);
    const payload = pullRequestPayload();
    const response = await deliver(
      app,
      'pull_request',
      payload,
      signature === undefined ? { secret: 'not-the-secret' } : { signature },
    );
    expect(response.status).toBe(status);
    expect(snapshot(app.db)).toBe(before);
  });

  test('refuses malformed JSON with a clear 400 and changes nothing', async () => {
    const before = snapshot(app.db);
    const response = await deliver(app, 'pull_request', null, { rawBody: '{"action": "opened", "pull_request": ' });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/Invalid JSON/);
    expect(snapshot(app.db)).toBe(before);
  });

  test('refuses a well-signed payload without the fields the tracker reads, and changes nothing', async () => {
    const before = snapshot(app.db);
    const payload = pullRequestPayload();
    delete payload.pull_request.user;
    const response = await deliver(app, 'pull_request', payload);
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/malformed payload: pull_request\.user/);
    expect(snapshot(app.db)).toBe(before);
  });

  test('refuses a pull request whose link points outside its repository, naming the field, and changes nothing', async () => {
    const before = snapshot(app.db);
    for (const link of [
      'https://evil.example/sprint-org/sprint-repo/pull/1',
      'https://github.com/someone-else/repo/pull/1',
    ]) {
      const payload = pullRequestPayload();
      payload.pull_request.html_url = link;
      const response = await deliver(app, 'pull_request', payload);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toMatch(
        /^url: .* does not point into the project at https:\/\/github\.com\/sprint-org\/sprint-repo$/,
      );
    }
    expect(snapshot(app.db)).toBe(before);
  });

  test('answers an event the app does not handle with a clear 400 and changes nothing', async () => {
    const before = snapshot(app.db);
    const response = await deliver(app, 'star', githubExample('star'));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(/event "star" is not handled/);
    expect(snapshot(app.db)).toBe(before);
  });

  test.each([
    ['a GET', { method: 'GET' }, 405],
    [
      'a form body',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D' },
      415,
    ],
    ['no event headers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 400],
  ])('answers %s with a clear error and changes nothing', async (_label, init, status) => {
    const before = snapshot(app.db);
    const response = await fetch(`${app.url}/api/github/webhooks`, init);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error.length).toBeGreaterThan(10);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(snapshot(app.db)).toBe(before);
  });

  test('refuses a signed body that is JSON but not an object', async () => {
    const response = await deliver(app, 'pull_request', null, { rawBody: '[1, 2]' });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/must be a JSON object/);
  });

  test('acknowledges ping, which GitHub sends when the hook is created, and records that it arrived', async () => {
    expect((await deliver(app, 'ping', githubExample('ping'))).status).toBe(200);
    expect(sql(app.db).prepare(`SELECT event, outcome FROM deliveries WHERE event = 'ping'`).all()).toEqual([
      { event: 'ping', outcome: expect.stringMatching(/^ping: hook \d+$/) },
    ]);
  });

  test('a redelivery (same delivery id) is acknowledged and never double counts', async () => {
    const first = await deliver(app, 'pull_request', pullRequestPayload());
    const before = snapshot(app.db);
    const again = await deliver(app, 'pull_request', pullRequestPayload(), { id: first.id });
    expect(again.status).toBe(200);
    expect(snapshot(app.db)).toBe(before);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('two deliveries about the same pull request are one contribution whose state follows', async () => {
    await deliver(app, 'pull_request', pullRequestPayload());
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'edited', title: 'Better title', updatedAt: '2024-05-10T06:10:00Z' }),
    );
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'closed', merged: true, title: 'Better title', closedAt: '2024-05-10T09:00:00Z' }),
    );
    expect(contributions(app.db)).toMatchObject([{ key: '1', state: 'merged', title: 'Better title', counted: 1 }]);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
  });

  test('refuses a body over the 25 MB cap with 413 before reading it', async () => {
    // Only the headers and a first chunk are sent: the answer must come without the server waiting for 26 MB.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${app.url}/api/github/webhooks`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(26 * 1024 * 1024),
            'x-github-event': 'push',
            'x-github-delivery': 'big',
            'x-hub-signature-256': 'sha256=00',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"ref": "');
    });
    expect(status).toBe(413);
    expect(contributions(app.db)).toEqual([]);
  });
});

describe('pull request counting rules', () => {
  test('a pull request opened inside the window by a sprinter counts', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ createdAt: '2024-05-10T03:30:00Z' }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1, reason: 'eligible' });
  });

  test('one opened a moment before the window does not', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ createdAt: '2024-05-10T03:29:59Z' }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'outside-window' });
    expect(leaderboardRow(app.db, 'newcomer')).toBeUndefined();
  });

  test('the window end is exclusive', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ number: 2, createdAt: '2024-05-11T12:29:59Z' }));
    await deliver(app, 'pull_request', pullRequestPayload({ number: 3, createdAt: '2024-05-11T12:30:00Z' }));
    expect(contributions(app.db).map((c) => [c.key, c.counted])).toEqual([
      ['2', 1],
      ['3', 0],
    ]);
  });

  test('one merged after the window still counts, as merged', async () => {
    await deliver(app, 'pull_request', pullRequestPayload());
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'closed', merged: true, closedAt: '2024-06-20T10:00:00Z' }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1, state: 'merged' });
    expect(leaderboardRow(app.db, 'newcomer')).toMatchObject({ merged: 1 });
  });

  test('one closed without merging counts as opened, not merged; reopening follows', async () => {
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'closed', merged: false, closedAt: '2024-05-10T08:00:00Z' }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ state: 'closed', counted: 1 });
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
    await deliver(app, 'pull_request', pullRequestPayload({ action: 'reopened', updatedAt: '2024-05-10T09:00:00Z' }));
    expect(contributions(app.db)[0]).toMatchObject({ state: 'open' });
  });

  test('an older delivery arriving late never moves a state backwards', async () => {
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'closed', merged: true, closedAt: '2024-05-10T09:00:00Z' }),
    );
    await deliver(app, 'pull_request', pullRequestPayload({ action: 'opened', updatedAt: '2024-05-10T06:00:00Z' }));
    expect(contributions(app.db)[0]).toMatchObject({ state: 'merged' });
  });

  test('the author is matched by numeric id first, so a renamed account still counts', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'renamed-newcomer', userId: 5001 }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1 });
  });

  test('and by login when the sprinter registered without an id', async () => {
    joinEvent(app.db, 1, { displayName: 'Login Only', githubLogin: 'LoginOnly' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'loginonly', userId: 777 }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1 });
  });

  test('bots never count', async () => {
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'dependabot[bot]', userId: 49699333, userType: 'Bot' }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'bot' });
  });

  test('an unregistered repository records nothing', async () => {
    const response = await deliver(app, 'pull_request', pullRequestPayload({ repo: 'someone/else' }));
    expect(response.status).toBe(200);
    expect(contributions(app.db)).toEqual([]);
    expect(sql(app.db).prepare('SELECT outcome FROM deliveries').pluck().get()).toBe(
      'ignored: repository not registered',
    );
  });

  test('an author who is not a sprinter is kept unattributed and counts from the moment they join', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'latecomer', userId: 9001, number: 7 }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'not-a-sprinter' });
    expect(leaderboardRow(app.db, 'latecomer')).toBeUndefined();
    const joined = joinEvent(app.db, 1, { displayName: 'Late Comer', githubLogin: 'latecomer', githubId: 9001 });
    expect(joined.attributed).toBe(1);
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1 });
    expect(leaderboardRow(app.db, 'latecomer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('FIRST_TIME_CONTRIBUTOR marks a first-timer, and the mark stays after GitHub changes the association', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ association: 'FIRST_TIME_CONTRIBUTOR' }));
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ action: 'closed', merged: true, association: 'CONTRIBUTOR' }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ first_time: 1 });
    await deliver(app, 'pull_request', pullRequestPayload({ number: 2, association: 'FIRST_TIMER' }));
    await deliver(app, 'pull_request', pullRequestPayload({ number: 3, association: 'CONTRIBUTOR' }));
    expect(contributions(app.db).map((c) => c.first_time)).toEqual([1, 1, 0]);
  });
});

describe('push counting rules', () => {
  test('a commit on the default branch inside the window by a sprinter counts', async () => {
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('a') }] }));
    expect(contributions(app.db)).toMatchObject([{ kind: 'commit', key: sha('a'), counted: 1 }]);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 0, commits: 1 });
  });

  test('a commit on another branch is kept, not counted, with its reason; reaching the default branch counts it', async () => {
    const response = await deliver(app, 'push', pushPayload({ branch: 'feature', commits: [{ sha: sha('b') }] }));
    expect(response.status).toBe(200);
    expect(contributions(app.db)).toMatchObject([{ kind: 'commit', counted: 0, reason: 'not-default-branch' }]);
    expect(leaderboardRow(app.db, 'newcomer')).toBeUndefined();
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('b') }] }));
    expect(contributions(app.db)).toMatchObject([{ kind: 'commit', counted: 1, reason: 'eligible' }]);
    // A later push of it to another branch takes nothing away.
    await deliver(app, 'push', pushPayload({ branch: 'another', commits: [{ sha: sha('b') }] }));
    expect(contributions(app.db)).toMatchObject([{ kind: 'commit', counted: 1, reason: 'eligible' }]);
  });

  // The window is 2024-05-10T03:30Z to 2024-05-11T12:30Z; the follow-up horizon 90 days after its end.
  test.each([
    [
      'written a minute inside, pushed during the window',
      '2024-05-10T03:31:00Z',
      '2024-05-10T07:00:00Z',
      1,
      'eligible',
    ],
    [
      'written a minute before the start, pushed during the window',
      '2024-05-10T03:29:00Z',
      '2024-05-10T07:00:00Z',
      0,
      'outside-window',
    ],
    [
      'written a minute before the end, landed by a maintainer weeks later',
      '2024-05-11T12:29:00Z',
      '2024-06-20T10:00:00Z',
      1,
      'eligible',
    ],
    [
      'written a minute after the end, pushed the same evening',
      '2024-05-11T12:31:00Z',
      '2024-05-11T18:00:00Z',
      0,
      'outside-window',
    ],
    [
      'written months before, pushed during the sprint',
      '2024-01-15T10:00:00Z',
      '2024-05-10T07:00:00Z',
      0,
      'outside-window',
    ],
    [
      'written during the sprint, landed after the horizon',
      '2024-05-10T10:00:00Z',
      '2024-08-10T10:00:00Z',
      0,
      'landed-after-horizon',
    ],
    [
      'with an author time after its push (a wrong clock), timed by the push',
      '2031-01-01T00:00:00Z',
      '2024-05-10T07:00:00Z',
      1,
      'eligible',
    ],
  ])('a commit %s', async (_label, timestamp, pushedAt, counted, reason) => {
    await deliver(app, 'push', pushPayload({ pushedAt, commits: [{ sha: sha(`t-${timestamp}`), timestamp }] }));
    expect(contributions(app.db)[0]).toMatchObject({ counted, reason });
    expect(leaderboardRow(app.db, 'newcomer')?.commits ?? 0).toBe(counted);
  });

  test('a redelivered late push counts its commit once', async () => {
    const push = pushPayload({
      pushedAt: '2024-06-20T10:00:00Z',
      commits: [{ sha: sha('late'), timestamp: '2024-05-11T09:00:00Z' }],
    });
    await deliver(app, 'push', push, { id: 'late-push' });
    await deliver(app, 'push', push, { id: 'late-push' });
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 0, commits: 1 });
  });

  test('a commit without a GitHub login is credited through a registered e-mail', async () => {
    joinEvent(app.db, 1, { displayName: 'Mail Person', githubLogin: 'mailperson', emails: ['mail@example.org'] });
    await deliver(
      app,
      'push',
      pushPayload({ commits: [{ sha: sha('d'), username: null, email: 'Mail@Example.org' }] }),
    );
    expect(leaderboardRow(app.db, 'mailperson')).toEqual({ merged: 0, pull_requests: 0, commits: 1 });
  });

  test('Co-authored-by trailers naming sprinters credit them too', async () => {
    joinEvent(app.db, 1, { displayName: 'Pair One', githubLogin: 'pairone', emails: ['pair1@example.org'] });
    joinEvent(app.db, 1, { displayName: 'Pair Two', githubLogin: 'pairtwo' });
    const message =
      'Add docs\n\nCo-authored-by: Pair One <pair1@example.org>\nCo-authored-by: Pair Two <4242+pairtwo@users.noreply.github.com>\nCo-authored-by: Stranger <x@example.org>';
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('e'), message }] }));
    expect(leaderboardRow(app.db, 'newcomer')).toMatchObject({ commits: 1 });
    expect(leaderboardRow(app.db, 'pairone')).toMatchObject({ commits: 1 });
    expect(leaderboardRow(app.db, 'pairtwo')).toMatchObject({ commits: 1 });
    expect(sql(app.db).prepare('SELECT count(*) FROM credits').pluck().get()).toBe(3);
  });

  test('when only the co-author has joined, the report credits the co-author and names the real author beside them, not as a sprinter', async () => {
    joinEvent(app.db, 1, { displayName: 'Pair One', githubLogin: 'pairone', emails: ['pair1@example.org'] });
    const message = 'Add docs\n\nCo-authored-by: Pair One <pair1@example.org>';
    await deliver(
      app,
      'push',
      pushPayload({ commits: [{ sha: sha('pair'), message, username: 'outsider', name: 'Out Sider' }] }),
    );
    expect(leaderboardRow(app.db, 'pairone')).toMatchObject({ commits: 1 });
    const report = JSON.parse(await fetch(`${app.url}/events/test-sprint/report.json`).then((r) => r.text()));
    const commit = report.projects[0].contributions.find((c: { ref: string }) => c.ref === sha('pair'));
    expect(commit).toMatchObject({
      sprinter: { name: 'Pair One', github: 'pairone' },
      co_authors: [],
      with: [{ name: 'Out Sider', github: 'outsider' }],
    });
    const markdown = await fetch(`${app.url}/events/test-sprint/report.md`).then((r) => r.text());
    expect(markdown).toContain('Pair One ([@pairone]');
    expect(markdown).toMatch(/Pair One \(\[@pairone\][^)]*\)\) with Out Sider \(\[@outsider\]/);
    expect(markdown.split('\n').find((l) => l.startsWith('Thanks to everyone who sprinted'))).not.toContain(
      'Out Sider',
    );
  });

  test('bot commits never count', async () => {
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('f'), username: 'github-actions[bot]' }] }));
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'bot' });
  });

  test('the merge of a counted pull request is not counted again, in either order', async () => {
    const mergeSha = sha('merge');
    const merged = pullRequestPayload({ action: 'closed', merged: true, mergeCommitSha: mergeSha });
    const push = pushPayload({
      commits: [
        { sha: sha('work'), message: 'The work' },
        { sha: mergeSha, message: 'Merge pull request #1 from newcomer/fix' },
      ],
    });
    await deliver(app, 'pull_request', merged);
    await deliver(app, 'push', push);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
    expect(contributions(app.db).filter((c) => c.kind === 'commit')).toMatchObject([
      { counted: 0, reason: 'part-of-pull-request' },
      { counted: 0, reason: 'part-of-pull-request' },
    ]);

    await app.close();
    app = await startApp();
    seedSprint(app.db);
    await deliver(app, 'push', push);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 0, commits: 2 });
    await deliver(app, 'pull_request', merged);
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
  });

  test('commits pushed directly, not through a pull request, keep counting', async () => {
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ number: 1, action: 'closed', merged: true, mergeCommitSha: sha('m1') }),
    );
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('direct'), message: 'Fix typo in README' }] }));
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 1, pull_requests: 1, commits: 1 });
  });

  test('a squash merge titled "(#N)" is recognised as the pull request', async () => {
    await deliver(app, 'pull_request', pullRequestPayload({ number: 12 }));
    await deliver(app, 'push', pushPayload({ commits: [{ sha: sha('squash'), message: 'Fix the thing (#12)' }] }));
    expect(leaderboardRow(app.db, 'newcomer')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });
});

describe('installation events', () => {
  // What the project page and `devsprint project list` show: whether the app is installed on the repository.
  const installedOn = () => listProjects(app.db, 1)[0]!.installationId;
  test('remember which registered repositories have the app', async () => {
    const payload = githubExample('installation_repositories', 'added');
    payload.repositories_added = [{ ...payload.repositories_added[0], full_name: 'sprint-org/sprint-repo' }];
    expect((await deliver(app, 'installation_repositories', payload)).status).toBe(200);
    expect(installedOn()).toBe(payload.installation.id);
    const removed = githubExample('installation_repositories', 'removed');
    removed.repositories_removed = [{ ...removed.repositories_removed[0], full_name: 'sprint-org/sprint-repo' }];
    await deliver(app, 'installation_repositories', removed);
    expect(installedOn()).toBeNull();
  });

  test('installation created lists its repositories', async () => {
    const payload = githubExample('installation', 'created');
    payload.repositories = [{ ...payload.repositories[0], full_name: 'sprint-org/sprint-repo' }];
    await deliver(app, 'installation', payload);
    expect(installedOn()).toBe(payload.installation.id);
  });
});
