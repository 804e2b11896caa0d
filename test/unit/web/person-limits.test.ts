import { describe, expect, test } from '@jest/globals';
import { PersonLimiter, TooManyRequests } from '../../../src/web/person-limits.js';

const limit = { times: 3, windowSeconds: 60, what: 'join and leave events' };

describe('per-person limits', () => {
  test('the window slides: a fourth time within a minute is refused with when to retry, then allowed again', () => {
    const limiter = new PersonLimiter(limit);
    for (const at of [0, 10_000, 20_000]) limiter.take(7, at);
    let refused: unknown;
    try {
      limiter.take(7, 30_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TooManyRequests);
    expect(refused).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect((refused as Error).message).toContain('join and leave events 3 times in 1 minutes');
    // Someone else is not held back by it.
    expect(() => limiter.take(8, 30_000)).not.toThrow();
    // The refused try did not count: once the first falls out of the window, one more is allowed.
    expect(() => limiter.take(7, 60_001)).not.toThrow();
    expect(() => limiter.take(7, 60_002)).toThrow(TooManyRequests);
  });

  test('remembers a bounded number of people, forgetting the longest quiet first', () => {
    const limiter = new PersonLimiter(limit, 100);
    for (let person = 0; person < 1000; person++) limiter.take(person, person);
    expect(limiter.people).toBe(100);
    // The most recent are the ones kept: person 999 is still counted.
    limiter.take(999, 2000);
    limiter.take(999, 2001);
    expect(() => limiter.take(999, 2002)).toThrow(TooManyRequests);
  });
});
