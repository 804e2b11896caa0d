import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';
import type { HookDelivery } from '../../src/services/redeliver-failed.js';

export interface SearchItem {
  number: number;
  html_url: string;
  repository_url: string;
  title: string;
  user: { login: string; id: number; type: string };
  state: 'open' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: string;
  /** Absent for an issue. */
  pull_request?: { url: string; html_url: string; merged_at: string | null };
}

/**
 * A stand-in GitHub REST API on loopback: issue search (with ETag and 304, a rate-limited 403 with its
 * reset header, a 5xx), and the app's hook deliveries with redelivery attempts.
 */
export class GithubApiStandIn {
  readonly requests: Array<{ method: string; path: string; q?: string; ifNoneMatch?: string; status: number }> = [];
  readonly attempts: number[] = [];
  /** What the bot wrote (labels created, labels added, comments, reactions), with the headers that say on whose behalf. */
  readonly writes: Array<{
    method?: string;
    path: string;
    body: Record<string, unknown>;
    authorization?: string;
    delivery?: string;
    /** When it arrived (ms since the epoch): how the client paced it. */
    at?: number;
  }> = [];
  readonly labels = new Set<string>();
  items: SearchItem[] = [];
  /** Plain REST resources by path (`/repos/o/r/pulls/1`, `/users/ana`): GET answers them, anything else under /repos is 404. */
  readonly resources = new Map<string, unknown>();
  deliveries: HookDelivery[] = [];
  /** Failures to serve before answering normally. */
  failNext: Array<'rate-limit' | 'server-error'> = [];
  /**
   * GitHub's search budget: `limit` requests per window of `windowSeconds`, windows aligned on the clock
   * given (the freshness bench runs a simulated one), announced in the rate-limit headers and refused with
   * a 403 once spent. Null: every answer says 29 of 30 remain.
   */
  searchBudget: { limit: number; windowSeconds: number; now: () => number } | null = null;
  /** Search requests by window start (ms), while a searchBudget is set. */
  readonly searchWindows = new Map<number, number>();
  #server: Server | null = null;
  url = '';

  item(
    repo: string,
    number: number,
    login: string,
    userId: number,
    fields: Partial<SearchItem> & { merged_at?: string | null } = {},
  ): SearchItem {
    const { merged_at: mergedAt, ...rest } = fields;
    return {
      number,
      html_url: `https://github.com/${repo}/pull/${number}`,
      repository_url: `${this.url}/repos/${repo}`,
      title: `Pull request ${number}`,
      user: { login, id: userId, type: 'User' },
      state: mergedAt ? 'closed' : 'open',
      created_at: '2024-05-10T06:00:00Z',
      updated_at: mergedAt ?? '2024-05-10T06:00:00Z',
      closed_at: mergedAt ?? null,
      author_association: 'CONTRIBUTOR',
      pull_request: { url: '', html_url: `https://github.com/${repo}/pull/${number}`, merged_at: mergedAt ?? null },
      ...rest,
    };
  }

  /** An issue as search lists it: an item without `pull_request`. */
  issue(repo: string, number: number, login: string, userId: number, fields: Partial<SearchItem> = {}): SearchItem {
    const { pull_request: _none, ...item } = this.item(repo, number, login, userId, {
      html_url: `https://github.com/${repo}/issues/${number}`,
      title: `Issue ${number}`,
      ...fields,
    });
    return item;
  }

  /** A pull request's reviews, served at its reviews endpoint and matched by `reviewed-by:` searches. */
  review(repo: string, number: number, login: string, userId: number, submittedAt: string, state = 'APPROVED'): void {
    const path = `/repos/${repo}/pulls/${number}/reviews`;
    const list = (this.resources.get(path) as unknown[] | undefined) ?? [];
    list.push({
      id: 9000 + list.length,
      user: { login, id: userId, type: 'User' },
      state,
      submitted_at: submittedAt,
      html_url: `https://github.com/${repo}/pull/${number}#pullrequestreview-${9000 + list.length}`,
    });
    this.resources.set(path, list);
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.url);
        const log = {
          method: req.method ?? 'GET',
          path: url.pathname,
          q: url.searchParams.get('q') ?? undefined,
          ifNoneMatch: req.headers['if-none-match'],
          status: 200,
        };
        this.requests.push(log);
        const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
          log.status = status;
          res.writeHead(status, {
            'content-type': 'application/json',
            'x-ratelimit-limit': '30',
            'x-ratelimit-remaining': '29',
            ...headers,
          });
          res.end(payload === null ? undefined : JSON.stringify(payload));
        };
        if (req.method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) {
          return send(201, {
            token: 'ghs_installation_token',
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            permissions: {},
            repository_selection: 'all',
          });
        }
        const failure = this.failNext.shift();
        if (failure === 'rate-limit') {
          return send(
            403,
            { message: 'API rate limit exceeded' },
            { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
          );
        }
        if (failure === 'server-error') return send(502, { message: 'Server Error' });
        if (req.method === 'GET' && url.pathname === '/search/issues' && this.searchBudget) {
          const { limit, windowSeconds, now } = this.searchBudget;
          const windowStart = Math.floor(now() / (windowSeconds * 1000)) * windowSeconds * 1000;
          const used = (this.searchWindows.get(windowStart) ?? 0) + 1;
          this.searchWindows.set(windowStart, used);
          const budget = {
            'x-ratelimit-resource': 'search',
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': String(Math.max(0, limit - used)),
            'x-ratelimit-reset': String((windowStart + windowSeconds * 1000) / 1000),
          };
          if (used > limit) return send(403, { message: 'API rate limit exceeded' }, budget);
          return this.#search(url, req.headers['if-none-match'], (status, payload, headers) =>
            send(status, payload, { ...budget, ...headers }),
          );
        }
        if (req.method === 'GET' && url.pathname === '/search/issues')
          return this.#search(url, req.headers['if-none-match'], send);
        if (req.method === 'GET' && this.resources.has(url.pathname))
          return send(200, this.resources.get(url.pathname));
        // A pull request nobody reviewed has an empty list of reviews, as on GitHub.
        if (req.method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews$/.test(url.pathname))
          return send(200, []);
        if (req.method === 'GET' && url.pathname === '/app/hook/deliveries') return send(200, this.deliveries);
        const attempt = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(url.pathname);
        if (req.method === 'POST' && attempt) {
          this.attempts.push(Number(attempt[1]));
          return send(202, {});
        }
        if (req.method === 'PATCH' && url.pathname.startsWith('/repos/')) {
          this.writes.push({
            method: 'PATCH',
            path: url.pathname,
            body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
            authorization: req.headers.authorization,
          });
          return send(200, { id: Number(url.pathname.split('/').pop()) });
        }
        if (req.method === 'POST' && url.pathname.startsWith('/repos/')) {
          const parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
          this.writes.push({
            path: url.pathname,
            body: parsed,
            authorization: req.headers.authorization,
            delivery: req.headers['x-github-delivery'] as string | undefined,
            at: Date.now(),
          });
          if (/\/labels$/.test(url.pathname) && !/\/issues\//.test(url.pathname)) {
            if (this.labels.has(String(parsed.name)))
              return send(422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] });
            this.labels.add(String(parsed.name));
            return send(201, { id: 1, name: parsed.name });
          }
          return send(201, { id: this.writes.length });
        }
        return send(404, { message: 'Not Found' });
      });
    });
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  #search(
    url: URL,
    ifNoneMatch: string | undefined,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): void {
    const q = url.searchParams.get('q') ?? '';
    const repos = [...q.matchAll(/repo:(\S+)/g)].map((m) => m[1]!.toLowerCase());
    const authors = [...q.matchAll(/author:([\w-]+)/g)].map((m) => m[1]!.toLowerCase());
    const reviewers = [...q.matchAll(/reviewed-by:([\w-]+)/g)].map((m) => m[1]!.toLowerCase());
    const created = /created:(\S+)\.\.(\S+)/.exec(q);
    const updated = /updated:>=(\S+)/.exec(q);
    const createdBefore = /created:<(\S+)/.exec(q);
    const kind = /\bis:(pr|issue)\b/.exec(q)?.[1];
    const t = (instant: string) => Date.parse(instant);
    const reviewedBy = (it: SearchItem) =>
      (
        (this.resources.get(`/repos/${it.repository_url.split('/repos/')[1]}/pulls/${it.number}/reviews`) as
          Array<{ user: { login: string } }> | undefined) ?? []
      ).map((r) => r.user.login.toLowerCase());
    const matching = this.items.filter(
      (it) =>
        (repos.length === 0 || repos.includes(it.repository_url.split('/repos/')[1]!.toLowerCase())) &&
        (authors.length === 0 || authors.includes(it.user.login.toLowerCase())) &&
        (kind === undefined || (kind === 'pr') === (it.pull_request !== undefined)) &&
        (reviewers.length === 0 || reviewedBy(it).some((r) => reviewers.includes(r))) &&
        // Compared as instants, as GitHub does: `…00Z` and `…00.000Z` are the same second.
        (!created || (t(it.created_at) >= t(created[1]!) && t(it.created_at) <= t(created[2]!))) &&
        (!updated || t(it.updated_at) >= t(updated[1]!)) &&
        (!createdBefore || t(it.created_at) < t(createdBefore[1]!)),
    );
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const page = Number(url.searchParams.get('page') ?? '1');
    const payload = {
      total_count: matching.length,
      incomplete_results: false,
      items: matching.slice((page - 1) * perPage, page * perPage),
    };
    const etag = `"${createHash('sha1').update(JSON.stringify(payload)).digest('hex')}"`;
    if (ifNoneMatch === etag) return send(304, null, { etag });
    send(200, payload, { etag });
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }
}
