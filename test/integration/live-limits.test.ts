import { afterEach, expect, test } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { SseClient } from '../helpers/sse.js';

let app: AppUnderTest;
const streams: SseClient[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await app.close();
});

async function open(): Promise<SseClient> {
  const stream = new SseClient(`${app.url}/events/test-sprint/stream`);
  streams.push(stream);
  const deadline = Date.now() + 3000;
  while (stream.status === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return stream;
}

test('streams past the per-address cap get 503 with Retry-After, while pages and webhooks are served', async () => {
  app = await startApp({ LIVE_STREAMS_MAX: '10', LIVE_STREAMS_PER_ADDRESS: '2' });
  seedSprint(app.db);
  expect([(await open()).status, (await open()).status]).toEqual([200, 200]);
  const refused = await open();
  expect(refused.status).toBe(503);
  expect(refused.headers?.['retry-after']).toBe('30');
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  expect((await deliver(app, 'pull_request', pullRequestPayload())).status).toBe(200);
  expect(app.hub.clientCount()).toBe(2);
  // A stream that ends frees its place.
  streams[0]!.close();
  const deadline = Date.now() + 3000;
  while (app.hub.clientCount() > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect((await open()).status).toBe(200);
});

test('streams past the total cap get 503 too', async () => {
  app = await startApp({ LIVE_STREAMS_MAX: '3', LIVE_STREAMS_PER_ADDRESS: '50' });
  seedSprint(app.db);
  for (let i = 0; i < 3; i += 1) expect((await open()).status).toBe(200);
  const refused = await open();
  expect(refused.status).toBe(503);
  expect(app.hub.clientCount()).toBe(3);
});

test('a bad limit setting stops start-up with a message that names it', async () => {
  await expect(startApp({ LIVE_STREAMS_MAX: 'lots' })).rejects.toThrow(
    /LIVE_STREAMS_MAX="lots" must be a positive whole number/,
  );
  app = await startApp();
});
