import { describe, expect, test } from '@jest/globals';
import {
  commitWorkTime,
  formatInZone,
  horizonOf,
  instantToWallTime,
  isInsideWindow,
  parseInstant,
  wallTimeToInstant,
} from '../../../src/domain/event-window.js';

describe('parseInstant', () => {
  test('instants need an offset', () => {
    expect(parseInstant('2017-02-18T09:00+05:30')).toBe('2017-02-18T03:30:00.000Z');
    expect(parseInstant('2017-02-18T09:00')).toBeNull();
    expect(parseInstant('18/02/2017')).toBeNull();
  });
});

describe('the window', () => {
  const window = { startsAt: '2025-05-19T13:00:00.000Z', endsAt: '2025-05-22T22:00:00.000Z' };
  test('starts is inside, ends is not', () => {
    expect(isInsideWindow('2025-05-19T13:00:00.000Z', window)).toBe(true);
    expect(isInsideWindow('2025-05-19T12:59:59.999Z', window)).toBe(false);
    expect(isInsideWindow('2025-05-22T21:59:59.999Z', window)).toBe(true);
    expect(isInsideWindow('2025-05-22T22:00:00.000Z', window)).toBe(false);
  });
});

describe('wall times across daylight saving', () => {
  test('a sprint that spans the spring change keeps 09:00 on the clocks every day', () => {
    // US clocks went from EST (-05:00) to EDT (-04:00) at 02:00 on 9 March 2025.
    expect(wallTimeToInstant('2025-03-08T09:00', 'America/New_York')).toBe('2025-03-08T14:00:00.000Z');
    expect(wallTimeToInstant('2025-03-09T09:00', 'America/New_York')).toBe('2025-03-09T13:00:00.000Z');
    expect(instantToWallTime('2025-03-09T13:00:00.000Z', 'America/New_York')).toBe('2025-03-09T09:00');
  });
  test('the autumn change in Europe', () => {
    // CEST (+02:00) became CET (+01:00) at 03:00 on 26 October 2025.
    expect(wallTimeToInstant('2025-10-25T18:00', 'Europe/Prague')).toBe('2025-10-25T16:00:00.000Z');
    expect(wallTimeToInstant('2025-10-26T18:00', 'Europe/Prague')).toBe('2025-10-26T17:00:00.000Z');
    expect(instantToWallTime('2025-10-26T17:00:00.000Z', 'Europe/Prague')).toBe('2025-10-26T18:00');
  });
  test('half-hour and 45-minute zones, which never change', () => {
    expect(wallTimeToInstant('2017-02-18T09:00', 'Asia/Kolkata')).toBe('2017-02-18T03:30:00.000Z');
    expect(wallTimeToInstant('2025-11-01T09:00', 'Asia/Kathmandu')).toBe('2025-11-01T03:15:00.000Z');
  });
  test('a wall time that does not exist or does not parse is refused', () => {
    expect(wallTimeToInstant('2025-02-30T09:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('2025-02-20 09:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('2025-02-20T09:00', 'Mars/Olympus')).toBeNull();
  });
  test('times are shown on the event’s clocks, with the offset of that day', () => {
    expect(formatInZone('2025-03-08T14:00:00.000Z', 'America/New_York')).toBe('8 Mar 2025, 09:00 GMT-5');
    expect(formatInZone('2025-03-09T13:00:00.000Z', 'America/New_York')).toBe('9 Mar 2025, 09:00 GMT-4');
  });
});

describe('when a commit was written', () => {
  const pushed = '2024-05-10T07:00:00.000Z';
  test('its author time, when it can be true', () => {
    expect(commitWorkTime('2024-05-10T06:00:00.000Z', pushed, '2019-05-15T15:19:25.000Z')).toEqual({
      at: '2024-05-10T06:00:00.000Z',
      trusted: true,
    });
    // A few minutes of clock skew are taken as they are.
    expect(commitWorkTime('2024-05-10T07:05:00.000Z', pushed, null)).toEqual({
      at: '2024-05-10T07:05:00.000Z',
      trusted: true,
    });
  });
  test('the push time, when the author time is after the push or before the repository existed', () => {
    expect(commitWorkTime('2031-01-01T00:00:00.000Z', pushed, null)).toEqual({ at: pushed, trusted: false });
    expect(commitWorkTime('1970-01-01T00:00:00.000Z', pushed, '2019-05-15T15:19:25.000Z')).toEqual({
      at: pushed,
      trusted: false,
    });
  });
  test('the author time when no push time is known', () => {
    expect(commitWorkTime('2031-01-01T00:00:00.000Z', null, null)).toEqual({
      at: '2031-01-01T00:00:00.000Z',
      trusted: true,
    });
  });
  test("the follow-up horizon is the end plus the event's days, 90 unless it says", () => {
    expect(
      new Date(horizonOf({ startsAt: '2024-05-10T00:00:00Z', endsAt: '2024-05-12T00:00:00Z' })).toISOString(),
    ).toBe('2024-08-10T00:00:00.000Z');
    expect(
      new Date(
        horizonOf({ startsAt: '2024-05-10T00:00:00Z', endsAt: '2024-05-12T00:00:00Z', followUpDays: 1 }),
      ).toISOString(),
    ).toBe('2024-05-13T00:00:00.000Z');
  });
});
