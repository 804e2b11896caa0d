import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInsideWindow, wallTimeToInstant } from '../../../../src/domain/event-window.js';
import { messageProjectName, normalizePagureMessage, parseEnvelope } from '../../../../src/sources/pagure/normalize.js';
import { packageRoot } from '../../../../src/paths.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(packageRoot, 'test', 'fixtures', 'pagure', name), 'utf8'));
const received = new Date('2024-05-10T06:00:00Z');

function newPullRequest(overrides: Record<string, unknown>) {
  const envelope = parseEnvelope(fixture('hook-pull-request-new.json'));
  if (!envelope.ok) throw new Error(envelope.reason);
  const msg = { ...envelope.value.msg, pullrequest: { ...(envelope.value.msg.pullrequest as object), ...overrides } };
  return normalizePagureMessage(envelope.value.topic, msg, 'https://pagure.io/', received);
}

describe('normalizePagureMessage', () => {
  test('the reference delivery of a new pull request', () => {
    const result = newPullRequest({});
    expect(result.ok && result.contributions[0]).toMatchObject({
      forge: 'pagure',
      kind: 'pull_request',
      repo: 'infra/example-tool',
      state: 'open',
      source: 'webhook',
    });
  });

  test('timestamps are epoch seconds, integer (5.14) or fractional (master), and stay exact across a daylight-saving change', () => {
    // 01:30 EST and 03:30 EDT on 9 March 2025, the night US clocks sprang forward: one real hour apart.
    const before = newPullRequest({ date_created: '1741501800' });
    const after = newPullRequest({ date_created: '1741505400.250000' });
    expect(before.ok && before.contributions[0]!.createdAt).toBe('2025-03-09T06:30:00.000Z');
    expect(after.ok && after.contributions[0]!.createdAt).toBe('2025-03-09T07:30:00.250Z');
    // A window opened at 03:00 on New York's clocks that night starts at 07:00 UTC: the first is outside, the second inside.
    const window = {
      startsAt: wallTimeToInstant('2025-03-09T03:00', 'America/New_York')!,
      endsAt: '2025-03-10T00:00:00.000Z',
    };
    expect(window.startsAt).toBe('2025-03-09T07:00:00.000Z');
    expect(isInsideWindow((before.ok && before.contributions[0]!.createdAt) || '', window)).toBe(false);
    expect(isInsideWindow((after.ok && after.contributions[0]!.createdAt) || '', window)).toBe(true);
  });

  test('messages of older releases (2015-2016) carry the same facts in older shapes, and are read as such', () => {
    const envelope = parseEnvelope(fixture('hook-pull-request-new.json'));
    if (!envelope.ok) throw new Error(envelope.reason);
    const old = structuredClone(envelope.value.msg) as Record<string, any>;
    delete old.project_fullname;
    old.pullrequest.status = 'merged';
    old.pullrequest.project = { name: 'example-tool', namespace: 'infra', id: 1234 };
    expect(messageProjectName(old)).toBe('infra/example-tool');
    const result = normalizePagureMessage(envelope.value.topic, old, 'https://pagure.io/', received);
    expect(result.ok && result.contributions[0]).toMatchObject({
      repo: 'infra/example-tool',
      state: 'merged',
      url: 'https://pagure.io/infra/example-tool/pull-request/42',
    });
    const push = parseEnvelope(fixture('hook-git-receive.json'));
    if (!push.ok) throw new Error(push.reason);
    const oldPush = {
      ...(structuredClone(push.value.msg) as Record<string, any>),
      project_fullname: undefined,
      repo: { name: 'example-tool', namespace: 'infra' },
    };
    expect(messageProjectName(oldPush)).toBe('infra/example-tool');
    const commits = normalizePagureMessage('git.receive', oldPush, 'https://pagure.io/', received);
    expect(commits.ok && commits.contributions[0]).toMatchObject({
      repo: 'infra/example-tool',
      url: expect.stringMatching(/^https:\/\/pagure\.io\/infra\/example-tool\/c\//),
    });
    expect(newPullRequest({ status: 'Pending' })).toEqual({
      ok: false,
      reason: 'malformed payload: pullrequest.status: "Pending" is not open, merged or closed',
    });
  });

  test('a timestamp that is not one is refused with the field named', () => {
    expect(newPullRequest({ date_created: 'yesterday' })).toEqual({
      ok: false,
      reason: 'malformed payload: pullrequest.date_created: not a timestamp',
    });
  });

  test('a push to the default branch is one commit by the pusher; a push to another branch is ignored', () => {
    const envelope = parseEnvelope(fixture('hook-git-receive.json'));
    if (!envelope.ok) throw new Error(envelope.reason);
    const main = normalizePagureMessage('git.receive', envelope.value.msg, 'https://pagure.io/', received);
    expect(main.ok && main.contributions[0]).toMatchObject({
      kind: 'commit',
      author: { login: 'alice' },
      landedAt: received.toISOString(),
    });
    const feature = normalizePagureMessage(
      'git.receive',
      { ...envelope.value.msg, branch: 'feature' },
      'https://pagure.io/',
      received,
    );
    expect(feature).toEqual({ ok: true, contributions: [] });
  });

  test("where the project's default branch is known, only a push there counts (Fedora dist-git's rawhide)", () => {
    const envelope = parseEnvelope(fixture('hook-git-receive.json'));
    if (!envelope.ok) throw new Error(envelope.reason);
    const rawhide = normalizePagureMessage(
      'git.receive',
      { ...envelope.value.msg, branch: 'rawhide' },
      'https://src.fedoraproject.org',
      received,
      'rawhide',
    );
    expect(rawhide.ok && rawhide.contributions).toHaveLength(1);
    expect(
      normalizePagureMessage('git.receive', envelope.value.msg, 'https://src.fedoraproject.org', received, 'rawhide'),
    ).toEqual({ ok: true, contributions: [] });
  });
});
