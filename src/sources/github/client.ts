import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';

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
}

export interface RequestCounter {
  requests: number;
  notModified: number;
  rateLimitRemaining: number | null;
}

export function createGithubClient(options: GithubClientOptions): { octokit: GithubClient; counter: RequestCounter } {
  const counter: RequestCounter = { requests: 0, notModified: 0, rateLimitRemaining: null };
  const maxWait = options.maxWaitSeconds ?? 120;
  const auth = options.auth;
  const octokit = new TrackerOctokit({
    baseUrl: options.baseUrl,
    userAgent: 'devsprint',
    ...(auth.kind === 'token' ? { auth: auth.token } : {
      authStrategy: createAppAuth,
      auth: { appId: auth.appId, privateKey: auth.privateKey, ...(auth.kind === 'installation' ? { installationId: auth.installationId } : {}) },
    }),
    request: options.fetch ? { fetch: options.fetch } : {},
    // Octokit's request log calls every non-2xx (a 304 included) an error; the poller reports real failures itself.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => options.log.warn(message),
      error: (message: string) => options.log.debug(message),
    },
    retry: { retries: options.retries ?? 2, doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
        options.log.warn({ retryAfter, url: request.url }, 'GitHub rate limit reached');
        return retryAfter <= maxWait && retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
        options.log.warn({ retryAfter, url: request.url }, 'GitHub secondary rate limit reached');
        return retryAfter <= maxWait && retryCount < 2;
      },
    },
  });
  // Conditional requests: a 304 costs no rate limit, so every GET remembers its ETag and body.
  const cache = new Map<string, { etag: string; data: unknown; headers: Record<string, unknown> }>();
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const key = requestOptions.method === 'GET' ? octokit.request.endpoint.parse(requestOptions).url : null;
    const cached = key ? cache.get(key) : undefined;
    if (cached) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
    counter.requests += 1;
    try {
      const response = await request(requestOptions);
      const remaining = Number(response.headers['x-ratelimit-remaining']);
      if (Number.isFinite(remaining)) counter.rateLimitRemaining = remaining;
      const etag = response.headers.etag;
      if (key && typeof etag === 'string') cache.set(key, { etag, data: response.data, headers: response.headers });
      return response;
    } catch (error) {
      if (cached && (error as { status?: number }).status === 304) {
        counter.notModified += 1;
        return { status: 200, url: key!, headers: cached.headers, data: cached.data } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
  return { octokit, counter };
}
