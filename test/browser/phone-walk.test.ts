import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { signInEnv } from '../helpers/sprint-room.js';
import { addTask } from '../../src/store/tasks.js';

let github: GithubStandIn;
let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  github = await new GithubStandIn().start();
  app = await startApp(signInEnv(github, ''));
  seedSprint(app.db, { sprinter: null });
  for (const [title, level] of [
    ['Fix a typo in the tutorial', 'first-task'],
    ['Port the CLI to argparse subcommands', 'intermediate'],
  ] as const)
    addTask(app.db, { eventId: 1, projectId: 1, title, level, issueUrl: null, capacity: 1, createdBy: 'leader1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await github?.stop();
});

/** A tap as a thumb makes it: the target must be at least 24×24 px (WCAG 2.2, 2.5.8) and on the page's width. */
async function tap(page: Page, target: Locator, taps: string[], name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  expect({ name, width: box.width >= 24, height: box.height >= 24 }).toEqual({ name, width: true, height: true });
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  taps.push(name);
  await target.click();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect({ url: page.url(), overflow }).toEqual({ url: page.url(), overflow: 0 });
}

describe('a newcomer on a phone', () => {
  test('from the QR code to a claimed task in at most six taps, no page scrolling sideways', async () => {
    github.nextUser = { id: 5151, login: 'asha', name: 'Asha Rao' };
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const taps: string[] = [];
    // The projector's QR code opens the join page.
    await page.goto(`${app.url}/events/test-sprint/join`);
    await noSidewaysScroll(page);
    await tap(page, page.getByRole('link', { name: 'Sign in with GitHub to join' }), taps, 'sign in');
    // GitHub's own consent screen is one tap for someone who never authorized the app (the stand-in skips it).
    taps.push('authorize on GitHub');
    await page.waitForURL(`${app.url}/events/test-sprint/join`);
    await noSidewaysScroll(page);
    await tap(page, page.getByRole('button', { name: 'Join the sprint' }), taps, 'join');
    await page.getByText("You're in! Here are the tasks for a first contribution.").waitFor();
    await noSidewaysScroll(page);
    // The first tasks only, each a card whose action is on the first screen with it.
    expect(await page.locator('tr[data-task]').count()).toBe(1);
    const card = page.locator('tr[data-task]', { hasText: 'Fix a typo in the tutorial' });
    const take = card.getByRole('button', { name: 'Take it' });
    const box = (await take.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-tasks.png'), fullPage: true });
    await tap(page, take, taps, 'take it');
    await page.getByText('It is yours: Fix a typo in the tutorial').waitFor();
    await noSidewaysScroll(page);
    expect(new URL(page.url()).searchParams.get('level')).toBe('first-task');
    expect(await card.getAttribute('data-state')).toBe('claimed');
    expect(await card.getByRole('button', { name: 'Give it back' }).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-claimed.png'), fullPage: true });
    expect(taps.length).toBeLessThanOrEqual(6);
    expect(taps).toEqual(['sign in', 'authorize on GitHub', 'join', 'take it']);
    await context.close();
  });
});
