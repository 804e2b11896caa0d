import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, SCREENSHOTS, signInInBrowser } from '../helpers/browser.js';
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
  const event = seedSprint(app.db, { sprinter: null });
  for (const title of ['Document the config file', 'Add a test for the CLI']) {
    addTask(app.db, {
      eventId: event.id,
      projectId: 1,
      title,
      level: 'first-task',
      issueUrl: null,
      capacity: 1,
      createdBy: 'leader1',
    });
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await github?.stop();
});

/** A newcomer signs in with GitHub and joins, in a browser context of their own. */
async function sprinter(
  person: { id: number; login: string; name: string },
  javaScriptEnabled = true,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await signInInBrowser(context, app.url, github, person, '/events/test-sprint/join');
  await page.getByRole('button', { name: 'Join the sprint' }).click();
  await page.getByText("You're in!").waitFor();
  return { context, page };
}

const row = (page: Page, title: string) => page.locator('tr[data-task]', { hasText: title });

describe('the task table in a real browser', () => {
  test("one sprinter takes a task; the other's open page shows it taken without a reload", async () => {
    const asha = await sprinter({ id: 7001, login: 'asha', name: 'Asha Rao' });
    const bo = await sprinter({ id: 7002, login: 'bo', name: 'Bo Chen' });
    const errors: string[] = [];
    bo.page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await asha.page.goto(`${app.url}/events/test-sprint/tasks`);
    await bo.page.goto(`${app.url}/events/test-sprint/tasks`);
    await bo.page.getByText('Updates live.').waitFor();
    expect(await row(bo.page, 'Document the config file').getByRole('button', { name: 'Take it' }).count()).toBe(1);

    await row(asha.page, 'Document the config file').getByRole('button', { name: 'Take it' }).click();
    await row(asha.page, 'Document the config file').getByRole('button', { name: 'Give it back' }).waitFor();
    const taken = Date.now();
    // Bo's page, untouched, follows: the state, the holder, and no button to take it.
    let elapsed = -1;
    while (Date.now() - taken < 5000) {
      if ((await row(bo.page, 'Document the config file').getAttribute('data-state')) === 'claimed') {
        elapsed = Date.now() - taken;
        break;
      }
      await bo.page.waitForTimeout(25);
    }
    process.stdout.write(`task shown taken on the other page after ${elapsed} ms\n`);
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(1000);
    expect(await row(bo.page, 'Document the config file').textContent()).toContain('@asha');
    expect(await row(bo.page, 'Document the config file').getByRole('button', { name: 'Take it' }).count()).toBe(0);
    // The other task is still free for Bo.
    expect(await row(bo.page, 'Add a test for the CLI').getByRole('button', { name: 'Take it' }).count()).toBe(1);
    await bo.page.screenshot({ path: join(SCREENSHOTS, 'tasks.png'), fullPage: true });
    expect(errors).toEqual([]);
    await asha.context.close();
    await bo.context.close();
  }, 60_000);

  test('the whole flow works with JavaScript off: filter, take, link, give back', async () => {
    const cy = await sprinter({ id: 7003, login: 'cy', name: 'Cy Okafor' }, false);
    const { page } = cy;
    // Filtered to one project; taking a task comes back to the same filter and says it is yours.
    await page.goto(`${app.url}/events/test-sprint/tasks?project=sprint-org%2Fsprint-repo`);
    await row(page, 'Add a test for the CLI').getByRole('button', { name: 'Take it' }).click();
    await page.waitForURL(
      /\/events\/test-sprint\/tasks\?project=sprint-org%2Fsprint-repo&done=claimed&task=\d+#task-\d+$/,
    );
    expect(await page.locator('.notice[role="status"]').textContent()).toContain('It is yours: Add a test for the CLI');
    expect(await page.getByLabel('Project').inputValue()).toBe('sprint-org/sprint-repo');
    expect(await row(page, 'Add a test for the CLI').getAttribute('data-state')).toBe('claimed');
    // Only free ones: the task just taken is no longer listed.
    await page.getByLabel('Only free ones').check();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/free=1/);
    expect(await row(page, 'Add a test for the CLI').count()).toBe(0);
    await page.goto(`${app.url}/events/test-sprint/tasks`);
    // Linking someone else's work is refused with the reason, as a page.
    await row(page, 'Add a test for the CLI')
      .getByLabel("Your pull request's link")
      .fill('https://github.com/sprint-org/sprint-repo/pull/404');
    await row(page, 'Add a test for the CLI').getByRole('button', { name: 'Link' }).click();
    expect(await page.locator('main').textContent()).toContain('is not a pull request this event has seen');
    await page.goto(`${app.url}/events/test-sprint/tasks`);
    await row(page, 'Add a test for the CLI').getByRole('button', { name: 'Give it back' }).click();
    await page.waitForURL(/done=released&task=\d+#task-\d+$/);
    expect(await page.locator('.notice[role="status"]').textContent()).toContain('Given back: Add a test for the CLI');
    expect(await row(page, 'Add a test for the CLI').getAttribute('data-state')).toBe('open');
    await cy.context.close();
  }, 60_000);
});
