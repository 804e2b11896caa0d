import { describe, expect, test } from '@jest/globals';
import { judgeContribution, reconcileState } from '../../src/domain/attribution.js';
import type { Contribution } from '../../src/domain/contribution.js';
import { loginFromNoreply, parseCoAuthors, pullRequestsMergedBy, isBotAccount } from '../../src/domain/identity.js';
import { assignRanks } from '../../src/domain/ranking.js';
import { parseInstant } from '../../src/domain/event-window.js';

const window = { startsAt: '2024-05-10T00:00:00.000Z', endsAt: '2024-05-12T00:00:00.000Z' };

function contribution(overrides: Partial<Contribution> = {}): Contribution {
  return {
    forge: 'github', repo: 'o/r', kind: 'pull_request', key: '1', url: 'https://github.com/o/r/pull/1', title: 't',
    author: { login: 'a', id: 1, email: null, name: null, isBot: false }, coAuthors: [], state: 'open',
    createdAt: '2024-05-10T10:00:00.000Z', mergedAt: null, closedAt: null, landedAt: null, firstTime: false,
    onDefaultBranch: false, headSha: null, mergeCommitSha: null, mergesPullRequests: [], sourceUpdatedAt: null, source: 'webhook',
    ...overrides,
  };
}

describe('judgeContribution', () => {
  const none = { partOfCountedPullRequest: false };
  test.each([
    ['a pull request inside the window', contribution(), none, { counts: true, reason: 'eligible' }],
    ['a pull request before it', contribution({ createdAt: '2024-05-09T23:59:59.999Z' }), none, { counts: false, reason: 'outside-window' }],
    ['a bot', contribution({ author: { login: 'x[bot]', id: 2, email: null, name: null, isBot: true } }), none, { counts: false, reason: 'bot' }],
    ['an imported row outside the window', contribution({ source: 'import', createdAt: '2001-01-01T00:00:00Z' }), none, { counts: true, reason: 'imported' }],
    ['a commit off the default branch', contribution({ kind: 'commit', landedAt: '2024-05-10T10:00:00Z' }), none, { counts: false, reason: 'not-default-branch' }],
    ['a commit landed inside, written before', contribution({ kind: 'commit', onDefaultBranch: true, createdAt: '2024-01-01T00:00:00Z', landedAt: '2024-05-10T10:00:00Z' }), none, { counts: true, reason: 'eligible' }],
    ['a commit of a counted pull request', contribution({ kind: 'commit', onDefaultBranch: true }), { partOfCountedPullRequest: true }, { counts: false, reason: 'part-of-pull-request' }],
  ])('%s', (_label, c, ctx, expected) => {
    expect(judgeContribution(c, window, ctx)).toEqual(expected);
  });
});

describe('reconcileState', () => {
  const open = { state: 'open' as const, mergedAt: null, closedAt: null, sourceUpdatedAt: '2024-05-10T10:00:00Z' };
  const merged = { state: 'merged' as const, mergedAt: '2024-05-10T11:00:00Z', closedAt: '2024-05-10T11:00:00Z', sourceUpdatedAt: '2024-05-10T11:00:00Z' };
  test('merged is final, even against a newer-looking open snapshot', () => {
    expect(reconcileState(merged, { ...open, sourceUpdatedAt: '2024-06-01T00:00:00Z' }).state).toBe('merged');
  });
  test('an older snapshot loses to the stored one', () => {
    const closed = { state: 'closed' as const, mergedAt: null, closedAt: '2024-05-10T12:00:00Z', sourceUpdatedAt: '2024-05-10T12:00:00Z' };
    expect(reconcileState(closed, open)).toBe(closed);
    expect(reconcileState(open, closed)).toBe(closed);
  });
});

describe('identity helpers', () => {
  test('co-author trailers, deduplicated and lower-cased', () => {
    expect(parseCoAuthors('x\n\nCo-authored-by: A B <A@Example.org>\nco-authored-by: again <a@example.org>\nCo-authored-by: broken')).toEqual([{ name: 'A B', email: 'a@example.org' }]);
  });
  test('GitHub noreply addresses name the login', () => {
    expect(loginFromNoreply('4242+PairTwo@users.noreply.github.com')).toBe('pairtwo');
    expect(loginFromNoreply('pairtwo@users.noreply.github.com')).toBe('pairtwo');
    expect(loginFromNoreply('pairtwo@example.org')).toBeNull();
  });
  test('merge and squash messages name their pull request', () => {
    expect(pullRequestsMergedBy('Merge pull request #12 from a/b\n\nbody')).toEqual([12]);
    expect(pullRequestsMergedBy('Fix it (#34)')).toEqual([34]);
    expect(pullRequestsMergedBy('Refers to #5 only')).toEqual([]);
  });
  test('bots', () => {
    expect(isBotAccount('dependabot[bot]')).toBe(true);
    expect(isBotAccount('renovate', 'Bot')).toBe(true);
    expect(isBotAccount('robert', 'User')).toBe(false);
  });
  test('instants need an offset', () => {
    expect(parseInstant('2017-02-18T09:00+05:30')).toBe('2017-02-18T03:30:00.000Z');
    expect(parseInstant('2017-02-18T09:00')).toBeNull();
    expect(parseInstant('18/02/2017')).toBeNull();
  });
});

describe('assignRanks', () => {
  test('ties share a rank and the next rank skips', () => {
    const rows = [
      { id: 'a', merged: 2, pullRequests: 3, commits: 0 },
      { id: 'b', merged: 1, pullRequests: 2, commits: 1 },
      { id: 'c', merged: 1, pullRequests: 2, commits: 1 },
      { id: 'd', merged: 1, pullRequests: 2, commits: 0 },
    ];
    expect(assignRanks(rows).map((r) => [r.id, r.rank])).toEqual([['a', 1], ['b', 2], ['c', 2], ['d', 4]]);
  });
});
