import type { Forge } from './contribution.js';

const GITHUB_REPO = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const PAGURE_PROJECT = /^(?:forks\/[A-Za-z0-9_.-]+\/)?(?:[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.+-]+$/;
/** `group/subgroup/…/name`: GitLab nests groups (GNOME's `World/Rust/…`). */
const GITLAB_PROJECT = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+){1,19}$/;
const FORGEJO_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export type ProjectSpec = { ok: true; forge: Forge; fullName: string } | { ok: false; error: string };

/** `github:owner/repo`, `pagure:name`, `gitlab:group/subgroup/name` or `forgejo:owner/name` (a bare `owner/repo` is taken as GitHub). */
export function parseProjectSpec(spec: string): ProjectSpec {
  const text = spec.trim().replace(/\.git$/, '');
  const match =
    /^(github|pagure|gitlab|forgejo):(.+)$/.exec(text) ?? (GITHUB_REPO.test(text) ? ['', 'github', text] : null);
  if (!match)
    return {
      ok: false,
      error: `"${spec}" must be github:OWNER/REPO, pagure:NAME, gitlab:GROUP/NAME or forgejo:OWNER/NAME`,
    };
  const forge = match[1] as Forge;
  const fullName = match[2];
  if (forge === 'github' && !GITHUB_REPO.test(fullName))
    return { ok: false, error: `"${fullName}" is not a GitHub OWNER/REPO name` };
  if (forge === 'pagure' && !PAGURE_PROJECT.test(fullName))
    return { ok: false, error: `"${fullName}" is not a Pagure project name` };
  if (
    forge === 'gitlab' &&
    (!GITLAB_PROJECT.test(fullName) || fullName.split('/').some((part) => /^\.+$/.test(part)))
  ) {
    return { ok: false, error: `"${fullName}" is not a GitLab GROUP/NAME path` };
  }
  if (forge === 'forgejo' && (!FORGEJO_REPO.test(fullName) || fullName.split('/').some((part) => /^\.+$/.test(part)))) {
    return { ok: false, error: `"${fullName}" is not a Forgejo OWNER/NAME` };
  }
  return { ok: true, forge, fullName };
}
