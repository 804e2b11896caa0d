import type { Forge } from '../domain/contribution.js';
import { contributionLabel, shortReference as writtenReference } from '../domain/report.js';
import type { ForgeAdapter } from './forge-adapter.js';
import { forgejoAdapter } from './forgejo/adapter.js';
import { githubAdapter } from './github/adapter.js';
import { gitlabAdapter } from './gitlab/adapter.js';
import { pagureAdapter } from './pagure/adapter.js';

/**
 * Every forge the tracker follows, one adapter each. Adding a forge is a folder under `src/sources/` and
 * a line here (and its name in the domain's `Forge`); nothing else names a forge.
 */
const ADAPTERS: { readonly [F in Forge]: ForgeAdapter & { forge: F } } = {
  github: githubAdapter as ForgeAdapter & { forge: 'github' },
  pagure: pagureAdapter as ForgeAdapter & { forge: 'pagure' },
  gitlab: gitlabAdapter as ForgeAdapter & { forge: 'gitlab' },
  forgejo: forgejoAdapter as ForgeAdapter & { forge: 'forgejo' },
};

export const FORGES = Object.keys(ADAPTERS) as Forge[];

export function adapterOf(forge: Forge): ForgeAdapter {
  return ADAPTERS[forge];
}

export function isForge(value: string): value is Forge {
  return Object.hasOwn(ADAPTERS, value);
}

/** The adapter of a stored row's forge; none for an outcome (`other`), which no forge sent. */
export function adapterOfRow(forge: string): ForgeAdapter | null {
  return isForge(forge) ? ADAPTERS[forge] : null;
}

/** The forges whose projects may live on an instance of the operator's choosing. */
export function hasInstance(forge: Forge): boolean {
  return ADAPTERS[forge].hasInstances;
}

/** Where a project of the forge lives when its registration names no instance (GitHub's only site). */
export function defaultInstanceOf(forge: Forge): string {
  return ADAPTERS[forge].defaultInstance;
}

/** `#12`, GitLab's `!12`, or a commit's first seven characters: a contribution as its forge writes it. */
export function shortReference(forge: string | null | undefined, kind: string, ref: string): string {
  return writtenReference(kind, ref, forge && isForge(forge) ? ADAPTERS[forge].requestMark : '#');
}

/** `name#12`, GitLab's `name!12`, `name@abc1234`. */
export function referenceLabel(
  forge: string | null | undefined,
  projectName: string,
  kind: string,
  ref: string,
): string {
  return contributionLabel(projectName, { kind, ref }, forge && isForge(forge) ? ADAPTERS[forge].requestMark : '#');
}

/** The forge's name as pages write it (an unknown one as it is). */
export function forgeLabel(forge: string): string {
  return isForge(forge) ? ADAPTERS[forge].label : forge;
}

/** A person's page on an instance of a forge (its default instance where none is known). */
export function profileUrl(forge: Forge, instanceUrl: string | null, login: string): string {
  return ADAPTERS[forge].profileUrl(instanceUrl, login);
}

/** A project's web address from its full name, on its instance (the forge's default where none is given). */
export function projectUrl(forge: Forge, fullName: string, instanceUrl?: string | null): string {
  return ADAPTERS[forge].projectUrl({ fullName, instanceUrl: instanceUrl ?? null });
}

export type ProjectSpec = { ok: true; forge: Forge; fullName: string } | { ok: false; error: string };

/** `github:OWNER/REPO, pagure:NAME, … or forgejo:OWNER/NAME`: the forms a project spec takes. */
export function projectSpecForms(): string {
  const forms = FORGES.map((f) => `${f}:${ADAPTERS[f].nameForm}`);
  return `${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}`;
}

/** `github:owner/repo`, `pagure:name`, `gitlab:group/subgroup/name`…; a bare `owner/repo` is GitHub's (the common case). */
export function parseProjectSpec(spec: string): ProjectSpec {
  const text = spec.trim().replace(/\.git$/, '');
  const colon = text.indexOf(':');
  const prefix = colon === -1 ? '' : text.slice(0, colon);
  const [forge, fullName] = isForge(prefix)
    ? [prefix, text.slice(colon + 1)]
    : githubAdapter.projectNameError(text) === null
      ? (['github', text] as const)
      : [null, ''];
  if (forge === null) return { ok: false, error: `"${spec}" must be ${projectSpecForms()}` };
  const error = ADAPTERS[forge].projectNameError(fullName);
  return error ? { ok: false, error } : { ok: true, forge, fullName };
}

/** Whether a spec names its forge (`pagure:name`) rather than leaving it to the GitHub default. */
export function namesItsForge(spec: string): boolean {
  const colon = spec.indexOf(':');
  return colon !== -1 && isForge(spec.trim().slice(0, colon).trim());
}

/** GitLab and Forgejo usernames: letters, digits, dots, dashes and underscores, up to 255. */
const INSTANCE_USERNAME = /^[A-Za-z0-9_.-]{1,255}$/;

export type AccountSpec = { ok: true; instanceUrl: string; username: string } | { ok: false; error: string };

/**
 * `[HOST/]LOGIN` as a sprinter types it (`gitlab.gnome.org/alice`, `alice`) for a forge of instance
 * accounts: the account's instance, as projects name theirs (`https://host`, which the operator's
 * FORGE_HOSTS then gives its listed scheme), and its username. A bare login is on the forge's default instance.
 */
export function parseAccountSpec(forge: Forge, spec: string): AccountSpec {
  const text = spec
    .trim()
    .replace(/^@/, '')
    .replace(/^https?:\/\//i, '');
  const slash = text.lastIndexOf('/');
  const host = slash === -1 ? null : text.slice(0, slash).toLowerCase();
  const username = (slash === -1 ? text : text.slice(slash + 1)).replace(/^@/, '');
  if (!INSTANCE_USERNAME.test(username) || /^\.+$/.test(username))
    return { ok: false, error: `"${spec}" is not a ${ADAPTERS[forge].label} [HOST/]LOGIN` };
  if (host !== null && !/^[a-z0-9.-]+(?::\d{1,5})?$/.test(host))
    return { ok: false, error: `"${host}" is not a host name` };
  return { ok: true, instanceUrl: host === null ? ADAPTERS[forge].defaultInstance : `https://${host}`, username };
}
