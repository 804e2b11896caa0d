import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, type Visitor } from '../helpers/browser-session.js';
import { devsprint } from '../helpers/cli.js';
import { GithubStandIn } from '../helpers/github-standin.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { seedSprint } from '../helpers/seed.js';
import { sql } from '../helpers/sql.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent } from '../../src/services/join-event.js';
import { getEvent } from '../../src/store/events.js';
import { signInEnv } from '../helpers/sprint-room.js';

/** A "forge" on loopback that answers anything and records every request that reaches it. */
let forge: Server;
let forgeUrl = '';
const reached: string[] = [];
let github: GithubStandIn;
let app: AppUnderTest;
let leader: Visitor;

beforeAll(async () => {
  forge = createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end('{"requests": [], "pagination": {"next": null}}');
  });
  forgeUrl = await listenOnLoopback(forge);
  github = await new GithubStandIn().start();
  app = await startApp(signInEnv(github));
  seedSprint(app.db, { sprinter: null });
  leader = await signIn(app, github, { id: 1, login: 'boss', name: 'Boss' });
});
afterAll(async () => {
  await app.close();
  await github.stop();
  await closeServer(forge);
});

const projects = () => sql(app.db).prepare('SELECT count(*) FROM projects').pluck().get();

describe('a registration pointing where the operator did not choose', () => {
  test.each([
    ['a loopback server', () => forgeUrl, 'is not one of the forges this server may reach'],
    [
      'a trailing # choosing the whole path',
      () => `${forgeUrl}/internal/admin/delete-everything?confirm=yes#`,
      'must not have a #fragment',
    ],
    ['a private address', () => 'http://10.0.0.7', 'is not one of the forges'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data', 'is not one of the forges'],
    ['userinfo', () => 'https://pagure.io@evil.example', 'must not carry a user name or password'],
    ['plain http to a listed https forge', () => 'http://pagure.io', 'is not one of the forges'],
  ])(
    'from the web, %s: refused with the reason by the field, nothing stored, no request made',
    async (_name, base, message) => {
      const before = projects();
      const response = await leader.post('/events/test-sprint/projects', {
        project: 'pagure:some-tool',
        pagureUrl: base(),
      });
      expect(response.status).toBe(400);
      expect(response.text).toContain(message);
      expect(projects()).toBe(before);
      expect(reached).toEqual([]);
    },
  );

  test('from the CLI alike, with exit code 2; listed in FORGE_HOSTS, it is accepted', () => {
    const env = { DATABASE_PATH: app.dbPath };
    const refused = devsprint(
      ['project', 'add', 'test-sprint', 'pagure:some-tool', '--pagure-url', `${forgeUrl}/x#`],
      env,
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('must not have a #fragment');
    const unlisted = devsprint(['project', 'add', 'test-sprint', 'pagure:some-tool', '--pagure-url', forgeUrl], env);
    expect(unlisted.status).toBe(2);
    expect(unlisted.stderr).toContain('FORGE_HOSTS');
    const listed = devsprint(['project', 'add', 'test-sprint', 'pagure:some-tool', '--pagure-url', `${forgeUrl}/`], {
      ...env,
      FORGE_HOSTS: `https://github.com,${forgeUrl}`,
    });
    expect(listed).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(`registered pagure:some-tool for test-sprint (${forgeUrl}/some-tool)`),
    });
    expect(reached).toEqual([]);
  });

  test('a project kept from before, whose forge is no longer listed, is not polled: the round reports it and reaches nothing', async () => {
    const event = getEvent(app.db, 1)!;
    addProject(app.db, {
      eventId: event.id,
      forge: 'pagure',
      fullName: 'old-tool',
      url: `${forgeUrl}/old-tool`,
      instanceUrl: forgeUrl,
    });
    joinEvent(app.db, event.id, { displayName: 'Bob', pagureUsername: 'bob' });
    const result = await pollEvent(app.db, null, event, {
      github: null,
      open: { hosts: new ForgeHosts(['https://pagure.io']) },
    });
    expect(result.errors.join('\n')).toContain('is not under a forge this server may reach');
    expect(reached).toEqual([]);
    // Listed, the same round reaches it.
    const listed = await pollEvent(app.db, null, event, {
      github: null,
      open: { hosts: new ForgeHosts([forgeUrl]) },
    });
    expect(listed.errors).toEqual([]);
    expect(reached.length).toBeGreaterThan(0);
  });
});
