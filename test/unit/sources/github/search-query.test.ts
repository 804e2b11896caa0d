import { describe, expect, test } from '@jest/globals';
import { MAX_OPERATORS, MAX_QUERY_LENGTH, planSearch } from '../../../../src/sources/github/search-query.js';

const window = { startsAt: '2024-05-10T03:30:00.000Z', endsAt: '2024-05-11T12:30:00.000Z' };
const logins = (n: number) => Array.from({ length: n }, (_, i) => `sprinter-number-${i}`);
const repos = (n: number) => Array.from({ length: n }, (_, i) => `organisation-${i}/repository-${i}`);
const operators = (q: string) => (q.match(/\b(AND|OR|NOT)\b/g) ?? []).length;

describe('planSearch', () => {
  test('packs repositories into as few queries as 256 characters allow', () => {
    const plan = planSearch({ ...window, repos: repos(50), authors: logins(500) });
    expect(plan.strategy).toBe('by-repository');
    expect(plan.queries.length).toBe(Math.ceil(50 / Math.floor((MAX_QUERY_LENGTH - 58) / 35)));
    for (const q of plan.queries) expect(q.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(plan.queries.flatMap((q) => q.match(/repo:\S+/g) ?? [])).toHaveLength(50);
  });

  test('groups authors six to a query, within five OR operators, when that takes fewer queries', () => {
    const plan = planSearch({ ...window, repos: repos(40), authors: ['ana', 'bo', 'cy', 'di', 'ed', 'fa', 'gu'] });
    expect(plan.strategy).toBe('by-author');
    expect(plan.queries).toEqual([
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z (author:ana OR author:bo OR author:cy OR author:di OR author:ed OR author:fa)',
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z author:gu',
    ]);
    for (const q of plan.queries) expect(operators(q)).toBeLessThanOrEqual(MAX_OPERATORS);
  });

  test('adds updated:>= for incremental rounds, and plans nothing without repositories', () => {
    const plan = planSearch({
      ...window,
      repos: ['python/cpython'],
      authors: ['ana'],
      updatedSince: '2024-05-10T12:00:00.123Z',
    });
    expect(plan.queries).toEqual([
      'created:2024-05-10T03:30:00Z..2024-05-11T12:30:00Z updated:>=2024-05-10T12:00:00Z repo:python/cpython',
    ]);
    expect(planSearch({ ...window, repos: [], authors: ['ana'] }).queries).toEqual([]);
  });
});
