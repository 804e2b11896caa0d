import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { GithubStandIn } from './github-standin.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(packageRoot, 'test-results', 'screenshots');

/** Debian's Chromium, headless; the flags keep it from reaching for the network this machine does not have. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Signs `person` in with GitHub in `context`, as a person does (the stand-in plays GitHub's consent), and
 * returns the page left on `next`.
 */
export async function signInInBrowser(
  context: BrowserContext,
  appUrl: string,
  github: GithubStandIn,
  person: { id: number; login: string; name: string },
  next = '/',
): Promise<Page> {
  const page = await context.newPage();
  github.nextUser = person;
  await page.goto(`${appUrl}/auth/login?next=${encodeURIComponent(next)}`);
  await page.waitForURL(`${appUrl}${next}`);
  return page;
}
