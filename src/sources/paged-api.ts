import type { ForgeHosts } from '../domain/forge-hosts.js';
import type { CachedPage, PageCache } from './page-cache.js';
import { forgeGet, type ForgeAnswer } from './forge-http.js';

/** An API answer that cannot be used: the round reports it instead of treating it as "nothing there". */
export class ForgeApiError extends Error {}

export interface PagedApiOptions {
  /** The forges the operator lets the server reach (FORGE_HOSTS): every page's URL is checked against them. */
  hosts: ForgeHosts;
  timeoutMs?: number;
  maxBytes?: number;
  /** A runaway chain of next pages is cut here. */
  maxPages?: number;
  /** Longest `Retry-After` waited out before a second try; a longer one ends the round (default 60 s). */
  maxWaitSeconds?: number;
  /** Answers by URL with their ETag, so an unchanged page costs a 304 (kept by the caller across rounds). */
  etags?: PageCache<CachedPage>;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A page of JSON: its value, and the address of the next page (null on the last). */
export interface JsonPage {
  json: unknown;
  next: string | null;
  /** The forge's rate limit is spent (`RateLimit-Remaining: 0`) while pages remain. */
  exhausted: boolean;
}

/**
 * The next page as GitLab and Forgejo say it: a `Link` header's `rel="next"`, else GitLab's `x-next-page`,
 * else Forgejo's `X-Total-Count` with the page size asked for. A next link must stay on the same origin.
 */
export function nextPageUrl(url: string, headers: ForgeAnswer['headers'], items: number): string | null {
  const current = new URL(url);
  const link = typeof headers.link === 'string' ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(headers.link)?.[1] : undefined;
  if (link) {
    try {
      const next = new URL(link, url);
      return next.origin === current.origin ? next.href : null;
    } catch {
      return null;
    }
  }
  const page = Number(current.searchParams.get('page') ?? '1');
  const xNext = headers['x-next-page'];
  if (typeof xNext === 'string') {
    if (!/^\d+$/.test(xNext) || Number(xNext) <= page) return null;
    current.searchParams.set('page', xNext);
    return current.href;
  }
  const total = Number(headers['x-total-count']);
  const size = Number(current.searchParams.get('limit') ?? current.searchParams.get('per_page'));
  if (Number.isFinite(total) && size > 0 && items > 0 && page * size < total) {
    current.searchParams.set('page', String(page + 1));
    return current.href;
  }
  return null;
}

/**
 * One GET of a JSON page, with the guards of forgeGet: a 429 or 503 is waited out once when its
 * `Retry-After` is short enough, an exhausted rate limit (`RateLimit-Remaining: 0`) is reported, and an
 * unchanged page answers 304 from its ETag. `missingIsNull`: a 404 is "no such thing", not an error.
 */
export async function getJsonPage(
  url: string,
  options: PagedApiOptions,
  missingIsNull = false,
): Promise<JsonPage | null> {
  const sleep = options.sleep ?? realSleep;
  const cached = options.etags?.get(url);
  for (let attempt = 1; ; attempt += 1) {
    let response: ForgeAnswer;
    try {
      response = await forgeGet(url, {
        hosts: options.hosts,
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
        headers: {
          accept: 'application/json',
          'user-agent': 'devsprint',
          ...(cached ? { 'if-none-match': cached.etag } : {}),
        },
      });
    } catch (error) {
      throw new ForgeApiError((error as Error).message);
    }
    if ((response.status === 429 || response.status === 503) && attempt === 1) {
      const wait = retryAfterSeconds(response.headers['retry-after']);
      if (wait !== null && wait <= (options.maxWaitSeconds ?? 60)) {
        await sleep(wait * 1000);
        continue;
      }
      throw new ForgeApiError(
        `${url}: ${response.status}, rate limited${wait === null ? '' : ` for ${wait} s`}: the next round tries again`,
      );
    }
    if (missingIsNull && response.status === 404) return null;
    const body = response.status === 304 && cached ? cached.body : response.body;
    if (response.status !== 304 && (response.status < 200 || response.status > 299))
      throw new ForgeApiError(`${url}: ${response.status} ${response.body.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ForgeApiError(`${url}: the answer is not valid JSON (truncated?)`);
    }
    const etag = response.headers.etag;
    if (options.etags && typeof etag === 'string' && response.status === 200) {
      options.etags.set(url, { etag, body });
    }
    const next = nextPageUrl(url, response.headers, Array.isArray(json) ? json.length : 0);
    return { json, next, exhausted: next !== null && response.headers['ratelimit-remaining'] === '0' };
  }
}

/** `Retry-After` in seconds, or as an HTTP date; null when absent or unreadable. */
function retryAfterSeconds(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Every page from `first`, up to `maxPages` (the caller stops reading once pages are older than it
 * wants). A spent rate limit with pages left is an error after the page it came with: the round says so.
 */
export async function* jsonPages(first: string, options: PagedApiOptions): AsyncGenerator<unknown[]> {
  let url: string | null = first;
  for (let n = 0; url !== null && n < (options.maxPages ?? 50); n += 1) {
    const page = await getJsonPage(url, options);
    if (!page || !Array.isArray(page.json)) throw new ForgeApiError(`${url}: the answer is not a list`);
    yield page.json;
    if (page.exhausted)
      throw new ForgeApiError(`${url}: the forge's rate limit is spent with pages left; the next round continues`);
    url = page.next;
  }
}
