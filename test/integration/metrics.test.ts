import { afterEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { Metrics } from '../../src/metrics.js';

let app: AppUnderTest;
afterEach(async () => {
  await app.close();
});

const get = (headers: Record<string, string> = {}) => fetch(`${app.url}/metrics`, { headers });

describe('/metrics', () => {
  test('without METRICS_TOKEN it answers a scraper on this machine, and nothing a proxy relayed', async () => {
    app = await startApp({}, { metrics: new Metrics(() => 0) });
    const direct = await get();
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('devsprint_');
    // Whatever header a proxy on this machine marks a relayed request with, it is refused.
    for (const header of ['x-real-ip', 'x-forwarded-for', 'x-forwarded-host', 'forwarded', 'via']) {
      const relayed = await get({ [header]: header === 'via' ? '1.1 proxy' : '203.0.113.9' });
      expect([header, relayed.status]).toEqual([header, 403]);
      expect(await relayed.text()).toContain('METRICS_TOKEN');
    }
  });

  test('with METRICS_TOKEN it asks for the token as a bearer token, from anywhere', async () => {
    app = await startApp({ METRICS_TOKEN: 'a-metrics-token-0123' }, { metrics: new Metrics(() => 0) });
    const none = await get();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get({ authorization: 'Bearer a-metrics-token-012' })).status).toBe(401);
    expect((await get({ authorization: 'Bearer a-metrics-token-0123', 'x-real-ip': '203.0.113.9' })).status).toBe(200);
  });
});
