import { expect, test } from '@jest/globals';
import { defaultMaxStreams, openFileLimit } from '../../../src/live/stream-limits.js';

test('the default stream cap leaves room under the open-file limit', () => {
  expect(defaultMaxStreams(1024)).toBe(618);
  expect(defaultMaxStreams(20000)).toBe(14850);
  expect(defaultMaxStreams(null)).toBe(600);
  expect(defaultMaxStreams(100)).toBe(50);
});

test('the limit is read from /proc/self/limits', () => {
  expect(
    openFileLimit(
      () =>
        'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n',
    ),
  ).toBe(1024);
  expect(
    openFileLimit(() => {
      throw new Error('no /proc');
    }),
  ).toBeNull();
});
