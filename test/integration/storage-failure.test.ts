import { sql } from '../helpers/sql.js';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { contributions, seedSprint, snapshot } from '../helpers/seed.js';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startApp();
  seedSprint(app.db);
  await deliver(app, 'pull_request', pullRequestPayload({ number: 1 }));
});
afterEach(async () => app.close());

test('a full database answers deliveries with 5xx (so they are redelivered), writes nothing partial, and recovers', async () => {
  // SQLite's page limit makes the file "full" at its current size: the same SQLITE_FULL a full disk gives.
  // VACUUM first, so no free pages inside the file (a migration's dropped table leaves some) take the writes.
  sql(app.db).exec('VACUUM');
  const pages = sql(app.db).pragma('page_count', { simple: true }) as number;
  sql(app.db).pragma(`max_page_count = ${pages}`);
  const before = snapshot(app.db);
  const payloads = Array.from({ length: 40 }, (_, i) => pullRequestPayload({ number: 100 + i, title: 'x'.repeat(4000) }));
  const statuses = [];
  for (const payload of payloads) statuses.push((await deliver(app, 'pull_request', payload, { id: `full-${payload.pull_request.number}` })).status);
  expect(statuses.every((s) => s >= 500)).toBe(true);
  expect(snapshot(app.db)).toBe(before);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

  sql(app.db).pragma('max_page_count = 1073741823');
  const retried = await deliver(app, 'pull_request', payloads[0], { id: 'full-100' });
  expect(retried.status).toBe(200);
  expect(contributions(app.db).map((c) => c.key)).toEqual(['1', '100']);
  expect(sql(app.db).pragma('integrity_check', { simple: true })).toBe('ok');
});

test('a read-only database answers 5xx and keeps serving pages', async () => {
  sql(app.db).pragma('query_only = ON');
  const response = await deliver(app, 'pull_request', pullRequestPayload({ number: 2 }));
  expect(response.status).toBe(500);
  expect((await fetch(`${app.url}/events/test-sprint/leaderboard.json`)).status).toBe(200);
  sql(app.db).pragma('query_only = OFF');
  expect((await deliver(app, 'pull_request', pullRequestPayload({ number: 2 }))).status).toBe(200);
});
