import type { ForgeHosts } from './forge-hosts.js';
import { FORGE_LABELS, parseAccountSpec } from './forges.js';
import { normalizeEmail } from './identity.js';

/** An account a sprinter holds besides their GitHub one: what a claim is made for and a proof settles. */
export type LinkedIdentity =
  | { kind: 'pagure'; username: string }
  | { kind: 'email'; email: string }
  | { kind: 'gitlab' | 'forgejo'; instanceUrl: string; username: string };

const PAGURE_USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function describeIdentity(identity: LinkedIdentity): string {
  switch (identity.kind) {
    case 'pagure':
      return `Pagure account ${identity.username}`;
    case 'email':
      return `e-mail ${identity.email}`;
    default:
      return `${FORGE_LABELS[identity.kind]} account ${identity.username} on ${new URL(identity.instanceUrl).host}`;
  }
}

/** How an organizer writes one: `pagure:NAME`, `gitlab:[HOST/]LOGIN`, `forgejo:[HOST/]LOGIN`, or an e-mail. */
export function formatIdentity(identity: LinkedIdentity): string {
  switch (identity.kind) {
    case 'pagure':
      return `pagure:${identity.username}`;
    case 'email':
      return identity.email;
    default:
      return `${identity.kind}:${new URL(identity.instanceUrl).host}/${identity.username}`;
  }
}

export type ParsedIdentity = { ok: true; identity: LinkedIdentity } | { ok: false; error: string };

/** `hosts`: a GitLab or Forgejo account lands on its instance as the operator listed it (http stays http). */
export function parseIdentity(text: string, hosts?: ForgeHosts): ParsedIdentity {
  const spec = text.trim();
  const prefixed = /^(pagure|gitlab|forgejo):(.*)$/i.exec(spec);
  if (!prefixed) {
    const email = normalizeEmail(spec);
    return EMAIL.test(email)
      ? { ok: true, identity: { kind: 'email', email } }
      : { ok: false, error: `"${spec}" is not pagure:NAME, gitlab:[HOST/]LOGIN, forgejo:[HOST/]LOGIN or an e-mail` };
  }
  const kind = prefixed[1]!.toLowerCase() as 'pagure' | 'gitlab' | 'forgejo';
  const rest = prefixed[2]!.trim();
  if (kind === 'pagure')
    return PAGURE_USERNAME.test(rest)
      ? { ok: true, identity: { kind, username: rest } }
      : { ok: false, error: `"${rest}" is not a Pagure username` };
  const account = parseAccountSpec(kind, rest);
  return account.ok
    ? {
        ok: true,
        identity: {
          kind,
          instanceUrl: hosts ? hosts.listedInstance(account.instanceUrl) : account.instanceUrl,
          username: account.username,
        },
      }
    : { ok: false, error: account.error };
}
