import type { ContributionKind } from '../../domain/contribution.js';

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
  title: string;
  state: 'open' | 'merged' | 'closed' | null;
  createdAt: string | null;
}

export const REQUIRED_COLUMNS = ['forge', 'project', 'kind', 'url', 'contributor_name', 'github_login', 'title'] as const;

export class ListFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const PR_URL = {
  github: /^https:\/\/github\.com\/([^/\s]+\/[^/\s]+)\/pull\/(\d+)\/?$/i,
  pagure: /^https?:\/\/[^/\s]+\/(.+)\/pull-request\/(\d+)\/?$/i,
};
const COMMIT_URL = {
  github: /^https:\/\/github\.com\/([^/\s]+\/[^/\s]+)\/commit\/([0-9a-f]{7,40})\/?$/i,
  pagure: /^https?:\/\/[^/\s]+\/(.+)\/c\/([0-9a-f]{7,40})\/?$/i,
};

/** Parses the whole list or throws ListFormatError naming every bad line, so nothing is half-imported. */
export function parseContributionList(text: string): ListRow[] {
  const lines = text.split(/\r?\n/);
  const problems: string[] = [];
  let header: string[] | null = null;
  const rows: ListRow[] = [];
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    const cells = raw.split('\t').map((c) => c.trim());
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c));
      if (missing.length) problems.push(`line ${lineNo}: the header lacks the column(s) ${missing.join(', ')} (expected: ${REQUIRED_COLUMNS.join(', ')})`);
      return;
    }
    const get = (column: string): string => {
      const at = header!.indexOf(column);
      return at >= 0 ? cells[at] ?? '' : '';
    };
    const row = parseRow(lineNo, get, problems);
    if (row) rows.push(row);
  });
  if (!header) problems.push('the file has no header line');
  if (problems.length) throw new ListFormatError(problems);
  return rows;
}

function parseRow(line: number, get: (column: string) => string, problems: string[]): ListRow | null {
  const forge = get('forge').toLowerCase();
  const kind = get('kind').toLowerCase();
  const project = get('project');
  const url = get('url');
  const title = get('title');
  const state = get('state').toLowerCase();
  const createdAt = get('created_at');
  const fail = (message: string): null => {
    problems.push(`line ${line}: ${message}`);
    return null;
  };
  if (forge !== 'github' && forge !== 'pagure' && forge !== 'other') return fail(`forge "${forge}" must be github, pagure or other`);
  if (kind !== 'pull_request' && kind !== 'commit' && kind !== 'other') return fail(`kind "${kind}" must be pull_request, commit or other`);
  if (!project) return fail('the project column is empty');
  if (state && state !== 'open' && state !== 'merged' && state !== 'closed') return fail(`state "${state}" must be open, merged or closed`);
  if (createdAt && Number.isNaN(Date.parse(createdAt))) return fail(`created_at "${createdAt}" is not a date`);
  const common = {
    line,
    project,
    url,
    contributorName: get('contributor_name') || null,
    githubLogin: get('github_login').replace(/^@/, '') || null,
    pagureUser: get('pagure_user') || null,
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
  const pattern = kind === 'pull_request' ? PR_URL[forge] : COMMIT_URL[forge];
  const match = pattern.exec(url);
  if (!match) return fail(`url "${url}" is not a ${forge} ${kind === 'pull_request' ? 'pull request' : 'commit'} URL`);
  const urlProject = match[1]!.replace(/^fork\//, 'forks/');
  if (forge === 'github' && urlProject.toLowerCase() !== project.toLowerCase()) {
    return fail(`url "${url}" belongs to ${urlProject}, not ${project}`);
  }
  return { ...common, forge, kind, ref: kind === 'commit' ? match[2]!.toLowerCase() : match[2]! };
}
