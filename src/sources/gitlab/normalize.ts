import { z } from 'zod';
import { commitWorkTime } from '../../domain/event-window.js';
import { malformed } from '../malformed.js';
import type { Contribution, ContributionState } from '../../domain/contribution.js';
import { isBotAccount, normalizeEmail, parseCoAuthors } from '../../domain/identity.js';

/**
 * GitLab web-hook payload → Contribution, pure. Shapes as GitLab documents them (Merge Request Hook and
 * Push Hook, "Webhook events" in GitLab's docs). Links are built on the project's registered URL, never
 * taken from the payload.
 */
export type GitlabNormalized = { ok: true; contributions: Contribution[] } | { ok: false; reason: string };

/** GitLab writes hook times as ISO 8601 or, in older releases, `2013-12-03 17:23:34 UTC`. */
const hookTime = z.string().transform((text, ctx) => {
  const t = Date.parse(text.replace(/ UTC$/, 'Z').replace(/^(\d{4}-\d\d-\d\d) /, '$1T'));
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: 'custom', message: 'not a date' });
    return z.NEVER;
  }
  return new Date(t).toISOString();
});

const project = z.object({ path_with_namespace: z.string().min(1), default_branch: z.string().nullish() });
/** Who acted. gitlab.com sent only `name`, `username` and `avatar_url` for years (no `id`). */
const gitlabUser = z.object({
  id: z.number().int().nullish(),
  username: z.string().min(1),
  name: z.string().nullish(),
});

const mergeRequestHook = z.object({
  object_kind: z.literal('merge_request'),
  user: gitlabUser,
  project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    title: z.string().nullish(),
    state: z.enum(['opened', 'closed', 'merged', 'locked']),
    action: z.string().nullish(),
    author_id: z.number().int(),
    created_at: hookTime,
    updated_at: hookTime.nullish(),
    merge_commit_sha: z.string().nullish(),
    last_commit: z.object({ id: z.string() }).nullish(),
  }),
});

const STATES: Record<z.infer<typeof mergeRequestHook>['object_attributes']['state'], ContributionState> = {
  opened: 'open',
  locked: 'open',
  closed: 'closed',
  merged: 'merged',
};

/** Whether an event is one the tracker reads: `Merge Request Hook` and `Push Hook` (the `X-Gitlab-Event` header). */
export const GITLAB_EVENTS = new Set(['Merge Request Hook', 'Push Hook']);

/**
 * A merge request → its contribution. `user` is whoever acted (the maintainer who merged, for a merge):
 * the credit goes to `author_id`, and the author's username is known only when they are the one acting
 * (opening it, typically); otherwise it is left for the stored row or the sprinter's linked account.
 */
export function normalizeMergeRequest(payload: unknown, projectUrl: string): GitlabNormalized {
  const parsed = mergeRequestHook.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const { object_attributes: mr, user, project: p } = parsed.data;
  const state = STATES[mr.state];
  // Whoever opens a merge request is its author; otherwise the acting user is its author only when the ids say so.
  const authorActed = user.id != null ? user.id === mr.author_id : mr.action === 'open';
  const base = projectUrl.replace(/\/+$/, '');
  return {
    ok: true,
    contributions: [
      {
        forge: 'gitlab',
        repo: p.path_with_namespace,
        kind: 'pull_request',
        key: String(mr.iid),
        url: `${base}/-/merge_requests/${mr.iid}`,
        title: mr.title ?? '',
        author: {
          login: authorActed ? user.username : null,
          id: mr.author_id,
          email: null,
          name: authorActed ? (user.name ?? null) : null,
          isBot: authorActed && isBotAccount(user.username),
        },
        coAuthors: [],
        state,
        createdAt: mr.created_at,
        mergedAt: state === 'merged' ? (mr.updated_at ?? null) : null,
        closedAt: state === 'closed' || state === 'merged' ? (mr.updated_at ?? null) : null,
        landedAt: null,
        firstTime: false,
        onDefaultBranch: false,
        headSha: mr.last_commit?.id ?? null,
        mergeCommitSha: state === 'merged' ? (mr.merge_commit_sha ?? null) : null,
        mergesPullRequests: [],
        sourceUpdatedAt: mr.updated_at ?? null,
        source: 'webhook',
      },
    ],
  };
}

const pushHook = z.object({
  object_kind: z.literal('push'),
  ref: z.string(),
  project,
  commits: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{7,64}$/i),
      message: z.string(),
      timestamp: hookTime,
      author: z.object({ name: z.string().nullish(), email: z.string().nullish() }),
    }),
  ),
});

/**
 * The merge requests a commit says it merges, as GitLab writes its merge commits: a last line
 * `See merge request !7` (GitLab 9), `See merge request group/project!7` (10 on). `#N` is an issue on GitLab.
 */
export function mergeRequestsMergedBy(message: string): number[] {
  return [...message.matchAll(/^See merge request (?:[\w.-]+(?:\/[\w.-]+)+)?!(\d+)\s*$/gm)].map((m) => Number(m[1]));
}

/** Commits pushed to any branch of the project, each marked whether it is the default one. Timed by their author time. */
export function normalizeGitlabPush(payload: unknown, projectUrl: string, receivedAt: Date): GitlabNormalized {
  const parsed = pushHook.safeParse(payload);
  if (!parsed.success) return malformed(parsed.error);
  const push = parsed.data;
  // Commits on other branches are kept too, as not counting (not-default-branch); tags carry no new work.
  if (!push.ref.startsWith('refs/heads/')) return { ok: true, contributions: [] };
  const branch = push.project.default_branch;
  const onDefaultBranch = Boolean(branch) && push.ref === `refs/heads/${branch}`;
  const base = projectUrl.replace(/\/+$/, '');
  const at = receivedAt.toISOString();
  const merged = [...new Set(push.commits.flatMap((c) => mergeRequestsMergedBy(c.message)))];
  return {
    ok: true,
    contributions: push.commits.map((commit): Contribution => ({
      forge: 'gitlab',
      repo: push.project.path_with_namespace,
      kind: 'commit',
      key: commit.id.toLowerCase(),
      url: `${base}/-/commit/${commit.id.toLowerCase()}`,
      title: commit.message.split('\n', 1)[0] ?? '',
      author: {
        login: null,
        id: null,
        email: commit.author.email ? normalizeEmail(commit.author.email) : null,
        name: commit.author.name ?? null,
        isBot: false,
      },
      coAuthors: parseCoAuthors(commit.message),
      state: onDefaultBranch ? 'merged' : 'open',
      // An author time after the push that carried it cannot be true: the push time stands in.
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

const restMergeRequest = z.object({
  iid: z.number().int().positive(),
  title: z.string().nullish(),
  state: z.enum(['opened', 'closed', 'merged', 'locked']),
  created_at: hookTime,
  updated_at: hookTime.nullish(),
  merged_at: hookTime.nullish(),
  closed_at: hookTime.nullish(),
  author: gitlabUser,
  sha: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
});

/** One item of `GET /api/v4/projects/:id/merge_requests` → its contribution; null when it is not one. */
export function normalizeRestMergeRequest(repo: string, projectUrl: string, item: unknown): Contribution | null {
  const parsed = restMergeRequest.safeParse(item);
  if (!parsed.success) return null;
  const mr = parsed.data;
  const state = STATES[mr.state];
  return {
    forge: 'gitlab',
    repo,
    kind: 'pull_request',
    key: String(mr.iid),
    url: `${projectUrl.replace(/\/+$/, '')}/-/merge_requests/${mr.iid}`,
    title: mr.title ?? '',
    author: {
      login: mr.author.username,
      id: mr.author.id ?? null,
      email: null,
      name: mr.author.name ?? null,
      isBot: isBotAccount(mr.author.username),
    },
    coAuthors: [],
    state,
    createdAt: mr.created_at,
    mergedAt: state === 'merged' ? (mr.merged_at ?? mr.updated_at ?? null) : null,
    closedAt: state === 'closed' || state === 'merged' ? (mr.closed_at ?? mr.merged_at ?? null) : null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: false,
    headSha: mr.sha ?? null,
    mergeCommitSha: state === 'merged' ? (mr.merge_commit_sha ?? null) : null,
    mergesPullRequests: [],
    sourceUpdatedAt: mr.updated_at ?? null,
    source: 'poll',
  };
}

const restCommit = z.object({
  id: z.string().regex(/^[0-9a-f]{7,64}$/i),
  message: z.string(),
  author_name: z.string().nullish(),
  author_email: z.string().nullish(),
  authored_date: hookTime,
});

/** One item of `GET /api/v4/projects/:id/repository/commits?ref_name=<default branch>` → a commit on the default branch. */
export function normalizeRestGitlabCommit(repo: string, projectUrl: string, item: unknown): Contribution | null {
  const parsed = restCommit.safeParse(item);
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    forge: 'gitlab',
    repo,
    kind: 'commit',
    key: c.id.toLowerCase(),
    url: `${projectUrl.replace(/\/+$/, '')}/-/commit/${c.id.toLowerCase()}`,
    title: c.message.split('\n', 1)[0] ?? '',
    author: {
      login: null,
      id: null,
      email: c.author_email ? normalizeEmail(c.author_email) : null,
      name: c.author_name ?? null,
      isBot: false,
    },
    coAuthors: parseCoAuthors(c.message),
    state: 'merged',
    createdAt: c.authored_date,
    mergedAt: null,
    closedAt: null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: true,
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: mergeRequestsMergedBy(c.message),
    sourceUpdatedAt: null,
    source: 'poll',
  };
}
