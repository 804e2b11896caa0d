import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { signInEnv } from '../helpers/sprint-room.js';

let github: GithubStandIn;
let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  github = await new GithubStandIn().start();
  app = await startApp(signInEnv(github, ''));
  seedSprint(app.db, { sprinter: null });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await github?.stop();
});

describe('people in a real browser', () => {
  test('a newcomer signs in with GitHub, joins, and appears on the event page', async () => {
    github.nextUser = { id: 4242, login: 'meera', name: 'Meera Nair' };
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/events/test-sprint`);
    // The first screen invites to join.
    await page.locator('.hero').getByRole('link', { name: 'Join the sprint' }).click();
    await page.getByRole('link', { name: 'Sign in with GitHub to join' }).click();
    await page.waitForURL(`${app.url}/events/test-sprint/join`);
    expect(await page.getByLabel('Display name').inputValue()).toBe('Meera Nair');
    await page.getByLabel('Display name').fill('Meera N.');
    await page.getByLabel('Commit e-mails (optional)').fill('meera@example.org');
    await page.getByRole('button', { name: 'Join the sprint' }).click();
    // Joining leads to the tasks for a first contribution, with the way to the rest of the sprint.
    await page.getByText("You're in! Here are the tasks for a first contribution.").waitFor();
    expect(new URL(page.url()).searchParams.get('level')).toBe('first-task');
    await page.getByRole('link', { name: 'Your work here' }).first().click();
    await page.getByText('You are a sprinter of Test Sprint').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'joined.png'), fullPage: true });
    await page.goto(`${app.url}/events/test-sprint`);
    expect(await page.locator('.sprinter-list li').first().textContent()).toContain('Meera N.');
    expect(await page.locator('[data-total="sprinters"]').textContent()).toBe('1');

    // On the leaderboard, "Find me" goes to her row, marked; a live update keeps it marked.
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'meera', userId: 4242, number: 31 }));
    await page.goto(`${app.url}/events/test-sprint/leaderboard`);
    await page.getByRole('link', { name: 'Find me' }).click();
    expect(new URL(page.url()).hash).toBe('#you');
    expect(await page.locator('tr.you .name').textContent()).toBe('Meera N.');
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'meera', userId: 4242, number: 32 }));
    await page.locator('tr.you td:nth-child(4)').filter({ hasText: '2' }).waitFor();
    expect(await page.locator('tr.you .you-badge').count()).toBe(1);
    await context.close();
  });

  test('a sprint leader registers a project and sees its page', async () => {
    github.nextUser = { id: 4343, login: 'kushal', name: 'Kushal' };
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/events/test-sprint`);
    await page.getByRole('link', { name: 'Register it' }).click();
    await page.waitForURL(`${app.url}/events/test-sprint/projects/new`);
    await page.getByLabel('Project', { exact: true }).fill('pagure:pagure');
    await page.getByLabel('What to work on').fill('Fix the docs, write tests for the API');
    await page.getByLabel('Web-hook key (Pagure, GitLab, Forgejo)').fill('Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0');
    await page.getByRole('button', { name: 'Register the project' }).click();
    await page
      .getByRole('heading', { name: /pagure/ })
      .first()
      .waitFor();
    // Pagure cannot say who may act for the project: it waits for an organizer, with the web-hook to set up meanwhile.
    expect(await page.locator('main').textContent()).toContain(
      'Your registration of pagure for Test Sprint is pending',
    );
    expect(await page.locator('main').textContent()).toContain(`${app.url}/api/pagure/webhooks`);
    await page.screenshot({ path: join(SCREENSHOTS, 'project.png'), fullPage: true });
    await page.goto(`${app.url}/events/test-sprint`);
    expect(await page.locator('.project-card', { hasText: 'pagure' }).textContent()).toContain('Fix the docs');
    await context.close();
  });
});
