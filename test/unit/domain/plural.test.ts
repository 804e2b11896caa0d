import { expect, test } from '@jest/globals';
import { counted } from '../../../src/domain/plural.js';

test('a count takes its noun in the singular only for one', () => {
  expect(counted(1, 'named sprinter')).toBe('1 named sprinter');
  expect(counted(0, 'named sprinter')).toBe('0 named sprinters');
  expect(counted(42, 'contribution')).toBe('42 contributions');
  expect(counted(2, 'non-code outcome')).toBe('2 non-code outcomes');
});
