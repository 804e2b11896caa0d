import type { ForgeAdapter } from '../forge-adapter.js';
import { ForgeApiError } from '../paged-api.js';
import type { Contribution } from '../../domain/contribution.js';
import { defaultBranch, issueStatus, PagureApiError, pullRequest, pullRequestPages, taggedIssues } from './client.js';
import { pagureReviewsOf, pullRequestToContribution } from './normalize.js';

const DEFAULT_INSTANCE = 'https://pagure.io';
/** `name`, `namespace/name`, or a fork `forks/user/[namespace/]name`. */
const PROJECT = /^(?:forks\/[A-Za-z0-9_.-]+\/)?(?:[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.+-]+$/;

const base = (instanceUrl: string | null) => (instanceUrl ?? DEFAULT_INSTANCE).replace(/\/+$/, '');

/** What the client could not read is reported as any forge's answer is (anything else is a fault, rethrown). */
async function plainly<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw error instanceof PagureApiError ? new ForgeApiError(error.message) : error;
  }
}

/**
 * Pagure (pagure.io, src.fedoraproject.org…): read through api/0 without credentials, each member's pull
 * requests per project; its reviews are comments, which count only from the project's leaders.
 */
export const pagureAdapter: ForgeAdapter = {
  forge: 'pagure',
  label: 'Pagure',
  defaultInstance: DEFAULT_INSTANCE,
  hasInstances: true,
  impliedInText: false,
  requestMark: '#',
  nameForm: 'NAME',
  // A list credits a fork's pull request to the project it was made for.
  projectOfLinkPath: (path) => path.replace(/^forks?\/[^/]+\//, ''),
  projectNameError: (fullName) => (PROJECT.test(fullName) ? null : `"${fullName}" is not a Pagure project name`),
  projectUrl: (home) => `${base(home.instanceUrl)}/${home.fullName.replace(/^forks\//, 'fork/')}`,
  profileUrl: (instanceUrl, login) => `${base(instanceUrl)}/user/${encodeURIComponent(login)}`,
  issueUrl: (projectUrl, number) => `${projectUrl}/issue/${number}`,
  crossRepositoryIssues: null,
  identity: 'sprinter-login',
  reviewsOnlyFromLeaders: true,
  webhookKey: { pattern: /^[A-Za-z0-9]+$/, message: 'the letters and digits from the Pagure settings page' },
  webhookSetup: {
    where: 'Settings → Project options → Web-hooks',
    events: null,
    key: "the project's private web-hook key from the same page",
  },
  projectWebhooks: false,
  permissionProvesLeaders: false,
  hasBot: false,
  needsCredentials: false,
  polling: 'per-author',
  activity: null,
  perAuthor: {
    defaultBranch: (instanceUrl, fullName, open) => plainly(() => defaultBranch(base(instanceUrl), fullName, open)),
    async *pages(instanceUrl, fullName, author, open) {
      const pages = pullRequestPages(base(instanceUrl), fullName, author, open);
      for (;;) {
        const next = await plainly(() => pages.next());
        if (next.done) return;
        // Leaders' comments on each pull request are the reviews Pagure has.
        yield next.value.pullRequests.flatMap((pr): Contribution[] => [
          pullRequestToContribution(pr, base(instanceUrl), 'poll'),
          ...pagureReviewsOf(pr, base(instanceUrl), 'poll'),
        ]);
      }
    },
  },
  signIn: null,
  issues: {
    async labeled(home, label, clients) {
      const issues = await plainly(() => taggedIssues(base(home.instanceUrl), home.fullName, label, clients.open));
      return issues.map((i) => ({ number: i.id, title: i.title, url: i.url, state: 'open' as const }));
    },
    status: (home, number, clients) =>
      plainly(() => issueStatus(base(home.instanceUrl), home.fullName, number, clients.open)),
  },
  async describe(home, kind, key, clients) {
    if (kind !== 'pull_request') throw new Error('Pagure has no API for one commit: it stays as the list gave it');
    const pr = await plainly(() => pullRequest(base(home.instanceUrl), home.fullName, key, clients.open));
    return pr ? pullRequestToContribution(pr, base(home.instanceUrl), 'import') : null;
  },
};
