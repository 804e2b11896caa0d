import { issueReferences } from '../../domain/tasks.js';
import { z } from 'zod';
import { malformed } from '../malformed.js';
import { reviewKey, type Contribution, type ContributionState } from '../../domain/contribution.js';
import { commitWorkTime } from '../../domain/event-window.js';
import { isBotAccount, normalizeEmail, parseCoAuthors, pullRequestsMergedBy } from '../../domain/identity.js';

/**
 * GitHub payload → Contribution, pure. Only the fields the tracker reads are validated; a payload
 * without them is reported as malformed instead of throwing deep inside a handler.
 */
export type Normalized = { ok: true; contributions: Contribution[] } | { ok: false; reason: string };

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const user = z.object({ login: z.string().min(1), id: z.number().int(), type: z.string().nullish() });
const repository = z.object({
  full_name: z.string().min(3),
  default_branch: z.string().nullish(),
  pushed_at: z.union([z.number(), z.string()]).nullish(),
  created_at: z.union([z.number(), z.string()]).nullish(),
});

const pullRequestPayload = z.object({
  action: z.string(),
  repository,
  pull_request: z.object({
    number: z.number().int().positive(),
    html_url: z
      .string()
      .url()
      .regex(/^https?:\/\//i, 'must be an http(s) URL'),
    title: z.string().nullish(),
    body: z.string().nullish(),
    user,
    state: z.enum(['open', 'closed']),
    merged: z.boolean().nullish(),
    merged_at: instant.nullish(),
    closed_at: instant.nullish(),
    created_at: instant,
    updated_at: instant.nullish(),
    author_association: z.string().nullish(),
    head: z.object({ sha: z.string().nullish() }).nullish(),
    merge_commit_sha: z.string().nullish(),
  }),
});

const FIRST_TIMER = new Set(['FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR']);

export function normalizePullRequest(payload: unknown): Normalized {
  const parsed = pullRequestPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const { pull_request: pr, repository: repo } = parsed.data;
  const merged = pr.merged === true || (pr.state === 'closed' && pr.merged_at != null);
  return {
    ok: true,
    contributions: [
      {
        forge: 'github',
        repo: repo.full_name,
        kind: 'pull_request',
        key: String(pr.number),
        url: pr.html_url,
        title: pr.title ?? '',
        author: {
          login: pr.user.login,
          id: pr.user.id,
          email: null,
          name: null,
          isBot: isBotAccount(pr.user.login, pr.user.type),
        },
        coAuthors: [],
        state: merged ? 'merged' : pr.state,
        createdAt: iso(pr.created_at),
        mergedAt: merged && pr.merged_at ? iso(pr.merged_at) : null,
        closedAt: pr.state === 'closed' && pr.closed_at ? iso(pr.closed_at) : null,
        landedAt: null,
        firstTime: FIRST_TIMER.has(pr.author_association ?? ''),
        ...(pr.author_association ? { firstTimeBy: 'association' as const } : {}),
        onDefaultBranch: false,
        headSha: pr.head?.sha ?? null,
        // GitHub fills merge_commit_sha with a test merge while the PR is open; only a merged one is real.
        mergeCommitSha: merged ? (pr.merge_commit_sha ?? null) : null,
        mergesPullRequests: [],
        references: issueReferences(
          `${pr.title ?? ''}\n${pr.body ?? ''}`,
          `https://github.com/${repo.full_name}/issues/`,
          'https://github.com',
        ),
        sourceUpdatedAt: pr.updated_at ? iso(pr.updated_at) : null,
        source: 'webhook',
      },
    ],
  };
}

const pushPayload = z.object({
  ref: z.string(),
  deleted: z.boolean().nullish(),
  repository,
  commits: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{7,64}$/i),
      message: z.string(),
      timestamp: instant,
      url: z
        .string()
        .url()
        .regex(/^https?:\/\//i, 'must be an http(s) URL'),
      author: z.object({ name: z.string().nullish(), email: z.string().nullish(), username: z.string().nullish() }),
    }),
  ),
});

/** Commits that reached the default branch; pushes to other branches are not sprint output (yet). */
export function normalizePush(payload: unknown): Normalized {
  const parsed = pushPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const push = parsed.data;
  if (push.deleted) return { ok: true, contributions: [] };
  // Commits on other branches are kept too, as not counting (not-default-branch), so their authors can see
  // why; tags carry no new work.
  if (!push.ref.startsWith('refs/heads/')) return { ok: true, contributions: [] };
  const defaultBranch = push.repository.default_branch;
  const onDefaultBranch = Boolean(defaultBranch) && push.ref === `refs/heads/${defaultBranch}`;
  const pushedAt = toInstant(push.repository.pushed_at);
  const repoCreatedAt = toInstant(push.repository.created_at);
  // A push that merges a pull request carries the pull request's own commits too: they all belong to it.
  const mergedHere = [...new Set(push.commits.flatMap((commit) => pullRequestsMergedBy(commit.message)))];
  return {
    ok: true,
    contributions: push.commits.map((commit): Contribution => {
      const login = commit.author.username ?? null;
      return {
        forge: 'github',
        repo: push.repository.full_name,
        kind: 'commit',
        key: commit.id.toLowerCase(),
        url: commit.url,
        title: commit.message.split('\n', 1)[0] ?? '',
        author: {
          login,
          id: null,
          email: commit.author.email ? normalizeEmail(commit.author.email) : null,
          name: commit.author.name ?? null,
          isBot: isBotAccount(login),
        },
        coAuthors: parseCoAuthors(commit.message),
        state: onDefaultBranch ? 'merged' : 'open',
        // The author time, where it can be true: the rules count a commit by when it was written.
        createdAt: commitWorkTime(iso(commit.timestamp), pushedAt, repoCreatedAt).at,
        mergedAt: onDefaultBranch ? (pushedAt ?? iso(commit.timestamp)) : null,
        closedAt: null,
        landedAt: onDefaultBranch ? (pushedAt ?? iso(commit.timestamp)) : null,
        firstTime: false,
        onDefaultBranch,
        headSha: null,
        mergeCommitSha: null,
        mergesPullRequests: mergedHere,
        sourceUpdatedAt: null,
        source: 'webhook',
      };
    }),
  };
}

function iso(text: string): string {
  return new Date(text).toISOString();
}

/** `repository.pushed_at` and `created_at` are epoch seconds in push payloads and ISO strings elsewhere. */
function toInstant(value: number | string | null | undefined): string | null {
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return iso(value);
  return null;
}

const searchItem = z.object({
  number: z.number().int().positive(),
  html_url: z.string().regex(/^https?:\/\//i, 'must be an http(s) URL'),
  repository_url: z.string().regex(/\/repos\/[^/]+\/[^/]+$/, 'must end in /repos/OWNER/REPO'),
  title: z.string().nullish(),
  body: z.string().nullish(),
  user: user,
  state: z.enum(['open', 'closed']),
  created_at: instant,
  closed_at: instant.nullish(),
  updated_at: instant.nullish(),
  author_association: z.string().nullish(),
  // Present exactly when the item is a pull request; an issue has none.
  pull_request: z.object({ merged_at: instant.nullish() }).optional(),
});

/** One item of `GET /search/issues` (a pull request or an issue) → Contribution, for the poller. */
export function normalizeSearchItem(item: unknown): Contribution | null {
  const parsed = searchItem.safeParse(item);
  if (!parsed.success) return null;
  const it = parsed.data;
  const repo = it.repository_url.split('/').slice(-2).join('/');
  const mergedAt = it.pull_request?.merged_at ? iso(it.pull_request.merged_at) : null;
  const isIssue = it.pull_request === undefined;
  return {
    forge: 'github',
    repo,
    kind: isIssue ? 'issue' : 'pull_request',
    key: String(it.number),
    url: it.html_url,
    title: it.title ?? '',
    author: {
      login: it.user.login,
      id: it.user.id,
      email: null,
      name: null,
      isBot: isBotAccount(it.user.login, it.user.type),
    },
    coAuthors: [],
    state: mergedAt ? 'merged' : it.state,
    createdAt: iso(it.created_at),
    mergedAt,
    closedAt: it.state === 'closed' && it.closed_at ? iso(it.closed_at) : null,
    landedAt: null,
    firstTime: !isIssue && FIRST_TIMER.has(it.author_association ?? ''),
    ...(!isIssue && it.author_association ? { firstTimeBy: 'association' as const } : {}),
    onDefaultBranch: false,
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: [],
    ...(isIssue
      ? {}
      : {
          references: issueReferences(
            `${it.title ?? ''}\n${it.body ?? ''}`,
            `https://github.com/${repo}/issues/`,
            'https://github.com',
          ),
        }),
    sourceUpdatedAt: it.updated_at ? iso(it.updated_at) : null,
    source: 'poll',
  };
}

/** `GET /repos/{owner}/{repo}/pulls/{n}`: the same pull request object a webhook carries. */
export function normalizeRestPullRequest(repo: string, pull: unknown): Contribution | null {
  const result = normalizePullRequest({ action: 'fetched', repository: { full_name: repo }, pull_request: pull });
  return result.ok ? (result.contributions[0] ?? null) : null;
}

const restCommit = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/i),
  html_url: z.string().regex(/^https?:\/\//i, 'must be an http(s) URL'),
  commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string().nullish(), email: z.string().nullish(), date: instant }).nullish(),
  }),
  author: z.object({ login: z.string().min(1), id: z.number().int(), type: z.string().nullish() }).nullish(),
});

/** `GET /repos/{owner}/{repo}/commits/{sha}` → a commit contribution, timed by its author date. */
export function normalizeRestCommit(repo: string, data: unknown): Contribution | null {
  const parsed = restCommit.safeParse(data);
  if (!parsed.success || !parsed.data.commit.author) return null;
  const { sha, html_url: url, commit, author } = parsed.data;
  const login = author?.login ?? null;
  return {
    forge: 'github',
    repo,
    kind: 'commit',
    key: sha.toLowerCase(),
    url,
    title: commit.message.split('\n', 1)[0] ?? '',
    author: {
      login,
      id: author?.id ?? null,
      email: commit.author!.email ? normalizeEmail(commit.author!.email) : null,
      name: commit.author!.name ?? null,
      isBot: isBotAccount(login, author?.type),
    },
    coAuthors: parseCoAuthors(commit.message),
    state: 'merged',
    createdAt: iso(commit.author!.date),
    mergedAt: null,
    closedAt: null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: true,
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: pullRequestsMergedBy(commit.message),
    sourceUpdatedAt: null,
    source: 'poll',
  };
}

const issuesPayload = z.object({
  action: z.string(),
  repository,
  issue: z.object({
    number: z.number().int().positive(),
    html_url: z
      .string()
      .url()
      .regex(/^https?:\/\//i, 'must be an http(s) URL'),
    title: z.string().nullish(),
    user,
    state: z.enum(['open', 'closed']),
    created_at: instant,
    closed_at: instant.nullish(),
    updated_at: instant.nullish(),
    // Set when the "issue" is a pull request seen through the issues API: that is not an issue.
    pull_request: z.unknown().optional(),
  }),
});

/** `issues` (opened, edited, closed, reopened...) → an issue contribution of its author, timed by its opening. */
export function normalizeIssue(payload: unknown): Normalized {
  const parsed = issuesPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const { issue, repository: repo, action } = parsed.data;
  // A pull request seen through the issues API is counted as a pull request; a deleted or transferred
  // issue says nothing new about the work done here.
  if (issue.pull_request !== undefined || action === 'deleted' || action === 'transferred')
    return { ok: true, contributions: [] };
  return {
    ok: true,
    contributions: [
      {
        forge: 'github',
        repo: repo.full_name,
        kind: 'issue',
        key: String(issue.number),
        url: issue.html_url,
        title: issue.title ?? '',
        author: {
          login: issue.user.login,
          id: issue.user.id,
          email: null,
          name: null,
          isBot: isBotAccount(issue.user.login, issue.user.type),
        },
        coAuthors: [],
        state: issue.state,
        createdAt: iso(issue.created_at),
        mergedAt: null,
        closedAt: issue.state === 'closed' && issue.closed_at ? iso(issue.closed_at) : null,
        landedAt: null,
        firstTime: false,
        onDefaultBranch: false,
        headSha: null,
        mergeCommitSha: null,
        mergesPullRequests: [],
        sourceUpdatedAt: issue.updated_at ? iso(issue.updated_at) : null,
        source: 'webhook',
      },
    ],
  };
}

const review = z.object({
  id: z.number().int(),
  // A review by an account since deleted has no user: nobody to credit.
  user: user.nullable(),
  state: z.string(),
  // A pending review (not submitted yet) has no time: it is not a review anyone has seen.
  submitted_at: instant.nullish(),
});

const reviewedPull = z.object({
  number: z.number().int().positive(),
  html_url: z
    .string()
    .url()
    .regex(/^https?:\/\//i, 'must be an http(s) URL'),
  title: z.string().nullish(),
  user,
  state: z.enum(['open', 'closed']),
  merged_at: instant.nullish(),
});

const pullRequestReviewPayload = z.object({ action: z.string(), repository, review, pull_request: reviewedPull });

type Review = z.infer<typeof review>;

/** The pull request a review is of, as both sources know it. */
export interface ReviewedPullRequestInfo {
  number: number;
  url: string;
  title: string;
  state: ContributionState;
  mergedAt: string | null;
  authorId: number | null;
  authorLogin: string | null;
}

/**
 * One review → the review contribution of its reviewer on that pull request, timed by its submission.
 * Its state is the reviewed pull request's, so a report can say the work reviewed was merged.
 */
function reviewContribution(
  repo: string,
  pr: ReviewedPullRequestInfo,
  r: Review,
  source: Contribution['source'],
): Contribution | null {
  if (!r.user || !r.submitted_at || r.state.toUpperCase() === 'PENDING') return null;
  return {
    forge: 'github',
    repo,
    kind: 'review',
    key: reviewKey(pr.number, r.user),
    url: pr.url,
    title: pr.title,
    author: {
      login: r.user.login,
      id: r.user.id,
      email: null,
      name: null,
      isBot: isBotAccount(r.user.login, r.user.type),
    },
    coAuthors: [],
    state: pr.state,
    createdAt: iso(r.submitted_at),
    mergedAt: pr.mergedAt,
    closedAt: null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: false,
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: [],
    reviewOf: { number: pr.number, authorId: pr.authorId, authorLogin: pr.authorLogin },
    sourceUpdatedAt: null,
    source,
  };
}

/** `pull_request_review` (submitted, edited, dismissed): a dismissed review was still given, so each counts alike. */
export function normalizePullRequestReview(payload: unknown): Normalized {
  const parsed = pullRequestReviewPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const { repository: repo, pull_request: pr, review: r } = parsed.data;
  const mergedAt = pr.merged_at ? iso(pr.merged_at) : null;
  const c = reviewContribution(
    repo.full_name,
    {
      number: pr.number,
      url: pr.html_url,
      title: pr.title ?? '',
      state: mergedAt ? 'merged' : pr.state,
      mergedAt,
      authorId: pr.user.id,
      authorLogin: pr.user.login,
    },
    r,
    'webhook',
  );
  return { ok: true, contributions: c ? [c] : [] };
}

/**
 * `GET /repos/{owner}/{repo}/pulls/{n}/reviews` of a pull request the poller knows → its review
 * contributions, one per reviewer (their first review: the earliest is the one the window rule reads).
 */
export function normalizeRestReviews(repo: string, pr: ReviewedPullRequestInfo, data: unknown): Contribution[] {
  const list = z.array(z.unknown()).safeParse(data);
  if (!list.success) return [];
  const firstByReviewer = new Map<string, Contribution>();
  for (const item of list.data) {
    const parsed = review.safeParse(item);
    const c = parsed.success ? reviewContribution(repo, pr, parsed.data, 'poll') : null;
    if (!c) continue;
    const earlier = firstByReviewer.get(c.key);
    if (!earlier || c.createdAt < earlier.createdAt) firstByReviewer.set(c.key, c);
  }
  return [...firstByReviewer.values()];
}
