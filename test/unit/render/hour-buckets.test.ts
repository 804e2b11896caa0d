import { expect, test } from '@jest/globals';
import { bucketByHour } from '../../../src/render/svg-charts.js';

test.each([
  ['Asia/Kolkata (UTC+5:30)', 'Asia/Kolkata', '2017-02-18T03:30:00.000Z', '2017-02-18T04:10:00.000Z', '2017-02-18T03:30:00.000Z'],
  ['Asia/Kathmandu (UTC+5:45)', 'Asia/Kathmandu', '2024-05-10T03:15:00.000Z', '2024-05-10T04:14:00.000Z', '2024-05-10T03:15:00.000Z'],
  ['a start at 09:20 local', 'Asia/Kolkata', '2017-02-18T03:50:00.000Z', '2017-02-18T04:29:00.000Z', '2017-02-18T03:30:00.000Z'],
  ['UTC', 'UTC', '2024-05-10T09:00:00.000Z', '2024-05-10T09:59:00.000Z', '2024-05-10T09:00:00.000Z'],
])('hours start on the event\'s clocks: %s', (_label, zone, startsAt, instant, firstBucket) => {
  const buckets = bucketByHour([instant], startsAt, new Date(Date.parse(startsAt) + 6 * 3_600_000).toISOString(), zone);
  expect(buckets[0]!.start).toBe(firstBucket);
  expect(buckets[0]!.count).toBe(1);
  expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(1);
});
