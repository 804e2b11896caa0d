import type { Forge } from '../domain/contribution.js';

export const PAGURE_DEFAULT_URL = 'https://pagure.io';

/** A project's web address from its full name: `forks/bob/x` on Pagure lives under `/fork/bob/x`. */
export function projectUrl(forge: Forge, fullName: string, pagureBaseUrl: string = PAGURE_DEFAULT_URL): string {
  if (forge === 'github') return `https://github.com/${fullName}`;
  return `${pagureBaseUrl.replace(/\/+$/, '')}/${fullName.replace(/^forks\//, 'fork/')}`;
}
