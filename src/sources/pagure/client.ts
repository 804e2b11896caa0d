import { z } from 'zod';
import type { ForgeHosts } from '../../domain/forge-hosts.js';
import { forgeGet, type ForgeAnswer } from '../forge-http.js';
import { pagurePullRequest, type PagurePullRequest } from './normalize.js';

/** An API answer that cannot be used: the round reports it instead of treating it as "no pull requests". */
export class PagureApiError extends Error {}

export interface PagureClientOptions {
  /** The forges the operator lets the server reach (FORGE_HOSTS): every page's URL is checked against them. */
  hosts: ForgeHosts;
  timeoutMs?: number;
  /** Bytes of one page read at most. */
  maxBytes?: number;
  /** A runaway `next` chain is cut here. */
  maxPages?: number;
}

const page = z.object({
  requests: z.array(z.unknown()),
  pagination: z.object({ next: z.string().nullish(), pages: z.number().int().nonnegative().nullish() }).nullish(),
});

/** One pull request, `GET /api/0/<project>/pull-request/<id>`; null when the server has no such pull request. */
export async function pullRequest(
  baseUrl: string,
  fullName: string,
  id: string,
  options: PagureClientOptions,
): Promise<PagurePullRequest | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/0/${apiProjectPath(fullName)}/pull-request/${encodeURIComponent(id)}`;
  const json = await getJson(url, options, true);
  if (json === null) return null;
  const parsed = pagurePullRequest.safeParse(json);
  if (!parsed.success) throw new PagureApiError(`${url}: the answer is not a pull request`);
  return parsed.data;
}

/** A JSON answer from a forge the operator chose; null for a 404 when `missingIsNull`. */
async function getJson(url: string, options: PagureClientOptions, missingIsNull = false): Promise<unknown> {
  let response: ForgeAnswer;
  try {
    response = await forgeGet(url, {
      hosts: options.hosts,
      headers: { accept: 'application/json', 'user-agent': 'devsprint' },
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
    });
  } catch (error) {
    throw new PagureApiError((error as Error).message);
  }
  if (missingIsNull && response.status === 404) return null;
  if (response.status < 200 || response.status > 299)
    throw new PagureApiError(`${url}: ${response.status} ${response.body.slice(0, 200)}`);
  try {
    return JSON.parse(response.body);
  } catch {
    throw new PagureApiError(`${url}: the answer is not valid JSON (truncated?)`);
  }
}

/**
 * `default` as Pagure answers it (pagure/api/project.py `api_git_branches`): `{name: sha}` when
 * `with_commits` is asked (and `{}` for an empty repository), the bare name (or null) when it is not, and
 * absent altogether before Pagure 5.11. Each shape is read; anything else names no branch.
 */
const branches = z.object({
  default: z
    .union([z.string(), z.record(z.string(), z.string().nullish())])
    .nullish()
    .catch(null),
});

/** The project's default branch, from `GET /api/0/<project>/git/branches`; null when the answer names none. */
export async function defaultBranch(
  baseUrl: string,
  fullName: string,
  options: PagureClientOptions,
): Promise<string | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/0/${apiProjectPath(fullName)}/git/branches?with_commits=true`;
  const parsed = branches.safeParse(await getJson(url, options));
  const given = parsed.success ? parsed.data.default : null;
  const name = typeof given === 'string' ? given : given ? Object.keys(given)[0] : undefined;
  return name && name.length <= 255 ? name : null;
}

/** `forks/bob/x` (a fullname) is served under `fork/bob/x` (a URL path). */
export function apiProjectPath(fullName: string): string {
  return fullName
    .replace(/^forks\//, 'fork/')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

export interface PullRequestPage {
  pullRequests: PagurePullRequest[];
  /** Items that did not have the fields the tracker needs. */
  skipped: number;
}

/**
 * Pages of `GET /api/0/<project>/pull-requests?status=all&author=USER`, newest first, following the
 * `pagination.next` links as opaque URLs (and only on the same server) whatever `per_page` the server
 * actually honoured. The caller stops early once it has seen what it needs.
 */
export async function* pullRequestPages(
  baseUrl: string,
  fullName: string,
  author: string,
  options: PagureClientOptions,
): AsyncGenerator<PullRequestPage> {
  const origin = new URL(baseUrl).origin;
  let url: string | null =
    `${baseUrl.replace(/\/+$/, '')}/api/0/${apiProjectPath(fullName)}/pull-requests?status=all&per_page=100&author=${encodeURIComponent(author)}`;
  for (let n = 0; url && n < (options.maxPages ?? 50); n += 1) {
    let response: ForgeAnswer;
    try {
      response = await forgeGet(url, {
        hosts: options.hosts,
        headers: { accept: 'application/json', 'user-agent': 'devsprint' },
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
      });
    } catch (error) {
      throw new PagureApiError((error as Error).message);
    }
    const text = response.body;
    if (response.status < 200 || response.status > 299)
      throw new PagureApiError(`${url}: ${response.status} ${text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PagureApiError(`${url}: the answer is not valid JSON (truncated?)`);
    }
    const parsed = page.safeParse(json);
    if (!parsed.success) throw new PagureApiError(`${url}: the answer has no requests list`);
    const pullRequests: PagurePullRequest[] = [];
    let skipped = 0;
    for (const item of parsed.data.requests) {
      const pr = pagurePullRequest.safeParse(item);
      if (pr.success) pullRequests.push(pr.data);
      else skipped += 1;
    }
    yield { pullRequests, skipped };
    const next = parsed.data.pagination?.next ?? null;
    url =
      next && new URL(next, url).origin === origin && parsed.data.requests.length > 0
        ? new URL(next, url).toString()
        : null;
  }
}

const pagureIssue = z.object({ id: z.number().int().positive(), title: z.string(), status: z.string() });

/** Open issues of a Pagure project carrying a tag (`api/0/<project>/issues?tags=`); at most 500. */
export async function taggedIssues(
  baseUrl: string,
  fullName: string,
  tag: string,
  options: PagureClientOptions,
): Promise<Array<{ id: number; title: string; url: string }>> {
  const base = baseUrl.replace(/\/+$/, '');
  const found: Array<{ id: number; title: string; url: string }> = [];
  for (let page = 1; page <= 5; page += 1) {
    const url = `${base}/api/0/${apiProjectPath(fullName)}/issues?status=Open&tags=${encodeURIComponent(tag)}&per_page=100&page=${page}`;
    const json = await getJson(url, options);
    const issues = z.object({ issues: z.array(z.unknown()) }).safeParse(json);
    if (!issues.success) throw new PagureApiError(`${url}: the answer is not a list of issues`);
    for (const item of issues.data.issues) {
      const parsed = pagureIssue.safeParse(item);
      if (parsed.success && parsed.data.status === 'Open')
        found.push({
          id: parsed.data.id,
          title: parsed.data.title,
          url: `${base}/${fullName}/issue/${parsed.data.id}`,
        });
    }
    if (issues.data.issues.length < 100) break;
  }
  return found;
}

/** An issue's status on Pagure (`Open`, `Closed`); null when it does not exist. */
export async function issueStatus(
  baseUrl: string,
  fullName: string,
  id: number,
  options: PagureClientOptions,
): Promise<string | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/0/${apiProjectPath(fullName)}/issue/${id}`;
  const json = await getJson(url, options, true);
  if (json === null) return null;
  const parsed = pagureIssue.safeParse(json);
  if (!parsed.success) throw new PagureApiError(`${url}: the answer is not an issue`);
  return parsed.data.status;
}
