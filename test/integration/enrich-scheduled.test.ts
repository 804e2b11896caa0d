import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import { devsprint } from '../helpers/cli.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { aggregateMismatches, seedSprint } from '../helpers/seed.js';
import { signInEnv } from '../helpers/sprint-room.js';

let github: GithubStandIn;
let app: AppUnderTest;
let organizer: Visitor;

/** What GitHub says of a pull request opened during the seeded sprint (REST shape, trimmed to what is read). */
const pull = (number: number, login: string, id: number) => ({
  number,
  html_url: `https://github.com/sprint-org/sprint-repo/pull/${number}`,
  title: `Fix the docs, part ${number}`,
  state: 'closed',
  merged: true,
  merged_at: '2024-05-10T09:00:00Z',
  closed_at: '2024-05-10T09:00:00Z',
  created_at: '2024-05-10T06:00:00Z',
  updated_at: '2024-05-10T09:00:00Z',
  user: { login, id, type: 'User' },
  author_association: 'FIRST_TIME_CONTRIBUTOR',
  head: { sha: 'b'.repeat(40) },
  merge_commit_sha: null,
});

const importPad = (name: string, numbers: number[]) => {
  const path = join(app.dir, name);
  // The pad's bare list: a link a line.
  writeFileSync(path, numbers.map((n) => `https://github.com/sprint-org/sprint-repo/pull/${n}`).join('\n'));
  expect(devsprint(['import', 'test-sprint', path], { DATABASE_PATH: app.dbPath, LOG_LEVEL: 'silent' })).toMatchObject({
    status: 0,
  });
};
const reportItem = async (ref: string) =>
  (
    JSON.parse((await organizer.request('/events/test-sprint/report.json')).text) as {
      projects: Array<{ contributions: Array<{ ref: string }> }>;
    }
  ).projects
    .flatMap((p) => p.contributions)
    .find((c) => c.ref === ref);

beforeEach(async () => {
  github = await new GithubStandIn().start();
  app = await startApp({ ...signInEnv(github, 'boss'), GITHUB_TOKEN: 'test-token' }, { sync: true });
  seedSprint(app.db, { sprinter: null });
  organizer = await signIn(app, github, { id: 1, login: 'boss', name: 'Boss' });
  github.resources.set('/repos/sprint-org/sprint-repo/pulls/11', pull(11, 'asha', 7001));
  github.resources.set('/users/asha', { login: 'asha', id: 7001, name: 'Asha Rao' });
});

afterEach(async () => {
  expect(aggregateMismatches(app.db)).toEqual([]);
  await app.close();
  await github.stop();
});

describe('an imported list completed without the CLI', () => {
  test('the manage page offers it, and the organizer sees what was completed and what was not', async () => {
    importPad('pad.tsv', [11, 12]);
    const page = await organizer.request('/events/test-sprint/manage');
    expect(page.text).toContain('2 imported rows lack a state, a time or a title.');
    const done = await organizer.post('/events/test-sprint/enrich', {});
    expect(done.status).toBe(200);
    expect(done.text).toContain('Completed 1 of 2 imported rows.');
    expect(done.text).toContain(
      'https://github.com/sprint-org/sprint-repo/pull/12</a>: GitHub has no such pull request',
    );
    expect(await reportItem('11')).toMatchObject({
      title: 'Fix the docs, part 11',
      state: 'merged',
      sprinter: { name: 'Asha Rao', github: 'asha' },
    });
    // Only the organizers may ask: a stranger's post is refused.
    const stranger = await signIn(app, github, { id: 66, login: 'mallory', name: 'Mallory' });
    expect((await stranger.post('/events/test-sprint/enrich', {})).status).toBe(403);
  });

  test('polling rounds complete new imported rows once each, and leave complete ones alone', async () => {
    importPad('pad.tsv', [11, 12]);
    await app.sync!.pollAll();
    expect(await reportItem('11')).toMatchObject({ title: 'Fix the docs, part 11', state: 'merged' });
    const asked = () => github.requests.filter((r) => r.startsWith('GET /repos/sprint-org/sprint-repo/pulls/')).length;
    expect(asked()).toBe(2);
    // The unresolved row is not asked about again each round; a row imported later is.
    await app.sync!.pollAll();
    expect(asked()).toBe(2);
    github.resources.set('/repos/sprint-org/sprint-repo/pulls/13', pull(13, 'asha', 7001));
    importPad('more.tsv', [13]);
    await app.sync!.pollAll();
    expect(asked()).toBe(3);
    expect(await reportItem('13')).toMatchObject({ state: 'merged', sprinter: { github: 'asha' } });
  });
});
