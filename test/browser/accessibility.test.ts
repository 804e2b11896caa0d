import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext } from 'playwright-core';
import { deliver, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { launchBrowser, signInInBrowser } from '../helpers/browser.js';
import { pullRequestPayload, reviewPayload } from '../helpers/examples.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { signInEnv } from '../helpers/sprint-room.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { addTask } from '../../src/store/tasks.js';

// axe-core's own bundle, run inside each page as its documentation shows (axe.run on the document).
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let github: GithubStandIn;
let app: AppUnderTest;
let browser: Browser;

type Role = 'anonymous' | 'sprinter' | 'leader' | 'organizer';
const PEOPLE: Record<Exclude<Role, 'anonymous'>, { id: number; login: string; name: string }> = {
  sprinter: { id: 5151, login: 'asha', name: 'Asha Rao' },
  leader: { id: 7001, login: 'leader1', name: 'Lea Der' },
  organizer: { id: 1, login: 'boss', name: 'The Organizer' },
};

const EVERYONE = [
  '/',
  '/events/test-sprint',
  '/events/test-sprint/leaderboard',
  '/events/test-sprint/leaderboard?view=projector',
  '/events/test-sprint/tasks',
  '/events/test-sprint/rules',
  '/events/test-sprint/report',
  '/events/pycon-pune-2017/report',
  '/events/test-sprint/join',
  '/nowhere',
];
const PAGES: Record<Role, string[]> = {
  anonymous: EVERYONE,
  sprinter: [...EVERYONE, '/sprinters/asha'],
  leader: [...EVERYONE, '/events/test-sprint/projects/1', '/events/test-sprint/projects/new'],
  organizer: [
    ...EVERYONE,
    '/events/test-sprint/manage',
    '/organize',
    '/organize/setup',
    '/events/test-sprint/projects/1',
  ],
};

beforeAll(async () => {
  github = await new GithubStandIn().start();
  app = await startApp(signInEnv(github, 'boss'));
  seedSprint(app.db, { sprinter: null });
  loadDemo(app.db);
  addTask(app.db, {
    eventId: 1,
    projectId: 1,
    title: 'Fix a typo in the tutorial',
    level: 'first-task',
    issueUrl: null,
    capacity: 2,
    createdBy: 'leader1',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await github?.stop();
});

/** A browser signed in as the role, through the sign-in a person uses; the sprinter has joined and holds a task. */
async function contextFor(role: Role, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  if (role === 'anonymous') return context;
  const page = await signInInBrowser(context, app.url, github, PEOPLE[role]);
  if (role === 'sprinter') {
    await page.goto(`${app.url}/events/test-sprint/join`);
    const join = page.getByRole('button', { name: 'Join the sprint' });
    if (await join.count()) {
      await join.click();
      await page.waitForURL(/\/tasks/);
      await page.getByRole('button', { name: 'Take it' }).first().click();
      await page.waitForURL(/done=claimed/);
      await deliver(app, 'pull_request', pullRequestPayload({ login: 'asha', userId: 5151, number: 61 }));
      await deliver(app, 'pull_request_review', reviewPayload({ number: 61, author: 'asha', authorId: 5151 }));
    }
  }
  await page.close();
  return context;
}

interface Violation {
  page: string;
  rule: string;
  impact: string | null;
  nodes: string[];
}

async function violationsOf(context: BrowserContext, path: string): Promise<Violation[]> {
  const page = await context.newPage();
  await page.goto(`${app.url}${path}`);
  await page.evaluate(axeSource);
  const result = await page.evaluate<{
    violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>;
  }>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`,
  );
  await page.close();
  return result.violations.map((v) => ({
    page: path,
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

describe('axe-core finds nothing to fix on any page, for any role, on desktop and phone', () => {
  test.each([
    ['anonymous', 'desktop'],
    ['anonymous', 'phone'],
    ['sprinter', 'desktop'],
    ['sprinter', 'phone'],
    ['leader', 'desktop'],
    ['leader', 'phone'],
    ['organizer', 'desktop'],
    ['organizer', 'phone'],
  ] as Array<[Role, 'desktop' | 'phone']>)(
    'as %s on %s',
    async (role, device) => {
      const context = await contextFor(
        role,
        device === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      );
      const found: Violation[] = [];
      for (const path of PAGES[role]) found.push(...(await violationsOf(context, path)));
      await context.close();
      expect(found).toEqual([]);
    },
    120_000,
  );
});
