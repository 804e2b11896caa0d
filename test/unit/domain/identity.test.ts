import { describe, expect, test } from '@jest/globals';
import { isBotAccount, loginFromNoreply, parseCoAuthors, pullRequestsMergedBy } from '../../../src/domain/identity.js';

describe('identity helpers', () => {
  test('co-author trailers, deduplicated and lower-cased', () => {
    expect(
      parseCoAuthors(
        'x\n\nCo-authored-by: A B <A@Example.org>\nco-authored-by: again <a@example.org>\nCo-authored-by: broken',
      ),
    ).toEqual([{ name: 'A B', email: 'a@example.org' }]);
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
});
