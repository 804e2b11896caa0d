import { addTask } from '../../src/store/tasks.js';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.js';
import { pullRequestPayload, reviewPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { joinEvent } from '../../src/services/join-event.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { importList } from '../../src/services/import-list.js';
import { parseContributionList } from '../../src/sources/tsv/parse-list.js';
import { createEvent, setRanking } from '../../src/store/events.js';

let app: AppUnderTest;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  seedSprint(app.db);
  joinEvent(app.db, 1, { displayName: 'Priya Sharma', githubLogin: 'priya', githubId: 6001 });
  loadDemo(app.db);
  // A big room: thirty named sprinters on one project, and a project whose only row names nobody.
  const room = createEvent(app.db, {
    slug: 'big-room',
    name: 'Big Room Sprint',
    startsAt: '2024-05-10T03:30:00.000Z',
    endsAt: '2024-05-11T12:30:00.000Z',
    timeZone: 'Asia/Kolkata',
  });
  const rows = Array.from(
    { length: 30 },
    (_, i) =>
      `github\troom/app\tpull_request\thttps://github.com/room/app/pull/${i + 1}\tSprinter ${String(i + 1).padStart(2, '0')}\tsprinter-${i + 1}\tWork ${i + 1}`,
  );
  importList(
    app.db,
    room,
    parseContributionList(
      [
        'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle',
        ...rows,
        'github\troom/docs\tpull_request\thttps://github.com/room/docs/pull/1\t\t\tDocs',
      ].join('\n'),
    ).rows,
  );
  await deliver(
    app,
    'pull_request',
    pullRequestPayload({ number: 1, action: 'closed', merged: true, association: 'FIRST_TIME_CONTRIBUTOR' }),
  );
  addTask(app.db, {
    eventId: 1,
    projectId: 1,
    title: 'Write the upgrade guide',
    level: 'intermediate',
    issueUrl: null,
    capacity: 1,
    createdBy: 'leader1',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(
  path: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
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
    const response = await deliver(
      app,
      'pull_request',
      pullRequestPayload({ number: 42, login: 'priya', userId: 6001, title }),
    );
    expect(response.status).toBe(200);

    await page.locator('[data-ranking] tbody tr', { hasText: 'Priya Sharma' }).waitFor({ timeout: 3000 });
    expect(await page.locator('[data-total="pull_requests"]').textContent()).toBe('2');
    expect(await page.locator('[data-total-note]:visible').count()).toBe(0);
    const feedTitle = page.locator('[data-feed] .title').first();
    expect(await feedTitle.textContent()).toBe(title);
    expect(await page.locator('[data-feed] img').count()).toBe(0);
    // Only the row whose numbers changed is highlighted, not every row of the first update.
    expect(await page.locator('[data-ranking] tr.flash').allTextContents()).toEqual([
      expect.stringContaining('Priya Sharma'),
    ]);
    // With the script running, the no-script reload does not apply.
    expect(await page.locator('noscript').count()).toBeGreaterThan(0);
    expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'leaderboard.png'), fullPage: true });
    await page.close();
  });

  test('the projector at 1080p pages through all thirty sprinters, then shows each project with its own heading, totals and rows', async () => {
    const { page, errors } = await open('/events/big-room/leaderboard?view=projector&seconds=2', {
      width: 1920,
      height: 1080,
    });
    const seen = new Set<string>();
    let mostOnOnePage = 0;
    const title = page.locator('[data-projector-title]');
    const deadline = Date.now() + 30_000;
    while (seen.size < 30 && Date.now() < deadline) {
      if ((await title.textContent()) === 'Big Room Sprint') {
        const names = await page.locator('[data-ranking] tbody tr:not([hidden]) .name').allTextContents();
        for (const name of names) seen.add(name);
        mostOnOnePage = Math.max(mostOnOnePage, names.length);
      }
      await page.waitForTimeout(250);
    }
    expect(seen.size).toBe(30);
    expect(await page.locator('[data-ranking-page]').textContent()).toMatch(
      /^(Page \d of \d: places \d+ to \d+ of 30)?$/,
    );
    // Labels are read from the back of the room too: no smaller than 70% of the names beside them.
    const sizes = await page.evaluate<number[]>(
      `[...document.querySelectorAll('.ranking thead th, .totals dt')].map((e) => parseFloat(getComputedStyle(e).fontSize)).concat([parseFloat(getComputedStyle(document.querySelector('.ranking tbody .name')).fontSize)])`,
    );
    const name = sizes.pop()!;
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(0.7 * name);
    // A badge or a total's note beside a name is read from as far.
    const smallest = await page.evaluate<number>(`(() => {
      const cell = document.querySelector('.ranking tbody th[scope="row"]');
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'first time';
      cell.append(badge);
      const size = parseFloat(getComputedStyle(badge).fontSize);
      badge.remove();
      return Math.min(size, ...[...document.querySelectorAll('.totals dd.total-note')].map((e) => parseFloat(getComputedStyle(e).fontSize)));
    })()`);
    expect(smallest).toBeGreaterThanOrEqual(0.7 * name);
    // At least fifteen sprinters a page at 1080p, so a room of thirty is two pages.
    expect(mostOnOnePage).toBeGreaterThanOrEqual(15);
    // The project with no named sprinter: its own title and totals, and no rows left over from the view before.
    const until = Date.now() + 30_000;
    while ((await title.textContent()) !== 'room/docs' && Date.now() < until) await page.waitForTimeout(100);
    expect(await title.textContent()).toBe('room/docs');
    expect(await page.locator('[data-ranking] tbody').textContent()).toContain('No named sprinter on room/docs yet.');
    expect(await page.locator('[data-ranking] tbody .name').count()).toBe(0);
    expect(await page.locator('[data-total="pull_requests"]').textContent()).toBe('1');
    expect(await page.locator('[data-ranking] caption').textContent()).toBe('Sprinters on room/docs');
    expect(await page.locator('.projector-join svg.qr').count()).toBe(1);
    expect(await page.locator('.join-url').textContent()).toMatch(/\/events\/big-room\/join$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'projector-project.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  test('deliveries while the projector shows a project keep that project on screen: heading, totals and rows always agree', async () => {
    const { page, errors } = await open('/events/big-room/leaderboard?view=projector&seconds=2', {
      width: 1920,
      height: 1080,
    });
    const title = page.locator('[data-projector-title]');
    const views: Record<string, string> = { 'Big Room Sprint': '', 'room/app': 'room/app', 'room/docs': 'room/docs' };
    const mismatches: string[] = [];
    let samples = 0;
    const seenViews = new Set<string>();
    for (let i = 0; i < 14; i += 1) {
      // A sprinter's pull request on room/app: the whole event's numbers change, room/docs's do not.
      await deliver(
        app,
        'pull_request',
        pullRequestPayload({ repo: 'room/app', number: 500 + i, login: 'sprinter-2', userId: 8200 }),
      );
      // Updates reach the page in well under a second; then what is on screen must be one view's.
      await page.waitForTimeout(1100);
      const shown = (await title.textContent()) ?? '';
      const query = views[shown] ? `?project=${encodeURIComponent(views[shown])}` : '';
      const [onScreen, expected] = await Promise.all([
        page.evaluate<{ pullRequests: string; rows: number }>(`({
          pullRequests: document.querySelector('[data-total="pull_requests"]').textContent,
          rows: document.querySelectorAll('[data-ranking] tbody .name').length,
        })`),
        fetch(`${app.url}/events/big-room/leaderboard.json${query}`).then(
          (r) => r.json() as Promise<{ totals: { pull_requests: number }; sprinters: unknown[] }>,
        ),
      ]);
      // The cycle may have moved on while sampling: only a sample whose heading held throughout is judged.
      if ((await title.textContent()) !== shown) continue;
      samples += 1;
      seenViews.add(shown);
      if (
        onScreen.pullRequests !== String(expected.totals.pull_requests) ||
        onScreen.rows !== expected.sprinters.length
      )
        mismatches.push(
          `${i} ${shown}: ${JSON.stringify(onScreen)} vs ${expected.totals.pull_requests}/${expected.sprinters.length}`,
        );
    }
    expect(mismatches).toEqual([]);
    expect(samples).toBeGreaterThanOrEqual(8);
    expect(seenViews.has('room/docs') || seenViews.has('room/app')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  test('between ranking pages the projector shows what is still free to take', async () => {
    const { page, errors } = await open('/events/test-sprint/leaderboard?view=projector&seconds=2', {
      width: 1920,
      height: 1080,
    });
    const panel = page.locator('[data-projector-tasks]');
    const deadline = Date.now() + 10_000;
    while (!(await panel.isVisible()) && Date.now() < deadline) await page.waitForTimeout(100);
    expect(await panel.locator('li').allTextContents()).toEqual([
      'Write the upgrade guide sprint-org/sprint-repo · intermediate',
    ]);
    expect(await page.locator('[data-ranking]').isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'projector-tasks.png') });
    // And back to the ranking at the next turn.
    while ((await panel.isVisible()) && Date.now() < deadline + 5000) await page.waitForTimeout(100);
    expect(await page.locator('[data-ranking]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  test.each([
    [1280, 720],
    [1920, 1080],
    [3840, 2160],
  ])('at %ix%i every label fits its card and the ranking fits the screen', async (width, height) => {
    const { page, errors } = await open('/events/pycon-pune-2017/leaderboard?view=projector', { width, height });
    const spills = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.projector-board .totals div, .projector-board .totals dt')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.trim())`,
    );
    expect(spills).toEqual([]);
    // The nine totals in one row of tiles, leaving the height to the ranking.
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll('.projector-board .totals div')].map((e) => Math.round(e.getBoundingClientRect().top))`,
    );
    expect(new Set(tops).size).toBe(1);
    // Every row the page shows is on the screen, above the fold.
    const bottom = await page.evaluate<number>(
      `Math.max(...[...document.querySelectorAll('[data-ranking] tbody tr:not([hidden])')].map((r) => r.getBoundingClientRect().bottom))`,
    );
    expect(bottom).toBeLessThanOrEqual(height);
    await page.screenshot({ path: join(SCREENSHOTS, `projector-${height}p.png`) });
    expect(errors).toEqual([]);
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
    // The list gave no states and named nobody on 26 rows: the tiles say so rather than showing "Merged 0" alone.
    expect(await phone.page.locator('[data-total-note="state_unknown"]:visible').textContent()).toBe(
      'state not known for 33',
    );
    expect(await phone.page.locator('[data-total-note="unnamed"]:visible').textContent()).toBe('and 26 without a name');
    const overflow = await phone.page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The tables themselves fit too: no column (Commits, the last) is cut or scrolled away.
    const tableOverflow = await phone.page.evaluate<number[]>(
      `[...document.querySelectorAll('.table-wrap')].map((w) => w.scrollWidth - w.clientWidth)`,
    );
    expect(Math.max(...tableOverflow)).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'leaderboard-phone.png'), fullPage: true });
    await phone.page.close();
  });

  test('the report page shows its charts and every contribution; the CSP blocks nothing of ours', async () => {
    const { page, errors } = await open('/events/pycon-pune-2017/report');
    // The published list gave no times: the chart by project, and a sentence instead of a chart by hour.
    expect(await page.locator('svg.chart:visible').count()).toBe(1);
    expect(await page.getByText('The list gave no times').count()).toBe(1);
    expect(await page.locator('.report-project').count()).toBe(8);
    expect(await page.locator('.report-project li').count()).toBe(42);
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
    // Work that came in with its times gets both charts.
    const timed = await open('/events/test-sprint/report');
    expect(await timed.page.locator('svg.chart:visible').count()).toBe(2);
    expect(timed.errors).toEqual([]);
    await timed.page.close();
  });

  test("on a phone the report's charts are drawn for its width: no label under 11 px, no sideways scroll", async () => {
    for (const path of ['/events/pycon-pune-2017/report', '/events/test-sprint/report']) {
      const { page, errors } = await open(path, { width: 390, height: 844 });
      // A label's size on screen: its font size in the drawing's units times the drawing's scale.
      const sizes = await page.evaluate<
        number[]
      >(`[...document.querySelectorAll('svg.chart')].filter((svg) => svg.getBoundingClientRect().width > 0)
        .flatMap((svg) => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale); })`);
      expect(sizes.length).toBeGreaterThan(5);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
      expect(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      ).toBeLessThanOrEqual(0);
      if (path.includes('pune')) await page.screenshot({ path: join(SCREENSHOTS, 'report-phone.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  test('every page works with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/events/pycon-pune-2017/leaderboard`);
    expect(await page.locator('[data-ranking] tbody tr').count()).toBe(8);
    // Without JavaScript the page says how it stays fresh, and the browser reloads it: it does not claim to update live.
    expect(await page.locator('[data-live-status]').textContent()).toBe(
      'Without JavaScript this page reloads itself every minute.',
    );
    expect(await page.locator('head meta[http-equiv="refresh"]').getAttribute('content')).toBe('60');
    await page.goto(`${app.url}/events/pycon-pune-2017`);
    expect(await page.locator('.project-card').count()).toBe(8);
    await context.close();
  });

  test('a review shows in its column live; switching the event to points redraws the table with the points column', async () => {
    const { page, errors } = await open('/events/test-sprint/leaderboard');
    const deadline = Date.now() + 5000;
    while (app.hub.clientCount() === 0 && Date.now() < deadline) await page.waitForTimeout(25);
    const priya = page.locator('[data-ranking] tbody tr', { hasText: 'Priya Sharma' });
    const reviewsColumn = await page.locator('[data-ranking] thead th').allTextContents();
    expect(reviewsColumn).toEqual(['Rank', 'Sprinter', 'Merged', 'PRs', 'Commits', 'Reviews', 'Issues']);
    expect((await priya.locator('td').allTextContents()).slice(-2)).toEqual(['0', '0']);
    expect(
      (await deliver(app, 'pull_request_review', reviewPayload({ reviewer: 'priya', reviewerId: 6001, number: 1 })))
        .status,
    ).toBe(200);
    const until = Date.now() + 3000;
    while ((await priya.locator('td').allTextContents()).at(-2) !== '1' && Date.now() < until)
      await page.waitForTimeout(25);
    expect((await priya.locator('td').allTextContents()).slice(-2)).toEqual(['1', '0']);
    expect(await page.locator('[data-total="reviews"]').textContent()).toBe('1');
    expect(await page.locator('[data-feed] li').first().textContent()).toMatch(/^review of sprint-org\/sprint-repo #1/);

    setRanking(app.db, 1, { scoring: 'points', rankLeaders: true }, 'organizer');
    await deliver(app, 'pull_request_review', reviewPayload({ reviewer: 'priya', reviewerId: 6001, number: 2 }));
    await page.locator('[data-ranking] thead th', { hasText: 'Points' }).waitFor({ timeout: 5000 });
    expect(await page.locator('[data-ranking] caption').textContent()).toBe('Sprinters, by points');
    expect(await page.locator('[data-scoring-formula]').textContent()).toContain('2 for each pull request reviewed');
    setRanking(app.db, 1, { scoring: 'ranked', rankLeaders: true }, 'organizer');
    expect(errors).toEqual([]);
    await page.close();
  });
});
