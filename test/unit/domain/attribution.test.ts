import { describe, expect, test } from '@jest/globals';
import { decideAttribution, finalVerdict, reconcileState } from '../../../src/domain/attribution.js';
import { judgeContribution } from '../../../src/domain/decide.js';
import { aCommit, aContribution, factsOf } from '../../helpers/builders.js';

const window = { startsAt: '2024-05-10T00:00:00.000Z', endsAt: '2024-05-12T00:00:00.000Z' };

describe('judgeContribution', () => {
  const none = { partOfCountedPullRequest: false };
  test.each([
    ['a pull request inside the window', aContribution(), none, { counts: true, reason: 'eligible' }],
    [
      'a pull request before it',
      aContribution({ createdAt: '2024-05-09T23:59:59.999Z' }),
      none,
      { counts: false, reason: 'outside-window' },
    ],
    [
      'a bot',
      aContribution({ author: { login: 'x[bot]', id: 2, email: null, name: null, isBot: true } }),
      none,
      { counts: false, reason: 'bot' },
    ],
    [
      'an imported pull request outside the window',
      aContribution({ source: 'import', createdAt: '2001-01-01T00:00:00Z' }),
      none,
      { counts: true, reason: 'imported' },
    ],
    [
      'an imported commit written a minute before the window',
      aContribution({ source: 'import', kind: 'commit', createdAt: '2024-05-09T23:59:00Z', timed: true }),
      none,
      { counts: false, reason: 'outside-window' },
    ],
    [
      'an imported commit written a minute inside',
      aContribution({ source: 'import', kind: 'commit', createdAt: '2024-05-10T00:01:00Z', timed: true }),
      none,
      { counts: true, reason: 'imported' },
    ],
    [
      'an imported commit the list gave no time',
      aContribution({ source: 'import', kind: 'commit', createdAt: '2024-05-10T00:00:00Z', timed: false }),
      none,
      { counts: true, reason: 'imported' },
    ],
    [
      'a commit off the default branch',
      aContribution({ kind: 'commit', landedAt: '2024-05-10T10:00:00Z' }),
      none,
      { counts: false, reason: 'not-default-branch' },
    ],
    [
      'a commit landed inside, written before',
      aContribution({
        kind: 'commit',
        onDefaultBranch: true,
        createdAt: '2024-01-01T00:00:00Z',
        landedAt: '2024-05-10T10:00:00Z',
      }),
      none,
      { counts: false, reason: 'outside-window' },
    ],
    [
      'a commit written inside, landed after the end',
      aContribution({
        kind: 'commit',
        onDefaultBranch: true,
        createdAt: '2024-05-11T23:00:00Z',
        landedAt: '2024-07-01T10:00:00Z',
      }),
      none,
      { counts: true, reason: 'eligible' },
    ],
    [
      'a commit written inside, landed after the horizon',
      aContribution({
        kind: 'commit',
        onDefaultBranch: true,
        createdAt: '2024-05-11T23:00:00Z',
        landedAt: '2024-08-11T00:00:00Z',
      }),
      none,
      { counts: false, reason: 'landed-after-horizon' },
    ],
    [
      'a commit of a counted pull request',
      aContribution({ kind: 'commit', onDefaultBranch: true }),
      { partOfCountedPullRequest: true },
      { counts: false, reason: 'part-of-pull-request' },
    ],
  ])('%s', (_label, c, ctx, expected) => {
    expect(judgeContribution(factsOf(c), window, ctx)).toEqual(expected);
  });
});

describe('reconcileState', () => {
  const open = { state: 'open' as const, mergedAt: null, closedAt: null, sourceUpdatedAt: '2024-05-10T10:00:00Z' };
  const merged = {
    state: 'merged' as const,
    mergedAt: '2024-05-10T11:00:00Z',
    closedAt: '2024-05-10T11:00:00Z',
    sourceUpdatedAt: '2024-05-10T11:00:00Z',
  };
  test('merged is final, even against a newer-looking open snapshot', () => {
    expect(reconcileState(merged, { ...open, sourceUpdatedAt: '2024-06-01T00:00:00Z' }).state).toBe('merged');
  });
  test('an older snapshot loses to the stored one', () => {
    const closed = {
      state: 'closed' as const,
      mergedAt: null,
      closedAt: '2024-05-10T12:00:00Z',
      sourceUpdatedAt: '2024-05-10T12:00:00Z',
    };
    expect(reconcileState(closed, open)).toBe(closed);
    expect(reconcileState(open, closed)).toBe(closed);
  });
});

describe('decideAttribution', () => {
  const eligible = { counts: true, reason: 'eligible' } as const;
  const nobody = { author: null, coAuthors: [], manual: [], unproven: [] };
  test('credits the author, then co-authors and hand-given credits, each person once', () => {
    expect(
      decideAttribution({
        source: 'webhook',
        rule: eligible,
        named: { author: 7, coAuthors: [8, null, 7], manual: [9, 8], unproven: [] },
        given: [],
      }),
    ).toEqual({
      counts: true,
      reason: 'eligible',
      credits: [
        { sprinterId: 7, role: 'author' },
        { sprinterId: 8, role: 'co-author' },
        { sprinterId: 9, role: 'co-author' },
      ],
    });
  });
  test('a co-author alone is credited as co-author, never as the author', () => {
    expect(
      decideAttribution({
        source: 'webhook',
        rule: eligible,
        named: { author: null, coAuthors: [8], manual: [], unproven: [] },
        given: [],
      }).credits,
    ).toEqual([{ sprinterId: 8, role: 'co-author' }]);
  });
  test('nobody who joined: kept, not counted, waiting for its author', () => {
    expect(decideAttribution({ source: 'poll', rule: eligible, named: nobody, given: [] })).toEqual({
      counts: false,
      reason: 'not-a-sprinter',
      credits: [],
    });
  });
  test("a rule's reason wins over the credits, which are kept so the organizer sees whose work it was", () => {
    expect(
      decideAttribution({
        source: 'webhook',
        rule: { counts: false, reason: 'outside-window' },
        named: { author: 7, coAuthors: [], manual: [], unproven: [] },
        given: [],
      }),
    ).toEqual({ counts: false, reason: 'outside-window', credits: [{ sprinterId: 7, role: 'author' }] });
  });
  test('named only by a typed, unproven account: kept with its claimant, not counted, waiting for proof', () => {
    expect(
      decideAttribution({
        source: 'webhook',
        rule: eligible,
        named: { author: 7, coAuthors: [], manual: [], unproven: [7] },
        given: [],
      }),
    ).toEqual({ counts: false, reason: 'unproven-account', credits: [{ sprinterId: 7, role: 'author' }] });
  });
  test('a proven co-author makes it count for them alone: the claimant earns nothing from it', () => {
    expect(
      decideAttribution({
        source: 'poll',
        rule: eligible,
        named: { author: 7, coAuthors: [8], manual: [], unproven: [7] },
        given: [],
      }),
    ).toEqual({ counts: true, reason: 'eligible', credits: [{ sprinterId: 8, role: 'co-author' }] });
  });
  test("a rule's reason still wins over a claim", () => {
    expect(
      decideAttribution({
        source: 'webhook',
        rule: { counts: false, reason: 'bot' },
        named: { author: 7, coAuthors: [], manual: [], unproven: [7] },
        given: [],
      }).reason,
    ).toBe('bot');
  });
  test("an imported row keeps the organizer's credit, and counts unnamed", () => {
    expect(
      decideAttribution({
        source: 'import',
        rule: { counts: true, reason: 'imported' },
        named: { author: 7, coAuthors: [], manual: [], unproven: [] },
        given: [],
      }),
    ).toEqual({ counts: true, reason: 'imported', credits: [] });
  });
  test("a moderator's reason is applied over the verdict, and lifting it restores the verdict", () => {
    expect(finalVerdict('eligible', 'spam')).toEqual({ counts: false, reason: 'excluded:spam' });
    expect(finalVerdict('outside-window', null)).toEqual({ counts: false, reason: 'outside-window' });
    expect(finalVerdict('imported', null)).toEqual({ counts: true, reason: 'imported' });
  });
  test('a commit of a counted pull request is judged part of it', () => {
    expect(judgeContribution(factsOf(aCommit()), window, { partOfCountedPullRequest: true })).toEqual({
      counts: false,
      reason: 'part-of-pull-request',
    });
  });
});
