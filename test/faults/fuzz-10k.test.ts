import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { AppUnderTest } from '../helpers/app-under-test.js';
import { fuzzDeliveries, startFuzzTarget } from '../helpers/fuzz-run.js';

let app: AppUnderTest;
beforeAll(async () => {
  app = await startFuzzTarget();
});
afterAll(async () => app.close());

test('10,000 mutated, validly signed GitHub and Pagure deliveries: no 5xx, never down, nothing invalid stored', async () => {
  const statuses = await fuzzDeliveries(app, 10_000, 424242);
  expect(Object.keys(statuses).every((s) => Number(s) < 500)).toBe(true);
}, 600_000);
