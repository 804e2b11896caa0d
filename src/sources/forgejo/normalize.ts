import { z } from 'zod';
import { commitWorkTime } from '../../domain/event-window.js';
import { malformed } from '../malformed.js';
import type { Contribution } from '../../domain/contribution.js';
import { isBotAccount, normalizeEmail, parseCoAuthors, pullRequestsMergedBy } from '../../domain/identity.js';

/**
 * Forgejo (and Gitea) web-hook payload → Contribution, pure. The `pull_request` and `push` payloads are
 * Gitea-shaped, as Forgejo documents them (its webhook structs: PullRequestPayload, PushPayload). Links are
 * built on the project's registered URL, never taken from the payload.
 */
export type ForgejoNormalized = { ok: true; contributions: Contribution[] } | { ok: false; reason: string };

const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
  .transform((s) => new Date(s).toISOString());
const forgejoUser = z.object({ id: z.number().int(), login: z.string().min(1), full_name: z.string().nullish() });
const repository = z.object({ full_name: z.string().min(3), default_branch: z.string().nullish() });

const pullRequestPayload = z.object({
  action: z.string(),
  repository,
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string().nullish(),
    user: forgejoUser,
    state: z.enum(['open', 'closed']),
    merged: z.boolean().nullish(),
    merged_at: instant.nullish(),
    closed_at: instant.nullish(),
    created_at: instant,
    updated_at: instant.nullish(),
    head: z.object({ sha: z.string().nullish() }).nullish(),
    merge_commit_sha: z.string().nullish(),
  }),
});

/** `X-Forgejo-Event` (or `X-Gitea-Event`) values the tracker reads. */
export const FORGEJO_EVENTS = new Set(['pull_request', 'push']);

/** A pull request (opened, edited, synchronized, closed, reopened): its author is `pull_request.user`, whoever acted. */
export function normalizeForgejoPullRequest(
  payload: unknown,
  projectUrl: string,
  source: Contribution['source'] = 'webhook',
): ForgejoNormalized {
  const parsed = pullRequestPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const { pull_request: pr, repository: repo } = parsed.data;
  const merged = pr.merged === true || (pr.state === 'closed' && pr.merged_at != null);
  const base = projectUrl.replace(/\/+$/, '');
  return {
    ok: true,
    contributions: [
      {
        forge: 'forgejo',
        repo: repo.full_name,
        kind: 'pull_request',
        key: String(pr.number),
        url: `${base}/pulls/${pr.number}`,
        title: pr.title ?? '',
        author: {
          login: pr.user.login,
          id: pr.user.id,
          email: null,
          name: pr.user.full_name || null,
          isBot: isBotAccount(pr.user.login),
        },
        coAuthors: [],
        state: merged ? 'merged' : pr.state,
        createdAt: pr.created_at,
        mergedAt: merged ? (pr.merged_at ?? null) : null,
        closedAt: pr.state === 'closed' ? (pr.closed_at ?? null) : null,
        landedAt: null,
        firstTime: false,
        onDefaultBranch: false,
        headSha: pr.head?.sha ?? null,
        mergeCommitSha: merged ? (pr.merge_commit_sha ?? null) : null,
        mergesPullRequests: [],
        sourceUpdatedAt: pr.updated_at ?? null,
        source,
      },
    ],
  };
}

const pushPayload = z.object({
  ref: z.string(),
  repository,
  commits: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9a-f]{7,64}$/i),
        message: z.string(),
        timestamp: instant,
        author: z.object({ name: z.string().nullish(), email: z.string().nullish(), username: z.string().nullish() }),
      }),
    )
    .nullish(),
});

/** Commits pushed to any branch (marked whether it is the default one), each credited by its author's username or e-mail. */
export function normalizeForgejoPush(payload: unknown, projectUrl: string, receivedAt: Date): ForgejoNormalized {
  const parsed = pushPayload.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const push = parsed.data;
  // Commits on other branches are kept too, as not counting (not-default-branch); tags carry no new work.
  if (!push.ref.startsWith('refs/heads/')) return { ok: true, contributions: [] };
  const branch = push.repository.default_branch;
  const onDefaultBranch = Boolean(branch) && push.ref === `refs/heads/${branch}`;
  const base = projectUrl.replace(/\/+$/, '');
  const at = receivedAt.toISOString();
  const commits = push.commits ?? [];
  const merged = [...new Set(commits.flatMap((c) => pullRequestsMergedBy(c.message)))];
  return {
    ok: true,
    contributions: commits.map((commit): Contribution => ({
      forge: 'forgejo',
      repo: push.repository.full_name,
      kind: 'commit',
      key: commit.id.toLowerCase(),
      url: `${base}/commit/${commit.id.toLowerCase()}`,
      title: commit.message.split('\n', 1)[0] ?? '',
      author: {
        login: commit.author.username || null,
        id: null,
        email: commit.author.email ? normalizeEmail(commit.author.email) : null,
        name: commit.author.name ?? null,
        isBot: isBotAccount(commit.author.username ?? null),
      },
      coAuthors: parseCoAuthors(commit.message),
      state: onDefaultBranch ? 'merged' : 'open',
      createdAt: commitWorkTime(commit.timestamp, at, null).at,
      mergedAt: onDefaultBranch ? at : null,
      closedAt: null,
      landedAt: onDefaultBranch ? at : null,
      firstTime: false,
      onDefaultBranch,
      headSha: null,
      mergeCommitSha: null,
      mergesPullRequests: merged,
      sourceUpdatedAt: null,
      source: 'webhook',
    })),
  };
}

/** One item of `GET /api/v1/repos/{owner}/{repo}/pulls`: the same object a web-hook carries. */
export function normalizeRestForgejoPull(repo: string, projectUrl: string, item: unknown): Contribution | null {
  const result = normalizeForgejoPullRequest(
    { action: 'fetched', repository: { full_name: repo }, pull_request: item },
    projectUrl,
    'poll',
  );
  return result.ok ? (result.contributions[0] ?? null) : null;
}

const restCommit = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i),
  commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string().nullish(), email: z.string().nullish(), date: instant }),
  }),
  author: z.object({ id: z.number().int(), login: z.string().min(1) }).nullish(),
});

/** One item of `GET /api/v1/repos/{owner}/{repo}/commits?sha=<default branch>` → a commit on the default branch. */
export function normalizeRestForgejoCommit(repo: string, projectUrl: string, item: unknown): Contribution | null {
  const parsed = restCommit.safeParse(item);
  if (!parsed.success) return null;
  const { sha, commit, author } = parsed.data;
  return {
    forge: 'forgejo',
    repo,
    kind: 'commit',
    key: sha.toLowerCase(),
    url: `${projectUrl.replace(/\/+$/, '')}/commit/${sha.toLowerCase()}`,
    title: commit.message.split('\n', 1)[0] ?? '',
    author: {
      login: author?.login ?? null,
      id: author?.id ?? null,
      email: commit.author.email ? normalizeEmail(commit.author.email) : null,
      name: commit.author.name ?? null,
      isBot: isBotAccount(author?.login ?? null),
    },
    coAuthors: parseCoAuthors(commit.message),
    state: 'merged',
    createdAt: commit.author.date,
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
