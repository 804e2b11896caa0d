import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { devsprintAsync } from '../helpers/cli.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { PagureStandIn } from '../helpers/pagure-standin.js';
import { seedSprint } from '../helpers/seed.js';
import type { TaskView } from '../../src/services/task-claims.js';

let app: AppUnderTest;
let github: GithubApiStandIn;
let pagure: PagureStandIn;
let env: Record<string, string>;

/** GitHub's issue list answer, trimmed to what is read; the endpoint lists pull requests too. */
const issue = (number: number, title: string, state = 'open', pull = false) => ({
  number,
  title,
  state,
  html_url: `https://github.com/sprint-org/sprint-repo/${pull ? 'pull' : 'issues'}/${number}`,
  ...(pull ? { pull_request: { url: '' } } : {}),
});

beforeEach(async () => {
  github = await new GithubApiStandIn().start();
  pagure = await new PagureStandIn().start();
  const forges = {
    GITHUB_TOKEN: 'test-token',
    GITHUB_API_URL: github.url,
    FORGE_HOSTS: `https://github.com,${pagure.url}`,
  };
  app = await startApp(forges, { sync: true });
  seedSprint(app.db);
  env = { DATABASE_PATH: app.dbPath, LOG_LEVEL: 'silent', ...forges };
  github.resources.set('/repos/sprint-org/sprint-repo/issues', [
    issue(12, 'Document the config file'),
    issue(13, 'Add a --verbose flag'),
    issue(20, 'A pull request', 'open', true),
  ]);
  github.resources.set('/repos/sprint-org/sprint-repo/issues/12', issue(12, 'Document the config file'));
  github.resources.set('/repos/sprint-org/sprint-repo/issues/13', issue(13, 'Add a --verbose flag'));
});
afterEach(async () => {
  await app.close();
  await github.stop();
  await pagure.stop();
});

const tasks = async (): Promise<TaskView[]> =>
  JSON.parse(await (await fetch(`${app.url}/events/test-sprint/tasks.json`)).text()) as TaskView[];

describe('tasks from a label', () => {
  test('each open issue carrying the label becomes one task, however often it is imported', async () => {
    const first = await devsprintAsync(
      ['task', 'import', 'test-sprint', 'sprint-org/sprint-repo', '--label', 'good first issue'],
      env,
    );
    expect(first).toMatchObject({ status: 0 });
    expect(first.stdout).toContain(
      '2 tasks added from the open issues of sprint-org/sprint-repo labelled "good first issue"',
    );
    expect(github.requests.find((r) => r.path === '/repos/sprint-org/sprint-repo/issues')).toBeDefined();
    expect((await tasks()).map((t) => [t.title, t.issue_url, t.state])).toEqual([
      ['Document the config file', 'https://github.com/sprint-org/sprint-repo/issues/12', 'open'],
      ['Add a --verbose flag', 'https://github.com/sprint-org/sprint-repo/issues/13', 'open'],
    ]);
    const again = await devsprintAsync(
      ['task', 'import', 'test-sprint', 'sprint-org/sprint-repo', '--label', 'good first issue'],
      env,
    );
    expect(again.stdout).toContain(
      '0 tasks added from the open issues of sprint-org/sprint-repo labelled "good first issue" (2 already listed)',
    );
    expect(await tasks()).toHaveLength(2);
  });

  test('the scheduler adds issues labelled later and closes tasks whose issue was closed upstream', async () => {
    expect(
      await devsprintAsync(['task', 'import', 'test-sprint', 'sprint-org/sprint-repo', '--label', 'sprint'], env),
    ).toMatchObject({ status: 0 });
    github.resources.set('/repos/sprint-org/sprint-repo/issues', [
      issue(13, 'Add a --verbose flag'),
      issue(14, 'Translate the README'),
    ]);
    github.resources.set('/repos/sprint-org/sprint-repo/issues/12', issue(12, 'Document the config file', 'closed'));
    github.resources.set('/repos/sprint-org/sprint-repo/issues/14', issue(14, 'Translate the README'));
    await app.sync!.pollAll();
    expect((await tasks()).map((t) => [t.issue_url!.split('/').pop(), t.state])).toEqual([
      ['12', 'closed'],
      ['13', 'open'],
      ['14', 'open'],
    ]);
  });

  test('Pagure: open issues carrying the tag become tasks, and a task whose issue was closed leaves the open list', async () => {
    pagure.issues = [
      { id: 7, title: 'Document the config file format', status: 'Open', tags: ['easyfix'] },
      { id: 8, title: 'Not for newcomers', status: 'Open', tags: ['hard'] },
    ];
    expect(
      await devsprintAsync(
        ['project', 'add', 'test-sprint', 'pagure:infra/example-tool', '--pagure-url', pagure.url],
        env,
      ),
    ).toMatchObject({ status: 0 });
    const imported = await devsprintAsync(
      ['task', 'import', 'test-sprint', 'pagure:infra/example-tool', '--label', 'easyfix'],
      env,
    );
    expect(imported.stdout).toContain('1 task added from the open issues of infra/example-tool labelled "easyfix"');
    expect(pagure.issueRequests[0]).toBe(
      '/api/0/infra/example-tool/issues?status=Open&tags=easyfix&per_page=100&page=1',
    );
    expect((await tasks()).map((t) => [t.project, t.title, t.issue_url])).toEqual([
      ['infra/example-tool', 'Document the config file format', `${pagure.url}/infra/example-tool/issue/7`],
    ]);
    pagure.issues[0]!.status = 'Closed';
    await app.sync!.pollAll();
    expect((await tasks())[0]!.state).toBe('closed');
  });

  test('a forge that cannot be read is said plainly and nothing is added', async () => {
    const result = await devsprintAsync(['task', 'import', 'test-sprint', 'sprint-org/sprint-repo', '--label', 'x'], {
      ...env,
      GITHUB_TOKEN: '',
      GITHUB_API_URL: 'http://127.0.0.1:9',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the issues of sprint-org/sprint-repo could not be read: no GitHub credentials');
    expect(await tasks()).toEqual([]);
    expect((await devsprintAsync(['task', 'import', 'test-sprint', 'sprint-org/sprint-repo'], env)).status).toBe(2);
  });
});
