import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { GithubManifestStandIn } from '../helpers/github-manifest-standin.js';
import { exited, outputMatching, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

let github: GithubManifestStandIn;
let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  github = await new GithubManifestStandIn().start();
  dir = mkdtempSync(join(tmpdir(), 'devsprint-setup-'));
  // A fresh start: no GitHub settings at all, GitHub itself played by the stand-in.
  server = await startServerProcess(
    {
      DATABASE_PATH: join(dir, 'devsprint.sqlite'),
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.url,
      GITHUB_PACING: 'none',
      PUBLIC_URL: 'https://sprints.example.org',
    },
    dir,
  );
});
afterAll(async () => {
  server?.child.kill('SIGTERM');
  if (server) await exited(server.child);
  await github?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const envFile = () => join(dir, '.env');
const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Opens the printed link as a browser would: a setup session (its cookie) and the form's fields. */
async function openSetup(link: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const token = /name="token" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, token };
}

/** Posts the setup form, then GitHub's form as the browser would; returns where GitHub sends the browser back. */
async function toGithubAndBack(session: { cookie: string; token: string }): Promise<URL> {
  const page = await fetch(`${server.url}/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: new URLSearchParams({
      token: session.token,
      publicUrl: 'https://sprints.example.org/',
      name: 'PyCon Sprint Tracker',
      owner: 'organization',
      organization: 'pycon-sprints',
    }),
  });
  expect(page.status).toBe(200);
  // Only this page may post to GitHub.
  expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${github.url}`);
  const html = await page.text();
  const action = unescape(/<form method="post" action="([^"]+)"/.exec(html)![1]!);
  const manifest = unescape(/name="manifest" value="([^"]+)"/.exec(html)![1]!);
  const created = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ manifest }),
    redirect: 'manual',
  });
  expect(created.status).toBe(302);
  return new URL(created.headers.get('location')!);
}

describe('registering the GitHub App from its manifest', () => {
  test('the printed link, GitHub and back: .env holds the credentials (0600) and webhooks are accepted at once', async () => {
    const link = (
      await outputMatching(server, /register the GitHub App: open (http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]+)/)
    )[1]!;
    const token = new URL(link).searchParams.get('token')!;

    // Nobody else: no token, a wrong one, or another machine (through a proxy on this one).
    expect((await fetch(`${server.url}/setup`)).status).toBe(404);
    expect((await fetch(`${server.url}/setup?token=${token.slice(1)}x`)).status).toBe(404);
    expect((await fetch(link, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(404);
    // Before: GitHub's deliveries are refused as not configured.
    const early = JSON.stringify(pullRequestPayload());
    expect(
      (
        await fetch(`${server.url}/api/github/webhooks`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'pull_request',
            'x-github-delivery': 'd-0',
            'x-hub-signature-256': sign(early, 'x'),
          },
          body: early,
        })
      ).status,
    ).toBe(503);
    // The home page on this machine points to the setup.
    expect(unescape(await (await fetch(server.url)).text())).toContain(`/setup?token=${token}`);

    const mine = await openSetup(link);
    const back = await toGithubAndBack(mine);
    const [sent] = github.manifests;
    expect(sent!.owner).toBe('pycon-sprints');
    expect(sent!.manifest).toMatchObject({
      name: 'PyCon Sprint Tracker',
      url: 'https://sprints.example.org',
      hook_attributes: { url: 'https://sprints.example.org/api/github/webhooks', active: true },
      callback_urls: ['https://sprints.example.org/auth/callback'],
      redirect_url: `${server.url}/setup/done`,
      default_events: ['pull_request', 'push', 'issue_comment', 'issues', 'pull_request_review'],
    });

    // GitHub's redirect in another browser (another setup session): refused, nothing written.
    const other = await openSetup(link);
    const stranger = await fetch(back, { headers: { cookie: other.cookie } });
    expect(stranger.status).toBe(400);
    expect(existsSync(envFile())).toBe(false);

    // A code already exchanged (a replay): GitHub refuses it, and nothing is written either.
    const again = await openSetup(link);
    const replayed = await toGithubAndBack(again);
    await fetch(`${github.url}/app-manifests/${replayed.searchParams.get('code')}/conversions`, { method: 'POST' });
    const refused = await fetch(replayed, { headers: { cookie: again.cookie } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('it works once and within an hour');
    expect(existsSync(envFile())).toBe(false);

    const done = await fetch(back, { headers: { cookie: mine.cookie } });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`${github.url}/apps/pycon-sprint-tracker/installations/new`);
    expect(statSync(envFile()).mode & 0o777).toBe(0o600);
    const env = readFileSync(envFile(), 'utf8');
    for (const key of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'])
      expect(env).toMatch(new RegExp(`^${key}="[^"]+"$`, 'm'));
    expect(env).toContain('PUBLIC_URL="https://sprints.example.org"');
    const secret = /^WEBHOOK_SECRET="([^"]+)"$/m.exec(env)![1]!;

    // Without a restart: a delivery signed with the new secret is accepted, one signed otherwise is not.
    const body = JSON.stringify(pullRequestPayload());
    const deliver = (signature: string, id: string) =>
      fetch(`${server.url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': id,
          'x-hub-signature-256': signature,
        },
        body,
      });
    expect((await deliver(sign(body, secret), 'd-1')).status).toBe(200);
    expect((await deliver(sign(body, 'not-the-secret'), 'd-2')).status).toBe(400);

    // Replaying GitHub's redirect, or the link itself: there is no setup any more.
    expect((await fetch(back, { headers: { cookie: mine.cookie } })).status).toBe(404);
    expect((await fetch(link)).status).toBe(404);
    expect(await (await fetch(server.url)).text()).not.toContain('/setup?token=');
  });
});
