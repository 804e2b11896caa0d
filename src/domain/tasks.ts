import type { Forge } from './contribution.js';

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

const GITHUB_ISSUE = /^https:\/\/github\.com\/([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\/issues\/(\d+)$/i;
const PAGURE_ISSUE = /^(https?:\/\/[^/\s]+)\/(.+)\/issue\/(\d+)$/i;

/** An issue link as people paste it, made canonical (no fragment, query or trailing slash); null if it is none. */
export function canonicalIssueUrl(url: string): string | null {
  const bare = url
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  const github = GITHUB_ISSUE.exec(bare);
  if (github) return `https://github.com/${github[1]}/issues/${github[2]}`;
  const pagure = PAGURE_ISSUE.exec(bare);
  return pagure ? `${pagure[1]!.toLowerCase()}/${pagure[2]}/issue/${pagure[3]}` : null;
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
export function issueReferences(text: string, forge: Forge, projectUrl: string): string[] {
  if (!text.includes('#') && !text.includes('://')) return [];
  const found = new Set<string>();
  const own = (n: string) => (forge === 'github' ? `${projectUrl}/issues/${n}` : `${projectUrl}/issue/${n}`);
  for (const m of text.matchAll(OWN_ISSUE)) found.add(own(m[1]!));
  if (forge === 'github') {
    for (const m of text.matchAll(OTHER_REPO_ISSUE)) found.add(`https://github.com/${m[1]}/issues/${m[2]}`);
  }
  for (const m of text.matchAll(LINK)) {
    const issue = canonicalIssueUrl(m[0]);
    if (issue) found.add(issue);
  }
  return [...found].map((url) => canonicalIssueUrl(url) ?? url);
}
