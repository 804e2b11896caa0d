import { addTask } from '../../src/store/tasks.js';
import { linkForgeAccount } from '../../src/store/forge-accounts.js';
import { sql } from '../helpers/sql.js';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, Visitor } from '../helpers/browser-session.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { deliver } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { seedSprint } from '../helpers/seed.js';
import { addProject } from '../../src/store/projects.js';
import { recordOutcome } from '../../src/services/record-outcome.js';
import { registerProject } from '../../src/services/register-project.js';
import { getEvent } from '../../src/store/events.js';
import { signInEnv } from '../helpers/sprint-room.js';

/**
 * Each role against each write route. Every forbidden cell must answer 403 and leave the database
 * file byte-for-byte as it was; so must every request without or with a wrong CSRF token.
 */
type Role = 'anonymous' | 'stranger' | 'sprinter' | 'pending' | 'other-leader' | 'leader' | 'organizer';
const ROLES: Role[] = ['anonymous', 'stranger', 'sprinter', 'pending', 'other-leader', 'leader', 'organizer'];

let github: GithubStandIn;
let app: AppUnderTest;
const visitors = new Map<Role, Visitor>();
const tokens = new Map<Role, string>();
let outcomeId = 0;

interface Route {
  name: string;
  path: () => string;
  form: Record<string, string>;
  allowed: Role[];
}

const ROUTES: Route[] = [
  {
    name: 'create an event',
    path: () => '/organize/events',
    form: { slug: 'new-one', name: 'New', timeZone: 'UTC', starts: '2025-01-01T09:00', ends: '2025-01-02T18:00' },
    allowed: ['organizer'],
  },
  { name: 'add an organizer', path: () => '/organizers', form: { login: 'someone' }, allowed: ['organizer'] },
  {
    name: 'edit the event',
    path: () => '/events/test-sprint/manage',
    form: { name: 'Renamed', timeZone: 'UTC', starts: '2024-05-10T03:30', ends: '2024-05-11T12:30' },
    allowed: ['organizer'],
  },
  {
    name: 'import ticket holders',
    path: () => '/events/test-sprint/tickets',
    form: { csv: 'name,email,github\nA,a@example.org,aa' },
    allowed: ['organizer'],
  },
  {
    name: "confirm a sprinter's GitLab account",
    path: () => '/events/test-sprint/accounts/confirm',
    form: { sprinter: '1', account: 'gitlab:gitlab.com/sprinter-one' },
    allowed: ['organizer'],
  },
  {
    name: 'give an account to a sprinter',
    path: () => '/events/test-sprint/accounts/reassign',
    form: { account: 'pagure:sprinter-one', to: 'sprinter1' },
    allowed: ['organizer'],
  },
  {
    name: "unlink a sprinter's account",
    path: () => '/events/test-sprint/accounts/unlink',
    form: { sprinter: '1', account: 'gitlab:gitlab.com/sprinter-one' },
    allowed: ['organizer'],
  },
  {
    name: 'choose the ranking',
    path: () => '/events/test-sprint/ranking',
    form: { scoring: 'points' },
    allowed: ['organizer'],
  },
  {
    name: "order the report's projects",
    path: () => '/events/test-sprint/report-order',
    form: { position_2: '1' },
    allowed: ['organizer'],
  },
  {
    name: 'add a sprint leader',
    path: () => '/events/test-sprint/projects/1/leaders',
    form: { login: 'newleader' },
    allowed: ['organizer'],
  },
  {
    name: "edit a project's pitch",
    path: () => '/events/test-sprint/projects/1',
    form: { description: 'Changed pitch' },
    allowed: ['leader', 'organizer'],
  },
  {
    name: "change a project's bot",
    path: () => '/events/test-sprint/projects/1/bot',
    form: { enabled: 'on', welcome: 'on' },
    allowed: ['leader', 'organizer'],
  },
  {
    name: "edit a pending project's pitch",
    path: () => '/events/test-sprint/projects/3',
    form: { description: 'Mine now' },
    allowed: ['organizer'],
  },
  {
    name: "turn on a pending project's bot",
    path: () => '/events/test-sprint/projects/3/bot',
    form: { enabled: 'on', welcome: 'on', welcomeTemplate: 'Claim your prize: https://evil.example/phish' },
    allowed: ['organizer'],
  },
  {
    name: 'approve a pending registration',
    path: () => '/events/test-sprint/projects/3/approve',
    form: {},
    allowed: ['organizer'],
  },
  {
    name: 'reject a pending registration',
    path: () => '/events/test-sprint/projects/4/reject',
    form: { sure: 'on' },
    allowed: ['organizer'],
  },
  {
    name: 'exclude a contribution',
    path: () => '/contributions/1/exclude',
    form: { reason: 'spam' },
    allowed: ['leader', 'organizer'],
  },
  {
    name: 'exclude a non-code outcome',
    path: () => `/contributions/${outcomeId}/exclude`,
    form: { reason: 'not sprint work' },
    allowed: ['organizer'],
  },
  {
    name: 'record an outcome',
    path: () => '/events/test-sprint/outcomes',
    form: { topic: 'docs', title: 'Wrote a tutorial' },
    allowed: ['other-leader', 'leader', 'organizer'],
  },
  {
    name: 'set how long claims last',
    path: () => '/events/test-sprint/claim-settings',
    form: { claimHours: '4', maxClaims: '3' },
    allowed: ['organizer'],
  },
  {
    name: 'add a task',
    path: () => '/events/test-sprint/tasks',
    form: { projectId: '1', title: 'Write the changelog' },
    allowed: ['leader', 'organizer'],
  },
  { name: 'take a task', path: () => '/events/test-sprint/tasks/1/claim', form: {}, allowed: ['sprinter'] },
  {
    name: 'assign a task',
    path: () => '/events/test-sprint/tasks/1/claim',
    form: { login: 'sprinter1' },
    allowed: ['leader', 'organizer'],
  },
  { name: 'close a task', path: () => '/events/test-sprint/tasks/1/close', form: {}, allowed: ['leader', 'organizer'] },
  {
    name: "edit a sprinter's profile",
    path: () => '/events/test-sprint/profile',
    form: { displayName: 'Renamed' },
    allowed: ['sprinter'],
  },
  { name: 'leave the event', path: () => '/events/test-sprint/leave', form: {}, allowed: ['sprinter'] },
  // Last: a closed event takes no more claims.
  { name: 'close the event', path: () => '/events/test-sprint/close', form: {}, allowed: ['organizer'] },
];

beforeAll(async () => {
  github = await new GithubStandIn().start();
  app = await startApp(signInEnv(github));
  const event = seedSprint(app.db, { sprinter: { login: 'sprinter1', id: 8001, name: 'Sprinter One' } });
  addProject(app.db, {
    eventId: event.id,
    forge: 'github',
    fullName: 'other/repo',
    url: 'https://github.com/other/repo',
    leaders: ['leader2'],
  });
  // Registered from the web by someone nothing proved may act for them: tracked, led by nobody.
  const claimant = { login: 'claimant', githubId: 8005, permission: 'read' as const, organizer: false };
  const noPitch = { description: '', mentors: '', contributingUrl: null, starterLabel: null, webhookKey: null };
  registerProject(
    app.db,
    { eventId: event.id, forge: 'github', fullName: 'victim/app-repo', url: 'https://github.com/victim/app-repo' },
    noPitch,
    claimant,
  );
  registerProject(
    app.db,
    { eventId: event.id, forge: 'github', fullName: 'python/cpython', url: 'https://github.com/python/cpython' },
    noPitch,
    claimant,
  );
  await deliver(app, 'pull_request', pullRequestPayload({ login: 'sprinter1', userId: 8001 }));
  linkForgeAccount(app.db, 1, {
    forge: 'gitlab',
    instanceUrl: 'https://gitlab.com',
    username: 'sprinter-one',
    userId: null,
    verifiedBy: null,
  });
  addTask(app.db, {
    eventId: event.id,
    projectId: 1,
    title: 'Document the config file',
    level: 'first-task',
    issueUrl: null,
    capacity: 3,
    createdBy: 'leader1',
  });
  outcomeId = recordOutcome(app.db, getEvent(app.db, event.id)!, {
    topic: 'talks',
    title: 'A lightning talk',
    url: '',
    sprinterId: null,
    source: 'manual',
  }).contributionId;
  const people: Record<Exclude<Role, 'anonymous'>, { id: number; login: string; name: string }> = {
    stranger: { id: 8006, login: 'mallory', name: 'Mallory' },
    sprinter: { id: 8001, login: 'sprinter1', name: 'Sprinter One' },
    pending: { id: 8005, login: 'claimant', name: 'Claimant' },
    'other-leader': { id: 8002, login: 'leader2', name: 'Other Leader' },
    leader: { id: 8003, login: 'leader1', name: 'Leader One' },
    organizer: { id: 8004, login: 'boss', name: 'The Organizer' },
  };
  visitors.set('anonymous', new Visitor(app));
  tokens.set('anonymous', 'no-session-no-token');
  for (const [role, person] of Object.entries(people) as Array<[Role, { id: number; login: string; name: string }]>) {
    const visitor = await signIn(app, github, person);
    visitors.set(role, visitor);
    tokens.set(role, await visitor.csrf('/'));
  }
});
afterAll(async () => {
  await app.close();
  await github.stop();
});

/** The database file's bytes after a checkpoint: the strictest "nothing changed". */
function databaseBytes(): Buffer {
  sql(app.db).pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(app.dbPath);
}

const cells = ROUTES.flatMap((route) =>
  ROLES.filter((role) => !route.allowed.includes(role)).map((role) => [route.name, role, route] as const),
);

describe('forbidden cells', () => {
  test.each(cells)('%s as %s: 403, nothing written', async (_name, role, route) => {
    const before = databaseBytes();
    const response = await visitors.get(role)!.post(route.path(), route.form, tokens.get(role));
    expect(response.status).toBe(403);
    expect(response.text).toMatch(/Not allowed/);
    expect(databaseBytes().equals(before)).toBe(true);
  });
});

describe('CSRF', () => {
  const allowedCells = ROUTES.flatMap((route) => route.allowed.map((role) => [route.name, role, route] as const));
  test.each(allowedCells)(
    '%s as %s without a token or with a wrong one: 403, nothing written',
    async (_name, role, route) => {
      const before = databaseBytes();
      const missing = await visitors.get(role)!.post(route.path(), route.form, null);
      expect(missing.status).toBe(403);
      expect(missing.text).toContain('security token does not match');
      const wrong = await visitors
        .get(role)!
        .post(
          route.path(),
          route.form,
          tokens.get('organizer') === tokens.get(role) ? tokens.get('leader')! : tokens.get('organizer')!,
        );
      expect(wrong.status).toBe(403);
      expect(databaseBytes().equals(before)).toBe(true);
    },
  );
});

describe('allowed cells', () => {
  // Run last: they change the data (the sprinter's "leave" is the last of all).
  test.each(ROUTES.flatMap((route) => route.allowed.map((role) => [route.name, role, route] as const)))(
    '%s as %s is done',
    async (_name, role, route) => {
      const response = await visitors.get(role)!.post(route.path(), route.form, tokens.get(role));
      expect(response.status).toBe(303);
    },
  );
});
