import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { exportHoldsSnapshot, seedLargeEvent, startPausedDownload } from '../helpers/large-export.js';
import { STALLED_CLIENT_MS } from '../../src/web/stream-lines.js';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startApp();
  seedLargeEvent(app, 10_000);
});
afterEach(async () => app.close());

test(
  'a download whose client vanished while its buffer was full is cut off, ending the export and its snapshot',
  async () => {
    const response = await startPausedDownload(app);
    const gone = Date.now();
    response.socket.resetAndDestroy();
    while (exportHoldsSnapshot(app) && Date.now() - gone < STALLED_CLIENT_MS + 10_000)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(exportHoldsSnapshot(app)).toBe(false);
    // Meanwhile the app went on serving.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  },
  STALLED_CLIENT_MS + 30_000,
);
