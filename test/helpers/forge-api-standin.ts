import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';

/**
 * Stand-in GitLab (api/v4) and Forgejo (api/v1) APIs on loopback: a project or repository, its merge
 * or pull requests and its default branch's commits, paged as each forge pages (GitLab's `x-next-page`
 * and `Link`, Forgejo's `Link` and `X-Total-Count`), with ETags, and a 429 with `Retry-After` on demand.
 */
export class ForgeApiStandIn {
  readonly requests: Array<{ path: string; query: string; status: number }> = [];
  defaultBranch = 'main';
  /** GitLab REST merge requests, or Forgejo REST pull requests (newest first, as asked). */
  pulls: Array<Record<string, any>> = [];
  commits: Array<Record<string, any>> = [];
  /** Answers a 429 with this Retry-After (seconds) to the next request, once. */
  throttleNext: number | null = null;
  #server: Server | null = null;
  readonly #waiting: Array<{ done: () => boolean; resolve: () => void }> = [];
  url = '';

  constructor(readonly forge: 'gitlab' | 'forgejo') {}

  /** Resolves once the requests served so far satisfy `done`: waits on what the server asked, not on a clock. */
  served(done: (requests: ForgeApiStandIn['requests']) => boolean): Promise<void> {
    if (done(this.requests)) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push({ done: () => done(this.requests), resolve }));
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.url);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ path: url.pathname, query: url.search, status });
        for (const w of [...this.#waiting]) {
          if (!w.done()) continue;
          this.#waiting.splice(this.#waiting.indexOf(w), 1);
          w.resolve();
        }
        res
          .writeHead(status, { 'content-type': 'application/json', ...headers })
          .end(body === null ? '' : JSON.stringify(body));
      };
      if (this.throttleNext !== null) {
        const wait = this.throttleNext;
        this.throttleNext = null;
        return send(429, { message: '429 Too Many Requests' }, { 'retry-after': String(wait) });
      }
      const route =
        this.forge === 'gitlab'
          ? /^\/api\/v4\/projects\/([^/]+)(\/merge_requests|\/repository\/commits)?$/.exec(url.pathname)
          : /^\/api\/v1\/repos\/[^/]+\/[^/]+(\/pulls|\/commits)?$/.exec(url.pathname);
      if (!route) return send(404, { message: '404 Not Found' });
      const part = this.forge === 'gitlab' ? route[2] : route[1];
      if (!part) return send(200, { default_branch: this.defaultBranch });
      let items = part.endsWith('commits') ? this.commits : this.pulls;
      const author = url.searchParams.get('author_username');
      if (author) items = items.filter((mr) => mr.author?.username === author);
      const createdAfter = url.searchParams.get('created_after');
      if (createdAfter) items = items.filter((mr) => mr.created_at >= createdAfter);
      const size = Number(url.searchParams.get(this.forge === 'gitlab' ? 'per_page' : 'limit') ?? '20');
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = items.slice((page - 1) * size, page * size);
      const last = page * size >= items.length;
      const headers: Record<string, string> = {};
      const nextUrl = new URL(url.href);
      nextUrl.searchParams.set('page', String(page + 1));
      if (this.forge === 'gitlab') {
        headers['x-next-page'] = last ? '' : String(page + 1);
        headers['x-total'] = String(items.length);
      } else {
        headers['x-total-count'] = String(items.length);
        if (!last) headers.link = `<${nextUrl.href}>; rel="next"`;
      }
      const etag = `"${createHash('sha1').update(JSON.stringify(slice)).digest('hex')}"`;
      headers.etag = etag;
      if (req.headers['if-none-match'] === etag) return send(304, null, headers);
      send(200, slice, headers);
    });
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }
}
