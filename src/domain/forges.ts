import type { Forge } from './contribution.js';

/** How pages and reports name each forge: a label, no icon (the CSV keeps the forge's id). */
export const FORGE_LABELS: Record<Forge, string> = {
  github: 'GitHub',
  pagure: 'Pagure',
  gitlab: 'GitLab',
  forgejo: 'Forgejo',
};

/**
 * Where a project lives when its registration names no instance: pagure.io, gitlab.com, Codeberg
 * (the best-known Forgejo instance). GitHub has one.
 */
export const DEFAULT_INSTANCE: Record<Exclude<Forge, 'github'>, string> = {
  pagure: 'https://pagure.io',
  gitlab: 'https://gitlab.com',
  forgejo: 'https://codeberg.org',
};

/** Where a person's page is on each forge with instances (GitHub's is `https://github.com/LOGIN`). */
const PROFILE_PATH: Record<Exclude<Forge, 'github'>, string> = { pagure: '/user/', gitlab: '/', forgejo: '/' };

/** A person's page on an instance of a forge. */
export function profileUrl(forge: Exclude<Forge, 'github'>, instanceUrl: string, login: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}${PROFILE_PATH[forge]}${encodeURIComponent(login)}`;
}

/** How each forge writes a pull (merge) request's number in text: GitLab's merge requests are `!N`. */
const REQUEST_MARK: Record<Forge, string> = { github: '#', pagure: '#', gitlab: '!', forgejo: '#' };

/** `#12`, GitLab's `!12`, or a commit's first seven characters: a contribution as its forge writes it. */
export function shortReference(forge: string | null | undefined, kind: string, ref: string): string {
  if (kind === 'commit') return ref.slice(0, 7);
  if (kind === 'issue') return `#${ref}`;
  if (kind === 'pull_request' || kind === 'review')
    return `${forge && isForge(forge) ? REQUEST_MARK[forge] : '#'}${ref}`;
  return '';
}

/** The forges with an instance of their own and a shared web-hook secret: every one but GitHub. */
export function hasInstance(forge: Forge): forge is Exclude<Forge, 'github'> {
  return forge !== 'github';
}

export function isForge(value: string): value is Forge {
  return value === 'github' || value === 'pagure' || value === 'gitlab' || value === 'forgejo';
}

/** GitLab and Forgejo usernames: letters, digits, dots, dashes and underscores, up to 255. */
const FORGE_USERNAME = /^[A-Za-z0-9_.-]{1,255}$/;

export type AccountSpec = { ok: true; instanceUrl: string; username: string } | { ok: false; error: string };

/**
 * `[HOST/]LOGIN` as a sprinter types it (`gitlab.gnome.org/alice`, `alice`): the account's instance, as
 * projects name theirs (`https://host`), and its username. A bare login is on the forge's default instance.
 */
export function parseAccountSpec(forge: 'gitlab' | 'forgejo', spec: string): AccountSpec {
  const text = spec
    .trim()
    .replace(/^@/, '')
    .replace(/^https?:\/\//i, '');
  const slash = text.lastIndexOf('/');
  const host = slash === -1 ? null : text.slice(0, slash).toLowerCase();
  const username = (slash === -1 ? text : text.slice(slash + 1)).replace(/^@/, '');
  if (!FORGE_USERNAME.test(username) || /^\.+$/.test(username))
    return { ok: false, error: `"${spec}" is not a ${FORGE_LABELS[forge]} [HOST/]LOGIN` };
  if (host !== null && !/^[a-z0-9.-]+(?::\d{1,5})?$/.test(host))
    return { ok: false, error: `"${host}" is not a host name` };
  return { ok: true, instanceUrl: host === null ? DEFAULT_INSTANCE[forge] : `https://${host}`, username };
}
