import type { ContributionKind } from '../../domain/contribution.js';
import { isValidGithubLogin } from '../../domain/identity.js';

/**
 * A hand-kept contribution list, one tab-separated row per contribution, in the shape of the lists
 * organizers publish after a sprint. Lines starting with # are comments; the header names the columns.
 */
export interface ListRow {
  line: number;
  forge: 'github' | 'pagure' | 'other';
  /** Full project name on its forge, or the topic of a non-code outcome. */
  project: string;
  kind: ContributionKind;
  url: string;
  /** PR number or commit sha from the URL; for non-code outcomes, the title. */
  ref: string;
  contributorName: string | null;
  githubLogin: string | null;
  pagureUser: string | null;
  /** Further people a row names (`;`-separated in each person column): credited as co-authors. */
  coAuthors: ListPerson[];
  title: string;
  state: 'open' | 'merged' | 'closed' | null;
  createdAt: string | null;
}

export interface ListPerson {
  contributorName: string | null;
  githubLogin: string | null;
  pagureUser: string | null;
}

/** The columns of a full list; only `url` is required, the forge, project and kind being read from it when absent. */
export const COLUMNS = ['forge', 'project', 'kind', 'url', 'contributor_name', 'github_login', 'title'] as const;

export class ListFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const PR_URL = {
  github: /^https:\/\/github\.com\/([^/\s]+\/[^/\s]+)\/pull\/(\d+)$/i,
  pagure: /^https?:\/\/[^/\s]+\/(.+)\/pull-request\/(\d+)$/i,
};
const ISSUE_URL = {
  github: /^https:\/\/github\.com\/([^/\s]+\/[^/\s]+)\/issues\/(\d+)$/i,
  pagure: /^https?:\/\/[^/\s]+\/(.+)\/issue\/(\d+)$/i,
};
const COMMIT_URL = {
  github: /^https:\/\/github\.com\/([^/\s]+\/[^/\s]+)\/commit\/([0-9a-f]{7,40})$/i,
  pagure: /^https?:\/\/[^/\s]+\/(.+)\/c\/([0-9a-f]{7,40})$/i,
};

/**
 * A link as people paste it, made canonical: no `#issuecomment-…` or `?w=1`, no trailing slash, and a
 * pull request's tab (`/files`, `/commits`, `/checks`) back to the pull request itself.
 */
export function canonicalListUrl(url: string): string {
  return url
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/(\/pull\/\d+)\/(files|commits|checks)(\/[^/]*)?$/i, '$1');
}

/** What a pull request or commit link says of itself: its forge, project and kind. */
export function describeLink(
  url: string,
): { forge: 'github' | 'pagure'; project: string; kind: 'pull_request' | 'commit' | 'issue' } | null {
  for (const forge of ['github', 'pagure'] as const) {
    for (const [kind, pattern] of [
      ['pull_request', PR_URL[forge]],
      ['commit', COMMIT_URL[forge]],
      ['issue', ISSUE_URL[forge]],
    ] as const) {
      const match = pattern.exec(url);
      if (match) return { forge, project: match[1]!.replace(/^forks?\/[^/]+\//, ''), kind };
    }
  }
  return null;
}

/**
 * One line of an etherpad's bare list: a link, then whoever the line names: `@handle`, a name, or
 * `Name (@handle)`. The handle is the link's forge's.
 */
function bareLine(raw: string): (column: string) => string {
  const [first = '', ...rest] = raw.trim().split(/\s+/);
  const url = canonicalListUrl(first);
  const link = describeLink(url);
  const said = rest.join(' ').replace(/^[-–:,]\s*/, '');
  const handle = /@([A-Za-z0-9][\w.-]*)/.exec(said)?.[1] ?? '';
  const name = said
    .replace(/\(?@[A-Za-z0-9][\w.-]*\)?/, '')
    .replace(/[()]/g, '')
    .trim();
  const cells: Record<string, string> = {
    url,
    forge: link?.forge ?? '',
    project: link?.project ?? '',
    kind: link?.kind ?? '',
    contributor_name: name,
    github_login: link?.forge === 'github' ? handle : '',
    pagure_user: link?.forge === 'pagure' ? handle : '',
  };
  return (column) => cells[column] ?? '';
}

/** Links a list may hold that are not pull requests or commits: said plainly instead of "not a URL". */
function whatLinkIs(url: string): string | null {
  if (/\/commits\/[^/]+$/i.test(url) || /\/compare\//i.test(url))
    return 'a branch history or comparison, not one commit (list each commit, or the pull request)';
  return null;
}

/** `Ana Lima; Bo Chen` with `ana;bochen`: the people of one row, the first its author. */
function peopleOf(get: (column: string) => string): ListPerson[] {
  const split = (column: string) =>
    get(column)
      .split(';')
      .map((s) => s.trim());
  const names = split('contributor_name');
  const logins = split('github_login').map((l) => l.replace(/^@/, ''));
  const pagure = split('pagure_user');
  const count = Math.max(names.length, logins.length, pagure.length);
  return Array.from({ length: count }, (_, i) => ({
    contributorName: names[i] || null,
    githubLogin: logins[i] || null,
    pagureUser: pagure[i] || null,
  })).filter((p) => p.contributorName || p.githubLogin || p.pagureUser);
}

/** A row the tracker cannot hold (an issue, a branch history), left out with the reason and its line. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/**
 * Parses the whole list or throws ListFormatError naming every malformed line, so nothing is
 * half-imported; well-formed rows that are not pull requests or commits are returned as skipped, each
 * with the reason, so the rest of an etherpad's list still goes in.
 */
export function parseContributionList(text: string): { rows: ListRow[]; skipped: SkippedRow[] } {
  const lines = text.split(/\r?\n/);
  const problems: string[] = [];
  const skipped: SkippedRow[] = [];
  let header: string[] | null = null;
  let bare: boolean | null = null;
  const rows: ListRow[] = [];
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    // A list that starts with a link has no header: it is the pad's bare list, a link a line.
    if (!header && bare === null) bare = /^https?:\/\//i.test(raw.trim());
    if (bare) {
      const row = parseRow(lineNo, bareLine(raw), problems, skipped);
      if (row) rows.push(row);
      return;
    }
    const cells = raw.split('\t').map((c) => c.trim());
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      if (!header.includes('url'))
        problems.push(
          `line ${lineNo}: the header lacks the column url (the columns: ${COLUMNS.join(', ')}; or give a bare list, a link a line)`,
        );
      return;
    }
    const get = (column: string): string => {
      const at = header!.indexOf(column);
      const given = at >= 0 ? (cells[at] ?? '') : '';
      if (given || !['forge', 'project', 'kind'].includes(column)) return given;
      // A column the list leaves out, or a cell it leaves empty: what the link says.
      const link = describeLink(canonicalListUrl(cells[header!.indexOf('url')] ?? ''));
      return link ? link[column as 'forge' | 'project' | 'kind'] : '';
    };
    const row = parseRow(lineNo, get, problems, skipped);
    if (row) rows.push(row);
  });
  if (!header && !bare) problems.push('the file has no header line and no links');
  if (problems.length) throw new ListFormatError(problems);
  return { rows, skipped };
}

function parseRow(
  line: number,
  get: (column: string) => string,
  problems: string[],
  skipped: SkippedRow[],
): ListRow | null {
  const forge = get('forge').toLowerCase();
  const project = get('project');
  const url = canonicalListUrl(get('url'));
  // An issue's link says what it is, whatever the row's kind column says: it is held as an issue.
  const kind =
    describeLink(url)?.kind === 'issue' && get('kind').toLowerCase() !== 'other' ? 'issue' : get('kind').toLowerCase();
  const title = get('title');
  const state = get('state').toLowerCase();
  const createdAt = get('created_at');
  const fail = (message: string): null => {
    problems.push(`line ${line}: ${message}`);
    return null;
  };
  if (!forge && url) {
    // A link that says no forge of its own: an issue or a branch history is left out with the reason.
    const what = whatLinkIs(url);
    if (!what) return fail(`"${url}" is not a GitHub or Pagure pull request, commit or issue link`);
    skipped.push({ line, reason: `${url} is ${what}` });
    return null;
  }
  if (forge !== 'github' && forge !== 'pagure' && forge !== 'other')
    return fail(`forge "${forge}" must be github, pagure or other`);
  if (kind !== 'pull_request' && kind !== 'commit' && kind !== 'issue' && kind !== 'other')
    return fail(`kind "${kind}" must be pull_request, commit, issue or other`);
  if (!project) return fail('the project column is empty');
  if (state && state !== 'open' && state !== 'merged' && state !== 'closed')
    return fail(`state "${state}" must be open, merged or closed`);
  if (createdAt && Number.isNaN(Date.parse(createdAt))) return fail(`created_at "${createdAt}" is not a date`);
  const [author, ...coAuthors] = peopleOf(get);
  // The same check as `devsprint sprinter add`: "alice,bob" is not one login (separate people with ;).
  const badLogin = [author, ...coAuthors].find((p) => p?.githubLogin && !isValidGithubLogin(p.githubLogin));
  if (badLogin)
    return fail(
      `github_login "${badLogin.githubLogin}" is not a GitHub login${/[,\s]/.test(badLogin.githubLogin!) ? ' (separate several people with ;)' : ''}`,
    );
  const common = {
    line,
    project,
    url,
    contributorName: author?.contributorName ?? null,
    githubLogin: author?.githubLogin ?? null,
    pagureUser: author?.pagureUser ?? null,
    coAuthors,
    title,
    state: (state || null) as ListRow['state'],
    createdAt: createdAt ? new Date(createdAt).toISOString() : null,
  };
  if (forge === 'other' || kind === 'other') {
    if (forge !== 'other' || kind !== 'other') return fail('non-code outcomes take forge "other" and kind "other"');
    if (!title) return fail('a non-code outcome needs a title');
    if (url && !/^https?:\/\//i.test(url)) return fail(`url "${url}" must start with http:// or https://`);
    return { ...common, forge, kind, ref: title };
  }
  const pattern = kind === 'pull_request' ? PR_URL[forge] : kind === 'issue' ? ISSUE_URL[forge] : COMMIT_URL[forge];
  const match = pattern.exec(url);
  if (!match) {
    const what = whatLinkIs(url);
    if (!what)
      return fail(
        `url "${url}" is not a ${forge} ${kind === 'pull_request' ? 'pull request' : kind === 'issue' ? 'issue' : 'commit'} URL`,
      );
    skipped.push({ line, reason: `${url} is ${what}` });
    return null;
  }
  const urlProject = match[1]!.replace(/^fork\//, 'forks/');
  if (forge === 'github' && urlProject.toLowerCase() !== project.toLowerCase()) {
    return fail(`url "${url}" belongs to ${urlProject}, not ${project}`);
  }
  return { ...common, forge, kind, ref: kind === 'commit' ? match[2]!.toLowerCase() : match[2]! };
}
