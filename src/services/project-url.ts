import type { Forge } from '../domain/contribution.js';

export const PAGURE_DEFAULT_URL = 'https://pagure.io';
/** Where registered GitHub repositories live (FORGE_HOSTS must list it). */
export const GITHUB_WEB_URL = 'https://github.com';

/** A project's web address from its full name: `forks/bob/x` on Pagure lives under `/fork/bob/x`. */
export function projectUrl(forge: Forge, fullName: string, pagureBaseUrl: string = PAGURE_DEFAULT_URL): string {
  if (forge === 'github') return `${GITHUB_WEB_URL}/${fullName}`;
  return `${pagureBaseUrl.replace(/\/+$/, '')}/${fullName.replace(/^forks\//, 'fork/')}`;
}
