import type { ForgeAdapter } from '../forge-adapter.js';
import { describeGithubFailure } from './failure.js';
import { issueState, labeledIssues } from './issues.js';
import { normalizeRestCommit, normalizeRestPullRequest } from './normalize.js';

const SITE = 'https://github.com';
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const NO_CREDENTIALS = 'no GitHub credentials (an app installation, or GITHUB_TOKEN)';

/** GitHub: one site, followed by the GitHub App's deliveries where installed and by paced search elsewhere. */
export const githubAdapter: ForgeAdapter = {
  forge: 'github',
  label: 'GitHub',
  defaultInstance: SITE,
  hasInstances: false,
  impliedInText: true,
  requestMark: '#',
  nameForm: 'OWNER/REPO',
  projectOfLinkPath: (path) => path,
  projectNameError: (fullName) => (REPOSITORY.test(fullName) ? null : `"${fullName}" is not a GitHub OWNER/REPO name`),
  projectUrl: (home) => `${SITE}/${home.fullName}`,
  profileUrl: (_instance, login) => `${SITE}/${encodeURIComponent(login)}`,
  issueUrl: (projectUrl, number) => `${projectUrl}/issues/${number}`,
  crossRepositoryIssues: SITE,
  identity: 'sign-in-account',
  reviewsOnlyFromLeaders: false,
  webhookKey: null,
  webhookSetup: null,
  projectWebhooks: false,
  permissionProvesLeaders: true,
  hasBot: true,
  needsCredentials: true,
  polling: 'search',
  activity: null,
  perAuthor: null,
  signIn: null,
  issues: {
    labeled(home, label, clients) {
      if (!clients.github) throw new Error(NO_CREDENTIALS);
      return labeledIssues(clients.github.octokit, home.fullName, label);
    },
    status(home, number, clients) {
      if (!clients.github) throw new Error(NO_CREDENTIALS);
      return issueState(clients.github.octokit, home.fullName, number);
    },
  },
  async describe(home, kind, key, clients) {
    if (!clients.github) throw new Error(NO_CREDENTIALS);
    const [owner = '', repo = ''] = home.fullName.split('/');
    try {
      if (kind === 'pull_request') {
        const response = await clients.github.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: Number(key),
        });
        return normalizeRestPullRequest(home.fullName, response.data);
      }
      const response = await clients.github.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner,
        repo,
        ref: key,
      });
      return normalizeRestCommit(home.fullName, response.data);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404 || status === 422) return null;
      throw new Error(describeGithubFailure(error));
    }
  },
};
