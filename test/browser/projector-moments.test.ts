import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { closeEventReport } from '../../src/services/close-event.js';
import { getEvent } from '../../src/store/events.js';

// The app's clock runs from the seeded sprint's morning; the page takes the server's time as its own.
let app: AppUnderTest;
let browser: Browser;
let serverNow: () => Date;

beforeAll(async () => {
  const offset = Date.parse('2024-05-10T06:00:00.000Z') - Date.now();
  serverNow = () => new Date(Date.now() + offset);
  app = await startApp({}, { now: serverNow });
  seedSprint(app.db);
  joinEvent(app.db, 1, { displayName: 'Priya Sharma', githubLogin: 'priya', githubId: 6001 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function projector(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${app.url}/events/test-sprint/leaderboard?view=projector&seconds=120`);
  const deadline = Date.now() + 5000;
  while (app.hub.clientCount() === 0 && Date.now() < deadline) await page.waitForTimeout(25);
  return { page, errors };
}

async function merge(number: number): Promise<void> {
  const at = serverNow().toISOString();
  const opened = pullRequestPayload({ number, login: 'priya', userId: 6001, createdAt: '2024-05-10T05:00:00Z' });
  expect((await deliver(app, 'pull_request', opened)).status).toBe(200);
  const merged = pullRequestPayload({
    number,
    login: 'priya',
    userId: 6001,
    action: 'closed',
    merged: true,
    createdAt: '2024-05-10T05:00:00Z',
    closedAt: at,
  });
  expect((await deliver(app, 'pull_request', merged)).status).toBe(200);
}

describe('moments on the room screen', () => {
  test('a countdown to the end; a first merge is celebrated once, and the feed says it was merged seconds ago', async () => {
    const { page, errors } = await projector();
    // The sprint ends 2024-05-11 12:30 UTC; the server's clock reads 06:00 on the 10th.
    expect(await page.locator('[data-countdown]').textContent()).toMatch(/^30 h (29|30) min left$/);
    const banner = page.locator('[data-celebration]');
    expect(await banner.isVisible()).toBe(false);

    await merge(71);
    await banner.waitFor({ state: 'visible', timeout: 3000 });
    expect(await banner.textContent()).toBe('First pull request merged: well done, Priya Sharma!');
    // Opened an hour before, merged now: dated by the merge.
    const item = page.locator('[data-feed] li', { hasText: '#71' });
    expect(await item.locator('.ago').textContent()).toMatch(/^merged (just now|\d{2} s ago)$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'projector-celebration.png') });

    // A second merged pull request of hers is news in the feed, not a first.
    await page.evaluate(`document.querySelector('[data-celebration]').hidden = true`);
    await merge(72);
    await page.locator('[data-feed] li', { hasText: '#72' }).waitFor({ timeout: 3000 });
    expect(await banner.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('closing the event turns the invitation to join into one to read the report, on the screen already open', async () => {
    const { page, errors } = await projector();
    expect(await page.locator('.projector-join h2').textContent()).toBe('Join the sprint');
    expect(await page.locator('.projector-join svg').getAttribute('aria-label')).toBe('QR code of the join link');
    closeEventReport(app.db, getEvent(app.db, 1)!, 'organizer', serverNow());
    app.bus.publish({ eventId: 1, contributionIds: [] });
    await page.locator('.projector-join h2', { hasText: 'Thank you, everyone' }).waitFor({ timeout: 5000 });
    expect(await page.locator('[data-countdown]').textContent()).toBe('The sprint is over');
    expect(await page.locator('.projector-join svg').getAttribute('aria-label')).toBe('QR code of the report link');
    expect(await page.locator('.join-url').textContent()).toMatch(/\/events\/test-sprint\/(report|leaderboard)$/);

    // The event page no longer offers to join either.
    const event = await browser.newPage();
    await event.goto(`${app.url}/events/test-sprint`);
    expect(await event.getByRole('link', { name: 'Join the sprint' }).count()).toBe(0);
    expect(await event.getByRole('link', { name: 'Read the report' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await event.close();
    await page.close();
  });
});
