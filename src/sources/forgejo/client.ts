import type { Contribution } from '../../domain/contribution.js';
import { getJsonPage, jsonPages, type PagedApiOptions } from '../paged-api.js';
import { normalizeRestForgejoCommit, normalizeRestForgejoPull } from './normalize.js';

const api = (base: string, fullName: string) => {
  const [owner = '', repo = ''] = fullName.split('/');
  return `${base.replace(/\/+$/, '')}/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
};

/** The repository's default branch, from `GET /api/v1/repos/{owner}/{repo}`. */
export async function forgejoDefaultBranch(
  base: string,
  fullName: string,
  options: PagedApiOptions,
): Promise<string | null> {
  const page = await getJsonPage(api(base, fullName), options, true);
  const branch = (page?.json as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof branch === 'string' && branch.length <= 255 ? branch : null;
}

/** Pull requests newest first (`?state=all&sort=newest`), page after page: the caller stops once they are older than it wants. */
export async function* forgejoPulls(
  base: string,
  fullName: string,
  projectUrl: string,
  options: PagedApiOptions,
): AsyncGenerator<Contribution[]> {
  for await (const items of jsonPages(`${api(base, fullName)}/pulls?state=all&sort=newest&limit=50`, options)) {
    yield items
      .map((item) => normalizeRestForgejoPull(fullName, projectUrl, item))
      .filter((c): c is Contribution => c !== null);
  }
}

/** Commits of the default branch between `since` and `until`, every page. */
export async function* forgejoCommits(
  base: string,
  fullName: string,
  projectUrl: string,
  branch: string,
  since: string,
  until: string,
  options: PagedApiOptions,
): AsyncGenerator<Contribution[]> {
  const first = `${api(base, fullName)}/commits?sha=${encodeURIComponent(branch)}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=50&stat=false&files=false`;
  for await (const items of jsonPages(first, options)) {
    yield items
      .map((item) => normalizeRestForgejoCommit(fullName, projectUrl, item))
      .filter((c): c is Contribution => c !== null);
  }
}
