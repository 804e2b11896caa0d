import { describe, expect, test } from '@jest/globals';
import { bucketByHour, projectChart } from '../../../src/render/svg-charts.js';

test.each([
  [
    'Asia/Kolkata (UTC+5:30)',
    'Asia/Kolkata',
    '2017-02-18T03:30:00.000Z',
    '2017-02-18T04:10:00.000Z',
    '2017-02-18T03:30:00.000Z',
  ],
  [
    'Asia/Kathmandu (UTC+5:45)',
    'Asia/Kathmandu',
    '2024-05-10T03:15:00.000Z',
    '2024-05-10T04:14:00.000Z',
    '2024-05-10T03:15:00.000Z',
  ],
  [
    'a start at 09:20 local',
    'Asia/Kolkata',
    '2017-02-18T03:50:00.000Z',
    '2017-02-18T04:29:00.000Z',
    '2017-02-18T03:30:00.000Z',
  ],
  ['UTC', 'UTC', '2024-05-10T09:00:00.000Z', '2024-05-10T09:59:00.000Z', '2024-05-10T09:00:00.000Z'],
])("hours start on the event's clocks: %s", (_label, zone, startsAt, instant, firstBucket) => {
  const buckets = bucketByHour([instant], startsAt, new Date(Date.parse(startsAt) + 6 * 3_600_000).toISOString(), zone);
  expect(buckets[0]!.start).toBe(firstBucket);
  expect(buckets[0]!.count).toBe(1);
  expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(1);
});

describe('the chart by project', () => {
  test('draws bars by size, largest first, in whatever order the projects come', () => {
    const svg = projectChart([
      { name: 'django/django', count: 1 },
      { name: 'python/cpython', count: 13 },
      { name: 'pagure', count: 4 },
    ]);
    expect([...svg.matchAll(/<text class="label"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      'python/cpython',
      'pagure',
      'django/django',
    ]);
  });

  test('draws the narrow version for phones with shorter names', () => {
    const svg = projectChart([{ name: 'a-very-long-organization/a-very-long-repository', count: 2 }], 'narrow');
    expect(svg).toContain('viewBox="0 0 340 ');
    expect(svg).toContain('>a-very-long-organiza…<');
  });
});
