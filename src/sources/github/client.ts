import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';
import { pacingOptions, type GithubPacing } from './pacing.js';
import { PageCache } from '../page-cache.js';

/** The tracker's Octokit: rate limits honoured (throttling), transient 5xx retried, ETags reused. */
const TrackerOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof TrackerOctokit>;

export type GithubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'installation'; appId: string; privateKey: string; installationId: number }
  | { kind: 'app'; appId: string; privateKey: string };

export interface GithubClientOptions {
  baseUrl: string;
  auth: GithubAuth;
  log: Logger;
  /** Waits longer than this are not taken: the round ends and the next one picks up. */
  maxWaitSeconds?: number;
  retries?: number;
  fetch?: typeof fetch;
  /** GitHub's documented spacing of requests (the default), or none against a stand-in. */
  pacing?: GithubPacing;
}

/** One GitHub rate-limit resource (`core`, `search`...) as its latest answer described it. */
export interface RateBudget {
  limit: number;
  remaining: number;
  /** When the window resets, in ms since the epoch (GitHub's `x-ratelimit-reset` is in seconds). */
  resetAt: number;
}

export interface RequestCounter {
  requests: number;
  /** Requests to /search: they draw on their own, much smaller budget (30 a minute). */
  searchRequests: number;
  notModified: number;
  /** Answers that said a rate limit was exhausted, primary or secondary (the throttling plugin's verdict). */
  rateLimited: number;
  rateLimitRemaining: number | null;
  budgets: Map<string, RateBudget>;
}

/** Reads the rate-limit headers of any answer, a refusal included, into the budget of its resource. */
function noteBudget(counter: RequestCounter, path: string, headers: Record<string, unknown> | undefined): void {
  if (!headers) return;
  const limit = Number(headers['x-ratelimit-limit']);
  const remaining = Number(headers['x-ratelimit-remaining']);
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return;
  const resource =
    typeof headers['x-ratelimit-resource'] === 'string'
      ? headers['x-ratelimit-resource']
      : path.startsWith('/search/')
        ? 'search'
        : 'core';
  counter.budgets.set(resource, { limit, remaining, resetAt: Number.isFinite(reset) ? reset * 1000 : Number.NaN });
  if (resource === 'core') counter.rateLimitRemaining = remaining;
}

export function createGithubClient(options: GithubClientOptions): { octokit: GithubClient; counter: RequestCounter } {
  const counter: RequestCounter = {
    requests: 0,
    searchRequests: 0,
    notModified: 0,
    rateLimited: 0,
    rateLimitRemaining: null,
    budgets: new Map(),
  };
  const maxWait = options.maxWaitSeconds ?? 120;
  const pacing = pacingOptions(options.pacing ?? 'github');
  const auth = options.auth;
  const octokit = new TrackerOctokit({
    baseUrl: options.baseUrl,
    userAgent: 'devsprint',
    ...(auth.kind === 'token'
      ? { auth: auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: auth.appId,
            privateKey: auth.privateKey,
            ...(auth.kind === 'installation' ? { installationId: auth.installationId } : {}),
          },
        }),
    request: options.fetch ? { fetch: options.fetch } : {},
    // Octokit's request log calls every non-2xx (a 304 included) an error; the poller reports real failures itself.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => options.log.warn(message),
      error: (message: string) => options.log.debug(message),
    },
    retry: {
      ...pacing.retry,
      retries: options.retries ?? 2,
      doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      ...pacing.throttle,
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
        counter.rateLimited += 1;
        options.log.warn({ retryAfter, url: request.url }, 'GitHub rate limit reached');
        return retryAfter <= maxWait && retryCount < 2;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        counter.rateLimited += 1;
        options.log.warn({ retryAfter, url: request.url }, 'GitHub secondary rate limit reached');
        return retryAfter <= maxWait && retryCount < 2;
      },
    },
  });
  // Conditional requests: a 304 costs no rate limit, so every GET remembers its ETag and body.
  // Bounded in bytes like the other forges' pages (each answer's size measured once, when it is kept).
  const cache = new PageCache<{ etag: string; data: unknown; headers: Record<string, unknown>; bytes: number }>(
    undefined,
    (entry) => entry.bytes,
  );
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const key = requestOptions.method === 'GET' ? octokit.request.endpoint.parse(requestOptions).url : null;
    const cached = key ? cache.get(key) : undefined;
    if (cached) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
    // The route as called ("/search/issues"), not the full URL: a GitHub Enterprise base has a path of its own.
    const route = String(requestOptions.url);
    const path = route.startsWith('/') ? route : new URL(route).pathname;
    counter.requests += 1;
    if (path.startsWith('/search/')) counter.searchRequests += 1;
    try {
      const response = await request(requestOptions);
      noteBudget(counter, path, response.headers);
      const etag = response.headers.etag;
      if (key && typeof etag === 'string') {
        const bytes = 2 * (JSON.stringify(response.data)?.length ?? 0);
        cache.set(key, { etag, data: response.data, headers: response.headers, bytes });
      }
      return response;
    } catch (error) {
      const failed = error as { status?: number; response?: { headers?: Record<string, unknown> } };
      noteBudget(counter, path, failed.response?.headers);
      if (cached && failed.status === 304) {
        counter.notModified += 1;
        return { status: 200, url: key!, headers: cached.headers, data: cached.data } as Awaited<
          ReturnType<typeof request>
        >;
      }
      throw error;
    }
  });
  return { octokit, counter };
}
