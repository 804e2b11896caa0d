import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createGithubClient } from '../sources/github/client.js';
import { permissionFromAnswer, permissionPath, type RepoPermission } from '../sources/github/repo-permission.js';
import { installationOf } from '../store/projects.js';
import type { Store } from '../store/store.js';

/** Reads a person's permission on a repository through the app's installation there. */
export type InstallationPermission = (repo: string, login: string) => Promise<RepoPermission | null>;

/**
 * Null when GitHub cannot be asked this way (the app is not configured, or not installed on the
 * repository); a failed request is "none": the registration then waits for an organizer.
 */
export function installationPermission(
  db: Store,
  config: Config,
  log: Logger,
  fetchImpl?: typeof fetch,
): InstallationPermission {
  return async (repo, login) => {
    const installationId = installationOf(db, repo);
    if (!config.github || installationId === null) return null;
    const { octokit } = createGithubClient({
      baseUrl: config.githubApiUrl,
      pacing: config.githubPacing,
      log,
      fetch: fetchImpl,
      retries: 0,
      maxWaitSeconds: 0,
      auth: { kind: 'installation', appId: config.github.appId, privateKey: config.github.privateKey, installationId },
    });
    try {
      const response = await octokit.request(`GET ${permissionPath(repo, login)}`);
      return permissionFromAnswer(response.status, response.data);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === undefined)
        log.warn({ err: error, repo, login }, 'could not read a permission through the installation');
      return 'none';
    }
  };
}
