import type { ForgeAdapter } from '../forge-adapter.js';
import { forgejoCommits, forgejoDefaultBranch, forgejoPulls } from './client.js';

/** Codeberg, the best-known Forgejo instance, where pagure.io's projects are moving. */
const DEFAULT_INSTANCE = 'https://codeberg.org';
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const base = (instanceUrl: string | null) => (instanceUrl ?? DEFAULT_INSTANCE).replace(/\/+$/, '');

/** Forgejo and Gitea (Codeberg, Fedora's forge…): each repository's own web-hook, or its REST API where there is none. */
export const forgejoAdapter: ForgeAdapter = {
  forge: 'forgejo',
  label: 'Forgejo',
  defaultInstance: DEFAULT_INSTANCE,
  hasInstances: true,
  impliedInText: false,
  requestMark: '#',
  nameForm: 'OWNER/NAME',
  projectOfLinkPath: (path) => path,
  projectNameError: (fullName) =>
    REPOSITORY.test(fullName) && !fullName.split('/').some((part) => /^\.+$/.test(part))
      ? null
      : `"${fullName}" is not a Forgejo OWNER/NAME`,
  projectUrl: (home) => `${base(home.instanceUrl)}/${home.fullName}`,
  profileUrl: (instanceUrl, login) => `${base(instanceUrl)}/${encodeURIComponent(login)}`,
  issueUrl: (projectUrl, number) => `${projectUrl}/issues/${number}`,
  crossRepositoryIssues: null,
  identity: 'instance-account',
  reviewsOnlyFromLeaders: false,
  webhookKey: null,
  webhookSetup: {
    where: 'Settings → Webhooks',
    events: 'a Forgejo webhook with pull request and push events, content type JSON',
    key: 'a secret you choose there',
  },
  projectWebhooks: true,
  permissionProvesLeaders: false,
  hasBot: false,
  needsCredentials: false,
  polling: 'project-activity',
  activity: {
    defaultBranch: forgejoDefaultBranch,
    requests: { byAuthor: false, pages: forgejoPulls },
    commits: forgejoCommits,
  },
  perAuthor: null,
  signIn: {
    authorizePath: '/login/oauth/authorize',
    tokenPath: '/login/oauth/access_token',
    userPath: '/api/v1/user',
    scope: null,
    usernameField: 'login',
  },
  issues: null,
  describe() {
    return Promise.reject(new Error('Forgejo rows stay as the list gave them'));
  },
};
