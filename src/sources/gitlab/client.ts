import type { Contribution } from '../../domain/contribution.js';
import { getJsonPage, jsonPages, type PagedApiOptions } from '../paged-api.js';
import { normalizeRestGitlabCommit, normalizeRestMergeRequest } from './normalize.js';

const api = (base: string, path: string) => `${base.replace(/\/+$/, '')}/api/v4/projects/${encodeURIComponent(path)}`;

/** The project's default branch, from `GET /api/v4/projects/:id`. */
export async function gitlabDefaultBranch(
  base: string,
  path: string,
  options: PagedApiOptions,
): Promise<string | null> {
  const page = await getJsonPage(api(base, path), options, true);
  const branch = (page?.json as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof branch === 'string' && branch.length <= 255 ? branch : null;
}

/** The merge requests one author opened since `createdAfter` (`?created_after=&author_username=`), every page. */
export async function* gitlabMergeRequests(
  base: string,
  path: string,
  projectUrl: string,
  author: string,
  createdAfter: string,
  options: PagedApiOptions,
): AsyncGenerator<Contribution[]> {
  const first = `${api(base, path)}/merge_requests?state=all&scope=all&per_page=100&created_after=${encodeURIComponent(createdAfter)}&author_username=${encodeURIComponent(author)}`;
  for await (const items of jsonPages(first, options)) {
    yield items
      .map((item) => normalizeRestMergeRequest(path, projectUrl, item))
      .filter((c): c is Contribution => c !== null);
  }
}

/** Commits of the default branch written between `since` and `until`, every page. */
export async function* gitlabCommits(
  base: string,
  path: string,
  projectUrl: string,
  branch: string,
  since: string,
  until: string,
  options: PagedApiOptions,
): AsyncGenerator<Contribution[]> {
  const first = `${api(base, path)}/repository/commits?ref_name=${encodeURIComponent(branch)}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&per_page=100`;
  for await (const items of jsonPages(first, options)) {
    yield items
      .map((item) => normalizeRestGitlabCommit(path, projectUrl, item))
      .filter((c): c is Contribution => c !== null);
  }
}
