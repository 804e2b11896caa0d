import { issueReferences } from '../../domain/tasks.js';
import { z } from 'zod';
import { reviewKey, type Contribution, type ContributionState } from '../../domain/contribution.js';

/** Pagure payload → Contribution, pure. Facts: Pagure's PullRequest.to_json (timestamps are strings of epoch seconds). */
export type PagureNormalized = { ok: true; contributions: Contribution[] } | { ok: false; reason: string };

const epoch = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const seconds = Number(v);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    ctx.addIssue({ code: 'custom', message: 'not a timestamp' });
    return z.NEVER;
  }
  return new Date(Math.round(seconds * 1000)).toISOString();
});

const pagureUser = z.object({ name: z.string().min(1), fullname: z.string().nullish() });

/**
 * A project as messages of every Pagure release describe it: `fullname` and `url_path` since 2016,
 * only `name` (and `namespace`) before; a fork's parts carry `fork/` in the path.
 */
const pagureProject = z
  .object({
    fullname: z.string().min(1).nullish(),
    url_path: z.string().min(1).nullish(),
    name: z.string().min(1).nullish(),
    namespace: z.string().min(1).nullish(),
  })
  .transform((p, ctx) => {
    const fullname = p.fullname ?? (p.name ? (p.namespace ? `${p.namespace}/${p.name}` : p.name) : null);
    if (!fullname) {
      ctx.addIssue({ code: 'custom', message: 'names no project (fullname or name)' });
      return z.NEVER;
    }
    return { fullname, url_path: p.url_path ?? fullname.replace(/^forks\//, 'fork/') };
  });

/** `Open`, `Merged`, `Closed`; releases before 2016 sent them in lower case. */
const pullRequestStatus = z.string().transform((s, ctx) => {
  const status = s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  if (status !== 'Open' && status !== 'Merged' && status !== 'Closed') {
    ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 40)}" is not open, merged or closed` });
    return z.NEVER;
  }
  return status;
});

/** A comment on a pull request; `notification` marks the ones Pagure writes itself ("Pull-Request has been merged by …"). */
const pagureComment = z.object({ date_created: epoch, user: pagureUser, notification: z.boolean().nullish() });

/**
 * Pagure releases before June 2015 kept a pull request's status as a boolean (true: open) and told a
 * merge from a close only by the `pull-request.closed` message's `merged`; before mid-April 2015 the
 * project was under `repo`. Read into today's shape before parsing.
 */
function currentShape(raw: unknown, merged?: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const pr = raw as Record<string, unknown>;
  const status =
    typeof pr.status === 'boolean' ? (pr.status ? 'Open' : merged === true ? 'Merged' : 'Closed') : pr.status;
  return { ...pr, status, project: pr.project ?? pr.repo };
}

const pullRequestFields = z.object({
  id: z.number().int().positive(),
  title: z.string().nullish(),
  initial_comment: z.string().nullish(),
  status: pullRequestStatus,
  user: pagureUser,
  date_created: epoch,
  closed_at: epoch.nullish(),
  last_updated: epoch.nullish(),
  updated_on: epoch.nullish(),
  commit_stop: z.string().nullish(),
  full_url: z
    .string()
    .regex(/^https?:\/\//)
    .nullish(),
  project: pagureProject,
  // Comments that do not parse are dropped, never the pull request they are on.
  comments: z.array(z.unknown()).nullish().catch(null),
});

export const pagurePullRequest = z.preprocess((raw) => currentShape(raw), pullRequestFields);

export type PagurePullRequest = z.infer<typeof pullRequestFields>;

const STATES: Record<PagurePullRequest['status'], ContributionState> = {
  Open: 'open',
  Merged: 'merged',
  Closed: 'closed',
};

export function pullRequestToContribution(
  pr: PagurePullRequest,
  instanceUrl: string,
  source: Contribution['source'],
): Contribution {
  const base = instanceUrl.replace(/\/+$/, '');
  const state = STATES[pr.status];
  return {
    forge: 'pagure',
    repo: pr.project.fullname,
    kind: 'pull_request',
    key: String(pr.id),
    // Built on the instance the project is registered on: a payload's own `full_url` could point anywhere.
    url: `${base}/${pr.project.url_path}/pull-request/${pr.id}`,
    title: pr.title ?? '',
    author: { login: pr.user.name, id: null, email: null, name: pr.user.fullname ?? null, isBot: false },
    coAuthors: [],
    state,
    createdAt: pr.date_created,
    mergedAt: state === 'merged' ? (pr.closed_at ?? null) : null,
    closedAt: state === 'open' ? null : (pr.closed_at ?? null),
    landedAt: null,
    firstTime: false,
    onDefaultBranch: false,
    headSha: pr.commit_stop ?? null,
    mergeCommitSha: null,
    mergesPullRequests: [],
    references: issueReferences(
      `${pr.title ?? ''}\n${pr.initial_comment ?? ''}`,
      `${base}/${pr.project.url_path}/issue/`,
      null,
    ),
    sourceUpdatedAt: pr.last_updated ?? pr.updated_on ?? null,
    source,
  };
}

/**
 * Pagure has no reviews: a comment on a pull request by someone other than its author is the review
 * (whether it counts, only a project leader's, is the recording step's to decide). One for each
 * commenter and pull request, timed by their first comment; Pagure's own notifications are not comments.
 */
export function pagureReviewsOf(
  pr: PagurePullRequest,
  instanceUrl: string,
  source: Contribution['source'],
): Contribution[] {
  const first = new Map<string, { at: string; fullname: string | null }>();
  for (const raw of pr.comments ?? []) {
    const parsed = pagureComment.safeParse(raw);
    if (!parsed.success || parsed.data.notification) continue;
    const { user, date_created: at } = parsed.data;
    if (user.name.toLowerCase() === pr.user.name.toLowerCase()) continue;
    const earlier = first.get(user.name);
    if (!earlier || at < earlier.at) first.set(user.name, { at, fullname: user.fullname ?? null });
  }
  const reviewed = pullRequestToContribution(pr, instanceUrl, source);
  return [...first].map(([login, { at, fullname }]): Contribution => ({
    ...reviewed,
    kind: 'review',
    key: reviewKey(pr.id, { id: null, login }),
    author: { login, id: null, email: null, name: fullname, isBot: false },
    createdAt: at,
    closedAt: null,
    headSha: null,
    references: [],
    reviewOf: { number: pr.id, authorId: null, authorLogin: pr.user.name },
    sourceUpdatedAt: null,
  }));
}

export const PULL_REQUEST_TOPICS = new Set([
  'pull-request.new',
  'pull-request.updated',
  'pull-request.rebased',
  'pull-request.closed',
  'pull-request.reopened',
  'pull-request.comment.added',
  'pull-request.initial_comment.edited',
]);

const envelope = z.object({
  topic: z.string(),
  msg_id: z.string().min(1),
  msg: z.object({ pagure_instance: z.string().nullish(), project_fullname: z.string().nullish() }).passthrough(),
});

export type PagureEnvelope = z.infer<typeof envelope>;

export function parseEnvelope(payload: unknown): { ok: true; value: PagureEnvelope } | { ok: false; reason: string } {
  const parsed = envelope.safeParse(payload);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: `malformed payload: ${describe(parsed.error)}` };
}

const gitReceive = z.object({
  // Releases of 2016 sent the full ref (`refs/heads/master`), later ones the branch name.
  branch: z.string().transform((b) => b.replace(/^refs\/heads\//, '')),
  end_commit: z.string().regex(/^[0-9a-f]{7,64}$/i),
  total_commits: z.number().int().nonnegative(),
  agent: z.string().nullish(),
  pull_request_id: z.number().nullish(),
  repo: pagureProject,
});

/**
 * The project a message is about: the envelope's `project_fullname`, or for messages of releases that
 * did not send it, the project inside the pull request or the push.
 */
export function messageProjectName(msg: Record<string, unknown>): string {
  if (typeof msg.project_fullname === 'string' && msg.project_fullname) return msg.project_fullname;
  const pr = msg.pullrequest as { project?: unknown; repo?: unknown } | undefined;
  for (const inner of [pr?.project, pr?.repo, msg.repo]) {
    const parsed = pagureProject.safeParse(inner);
    if (parsed.success) return parsed.data.fullname;
  }
  return '';
}

/**
 * A web-hook message → contributions. `git.receive` carries no per-commit list, messages or e-mails
 * (SPEC §2.3), so a direct push to the main branch becomes one commit contribution (its newest commit)
 * credited to the pusher; a push made by merging a pull request is that pull request, not new work.
 */
export function normalizePagureMessage(
  topic: string,
  msg: Record<string, unknown>,
  instanceUrl: string,
  receivedAt: Date,
  defaultBranch: string | null = null,
): PagureNormalized {
  if (PULL_REQUEST_TOPICS.has(topic)) {
    const parsed = pullRequestFields.safeParse(currentShape(msg.pullrequest, msg.merged));
    if (!parsed.success) return { ok: false, reason: `malformed payload: pullrequest.${describe(parsed.error)}` };
    return {
      ok: true,
      contributions: [
        pullRequestToContribution(parsed.data, instanceUrl, 'webhook'),
        ...pagureReviewsOf(parsed.data, instanceUrl, 'webhook'),
      ],
    };
  }
  if (topic === 'git.receive') {
    const parsed = gitReceive.safeParse(msg);
    if (!parsed.success) return { ok: false, reason: `malformed payload: ${describe(parsed.error)}` };
    const push = parsed.data;
    // The project's own default branch where it is known (Fedora dist-git's is `rawhide`), else main or master.
    const onDefault = defaultBranch ? push.branch === defaultBranch : ['main', 'master'].includes(push.branch);
    if (push.pull_request_id != null || !onDefault || !push.agent) return { ok: true, contributions: [] };
    const base = instanceUrl.replace(/\/+$/, '');
    const at = receivedAt.toISOString();
    return {
      ok: true,
      contributions: [
        {
          forge: 'pagure',
          repo: push.repo.fullname,
          kind: 'commit',
          key: push.end_commit.toLowerCase(),
          url: `${base}/${push.repo.url_path}/c/${push.end_commit}`,
          title:
            push.total_commits === 1
              ? `1 commit pushed to ${push.branch}`
              : `${push.total_commits} commits pushed to ${push.branch}`,
          author: { login: push.agent, id: null, email: null, name: null, isBot: false },
          coAuthors: [],
          state: 'merged',
          createdAt: at,
          mergedAt: at,
          closedAt: null,
          landedAt: at,
          firstTime: false,
          onDefaultBranch: true,
          headSha: null,
          mergeCommitSha: null,
          mergesPullRequests: [],
          sourceUpdatedAt: null,
          source: 'webhook',
        },
      ],
    };
  }
  return { ok: true, contributions: [] };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
