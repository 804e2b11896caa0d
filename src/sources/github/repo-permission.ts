/**
 * What GitHub says a person may do on a repository, from
 * `GET /repos/{owner}/{repo}/collaborators/{username}/permission`. `role_name` names `maintain` and
 * custom roles, which the older `permission` field folds into `write` and `read`.
 */
export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** The permissions that make someone a sprint leader of a repository: they can merge its pull requests. */
export function maySpeakFor(permission: RepoPermission): boolean {
  return permission === 'admin' || permission === 'maintain' || permission === 'write';
}

export function permissionPath(repo: string, login: string): string {
  const [owner = '', name = ''] = repo.split('/');
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/collaborators/${encodeURIComponent(login)}/permission`;
}

/**
 * Reads GitHub's answer. Not a collaborator (404), no right to ask (403) and anything unexpected mean
 * "not proven": the registration then waits for an organizer instead of failing.
 */
export function permissionFromAnswer(status: number, body: unknown): RepoPermission {
  if (status !== 200 || typeof body !== 'object' || body === null) return 'none';
  const { role_name: role, permission } = body as { role_name?: unknown; permission?: unknown };
  for (const value of [role, permission]) {
    if (value === 'admin' || value === 'maintain' || value === 'write' || value === 'triage' || value === 'read')
      return value;
  }
  return permission === 'push' ? 'write' : 'none';
}
