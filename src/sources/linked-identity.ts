import type { ForgeHosts } from '../domain/forge-hosts.js';
import { normalizeEmail } from '../domain/identity.js';
import type { LinkedIdentity } from '../domain/linked-identity.js';
import { adapterOf, FORGES, isForge, parseAccountSpec } from './registry.js';

const LOGIN = /^[A-Za-z0-9_.-]{1,64}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function describeIdentity(identity: LinkedIdentity): string {
  switch (identity.kind) {
    case 'email':
      return `e-mail ${identity.email}`;
    case 'sprinter-login':
      return `${adapterOf(identity.forge).label} account ${identity.username}`;
    case 'instance-account':
      return `${adapterOf(identity.forge).label} account ${identity.username} on ${new URL(identity.instanceUrl).host}`;
  }
}

/** How an organizer writes one: `pagure:NAME`, `gitlab:[HOST/]LOGIN`, `forgejo:[HOST/]LOGIN`, or an e-mail. */
export function formatIdentity(identity: LinkedIdentity): string {
  switch (identity.kind) {
    case 'email':
      return identity.email;
    case 'sprinter-login':
      return `${identity.forge}:${identity.username}`;
    case 'instance-account':
      return `${identity.forge}:${new URL(identity.instanceUrl).host}/${identity.username}`;
  }
}

export type ParsedIdentity = { ok: true; identity: LinkedIdentity } | { ok: false; error: string };

/** The forges whose accounts are linked as identities (GitHub's is the sign-in itself). */
const LINKED = () => FORGES.filter((f) => adapterOf(f).identity !== 'sign-in-account');

function forms(): string {
  return LINKED()
    .map((f) => (adapterOf(f).identity === 'sprinter-login' ? `${f}:NAME` : `${f}:[HOST/]LOGIN`))
    .join(', ');
}

/** `hosts`: an instance account lands on its instance as the operator listed it (http stays http). */
export function parseIdentity(text: string, hosts?: ForgeHosts): ParsedIdentity {
  const spec = text.trim();
  const colon = spec.indexOf(':');
  const prefix = colon === -1 ? '' : spec.slice(0, colon).toLowerCase();
  const forge = isForge(prefix) && adapterOf(prefix).identity !== 'sign-in-account' ? prefix : null;
  if (forge === null) {
    const email = normalizeEmail(spec);
    return EMAIL.test(email)
      ? { ok: true, identity: { kind: 'email', email } }
      : { ok: false, error: `"${spec}" is not ${forms()} or an e-mail` };
  }
  const rest = spec.slice(colon + 1).trim();
  const adapter = adapterOf(forge);
  if (adapter.identity === 'sprinter-login')
    return LOGIN.test(rest)
      ? { ok: true, identity: { kind: 'sprinter-login', forge, username: rest } }
      : { ok: false, error: `"${rest}" is not a ${adapter.label} username` };
  const account = parseAccountSpec(forge, rest);
  return account.ok
    ? {
        ok: true,
        identity: {
          kind: 'instance-account',
          forge,
          instanceUrl: hosts ? hosts.listedInstance(account.instanceUrl) : account.instanceUrl,
          username: account.username,
        },
      }
    : { ok: false, error: account.error };
}
