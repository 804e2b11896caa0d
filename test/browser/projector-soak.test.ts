import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser } from '../helpers/browser.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { addProject } from '../../src/store/projects.js';

// The room's screen for three minutes while a delivery arrives every ten seconds: every second, what is on
// screen (heading, totals, rows and feed) is one view's, as leaderboard.json gives that view.
const RUN_MS = 180_000;
const DELIVERY_EVERY_MS = 10_000;
const REPOS = ['sprint-org/sprint-repo', 'sprint-org/docs', 'sprint-org/cli', 'sprint-org/web'];

let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  seedSprint(app.db);
  for (const repo of REPOS.slice(1))
    addProject(app.db, { eventId: 1, forge: 'github', fullName: repo, url: `https://github.com/${repo}` });
  for (let i = 0; i < 12; i += 1)
    joinEvent(app.db, 1, { displayName: `Sprinter ${i}`, githubLogin: `sprinter-${i}`, githubId: 9100 + i });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface OnScreen {
  heading: string;
  totals: Record<string, string>;
  names: string[];
  feed: string | null;
}

describe('the projector over three minutes of deliveries', () => {
  test('every second shows one view, and agrees with leaderboard.json for it', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/events/test-sprint/leaderboard?view=projector&seconds=5`);
    const started = Date.now();
    let lastDelivery = 0;
    let delivered = 0;
    const mismatches: string[] = [];
    const views = new Set<string>();
    let samples = 0;
    while (Date.now() - started < RUN_MS) {
      if (Date.now() - lastDelivery >= DELIVERY_EVERY_MS) {
        const n = delivered++;
        await deliver(
          app,
          'pull_request',
          pullRequestPayload({
            repo: REPOS[n % REPOS.length],
            number: 100 + n,
            login: `sprinter-${n % 12}`,
            userId: 9100 + (n % 12),
            action: n % 3 === 0 ? 'closed' : 'opened',
            merged: n % 3 === 0,
          }),
        );
        lastDelivery = Date.now();
      }
      await page.waitForTimeout(1000);
      const shown = await page.evaluate<OnScreen>(`({
        heading: document.querySelector('[data-projector-title]').textContent,
        totals: Object.fromEntries([...document.querySelectorAll('[data-total]')].map((d) => [d.dataset.total, d.textContent])),
        names: [...document.querySelectorAll('[data-ranking] tbody .name')].map((n) => n.textContent),
        feed: document.querySelector('[data-feed] li[data-url]')?.dataset.url ?? null,
      })`);
      const project = shown.heading === 'Test Sprint' ? null : shown.heading;
      const board = (await (
        await fetch(
          `${app.url}/events/test-sprint/leaderboard.json${project ? `?project=${encodeURIComponent(project)}` : ''}`,
        )
      ).json()) as {
        totals: Record<string, number>;
        sprinters: Array<{ name: string }>;
        latest: Array<{ url: string }>;
      };
      // Within a second of a delivery the screen may still show the moment before it.
      if (Date.now() - lastDelivery < 1000) continue;
      samples += 1;
      views.add(shown.heading);
      const expected = {
        heading: shown.heading,
        totals: Object.fromEntries(Object.keys(shown.totals).map((k) => [k, String(board.totals[k])])),
        names: board.sprinters.map((s) => s.name),
        feed: board.latest[0]?.url ?? null,
      };
      if (JSON.stringify(shown) !== JSON.stringify(expected))
        mismatches.push(
          `${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(shown)} vs ${JSON.stringify(expected)}`,
        );
    }
    await page.close();
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
    expect(delivered).toBeGreaterThanOrEqual(17);
    // Most seconds were judged, across the event's view and its projects'.
    expect(samples).toBeGreaterThan(120);
    expect(views.size).toBeGreaterThanOrEqual(3);
  }, 240_000);
});
