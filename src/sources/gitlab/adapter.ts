import type { ForgeAdapter } from '../forge-adapter.js';
import { gitlabCommits, gitlabDefaultBranch, gitlabMergeRequests } from './client.js';

const DEFAULT_INSTANCE = 'https://gitlab.com';
/** `group/subgroup/…/name`: GitLab nests groups (GNOME's `World/Rust/…`). */
const PROJECT = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+){1,19}$/;

const base = (instanceUrl: string | null) => (instanceUrl ?? DEFAULT_INSTANCE).replace(/\/+$/, '');

/** GitLab (gitlab.com, gitlab.gnome.org…): each project's own web-hook, or its REST API where there is none. */
export const gitlabAdapter: ForgeAdapter = {
  forge: 'gitlab',
  label: 'GitLab',
  defaultInstance: DEFAULT_INSTANCE,
  hasInstances: true,
  impliedInText: false,
  requestMark: '!',
  nameForm: 'GROUP/NAME',
  projectOfLinkPath: (path) => path,
  projectNameError: (fullName) =>
    PROJECT.test(fullName) && !fullName.split('/').some((part) => /^\.+$/.test(part))
      ? null
      : `"${fullName}" is not a GitLab GROUP/NAME path`,
  projectUrl: (home) => `${base(home.instanceUrl)}/${home.fullName}`,
  profileUrl: (instanceUrl, login) => `${base(instanceUrl)}/${encodeURIComponent(login)}`,
  issueUrl: (projectUrl, number) => `${projectUrl}/-/issues/${number}`,
  crossRepositoryIssues: null,
  identity: 'instance-account',
  reviewsOnlyFromLeaders: false,
  webhookKey: null,
  webhookSetup: {
    where: 'Settings → Webhooks',
    events: 'merge request and push events',
    key: 'a secret token you choose there',
  },
  projectWebhooks: true,
  permissionProvesLeaders: false,
  hasBot: false,
  needsCredentials: false,
  polling: 'project-activity',
  activity: {
    defaultBranch: gitlabDefaultBranch,
    requests: { byAuthor: true, pages: gitlabMergeRequests },
    commits: gitlabCommits,
  },
  perAuthor: null,
  signIn: {
    authorizePath: '/oauth/authorize',
    tokenPath: '/oauth/token',
    userPath: '/api/v4/user',
    scope: 'read_user',
    usernameField: 'username',
  },
  issues: null,
  describe() {
    return Promise.reject(new Error('GitLab rows stay as the list gave them'));
  },
};
