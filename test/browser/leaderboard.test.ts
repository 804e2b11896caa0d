import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { loadDemo } from '../../src/services/load-demo.js';

let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  seedSprint(app.db);
  joinEvent(app.db, 1, { displayName: 'Priya Sharma', githubLogin: 'priya', githubId: 6001 });
  loadDemo(app.db);
  await deliver(app, 'pull_request', pullRequestPayload({ number: 1, action: 'closed', merged: true, association: 'FIRST_TIME_CONTRIBUTOR' }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(`${app.url}${path}`);
  return { page, errors, dialogs };
}

describe('the leaderboard in a real browser', () => {
  test('a signed webhook for a new pull request appears without reload, and its hostile title stays text', async () => {
    const { page, errors, dialogs } = await open('/events/test-sprint/leaderboard');
    expect(await page.locator('[data-ranking] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-live-status]').textContent()).toBe('Updates live.');
    // Deliver only once the page's EventSource is connected to the server.
    const deadline = Date.now() + 5000;
    while (app.hub.clientCount() === 0 && Date.now() < deadline) await page.waitForTimeout(25);
    expect(app.hub.clientCount()).toBe(1);

    const title = '<img src=x onerror=alert(1)>';
    const response = await deliver(app, 'pull_request', pullRequestPayload({ number: 42, login: 'priya', userId: 6001, title }));
    expect(response.status).toBe(200);

    await page.locator('[data-ranking] tbody tr', { hasText: 'Priya Sharma' }).waitFor({ timeout: 3000 });
    expect(await page.locator('[data-total="pull_requests"]').textContent()).toBe('2');
    const feedTitle = page.locator('[data-feed] .title').first();
    expect(await feedTitle.textContent()).toBe(title);
    expect(await page.locator('[data-feed] img').count()).toBe(0);
    // Only the row whose numbers changed is highlighted, not every row of the first update.
    expect(await page.locator('[data-ranking] tr.flash').allTextContents()).toEqual([expect.stringContaining('Priya Sharma')]);
    // With the script running, the no-script reload does not apply.
    expect(await page.locator('noscript').count()).toBeGreaterThan(0);
    expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'leaderboard.png'), fullPage: true });
    await page.close();
  });

  test('the projector view renders large, and a phone-sized leaderboard fits the screen', async () => {
    const projector = await open('/events/pycon-pune-2017/leaderboard?view=projector', { width: 1920, height: 1080 });
    expect(await projector.page.locator('body.projector').count()).toBe(1);
    expect(await projector.page.locator('.site-header').isVisible()).toBe(false);
    await projector.page.screenshot({ path: join(SCREENSHOTS, 'projector.png') });
    expect(projector.errors).toEqual([]);
    await projector.page.close();

    const phone = await open('/events/pycon-pune-2017/leaderboard', { width: 375, height: 812 });
    const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'leaderboard-phone.png'), fullPage: true });
    await phone.page.close();
  });

  test('the report page shows both charts and every contribution; the CSP blocks nothing of ours', async () => {
    const { page, errors } = await open('/events/pycon-pune-2017/report');
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('.report-project').count()).toBe(8);
    expect(await page.locator('.report-project li').count()).toBe(42);
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('every page works with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/events/pycon-pune-2017/leaderboard`);
    expect(await page.locator('[data-ranking] tbody tr').count()).toBe(8);
    // Without JavaScript the page says how it stays fresh, and the browser reloads it: it does not claim to update live.
    expect(await page.locator('[data-live-status]').textContent()).toBe('Without JavaScript this page reloads itself every minute.');
    expect(await page.locator('head meta[http-equiv="refresh"]').getAttribute('content')).toBe('60');
    await page.goto(`${app.url}/events/pycon-pune-2017`);
    expect(await page.locator('.project-card').count()).toBe(8);
    await context.close();
  });
});
