export const TASK_LEVELS = ['first-task', 'intermediate', 'advanced'] as const;
export type TaskLevel = (typeof TASK_LEVELS)[number];
export type TaskState = 'open' | 'claimed' | 'in_review' | 'done' | 'closed';

/** A level as a sentence says it. */
export function levelWords(level: string): string {
  return (
    ({ 'first-task': 'first task', intermediate: 'intermediate', advanced: 'advanced' } as Record<string, string>)[
      level
    ] ?? level
  );
}

/**
 * Where a task stands, from what is attached to it: closed by a leader (or upstream) is final; a merged
 * pull request makes it done, an open one in review; a closed unmerged one gives it back to its claims.
 */
export function taskState(task: { closedAt: string | null }, heldClaims: number, linkedStates: string[]): TaskState {
  if (task.closedAt !== null) return 'closed';
  if (linkedStates.includes('merged')) return 'done';
  if (linkedStates.includes('open')) return 'in_review';
  return heldClaims > 0 ? 'claimed' : 'open';
}

/** `host/path/issue/N` (Pagure), `host/path/issues/N` (GitHub, Forgejo), `host/path/-/issues/N` (GitLab). */
const ISSUE = /^(https?:\/\/[^/\s]+)\/(.+?)\/(issue|issues|-\/issues)\/(\d+)$/i;

/** An issue link as people paste it, made canonical (no fragment, query or trailing slash); null if it is none. */
export function canonicalIssueUrl(url: string): string | null {
  const bare = url
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  const issue = ISSUE.exec(bare);
  // The host is case-free; the path is kept as the forge spells it.
  return issue ? `${issue[1]!.toLowerCase()}/${issue[2]}/${issue[3]!.toLowerCase()}/${issue[4]}` : null;
}

const KEYWORD = String.raw`(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+`;
const OWN_ISSUE = new RegExp(`\\b${KEYWORD}#(\\d+)\\b`, 'gi');
const OTHER_REPO_ISSUE = new RegExp(`\\b${KEYWORD}([A-Za-z0-9-]+/[A-Za-z0-9._-]+)#(\\d+)\\b`, 'gi');
const LINK = /https?:\/\/[^\s<>()"']+/gi;

/**
 * The issues a pull request says it addresses, as canonical URLs: `Fixes #12` (of its own project),
 * `closes owner/repo#12` (GitHub), or an issue's URL anywhere in its title or body. On the ingest path of
 * every pull request: text with neither a `#` nor a link is answered without a scan.
 */
export function issueReferences(text: string, ownIssuePrefix: string, crossRepositoryBase: string | null): string[] {
  if (!text.includes('#') && !text.includes('://')) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(OWN_ISSUE)) found.add(`${ownIssuePrefix}${m[1]!}`);
  if (crossRepositoryBase !== null) {
    for (const m of text.matchAll(OTHER_REPO_ISSUE)) found.add(`${crossRepositoryBase}/${m[1]}/issues/${m[2]}`);
  }
  for (const m of text.matchAll(LINK)) {
    const issue = canonicalIssueUrl(m[0]);
    if (issue) found.add(issue);
  }
  return [...found].map((url) => canonicalIssueUrl(url) ?? url);
}
