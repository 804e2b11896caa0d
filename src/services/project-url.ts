import type { Forge } from '../domain/contribution.js';
import { DEFAULT_INSTANCE } from '../domain/forges.js';

/** Where registered GitHub repositories live (FORGE_HOSTS must list it). */
export const GITHUB_WEB_URL = 'https://github.com';

/**
 * A project's web address from its full name, on its instance (each forge's default where none is
 * given): `forks/bob/x` on Pagure lives under `/fork/bob/x`; GitLab and Forgejo paths are the name itself.
 */
export function projectUrl(forge: Forge, fullName: string, instanceUrl?: string | null): string {
  if (forge === 'github') return `${GITHUB_WEB_URL}/${fullName}`;
  const base = (instanceUrl ?? DEFAULT_INSTANCE[forge]).replace(/\/+$/, '');
  return forge === 'pagure' ? `${base}/${fullName.replace(/^forks\//, 'fork/')}` : `${base}/${fullName}`;
}
