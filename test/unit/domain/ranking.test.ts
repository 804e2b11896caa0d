import { describe, expect, test } from '@jest/globals';
import { assignRanks } from '../../../src/domain/ranking.js';

describe('assignRanks', () => {
  test('ties share a rank and the next rank skips', () => {
    const rows = [
      { id: 'a', merged: 2, pullRequests: 3, commits: 0 },
      { id: 'b', merged: 1, pullRequests: 2, commits: 1 },
      { id: 'c', merged: 1, pullRequests: 2, commits: 1 },
      { id: 'd', merged: 1, pullRequests: 2, commits: 0 },
    ];
    expect(assignRanks(rows).map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});
