import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { AppUnderTest } from '../helpers/app-under-test.js';
import { fuzzDeliveries, startFuzzTarget } from '../helpers/fuzz-run.js';
import { aggregateMismatches } from '../helpers/seed.js';

let app: AppUnderTest;
beforeAll(async () => {
  app = await startFuzzTarget();
});
afterAll(async () => app.close());

test('1,000 mutated, validly signed deliveries: no 5xx, still healthy, nothing invalid stored (10,000 in npm run test:faults)', async () => {
  const statuses = await fuzzDeliveries(app, 1000);
  // Every case was answered, none with a server error (the run also stops at the first 5xx, naming the case).
  expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(1000);
  expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  expect(statuses[200]).toBeGreaterThan(0);
  expect(statuses[400]).toBeGreaterThan(0);
  expect(aggregateMismatches(app.db)).toEqual([]);
}, 120_000);
