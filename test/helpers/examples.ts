import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: Array<Record<string, any>>;
}

const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];

/** A deep copy of one of GitHub's own example payloads, picked by event name and (optionally) action or a predicate. */
export function githubExample(
  name: string,
  pick?: string | ((example: Record<string, any>) => boolean),
): Record<string, any> {
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no example payloads for ${name}`);
  const found = group.examples.find((e) =>
    pick === undefined ? true : typeof pick === 'string' ? e.action === pick : pick(e),
  );
  if (!found) throw new Error(`no ${name} example matches ${String(pick)}`);
  return structuredClone(found);
}

export interface PullRequestShape {
  body?: string;
  repo?: string;
  number?: number;
  login?: string;
  userId?: number;
  userType?: string;
  action?: string;
  createdAt?: string;
  updatedAt?: string;
  title?: string;
  merged?: boolean;
  closedAt?: string;
  association?: string;
  mergeCommitSha?: string;
}

/** GitHub's `pull_request` example payload, changed per test case. */
export function pullRequestPayload(shape: PullRequestShape = {}): Record<string, any> {
  const action = shape.action ?? 'opened';
  const payload = githubExample(
    'pull_request',
    shape.action === 'closed' || shape.action === 'reopened' || shape.action === 'edited'
      ? (e) => e.action === (shape.action === 'edited' ? 'opened' : shape.action)
      : 'opened',
  );
  payload.action = action;
  const pr = payload.pull_request;
  const repo = shape.repo ?? 'sprint-org/sprint-repo';
  payload.repository.full_name = repo;
  payload.repository.name = repo.split('/')[1];
  pr.base.repo.full_name = repo;
  pr.number = shape.number ?? 1;
  pr.html_url = `https://github.com/${repo}/pull/${pr.number}`;
  pr.title = shape.title ?? `Fix the thing #${pr.number}`;
  if (shape.body !== undefined) pr.body = shape.body;
  pr.user.login = shape.login ?? 'newcomer';
  pr.user.id = shape.userId ?? 5001;
  pr.user.type = shape.userType ?? 'User';
  pr.created_at = shape.createdAt ?? '2024-05-10T06:00:00Z';
  pr.updated_at = shape.updatedAt ?? shape.closedAt ?? pr.created_at;
  pr.author_association = shape.association ?? 'CONTRIBUTOR';
  if (action === 'closed' || shape.merged !== undefined) {
    const closedAt = shape.closedAt ?? '2024-05-10T08:00:00Z';
    pr.state = action === 'closed' ? 'closed' : 'open';
    pr.merged = Boolean(shape.merged);
    pr.merged_at = shape.merged ? closedAt : null;
    pr.closed_at = action === 'closed' ? closedAt : null;
    pr.merge_commit_sha = shape.mergeCommitSha ?? pr.merge_commit_sha;
  } else {
    pr.state = 'open';
    pr.merged = false;
    pr.merged_at = null;
    pr.closed_at = null;
  }
  return payload;
}

export interface CommitShape {
  sha: string;
  message?: string;
  username?: string | null;
  email?: string;
  name?: string;
  timestamp?: string;
}

/** GitHub's `push` example payload to a branch, with the given commits. */
export function pushPayload(opts: {
  repo?: string;
  branch?: string;
  defaultBranch?: string;
  pushedAt?: string;
  commits: CommitShape[];
}): Record<string, any> {
  const payload = githubExample('push', (e) => e.ref === 'refs/heads/master');
  const repo = opts.repo ?? 'sprint-org/sprint-repo';
  payload.repository.full_name = repo;
  payload.repository.default_branch = opts.defaultBranch ?? 'main';
  payload.ref = `refs/heads/${opts.branch ?? 'main'}`;
  payload.repository.pushed_at = Math.floor(Date.parse(opts.pushedAt ?? '2024-05-10T07:00:00Z') / 1000);
  const template = payload.commits[0];
  payload.commits = opts.commits.map((c) => ({
    ...structuredClone(template),
    id: c.sha,
    tree_id: c.sha,
    message: c.message ?? `Commit ${c.sha.slice(0, 7)}`,
    timestamp: c.timestamp ?? '2024-05-10T06:30:00Z',
    url: `https://github.com/${repo}/commit/${c.sha}`,
    author: {
      name: c.name ?? 'Someone',
      email: c.email ?? 'someone@example.org',
      ...(c.username === null ? {} : { username: c.username ?? 'newcomer' }),
    },
  }));
  payload.head_commit = payload.commits.at(-1) ?? null;
  return payload;
}

export function sha(seed: string): string {
  let out = '';
  let n = 0;
  for (const ch of seed) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  while (out.length < 40) {
    n = (n * 1103515245 + 12345) >>> 0;
    out += n.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

/** GitHub's example `issues` payload for an action, on the seeded sprint repository, by the given author. */
export function issuesPayload(
  shape: {
    action?: string;
    number?: number;
    login?: string;
    userId?: number;
    createdAt?: string;
    state?: 'open' | 'closed';
  } = {},
): Record<string, any> {
  const action = shape.action ?? 'opened';
  // GitHub's examples have no `closed` delivery: an opened one, closed.
  const payload = githubExample('issues', action === 'closed' ? 'opened' : action);
  payload.action = action;
  const repo = 'sprint-org/sprint-repo';
  payload.repository.full_name = repo;
  payload.repository.name = 'sprint-repo';
  const issue = payload.issue;
  issue.number = shape.number ?? 12;
  issue.html_url = `https://github.com/${repo}/issues/${issue.number}`;
  issue.user.login = shape.login ?? 'newcomer';
  issue.user.id = shape.userId ?? 5001;
  issue.user.type = 'User';
  issue.created_at = shape.createdAt ?? '2024-05-10T06:00:00Z';
  issue.updated_at = issue.created_at;
  issue.state = shape.state ?? (action === 'closed' ? 'closed' : 'open');
  delete issue.pull_request;
  return payload;
}

export interface ReviewShape {
  action?: string;
  number?: number;
  reviewer?: string;
  reviewerId?: number;
  author?: string;
  authorId?: number;
  submittedAt?: string;
  state?: string;
  reviewId?: number;
  merged?: boolean;
}

/** GitHub's example `pull_request_review` payload on the seeded sprint repository: `reviewer` reviews `author`'s pull request. */
export function reviewPayload(shape: ReviewShape = {}): Record<string, any> {
  const action = shape.action ?? 'submitted';
  const payload = githubExample('pull_request_review', action === 'edited' ? 'submitted' : action);
  payload.action = action;
  const repo = 'sprint-org/sprint-repo';
  payload.repository.full_name = repo;
  payload.repository.name = 'sprint-repo';
  const pr = payload.pull_request;
  pr.number = shape.number ?? 1;
  pr.html_url = `https://github.com/${repo}/pull/${pr.number}`;
  pr.title = `Fix the thing #${pr.number}`;
  pr.user.login = shape.author ?? 'newcomer';
  pr.user.id = shape.authorId ?? 5001;
  pr.merged_at = shape.merged ? '2024-05-10T09:00:00Z' : null;
  if (shape.merged) pr.state = 'closed';
  const review = payload.review;
  review.id = shape.reviewId ?? 80 + pr.number;
  review.user.login = shape.reviewer ?? 'leader1';
  review.user.id = shape.reviewerId ?? 7001;
  review.user.type = 'User';
  review.submitted_at = shape.submittedAt ?? '2024-05-10T07:00:00Z';
  review.state = shape.state ?? 'approved';
  review.html_url = `${pr.html_url}#pullrequestreview-${review.id}`;
  return payload;
}
