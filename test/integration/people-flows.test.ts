import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { deliver, type AppUnderTest } from '../helpers/app-under-test.js';
import { signIn, signInAgain, type Visitor } from '../helpers/browser-session.js';
import type { GithubStandIn } from '../helpers/github-standin.js';
import { pullRequestPayload, pushPayload } from '../helpers/examples.js';
import { devsprint } from '../helpers/cli.js';
import { contributions, leaderboardRow, snapshot } from '../helpers/seed.js';
import { createEvent, findEventBySlug } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { sql } from '../helpers/sql.js';
import { noteUnregisteredWork } from '../../src/store/unregistered-work.js';
import { closeSprintRoom, openSprintRoom, type SprintRoom } from '../helpers/sprint-room.js';

let github: GithubStandIn;
let app: AppUnderTest;
let organizer: Visitor;
const person = (n: number) => ({ id: 9000 + n, login: `person${n}`, name: `Person ${n}` });

let room: SprintRoom;
beforeEach(async () => {
  room = await openSprintRoom();
  ({ github, app, organizer } = room);
});
afterEach(() => closeSprintRoom(room));

const manage = (form: Record<string, string>) =>
  organizer.post('/events/test-sprint/manage', {
    name: 'Test Sprint',
    timeZone: 'Asia/Kolkata',
    starts: '2024-05-10T09:00',
    ends: '2024-05-11T18:00',
    registrationOpen: 'on',
    reportPublic: 'on',
    ...form,
  });

describe('organizer', () => {
  test("orders the report's projects: those numbered first, the rest busiest first; a clash is refused and changes nothing", async () => {
    const eventId = findEventBySlug(app.db, 'test-sprint')!.id;
    for (const repo of ['python/cpython', 'django/django'])
      addProject(app.db, { eventId, forge: 'github', fullName: repo, url: `https://github.com/${repo}` });
    expect((await organizer.request('/events/test-sprint/manage')).text).toContain('Order of projects in the report');
    const id = (name: string) =>
      sql(app.db).prepare('SELECT id FROM projects WHERE full_name = ?').pluck().get(name) as number;
    const order = async () =>
      (
        JSON.parse((await organizer.request('/events/test-sprint/report.json')).text) as {
          projects: Array<{ name: string }>;
        }
      ).projects.map((p) => p.name);
    // Nothing counted anywhere yet: busiest first is by name.
    expect(await order()).toEqual(['django/django', 'python/cpython', 'sprint-org/sprint-repo']);

    const saved = await organizer.post('/events/test-sprint/report-order', {
      [`position_${id('sprint-org/sprint-repo')}`]: '1',
      [`position_${id('python/cpython')}`]: ' 2 ',
    });
    expect(saved).toMatchObject({ status: 303, location: '/events/test-sprint/manage#order-heading' });
    expect(await order()).toEqual(['sprint-org/sprint-repo', 'python/cpython', 'django/django']);
    expect((await organizer.request('/events/test-sprint/manage')).text).toContain(
      `name="position_${id('python/cpython')}" value="2"`,
    );

    const before = snapshot(app.db);
    const clash = await organizer.post('/events/test-sprint/report-order', {
      [`position_${id('django/django')}`]: '2',
      [`position_${id('python/cpython')}`]: '2',
    });
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('django/django and python/cpython are both at position 2: give each its own.');
    expect(
      (await organizer.post('/events/test-sprint/report-order', { [`position_${id('django/django')}`]: 'first' }))
        .status,
    ).toBe(400);
    expect(snapshot(app.db)).toEqual(before);

    // Every field blank: back to busiest first, and the event log says who changed the order.
    await organizer.post('/events/test-sprint/report-order', {});
    expect(await order()).toEqual(['django/django', 'python/cpython', 'sprint-org/sprint-repo']);
    expect(sql(app.db).prepare(`SELECT action, actor FROM event_log ORDER BY id`).all()).toEqual([
      { action: 'report order set', actor: 'boss' },
      { action: 'report order back to busiest first', actor: 'boss' },
    ]);
  });

  test("creates an event with times on the event's clocks", async () => {
    const response = await organizer.post('/organize/events', {
      slug: 'pycon-2025',
      name: 'PyCon 2025 sprints',
      timeZone: 'America/New_York',
      starts: '2025-05-19T09:00',
      ends: '2025-05-22T18:00',
      capacity: '2',
      registrationOpen: 'on',
      reportPublic: 'on',
    });
    expect(response).toMatchObject({ status: 303, location: '/events/pycon-2025/manage' });
    expect(
      sql(app.db).prepare(`SELECT starts_at, ends_at, time_zone, capacity FROM events WHERE slug = 'pycon-2025'`).get(),
    ).toEqual({
      starts_at: '2025-05-19T13:00:00.000Z',
      ends_at: '2025-05-22T22:00:00.000Z',
      time_zone: 'America/New_York',
      capacity: 2,
    });
    const page = await organizer.request('/events/pycon-2025/manage');
    expect(page.text).toContain('value="2025-05-19T09:00"');
  });

  test('a form with missing or bad fields shows each message next to its field and writes nothing', async () => {
    const before = snapshot(app.db);
    const response = await organizer.post('/organize/events', {
      slug: 'Bad Slug',
      name: '',
      timeZone: 'Mars/Olympus',
      starts: 'soon',
      ends: '',
    });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/<p class="error" id="e-slug">Slug: lower-case letters/);
    expect(response.text).toMatch(/<p class="error" id="e-name">Name is required/);
    expect(response.text).toMatch(/<p class="error" id="e-timeZone">Time zone must be an IANA zone/);
    expect(response.text).toContain('aria-invalid="true"');
    expect(snapshot(app.db)).toBe(before);
    const taken = await organizer.post('/organize/events', {
      slug: 'test-sprint',
      name: 'X',
      timeZone: 'UTC',
      starts: '2025-01-01T09:00',
      ends: '2025-01-01T10:00',
    });
    expect(taken.text).toContain('The slug &quot;test-sprint&quot; is taken');
  });

  test('holds the report back while reviewing it: only organizers see it until it is published', async () => {
    await manage({ reportPublic: '' });
    const anonymous = await fetch(`${app.url}/events/test-sprint/report.json`);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).toContain('reviewing the report');
    expect((await organizer.request('/events/test-sprint/report')).status).toBe(200);
    await manage({});
    expect((await fetch(`${app.url}/events/test-sprint/report.json`)).status).toBe(200);
  });

  test('imports ticket holders, recognised by a verified e-mail or a GitHub id (never a login), who skip the waiting list', async () => {
    await manage({ capacity: '1' });
    const bad = await organizer.post('/events/test-sprint/tickets', { csv: 'name,email\nX,not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('row 2: &quot;not-an-email&quot; is not an e-mail');
    const ok = await organizer.post('/events/test-sprint/tickets', {
      csv: 'Full Name,E-mail,GitHub,GitHub ID\n"Lima, Ana",ana@example.org,person2,\nBo,bo@example.org,person5,9004\nCy,cy@example.org,person3,',
    });
    expect(ok.status).toBe(303);
    const first = await signIn(app, github, person(1));
    await first.post('/events/test-sprint/join', { displayName: 'Person One' });

    // person3 is the login Cy typed on the ticket, but this account has not verified cy@example.org: no ticket.
    const squatter = await signIn(app, github, {
      ...person(3),
      emails: [{ email: 'other@example.org', verified: true }],
    });
    const squatterForm = (await squatter.request('/events/test-sprint/join')).text;
    expect(squatterForm).not.toContain('Cy');
    expect(squatterForm).not.toContain('cy@example.org');
    await squatter.post('/events/test-sprint/join', { displayName: 'Squatter' });
    expect((await squatter.request('/events/test-sprint/join')).text).toContain('waiting list');

    // An unverified address GitHub lists proves nothing either.
    const unverified = await signIn(app, github, {
      ...person(6),
      emails: [{ email: 'ana@example.org', verified: false }],
    });
    expect((await unverified.request('/events/test-sprint/join')).text).not.toContain('Lima, Ana');

    // Ana verified the ticket's e-mail on GitHub: her ticket, prefilled, and a place in the full event.
    const ana = await signIn(app, github, {
      ...person(2),
      emails: [{ email: 'ana@example.org', verified: true, primary: true }],
    });
    const form = await ana.request('/events/test-sprint/join');
    expect(form.text).toContain('value="Lima, Ana"');
    expect(form.text).toContain('value="ana@example.org"');
    await ana.post('/events/test-sprint/join', { displayName: 'Lima, Ana', emails: 'ana@example.org' });
    expect((await ana.request('/events/test-sprint/join')).text).toContain('You are a sprinter of Test Sprint');
    expect(sql(app.db).prepare("SELECT proof FROM sprinter_emails WHERE email = 'ana@example.org'").all()).toEqual([
      { proof: 'github' },
    ]);

    // Bo's ticket names his GitHub id: matched by it although the app may not read his e-mails.
    const bo = await signIn(app, github, { id: 9004, login: 'bo-renamed', name: 'Bo' });
    expect((await bo.request('/events/test-sprint/join')).text).toContain('value="bo@example.org"');
  });

  test('closing registration refuses joins with a page that says so', async () => {
    await manage({ registrationOpen: '' });
    const newcomer = await signIn(app, github, person(1));
    const response = await newcomer.post('/events/test-sprint/join', { displayName: 'Late' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Registration for Test Sprint is closed.');
  });

  test('adds organizers, who can then manage', async () => {
    await organizer.post('/organizers', { login: 'helper' });
    const helper = await signIn(app, github, { id: 2, login: 'helper', name: null });
    expect((await helper.request('/events/test-sprint/manage')).status).toBe(200);
  });
});

describe('events in time', () => {
  test('the home page separates live, upcoming and past sprints; a past one cannot be joined', async () => {
    createEvent(app.db, {
      slug: 'pycon-pune-2017',
      name: 'PyCon Pune 2017',
      startsAt: '2017-02-18T03:30:00Z',
      endsAt: '2017-02-19T12:30:00Z',
      timeZone: 'Asia/Kolkata',
    });
    createEvent(app.db, {
      slug: 'next-year',
      name: 'Next Year',
      startsAt: '2025-05-10T03:30:00Z',
      endsAt: '2025-05-11T12:30:00Z',
      timeZone: 'UTC',
    });
    const home = (await organizer.request('/')).text;
    const order = ['Sprinting now', 'Test Sprint', 'Coming up', 'Next Year', 'Past sprints', 'PyCon Pune 2017'].map(
      (text) => home.indexOf(text),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const past = await signIn(app, github, person(1));
    const page = (await past.request('/events/pycon-pune-2017')).text;
    expect(page).toContain('This sprint has ended');
    expect(page).not.toContain('Join the sprint');
    expect((await past.request('/events/pycon-pune-2017/join')).text).toContain('has ended, so joining is closed');
    const before = snapshot(app.db);
    const join = await past.post('/events/pycon-pune-2017/join', { displayName: 'Late Comer' });
    expect(join.status).toBe(403);
    expect(join.text).toContain('PyCon Pune 2017 has ended, so joining is closed');
    expect(snapshot(app.db)).toBe(before);
  });
});

describe('newcomer', () => {
  test('joins after signing in; earlier pull requests of the window are credited at once', async () => {
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'person1', userId: 9001, action: 'closed', merged: true }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0 });
    const newcomer = await signIn(app, github, person(1), '/events/test-sprint/join');
    const join = await newcomer.post('/events/test-sprint/join', {
      displayName: 'Priya S.',
      pagureUsername: 'priya',
      emails: 'priya@example.org, p@example.org',
      hidden: '',
    });
    // In: straight to the tasks a newcomer can take.
    expect(join).toMatchObject({ status: 303, location: '/events/test-sprint/tasks?level=first-task&welcome=1' });
    expect((await newcomer.request(join.location!)).text).toContain(
      "You're in! Here are the tasks for a first contribution.",
    );
    expect(contributions(app.db)[0]).toMatchObject({ counted: 1 });
    expect(leaderboardRow(app.db, 'person1')).toEqual({ merged: 1, pull_requests: 1, commits: 0 });
    const home = await fetch(`${app.url}/events/test-sprint/leaderboard`).then((r) => r.text());
    expect(home).toContain('Priya S.');
  });

  test('the join form validates on the server, with messages next to the fields', async () => {
    const newcomer = await signIn(app, github, person(1));
    const before = snapshot(app.db);
    const response = await newcomer.post('/events/test-sprint/join', {
      displayName: '',
      emails: 'nope',
      pagureUsername: 'bad name',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<p class="error" id="e-displayName">Display name is required</p>');
    expect(response.text).toContain('<p class="error" id="e-emails">each e-mail must look like name@example.org</p>');
    expect(response.text).toContain('id="e-pagureUsername"');
    expect(snapshot(app.db)).toBe(before);
  });

  test('a join code is required when the event has one', async () => {
    await manage({ joinCode: 'PUNE-2024' });
    const newcomer = await signIn(app, github, person(1));
    expect((await newcomer.post('/events/test-sprint/join', { displayName: 'X', code: 'WRONG' })).status).toBe(403);
    const page = await newcomer.request('/events/test-sprint/join?code=PUNE-2024');
    expect(page.text).toContain('name="code" value="PUNE-2024"');
    expect((await newcomer.post('/events/test-sprint/join', { displayName: 'X', code: 'PUNE-2024' })).status).toBe(303);
  });

  test('a full event puts people on the waiting list; they move up when a place frees', async () => {
    await manage({ capacity: '1' });
    const first = await signIn(app, github, person(1));
    const second = await signIn(app, github, person(2));
    await first.post('/events/test-sprint/join', { displayName: 'First' });
    await second.post('/events/test-sprint/join', { displayName: 'Second' });
    expect((await second.request('/events/test-sprint/join')).text).toContain('number 1</strong> on the waiting list');
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person2', userId: 9002 }));
    expect(leaderboardRow(app.db, 'person2')).toBeUndefined();
    await first.post('/events/test-sprint/leave', {});
    expect((await second.request('/events/test-sprint/join')).text).toContain('You are a sprinter of Test Sprint');
    expect(leaderboardRow(app.db, 'person2')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('leaving takes their work off the leaderboard; hiding their name makes them anonymous', async () => {
    const newcomer = await signIn(app, github, person(1));
    await newcomer.post('/events/test-sprint/join', { displayName: 'Visible Name' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001 }));
    await newcomer.post('/events/test-sprint/profile', { displayName: 'Visible Name', hidden: 'on' });
    const board = (await fetch(`${app.url}/events/test-sprint/leaderboard.json`).then((r) => r.json())) as {
      sprinters: Array<{ name: string; github: string | null }>;
    };
    expect(board.sprinters).toEqual([expect.objectContaining({ name: 'Anonymous sprinter', github: null })]);
    await newcomer.post('/events/test-sprint/leave', {});
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
  });
});

describe('someone else’s accounts', () => {
  test('a Pagure name or commit e-mail another sprinter holds is refused on the form (409), with nothing changed', async () => {
    const ana = await signIn(app, github, person(1));
    expect(
      (
        await ana.post('/events/test-sprint/join', {
          displayName: 'Ana',
          pagureUsername: 'ana-p',
          emails: 'ana@example.org',
        })
      ).status,
    ).toBe(303);
    const mallory = await signIn(app, github, person(2));
    const before = snapshot(app.db);
    const typings: Array<Record<string, string>> = [{ pagureUsername: 'ana-p' }, { emails: 'ana@example.org' }];
    for (const typed of typings) {
      const refused = await mallory.post('/events/test-sprint/join', { displayName: 'Mallory', ...typed });
      expect(refused.status).toBe(409);
      expect(refused.text).toMatch(/another sprinter(?:&#x27;s)? already: ask an organizer/);
    }
    expect(snapshot(app.db)).toBe(before);
    // Joined without them, the profile refuses the same way.
    expect((await mallory.post('/events/test-sprint/join', { displayName: 'Mallory' })).status).toBe(303);
    const profile = await mallory.post('/events/test-sprint/profile', {
      displayName: 'Mallory',
      pagureUsername: 'ana-p',
    });
    expect(profile.status).toBe(409);
    expect(profile.text).toContain('The Pagure account ana-p is another sprinter');
    expect(
      sql(app.db).prepare('SELECT display_name FROM sprinters WHERE pagure_username = ?').pluck().all('ana-p'),
    ).toEqual(['Ana']);
  });
});

describe('everyone sees why', () => {
  test("a sprinter's own page lists their work at the event, counted or not, each with why", async () => {
    const ana = await signIn(app, github, person(1));
    await ana.post('/events/test-sprint/join', { displayName: 'Ana' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001, number: 7 }));
    // Opened the evening before the sprint started.
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'person1', userId: 9001, number: 8, createdAt: '2024-05-09T18:00:00Z' }),
    );
    await deliver(
      app,
      'push',
      pushPayload({ branch: 'ana-docs', commits: [{ sha: 'd'.repeat(40), username: 'person1', name: 'Ana' }] }),
    );
    const own = (await ana.request('/events/test-sprint/join')).text;
    const items = [
      ...own.matchAll(/<li( class="not-counted")?><a[^>]*>([^<]*)<\/a>[\s\S]*?<span class="why[^"]*">([^<]*)<\/span>/g),
    ].map((m) => [m[2], Boolean(m[1]), m[3]]);
    expect(items).toEqual(
      expect.arrayContaining([
        ['sprint-org/sprint-repo #7', false, 'counts'],
        ['sprint-org/sprint-repo #8', true, 'not counted: opened (or written) outside the event’s hours'],
        ['sprint-org/sprint-repo ddddddd', true, 'not counted: not on the default branch'],
      ]),
    );
  });
});

describe('typed accounts are claims', () => {
  const commitBy = (email: string, sha: string) =>
    deliver(app, 'push', pushPayload({ commits: [{ sha, email, name: 'Ana Real', username: null }] }));

  test("a stranger typing someone's commit e-mail earns nothing; the owner's verified e-mail takes it over, and the work with it", async () => {
    const mallory = await signIn(app, github, person(2));
    await mallory.post('/events/test-sprint/join', { displayName: 'Mallory', emails: 'ana@example.org' });
    await commitBy('ana@example.org', 'a'.repeat(40));
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 0, reason: 'unproven-account' })]);
    expect(leaderboardRow(app.db, 'person2')).toBeUndefined();
    const own = (await mallory.request('/events/test-sprint/join')).text;
    expect(own).toContain('e-mail ana@example.org <span class="badge">waiting for proof</span>');
    expect(own).toContain('Your work at Test Sprint');
    expect(own).toContain('waits for proof: the account it was made with was typed by a sprinter');
    // Nowhere public: not the leaderboard, the report or its JSON.
    for (const page of ['/events/test-sprint/leaderboard.json', '/events/test-sprint/report.json'])
      expect((await fetch(`${app.url}${page}`).then((r) => r.text())).includes('Mallory')).toBe(false);

    // Ana signs in; GitHub says she verified the address: the claim gives way at her join.
    const ana = await signIn(app, github, { ...person(1), emails: [{ email: 'ana@example.org', verified: true }] });
    expect((await ana.request('/events/test-sprint/join')).text).toContain('value="ana@example.org"');
    expect((await ana.post('/events/test-sprint/join', { displayName: 'Ana', emails: 'ana@example.org' })).status).toBe(
      303,
    );
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 1, reason: 'eligible' })]);
    expect(leaderboardRow(app.db, 'person1')).toMatchObject({ commits: 1 });
    expect(leaderboardRow(app.db, 'person2')).toBeUndefined();
    expect((await mallory.request('/events/test-sprint/join')).text).not.toContain('ana@example.org');
    // Now proven hers: Mallory cannot type it again.
    expect(
      (await mallory.post('/events/test-sprint/profile', { displayName: 'Mallory', emails: 'ana@example.org' })).status,
    ).toBe(409);
  });

  test("an organizer confirms a typed Pagure name or e-mail from the manage page; the CLI's word takes a claim over", async () => {
    const ana = await signIn(app, github, person(1));
    await ana.post('/events/test-sprint/join', {
      displayName: 'Ana',
      pagureUsername: 'ana-p',
      emails: 'ana@example.org',
    });
    await commitBy('ana@example.org', 'b'.repeat(40));
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 0, reason: 'unproven-account' })]);
    const manage = (await organizer.request('/events/test-sprint/manage')).text;
    expect(manage).toContain('Ana (@person1): Pagure account ana-p <span class="badge">waiting for proof</span>');
    expect(manage).toContain('Ana (@person1): e-mail ana@example.org <span class="badge">waiting for proof</span>');
    const sprinter = String(sql(app.db).prepare('SELECT id FROM sprinters WHERE github_id = 9001').pluck().get());
    expect(
      (await organizer.post('/events/test-sprint/accounts/confirm', { sprinter, account: 'ana@example.org' })).status,
    ).toBe(303);
    expect(contributions(app.db)).toEqual([expect.objectContaining({ counted: 1 })]);
    expect(
      (await organizer.post('/events/test-sprint/accounts/confirm', { sprinter, account: 'pagure:ana-p' })).status,
    ).toBe(303);
    expect(sql(app.db).prepare('SELECT pagure_proof FROM sprinters WHERE id = ?').pluck().get(sprinter)).toBe('boss');
    // Another's claim of an e-mail gives way to the operator adding its owner.
    const mallory = await signIn(app, github, person(2));
    await mallory.post('/events/test-sprint/join', { displayName: 'Mallory', emails: 'bo@example.org' });
    await commitBy('bo@example.org', 'c'.repeat(40));
    const added = devsprint(
      ['sprinter', 'add', 'test-sprint', '--name', 'Bo', '--github', 'bo-gh', '--email', 'bo@example.org'],
      {
        DATABASE_PATH: app.dbPath,
      },
    );
    expect(added).toMatchObject({ status: 0 });
    expect(leaderboardRow(app.db, 'bo-gh')).toMatchObject({ commits: 1 });
    expect(leaderboardRow(app.db, 'person2')).toBeUndefined();
  });
});

describe('sprint leader', () => {
  test('registers a project, becomes its leader once GitHub says so, pitches it and sees how it is tracked', async () => {
    github.roles.set('python/cpython|person5', 'maintain');
    const leader = await signIn(app, github, person(5));
    const response = await leader.post('/events/test-sprint/projects', {
      project: 'github:python/cpython',
      description: 'Docs and tests',
      mentors: '@ambv',
      contributingUrl: 'https://devguide.python.org',
      starterLabel: 'easy',
    });
    expect(response.status).toBe(303);
    // Not installed there: GitHub is asked with the registrant's own token, at a sign-in for that one check.
    expect(response.location).toMatch(/^\/auth\/login\?prove=\d+&next=/);
    const landed = await signInAgain(leader, github, person(5), response.location!);
    expect(github.permissionChecks).toEqual([{ tokenOf: 'person5', repo: 'python/cpython', login: 'person5' }]);
    const page = await leader.request(landed);
    expect(page.text).toContain('The GitHub App is not installed on python/cpython');
    expect(
      sql(app.db)
        .prepare(
          `SELECT github_login FROM project_leaders l JOIN projects p ON p.id = l.project_id WHERE p.full_name = 'python/cpython'`,
        )
        .pluck()
        .get(),
    ).toBe('person5');
    const home = await fetch(`${app.url}/events/test-sprint`).then((r) => r.text());
    expect(home).toContain('Docs and tests');
    expect(home).toContain('start with issues labelled <strong>easy</strong>');
    const pagure = await leader.post('/events/test-sprint/projects', {
      project: 'pagure:pagure',
      webhookKey: 'Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0',
    });
    // Pagure cannot say who may act for a project: an organizer approves it.
    expect((await leader.request(pagure.location!)).text).toContain(
      'Your registration of pagure for Test Sprint is pending',
    );
    const pagureId = /projects\/(\d+)/.exec(pagure.location!)![1];
    expect((await organizer.request('/organize')).text).toContain('Registrations waiting for approval');
    expect((await organizer.post(`/events/test-sprint/projects/${pagureId}/approve`, {})).status).toBe(303);
    const pagurePage = (await leader.request(pagure.location!)).text;
    expect(pagurePage).toContain(`${app.url}/api/pagure/webhooks`);
    expect(pagurePage).toContain('A web-hook key is set.');
    expect(pagurePage).not.toContain('Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0');
  });

  test('a bad or duplicate project is refused with the reason next to the field', async () => {
    const leader = await signIn(app, github, person(5));
    const bad = await leader.post('/events/test-sprint/projects', {
      project: 'sourcehut:foo/bar',
      contributingUrl: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(
      '<p class="error" id="e-project">&quot;sourcehut:foo/bar&quot; must be github:OWNER/REPO, pagure:NAME, gitlab:GROUP/NAME or forgejo:OWNER/NAME</p>',
    );
    expect(bad.text).toContain('Contributing guide must be an http(s) address');
    const dup = await leader.post('/events/test-sprint/projects', { project: 'sprint-org/sprint-repo' });
    expect(dup.text).toContain('github:sprint-org/sprint-repo is registered for this event already');
  });

  test('excludes a contribution with a reason, and undoes it', async () => {
    const sprinter = await signIn(app, github, person(1));
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001 }));
    const leader = await signIn(app, github, { id: 3, login: 'leader1', name: 'Leader' });
    const id = sql(app.db).prepare('SELECT id FROM contributions').pluck().get() as number;
    expect((await leader.post(`/contributions/${id}/exclude`, { reason: '' })).status).toBe(400);
    expect((await leader.post(`/contributions/${id}/exclude`, { reason: 'duplicate of #2' })).status).toBe(303);
    expect(contributions(app.db)[0]).toMatchObject({ counted: 0, reason: 'excluded:duplicate of #2' });
    expect(leaderboardRow(app.db, 'person1')).toBeUndefined();
    const report = await fetch(`${app.url}/events/test-sprint/report.json`).then((r) => r.text());
    expect(report).not.toContain('sprint-repo/pull/1');
    // A later delivery about the same pull request does not undo the moderator.
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ login: 'person1', userId: 9001, action: 'edited', updatedAt: '2024-05-10T07:00:00Z' }),
    );
    expect(contributions(app.db)[0]).toMatchObject({ reason: 'excluded:duplicate of #2' });
    expect((await leader.post(`/contributions/${id}/include`, {})).status).toBe(303);
    expect(leaderboardRow(app.db, 'person1')).toEqual({ merged: 0, pull_requests: 1, commits: 0 });
  });

  test('the moderation table is found by words and verdict, and an exclusion comes back to the filter it was made in', async () => {
    const sprinter = await signIn(app, github, person(1));
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    await deliver(app, 'pull_request', pullRequestPayload({ login: 'person1', userId: 9001, title: 'Fix the parser' }));
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ number: 2, login: 'person1', userId: 9001, title: 'Docs: 100% coverage' }),
    );
    await deliver(
      app,
      'pull_request',
      pullRequestPayload({ number: 3, login: 'stranger', userId: 9999, title: 'Fix the lexer' }),
    );
    const leader = await signIn(app, github, { id: 3, login: 'leader1', name: 'Leader' });
    const rows = async (query: string) => {
      const page = await leader.request(`/events/test-sprint/projects/1${query}`);
      return [...page.text.matchAll(/<span class="title">([^<]*)<\/span><\/th>/g)].map((m) => m[1]);
    };
    expect(await rows('')).toHaveLength(3);
    expect(await rows('?q=fix')).toEqual(['Fix the lexer', 'Fix the parser']);
    expect(await rows('?q=Person+One')).toEqual(['Docs: 100% coverage', 'Fix the parser']);
    // A % typed is a percent sign, not a wildcard.
    expect(await rows('?q=100%25')).toEqual(['Docs: 100% coverage']);
    expect(await rows('?show=not-counted')).toEqual(['Fix the lexer']);
    const id = sql(app.db)
      .prepare(`SELECT id FROM contributions WHERE title = 'Fix the parser'`)
      .pluck()
      .get() as number;
    const excluded = await leader.post(`/contributions/${id}/exclude`, {
      reason: 'duplicate',
      back: 'q=fix&evil=1',
      from: 'project',
    });
    expect(excluded.location).toBe('/events/test-sprint/projects/1?q=fix#moderation-heading');
    expect(await rows('?show=excluded')).toEqual(['Fix the parser']);
    expect(await rows('?show=bogus&q=')).toHaveLength(3);
  });

  test('work found in a repository nobody registered: the sprinter reads why, the organizer sees where they went', async () => {
    const sprinter = await signIn(app, github, person(1));
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    const id = sql(app.db).prepare(`SELECT id FROM sprinters WHERE github_login = 'person1'`).pluck().get() as number;
    noteUnregisteredWork(
      app.db,
      1,
      id,
      {
        url: 'https://github.com/python/typeshed/pull/12',
        repo: 'python/typeshed',
        kind: 'pull_request',
        title: 'Add <stubs>',
        createdAt: '2024-05-10T06:00:00Z',
      },
      new Date(),
    );
    const own = (await sprinter.request('/events/test-sprint/join')).text;
    expect(own).toContain('Add &lt;stubs&gt;');
    expect(own).toContain('python/typeshed is not registered for this sprint: ask an organizer');
    const page = (await organizer.request('/events/test-sprint/manage')).text;
    expect(page).toContain('Where sprinters went that nobody registered');
    expect(page).toMatch(/python\/typeshed<\/a>: 1 item by 1 sprinter/);
  });

  test('the setup page says what the server has and needs, to organizers only', async () => {
    const page = await organizer.request('/organize/setup');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<strong class="badge">Ready<\/strong> <strong>Sign-in<\/strong>: Sign in with GitHub is configured/,
    );
    expect(page.text).toContain('<strong>Database</strong>');
    const sprinter = await signIn(app, github, person(1));
    expect((await sprinter.request('/organize/setup')).status).toBe(403);
  });

  test('records a non-code outcome credited to a sprinter, listed in the report', async () => {
    const sprinter = await signIn(app, github, person(1));
    await sprinter.post('/events/test-sprint/join', { displayName: 'Person One' });
    const leader = await signIn(app, github, { id: 3, login: 'leader1', name: 'Leader' });
    expect(
      (
        await leader.post('/events/test-sprint/outcomes', {
          topic: 'learning',
          title: 'Getting started with PyGame',
          sprinter: 'nobody-here',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await leader.post('/events/test-sprint/outcomes', {
          topic: 'learning',
          title: 'Getting started with PyGame',
          sprinter: 'person1',
        })
      ).status,
    ).toBe(303);
    const report = (await fetch(`${app.url}/events/test-sprint/report.json`).then((r) => r.json())) as {
      other_contributions: unknown[];
    };
    expect(report.other_contributions).toEqual([
      {
        topic: 'learning',
        title: 'Getting started with PyGame',
        url: '',
        sprinter: { name: 'Person One', github: 'person1', pagure: null, gitlab: null, forgejo: null },
      },
    ]);
  });

  test('unknown events, projects and contributions answer 404', async () => {
    const leader = await signIn(app, github, { id: 3, login: 'leader1', name: 'Leader' });
    expect((await leader.request('/events/nope/join')).status).toBe(404);
    expect((await leader.request('/events/test-sprint/projects/999')).status).toBe(404);
    expect((await leader.post('/contributions/999/exclude', { reason: 'x' })).status).toBe(404);
  });
});
