import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPrivateKey } from '../helpers/app-under-test.js';
import { devsprintAsync } from '../helpers/cli.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';

let dir: string;
let github: GithubApiStandIn;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-doctor-'));
  github = await new GithubApiStandIn().start();
  // GitHub's answers, in the shapes of its REST documentation: the app (GET /app), its installations,
  // its webhook's configuration, and a token's rate limits.
  github.resources.set('/app', {
    id: 12345,
    slug: 'pycon-sprint-tracker',
    node_id: 'MDM6QXBwMTIzNDU=',
    name: 'PyCon Sprint Tracker',
    owner: { login: 'pycon-sprints', id: 1, type: 'Organization' },
    html_url: 'https://github.com/apps/pycon-sprint-tracker',
    permissions: { pull_requests: 'write', issues: 'write', contents: 'read', metadata: 'read' },
    events: ['pull_request', 'push', 'issue_comment', 'issues', 'pull_request_review'],
    installations_count: 2,
  });
  github.resources.set('/app/installations', [
    { id: 1, account: { login: 'python', id: 2 }, app_id: 12345, target_type: 'Organization' },
    { id: 2, account: { login: 'pagure', id: 3 }, app_id: 12345, target_type: 'Organization' },
  ]);
  github.resources.set('/app/hook/config', {
    content_type: 'json',
    insecure_ssl: '0',
    url: 'https://sprints.example.org/api/github/webhooks',
  });
  github.resources.set('/rate_limit', {
    resources: {
      core: { limit: 5000, used: 1, remaining: 4999, reset: 1700000000 },
      search: { limit: 30, used: 2, remaining: 28, reset: 1700000000 },
    },
    rate: { limit: 5000, used: 1, remaining: 4999, reset: 1700000000 },
  });
});
afterEach(async () => {
  await github.stop();
  rmSync(dir, { recursive: true, force: true });
});

const doctor = (env: Record<string, string>, args: string[] = []) =>
  devsprintAsync(['doctor', ...args], { DATABASE_PATH: join(dir, 'devsprint.sqlite'), ...env });

describe('devsprint doctor', () => {
  test('on a fresh clone: says in plain words what is missing and how to get it, and exits 1', async () => {
    const run = await doctor({});
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^MISSING +GitHub App: Not configured: APP_ID, PRIVATE_KEY/m);
    expect(run.stdout).toContain('open the setup link it prints');
    expect(run.stdout).toMatch(/^MISSING +Sign-in: /m);
    expect(run.stdout).toMatch(/^MISSING +Public URL: PUBLIC_URL is not set/m);
    expect(run.stdout).toContain('made at the first start');
    expect(run.stderr).toBe(
      'devsprint doctor: 3 required parts are missing: GitHub App, Public URL, Sign-in. Pages and the command line work meanwhile.\n',
    );
  });

  test('with everything in .env: asks GitHub, says it all, and exits 0; a wrong setting is named', async () => {
    const settings = {
      APP_ID: '12345',
      PRIVATE_KEY: testPrivateKey().replace(/\n/g, '\\n'),
      WEBHOOK_SECRET: 'a-secret-from-github',
      GITHUB_CLIENT_ID: 'Iv1.8a61f9b3a7aba766',
      GITHUB_CLIENT_SECRET: '1726be1638095a19edd134c77bde3aa2ece1e5d8',
      PUBLIC_URL: 'https://sprints.example.org',
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'a-token',
    };
    const envFile = join(dir, 'settings.env');
    writeFileSync(
      envFile,
      Object.entries(settings)
        .map(([k, v]) => `${k}="${v}"`)
        .join('\n'),
    );
    const run = await doctor({}, ['--env', envFile]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok +GitHub App: PyCon Sprint Tracker \(id 12345\), installed on 2 accounts\.$/m);
    expect(run.stdout).toMatch(/^ok +Public URL: https:\/\/sprints\.example\.org, and the app delivers to/m);
    expect(run.stdout).toMatch(/^ok +Polling: GITHUB_TOKEN reads GitHub: 28 of 30 search requests left/m);
    expect(run.stdout).toContain('Everything required is there.');

    // The app delivering somewhere else is said, with the fix; it is not a missing part.
    github.resources.set('/app/hook/config', {
      content_type: 'json',
      insecure_ssl: '0',
      url: 'https://old.example.org/hooks',
    });
    const moved = await doctor({}, ['--env', envFile]);
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain('but the app sends its deliveries to https://old.example.org/hooks');
    // A setting the server would refuse is named as the server names it.
    const wrong = await doctor({ PORT: 'eighty' }, ['--env', envFile]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(/^MISSING +Settings: PORT="eighty" must be a whole number/m);
  });
});
