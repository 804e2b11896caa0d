import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { fuzzDeliveries } from '../helpers/fuzz-run.js';
import { HOOK_KEY } from '../helpers/pagure-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { addProject } from '../../src/store/projects.js';

let app: AppUnderTest;
beforeAll(async () => {
  app = await startApp();
  const event = seedSprint(app.db);
  addProject(app.db, { eventId: event.id, forge: 'pagure', fullName: 'infra/example-tool', url: 'https://pagure.io/infra/example-tool', webhookKey: HOOK_KEY });
});
afterAll(async () => app.close());

test('10,000 mutated, validly signed GitHub and Pagure deliveries: no 5xx, never down, nothing invalid stored', async () => {
  const statuses = await fuzzDeliveries(app, 10_000, 424242);
  expect(Object.keys(statuses).every((s) => Number(s) < 500)).toBe(true);
}, 600_000);
