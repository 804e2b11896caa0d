import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const PAGURE_FIXTURES = join(packageRoot, 'test', 'fixtures', 'pagure');
export const HOOK_KEY = 'Q7W2E9R4T1Y6U3I8O5P0A2S7D4F9G1H6J3K8L5Z0';

export function fixture(name: string): string {
  return readFileSync(join(PAGURE_FIXTURES, name), 'utf8');
}

/**
 * A stand-in Pagure api/0 on loopback, serving the recorded page shape: two pull requests a page
 * whatever per_page asks for, absolute `pagination.next` links, then an older page. `mode` switches it
 * into failure answers.
 */
export class PagureStandIn {
  readonly requests: string[] = [];
  /** `git/branches` requests, kept apart from the pull request pages above. */
  readonly branchRequests: string[] = [];
  /** The project's issues, as `issues?status=&tags=` and `issue/N` serve them; their requests are kept apart. */
  issues: Array<{ id: number; title: string; status: 'Open' | 'Closed'; tags: string[] }> = [];
  readonly issueRequests: string[] = [];
  /** What `git/branches` names as the default branch. */
  defaultBranch = 'main';
  /**
   * Which Pagure answers `git/branches` (pagure/api/project.py `api_git_branches`): `current` (5.11 on) names
   * the default as `{name: sha}` when `with_commits` is asked and as the bare name when not; `old` (before
   * it) lists the branch names only, with no `default`.
   */
  release: 'current' | 'old' = 'current';
  mode: 'ok' | 'error' | 'truncated' | 'empty' = 'ok';
  #server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    const page1 = JSON.parse(fixture('api-pull-requests-page.json'));
    this.#server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const url = new URL(req.url ?? '/', this.url);
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/0/infra/example-tool/pull-request/42') {
        return res.end(JSON.stringify({ ...page1.requests[0], id: 42 }));
      }
      if (
        url.pathname === '/api/0/infra/example-tool/issues' ||
        /^\/api\/0\/infra\/example-tool\/issue\/\d+$/.test(url.pathname)
      ) {
        this.requests.pop();
        this.issueRequests.push(req.url ?? '');
        const one = /\/issue\/(\d+)$/.exec(url.pathname);
        if (one) {
          const issue = this.issues.find((i) => i.id === Number(one[1]));
          if (!issue) res.statusCode = 404;
          return res.end(JSON.stringify(issue ?? { error: 'Issue not found', error_code: 'ENOISSUE' }));
        }
        const status = url.searchParams.get('status') ?? 'Open';
        const tags = url.searchParams.getAll('tags');
        const listed = this.issues.filter(
          (i) => (status.toLowerCase() === 'all' || i.status === status) && tags.every((t) => i.tags.includes(t)),
        );
        return res.end(
          JSON.stringify({
            total_issues: listed.length,
            issues: listed,
            args: { status, tags },
            pagination: { page: 1, pages: 1, per_page: 100, next: null, prev: null },
          }),
        );
      }
      if (url.pathname === '/api/0/infra/example-tool/git/branches') {
        this.requests.pop();
        this.branchRequests.push(req.url ?? '');
        if (this.mode === 'error') {
          res.statusCode = 502;
          return res.end('<html>Bad Gateway</html>');
        }
        if (this.mode === 'truncated') return res.end('{"total_branches": 2, "branches": {"ma');
        const head = 'e1f2a3b4c5d6e7f80910a1b2c3d4e5f6a7b8c9d0';
        const names = [this.defaultBranch, 'feature'];
        if (this.release === 'old') return res.end(JSON.stringify({ total_branches: 2, branches: names }));
        const withCommits = ['1', 'true', 'y', 'yes'].includes(
          (url.searchParams.get('with_commits') ?? '').toLowerCase(),
        );
        return res.end(
          JSON.stringify(
            withCommits
              ? {
                  total_branches: 2,
                  branches: { [this.defaultBranch]: head, feature: 'aa'.repeat(20) },
                  default: { [this.defaultBranch]: head },
                }
              : { total_branches: 2, branches: names, default: this.defaultBranch },
          ),
        );
      }
      if (url.pathname !== '/api/0/infra/example-tool/pull-requests') {
        res.statusCode = 404;
        return res.end(JSON.stringify({ error: 'Project not found', error_code: 'ENOPROJECT' }));
      }
      if (this.mode === 'error') {
        res.statusCode = 502;
        return res.end('<html>Bad Gateway</html>');
      }
      if (this.mode === 'truncated') return res.end(JSON.stringify(page1).slice(0, 500));
      const author = url.searchParams.get('author');
      if (this.mode === 'empty' || author !== 'bob') {
        return res.end(
          JSON.stringify({
            total_requests: 0,
            requests: [],
            args: {},
            pagination: { page: 1, pages: 0, per_page: 2, next: null, prev: null, first: null, last: null },
          }),
        );
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      const link = (n: number) =>
        `${this.url}/api/0/infra/example-tool/pull-requests?author=bob&status=all&page=${n}&per_page=2`;
      if (page === 1) {
        return res.end(
          JSON.stringify({
            ...page1,
            pagination: { ...page1.pagination, next: link(2), first: link(1), last: link(3), pages: 3 },
          }),
        );
      }
      if (page === 2) {
        // An older pull request, from before the sprint: paging stops here.
        const older = {
          ...page1.requests[1],
          id: 30,
          title: 'Before the sprint',
          date_created: '1700000000',
          last_updated: '1700000000',
          full_url: null,
        };
        return res.end(
          JSON.stringify({
            total_requests: 3,
            requests: [older],
            pagination: { page: 2, pages: 3, per_page: 2, next: link(3), prev: link(1) },
          }),
        );
      }
      return res.end(
        JSON.stringify({
          total_requests: 3,
          requests: [],
          pagination: { page: 3, pages: 3, per_page: 2, next: null, prev: link(2) },
        }),
      );
    });
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }
}
