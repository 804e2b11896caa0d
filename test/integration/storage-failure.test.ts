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
  // VACUUM first, so no free pages inside the file (a migration's dropped table leaves some) take the writes;
  // then deliveries fill what room is left inside its pages (titles are capped, so a few still fit).
  sql(app.db).exec('VACUUM');
  const pages = sql(app.db).pragma('page_count', { simple: true }) as number;
  sql(app.db).pragma(`max_page_count = ${pages}`);
  let filled = 0;
  for (let n = 2; n < 500; n += 1) {
    const status = (
      await deliver(app, 'pull_request', pullRequestPayload({ number: n, title: 'f'.repeat(500) }), { id: `fill-${n}` })
    ).status;
    if (status >= 500) break;
    filled += 1;
  }
  expect(filled).toBeLessThan(498);
  const before = snapshot(app.db);
  const payloads = Array.from({ length: 40 }, (_, i) =>
    pullRequestPayload({ number: 1000 + i, title: 'x'.repeat(4000) }),
  );
  const statuses = [];
  for (const payload of payloads)
    statuses.push((await deliver(app, 'pull_request', payload, { id: `full-${payload.pull_request.number}` })).status);
  expect(statuses.filter((s) => s < 500)).toEqual([]);
  expect(snapshot(app.db)).toBe(before);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

  sql(app.db).pragma('max_page_count = 1073741823');
  const retried = await deliver(app, 'pull_request', payloads[0], { id: 'full-1000' });
  expect(retried.status).toBe(200);
  const stored = contributions(app.db);
  expect(stored).toHaveLength(filled + 2);
  // The title was cut to 500 characters, with an ellipsis.
  expect(stored.at(-1)).toMatchObject({ key: '1000', title: `${'x'.repeat(499)}…` });
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
