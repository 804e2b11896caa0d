import { describe, expect, test } from '@jest/globals';
import { normalizePullRequest, normalizePush } from '../../../../src/sources/github/normalize.js';
import { githubExample } from '../../../helpers/examples.js';

describe('normalizing GitHub example payloads', () => {
  test('every pull_request example normalizes to one contribution or a clear reason', () => {
    for (const action of ['opened', 'closed', 'reopened', 'edited', 'synchronize', 'labeled']) {
      const payload = githubExample(
        'pull_request',
        (e) => e.action === action || (action === 'edited' && e.action === 'opened'),
      );
      const result = normalizePullRequest(payload);
      expect(result.ok).toBe(true);
      if (result.ok)
        expect(result.contributions[0]).toMatchObject({
          forge: 'github',
          kind: 'pull_request',
          repo: payload.repository.full_name,
          key: String(payload.pull_request.number),
        });
    }
  });

  test('a closed, merged pull request is merged with its merge commit', () => {
    const payload = githubExample('pull_request', 'closed');
    payload.pull_request.merged = true;
    payload.pull_request.merged_at = payload.pull_request.closed_at;
    const result = normalizePullRequest(payload);
    expect(result.ok && result.contributions[0]).toMatchObject({
      state: 'merged',
      mergeCommitSha: payload.pull_request.merge_commit_sha,
    });
  });

  test('a push to the default branch yields its commits; a tag push none', () => {
    const push = githubExample('push', (e) => e.ref === 'refs/heads/master');
    const result = normalizePush(push);
    expect(result.ok && result.contributions).toHaveLength(push.commits.length);
    expect(result.ok && result.contributions[0]).toMatchObject({
      kind: 'commit',
      author: { login: 'Codertocat' },
      landedAt: '2019-05-15T15:20:57.000Z',
    });
    expect(normalizePush(githubExample('push', (e) => e.ref.startsWith('refs/tags/')))).toEqual({
      ok: true,
      contributions: [],
    });
  });

  test.each([
    ['user missing', (p: any) => delete p.pull_request.user, /pull_request\.user/],
    ['number as text', (p: any) => (p.pull_request.number = '7'), /pull_request\.number/],
    ['created_at not a date', (p: any) => (p.pull_request.created_at = 'yesterday'), /pull_request\.created_at/],
    ['null payload part', (p: any) => (p.repository = null), /repository/],
  ])('a payload with %s is reported, not thrown', (_label, mutate, reason) => {
    const payload = githubExample('pull_request', 'opened');
    mutate(payload);
    const result = normalizePullRequest(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
