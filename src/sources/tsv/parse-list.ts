import type { ContributionKind, Forge } from '../../domain/contribution.js';
import { adapterOf } from '../registry.js';
import { isValidGithubLogin } from '../../domain/identity.js';

/**
 * A hand-kept contribution list, one tab-separated row per contribution, in the shape of the lists
 * organizers publish after a sprint. Lines starting with # are comments; the header names the columns.
 */
/** The forges a list's links are read for. */
export type ListForge = Forge;

export interface ListRow {
  line: number;
  forge: ListForge | 'other';
  /** Where a Pagure, GitLab or Forgejo link lives (its origin); null for GitHub and outcomes. */
  instanceUrl: string | null;
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

const SHA = '([0-9a-f]{7,40})';
/**
 * Each forge's links, as its web pages write them: GitHub's; Pagure's (`/pull-request/N`, `/c/SHA`,
 * `/issue/N`); GitLab's (`/-/merge_requests/N`, `/-/commit/SHA`, `/-/issues/N`, and the older forms without
 * `/-/`); Forgejo's and Gitea's (`/pulls/N`, `/commit/SHA`, `/issues/N`).
 */
const LINKS: Array<{ forge: ListForge; kind: 'pull_request' | 'commit' | 'issue'; pattern: RegExp }> = [
  { forge: 'github', kind: 'pull_request', pattern: /^(https:\/\/github\.com)\/([^/\s]+\/[^/\s]+)\/pull\/(\d+)$/i },
  {
    forge: 'github',
    kind: 'commit',
    pattern: new RegExp(`^(https://github\\.com)/([^/\\s]+/[^/\\s]+)/commit/${SHA}$`, 'i'),
  },
  { forge: 'github', kind: 'issue', pattern: /^(https:\/\/github\.com)\/([^/\s]+\/[^/\s]+)\/issues\/(\d+)$/i },
  { forge: 'pagure', kind: 'pull_request', pattern: /^(https?:\/\/[^/\s]+)\/(.+)\/pull-request\/(\d+)$/i },
  { forge: 'pagure', kind: 'commit', pattern: new RegExp(`^(https?://[^/\\s]+)/(.+)/c/${SHA}$`, 'i') },
  { forge: 'pagure', kind: 'issue', pattern: /^(https?:\/\/[^/\s]+)\/(.+)\/issue\/(\d+)$/i },
  { forge: 'gitlab', kind: 'pull_request', pattern: /^(https?:\/\/[^/\s]+)\/(.+?)\/(?:-\/)?merge_requests\/(\d+)$/i },
  { forge: 'gitlab', kind: 'commit', pattern: new RegExp(`^(https?://[^/\\s]+)/(.+?)/-/commit/${SHA}$`, 'i') },
  { forge: 'gitlab', kind: 'issue', pattern: /^(https?:\/\/[^/\s]+)\/(.+?)\/-\/issues\/(\d+)$/i },
  { forge: 'forgejo', kind: 'pull_request', pattern: /^(https?:\/\/[^/\s]+)\/([^/\s]+\/[^/\s]+)\/pulls\/(\d+)$/i },
];

/** `host/path/commit/SHA` and `host/path/issues/N` off GitHub: GitLab's older links and Forgejo's look alike. */
const SHARED = [
  { kind: 'commit' as const, pattern: new RegExp(`^(https?://[^/\\s]+)/(.+?)/commit/${SHA}$`, 'i') },
  { kind: 'issue' as const, pattern: /^(https?:\/\/[^/\s]+)\/(.+?)\/issues\/(\d+)$/i },
];

/** Which of GitLab and Forgejo a host runs, where a list's link does not say: the event's projects tell. */
export type ForgeOfHost = (origin: string) => Forge | null;

const KNOWN_HOSTS: Record<string, 'gitlab' | 'forgejo'> = {
  'https://gitlab.com': 'gitlab',
  'https://codeberg.org': 'forgejo',
};

/**
 * A link as people paste it, made canonical: no `#issuecomment-…` or `?w=1`, no trailing slash, and a
 * pull request's tab (`/files`, `/commits`, `/checks`, GitLab's `/diffs`) back to the pull request itself.
 */
export function canonicalListUrl(url: string): string {
  return url
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/(\/pull\/\d+)\/(files|commits|checks)(\/[^/]*)?$/i, '$1')
    .replace(/(\/merge_requests\/\d+)\/(diffs|commits|pipelines)$/i, '$1')
    .replace(/(\/pulls\/\d+)\/(files|commits)$/i, '$1');
}

export interface LinkFacts {
  forge: ListForge;
  project: string;
  kind: 'pull_request' | 'commit' | 'issue';
  /** The link's origin, for a forge with instances. */
  instanceUrl: string | null;
  ref: string;
}

/** What a pull request, commit or issue link says of itself: its forge, instance, project, kind and number or sha. */
export function describeLink(url: string, forgeOfHost: ForgeOfHost = () => null): LinkFacts | null {
  const facts = (forge: ListForge, kind: LinkFacts['kind'], m: RegExpExecArray): LinkFacts => ({
    forge,
    kind,
    instanceUrl: adapterOf(forge).hasInstances ? m[1]!.toLowerCase() : null,
    project: adapterOf(forge).projectOfLinkPath(m[2]!),
    ref: kind === 'commit' ? m[3]!.toLowerCase() : m[3]!,
  });
  for (const { forge, kind, pattern } of LINKS) {
    const match = pattern.exec(url);
    if (match) return facts(forge, kind, match);
  }
  for (const { kind, pattern } of SHARED) {
    const match = pattern.exec(url);
    if (!match || /^https:\/\/github\.com$/i.test(match[1]!)) continue;
    const origin = match[1]!.toLowerCase();
    // Forgejo names a repository by owner/name only; a deeper path is a GitLab group's.
    const forge = forgeOfHost(origin) ?? KNOWN_HOSTS[origin] ?? (match[2]!.split('/').length > 2 ? 'gitlab' : null);
    if (forge) return facts(forge, kind, match);
  }
  return null;
}

/** The first link of a line, as Markdown or a pad writes it (`[text](url)`, `<url>`, or bare), without trailing punctuation. */
function firstLink(raw: string): { url: string; before: string; after: string } | null {
  const match = /https?:\/\/[^\s<>()[\]]+/i.exec(raw);
  if (!match) return null;
  const url = match[0].replace(/[.,;:!?'"]+$/, '');
  return { url, before: raw.slice(0, match.index), after: raw.slice(match.index + url.length) };
}

/**
 * One line of an etherpad's or a post's bare list: a link (after a `- `, `* ` or `1. ` bullet, inside a
 * Markdown link, amid prose), then whoever the line names: `@handle`, a name, `by Name (@handle)`. The
 * handle is the link's forge's.
 */
function bareLine(raw: string, forgeOfHost: ForgeOfHost): (column: string) => string {
  const found = firstLink(raw)!;
  const url = canonicalListUrl(found.url);
  const link = describeLink(url, forgeOfHost);
  const said = found.after
    .replace(/^[)>\]]+/, '')
    .trim()
    .replace(/^(?:[-–—:,]\s*)?(?:by\s+)?/i, '');
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
    github_login: link && adapterOf(link.forge).identity === 'sign-in-account' ? handle : '',
    pagure_user: link && adapterOf(link.forge).identity === 'sprinter-login' ? handle : '',
  };
  return (column) => cells[column] ?? '';
}

/** Links a list may hold that are work but not one pull request, commit or issue: kept as outcomes, said so. */
function whatLinkIs(url: string): string | null {
  if (/\/commits?\/[^/]+$/i.test(url) || /\/compare\//i.test(url) || /\/tree\/[^/]+$/i.test(url))
    return 'a branch history or comparison';
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

/** A row kept otherwise than it was given (a branch history as an outcome), with the reason and its line. */
export interface SkippedRow {
  line: number;
  reason: string;
}

export interface ListOptions {
  /** Which forge a GitLab-or-Forgejo host runs, where its link alone does not say. */
  forgeOfHost?: ForgeOfHost;
}

/**
 * Parses the whole list or throws ListFormatError naming every malformed line, so nothing is
 * half-imported. A link that is work but no pull request, commit or issue (a branch history, another
 * site) is kept as an outcome with its URL and listed in `skipped` with why; prose between links is
 * left alone.
 */
export function parseContributionList(
  text: string,
  options: ListOptions = {},
): { rows: ListRow[]; skipped: SkippedRow[] } {
  const forgeOfHost = options.forgeOfHost ?? (() => null);
  const lines = text.split(/\r?\n/);
  const problems: string[] = [];
  const skipped: SkippedRow[] = [];
  let header: string[] | null = null;
  let bare: boolean | null = null;
  const rows: ListRow[] = [];
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    // A header is tab-separated (or names the one column url); anything else is a pad's or a post's list,
    // a link a line amid whatever prose surrounds them.
    if (!header && bare === null) bare = !raw.includes('\t') && !/^\s*url\s*$/i.test(raw);
    if (bare) {
      // Prose between the links (a post's sentences, a project's name as a heading) is no row.
      if (!firstLink(raw)) return;
      const row = parseRow(lineNo, bareLine(raw, forgeOfHost), problems, skipped, forgeOfHost);
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
      const link = describeLink(canonicalListUrl(cells[header!.indexOf('url')] ?? ''), forgeOfHost);
      return link ? link[column as 'forge' | 'project' | 'kind'] : '';
    };
    const row = parseRow(lineNo, get, problems, skipped, forgeOfHost);
    if (row) rows.push(row);
  });
  if ((!header && !bare) || (bare && rows.length === 0 && problems.length === 0))
    problems.push('the file has no header line and no links');
  if (problems.length) throw new ListFormatError(problems);
  return { rows, skipped };
}

const FORGES: ReadonlySet<string> = new Set(['github', 'pagure', 'gitlab', 'forgejo', 'other']);
const KIND_WORDS = { pull_request: 'pull request', commit: 'commit', issue: 'issue' } as const;

function parseRow(
  line: number,
  get: (column: string) => string,
  problems: string[],
  skipped: SkippedRow[],
  forgeOfHost: ForgeOfHost,
): ListRow | null {
  const url = canonicalListUrl(get('url'));
  const link = describeLink(url, forgeOfHost);
  let forge = get('forge').toLowerCase();
  let project = get('project');
  // An issue's link says what it is, whatever the row's kind column says: it is held as an issue.
  let kind = link?.kind === 'issue' && get('kind').toLowerCase() !== 'other' ? 'issue' : get('kind').toLowerCase();
  let title = get('title');
  const state = get('state').toLowerCase();
  const createdAt = get('created_at');
  const fail = (message: string): null => {
    problems.push(`line ${line}: ${message}`);
    return null;
  };
  if (!link && url && forge !== 'other') {
    // Work that is not one pull request, commit or issue (a branch history, another site's page): an
    // outcome with its link, so the report still lists it.
    if (!/^https?:\/\//i.test(url)) return fail(`"${url}" is not a link`);
    const what = whatLinkIs(url) ?? 'a link to no pull request, commit or issue';
    skipped.push({ line, reason: `${url} is ${what}: kept as an outcome with its link` });
    forge = 'other';
    kind = 'other';
    project ||= new URL(url).host;
    title ||= `${what.replace(/^a /, '')}: ${url}`;
  }
  if (!FORGES.has(forge)) return fail(`forge "${forge}" must be github, pagure, gitlab, forgejo or other`);
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
    return { ...common, forge, kind, ref: title, instanceUrl: null };
  }
  if (!link || link.forge !== forge || link.kind !== kind)
    return fail(`url "${url}" is not a ${forge} ${KIND_WORDS[kind]} URL`);
  if (link.project.toLowerCase() !== project.toLowerCase().replace(/^forks?\/[^/]+\//, '')) {
    return fail(`url "${url}" belongs to ${link.project}, not ${project}`);
  }
  return { ...common, forge: link.forge, kind, ref: link.ref, instanceUrl: link.instanceUrl };
}
