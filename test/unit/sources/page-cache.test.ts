import { describe, expect, test } from '@jest/globals';
import { pageCache } from '../../../src/sources/page-cache.js';

describe('the page cache', () => {
  test('is bounded in bytes: the least recently used pages go first, and a huge page is not kept', () => {
    const cache = pageCache(1_000);
    const page = (n: number) => ({ etag: `"${n}"`, body: 'x'.repeat(100) });
    for (let n = 0; n < 4; n += 1) cache.set(`/p/${n}`, page(n));
    expect(cache.size).toBe(4);
    cache.get('/p/0'); // used again: kept
    cache.set('/p/4', page(4));
    expect(cache.bytes).toBeLessThanOrEqual(1_000);
    expect(cache.get('/p/1')).toBeUndefined();
    expect(cache.get('/p/0')).toMatchObject({ etag: '"0"' });
    // A page over a quarter of the budget would push out everything else: it is not kept.
    cache.set('/huge', { etag: '"h"', body: 'x'.repeat(200) });
    expect(cache.get('/huge')).toBeUndefined();
    expect(cache.get('/p/4')).toMatchObject({ etag: '"4"' });
  });

  test('replacing a page counts its bytes once', () => {
    const cache = pageCache(10_000);
    for (let i = 0; i < 50; i += 1) cache.set('/same', { etag: `"${i}"`, body: 'y'.repeat(100) });
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe((100 + 4) * 2 + '/same'.length * 2);
  });
});
