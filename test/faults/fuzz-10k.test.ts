import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { AppUnderTest } from '../helpers/app-under-test.js';
import { fuzzDeliveries, startFuzzTarget } from '../helpers/fuzz-run.js';
import { aggregateMismatches } from '../helpers/seed.js';

let app: AppUnderTest;
beforeAll(async () => {
  app = await startFuzzTarget();
});
afterAll(async () => app.close());

test('10,000 mutated, validly signed GitHub and Pagure deliveries: no 5xx, never down, nothing invalid stored', async () => {
  const statuses = await fuzzDeliveries(app, 10_000, 424242);
  expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(10_000);
  expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  expect(statuses[200]).toBeGreaterThan(0);
  expect(statuses[400]).toBeGreaterThan(0);
  expect(aggregateMismatches(app.db)).toEqual([]);
}, 600_000);
