import { expect } from '@jest/globals';
import { startApp, type AppUnderTest } from './app-under-test.js';
import { signIn, type Visitor } from './browser-session.js';
import { GithubStandIn } from './github-standin.js';
import { aggregateMismatches, seedSprint } from './seed.js';

/** The settings that point sign-in and GitHub's API at a stand-in: its client, its URLs, one organizer. */
export function signInEnv(github: GithubStandIn, organizers = 'boss'): Record<string, string> {
  return {
    GITHUB_CLIENT_ID: 'Iv1.test',
    GITHUB_CLIENT_SECRET: 'test-client-secret',
    GITHUB_URL: github.url,
    GITHUB_API_URL: github.url,
    ORGANIZERS: organizers,
  };
}

export interface SprintRoom {
  github: GithubStandIn;
  app: AppUnderTest;
  /** `boss` (account 1), signed in. */
  organizer: Visitor;
}

/** The seeded test sprint (no sprinter yet) on an app whose sign-in goes to a stand-in GitHub, with its organizer signed in. */
export async function openSprintRoom(): Promise<SprintRoom> {
  const github = await new GithubStandIn().start();
  const app = await startApp(signInEnv(github, 'Boss'));
  seedSprint(app.db, { sprinter: null });
  const organizer = await signIn(app, github, { id: 1, login: 'boss', name: 'Boss' });
  return { github, app, organizer };
}

/** Whatever a test did, the aggregates kept by deltas still equal a recount; then everything stops. */
export async function closeSprintRoom(room: SprintRoom): Promise<void> {
  expect(aggregateMismatches(room.app.db)).toEqual([]);
  await room.app.close();
  await room.github.stop();
}
