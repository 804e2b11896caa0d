import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { exportHoldsSnapshot, seedLargeEvent, startPausedDownload } from '../helpers/large-export.js';

const ROWS = 10_000;
let app: AppUnderTest;

beforeEach(async () => {
  app = await startApp();
  seedLargeEvent(app, ROWS);
});
afterEach(async () => app.close());

test('a large CSV download streams from one snapshot while the app answers and writes meanwhile', async () => {
  const response = await startPausedDownload(app);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${app.url}/events/test-sprint/leaderboard.json`)).status).toBe(200);

  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.resume();
  await new Promise((resolve) => response.on('end', resolve));
  const text = Buffer.concat(chunks).toString('utf8');
  const lines = text.split('\r\n').filter(Boolean);
  expect(lines).toHaveLength(ROWS + 1);
  expect(lines[ROWS]).toContain(`Change number ${ROWS}`);
  expect(text).not.toContain('Landed during the export');
  expect(exportHoldsSnapshot(app)).toBe(false);
});
