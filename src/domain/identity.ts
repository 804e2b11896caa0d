import type { CoAuthor } from './contribution.js';

/** GitHub marks app accounts with type `Bot` and a `[bot]` suffix; older integrations only have the suffix. */
export function isBotAccount(login: string | null | undefined, type?: string | null): boolean {
  if (type === 'Bot') return true;
  return typeof login === 'string' && /\[bot\]$/i.test(login);
}

const TRAILER = /^co-authored-by:\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/gim;

/** Reads `Co-authored-by: Name <email>` trailers, the convention GitHub uses to credit pairs. */
export function parseCoAuthors(message: string): CoAuthor[] {
  const seen = new Set<string>();
  const found: CoAuthor[] = [];
  for (const match of message.matchAll(TRAILER)) {
    const email = normalizeEmail(match[2] ?? '');
    if (!email || seen.has(email)) continue;
    seen.add(email);
    found.push({ name: (match[1] ?? '').trim(), email });
  }
  return found;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `12345+octocat@users.noreply.github.com` or `octocat@users.noreply.github.com` → `octocat`. */
export function loginFromNoreply(email: string): string | null {
  const match = /^(?:\d+\+)?([a-z\d](?:[a-z\d-]{0,38}))@users\.noreply\.github\.com$/i.exec(email.trim());
  return match ? match[1]!.toLowerCase() : null;
}

const GITHUB_LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

export function isValidGithubLogin(login: string): boolean {
  return GITHUB_LOGIN.test(login);
}

/** Messages of the two common ways a pull request lands: a merge commit or a squash with `(#N)`. */
export function pullRequestsMergedBy(message: string): number[] {
  const numbers = new Set<number>();
  const firstLine = message.split('\n', 1)[0] ?? '';
  const merge = /^Merge pull request #(\d+)\b/.exec(firstLine);
  if (merge) numbers.add(Number(merge[1]));
  const squash = /\(#(\d+)\)\s*$/.exec(firstLine);
  if (squash) numbers.add(Number(squash[1]));
  return [...numbers];
}
