/**
 * The forges an operator lets registrations point at (FORGE_HOSTS), and the one way a forge address
 * typed by a user becomes a URL the server will ever request: parsed, checked and rebuilt from its parts,
 * so nothing after a `#`, no `user:password@`, no query and no path outside the forge survive.
 */
export const DEFAULT_FORGE_HOSTS = [
  'https://github.com',
  'https://pagure.io',
  'https://gitlab.com',
  'https://codeberg.org',
] as const;

export type ForgeUrl = { ok: true; url: string } | { ok: false; error: string };

/** `https://host[:port][/path]` rebuilt from its parts, without a trailing slash; anything else is an error that says why. */
export function normalizeForgeUrl(input: string): ForgeUrl {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `"${text}" is not a URL (e.g. https://pagure.io)` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: `"${text}" must be an http(s) address` };
  if (url.username || url.password) return { ok: false, error: `"${text}" must not carry a user name or password` };
  if (text.includes('#')) return { ok: false, error: `"${text}" must not have a #fragment` };
  if (text.includes('?')) return { ok: false, error: `"${text}" must not have a ?query` };
  const path = url.pathname.replace(/\/+$/, '');
  // The URL parser would resolve them away; typed, they are an attempt to leave the forge's path.
  if (/\/(\.|%2e){1,2}(\/|$)/i.test(text)) return { ok: false, error: `"${text}" must not have . or .. in its path` };
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

export class ForgeHosts {
  readonly bases: readonly string[];

  constructor(bases: readonly string[]) {
    this.bases = bases.map((base) => {
      const normalized = normalizeForgeUrl(base);
      if (!normalized.ok) throw new Error(normalized.error);
      return normalized.url;
    });
  }

  static parse(list: string): ForgeHosts {
    return new ForgeHosts(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }

  /** The listed base a URL (an API request's, query and all) lives under: same scheme, host and port, its path at or below the base's. */
  baseOf(url: string): string | null {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (u.username || u.password) return null;
    for (const base of this.bases) {
      const b = new URL(base);
      if (b.protocol !== u.protocol || b.host !== u.host) continue;
      const prefix = b.pathname.replace(/\/+$/, '');
      if (prefix === '' || u.pathname === prefix || u.pathname.startsWith(`${prefix}/`)) return base;
    }
    return null;
  }

  /**
   * An instance typed as `host[:port]` (taken as https) as the operator listed it: a self-hosted forge on
   * plain http keeps its scheme, so its accounts match its projects. Unlisted hosts are left as given.
   */
  listedInstance(instanceUrl: string): string {
    let typed: URL;
    try {
      typed = new URL(instanceUrl);
    } catch {
      return instanceUrl;
    }
    const sameHost = this.bases.map((b) => new URL(b)).filter((b) => b.host === typed.host);
    const listed = sameHost.find((b) => b.protocol === typed.protocol) ?? sameHost[0];
    return listed ? `${listed.protocol}//${listed.host}${listed.pathname.replace(/\/+$/, '')}` : instanceUrl;
  }

  /** A forge base URL a user typed, checked against the list: the rebuilt URL, or a message naming the setting. */
  check(input: string): ForgeUrl {
    const normalized = normalizeForgeUrl(input);
    if (!normalized.ok) return normalized;
    if (this.baseOf(normalized.url) === null) {
      return {
        ok: false,
        error: `${normalized.url} is not one of the forges this server may reach (${this.bases.join(', ')}); the operator adds it to FORGE_HOSTS`,
      };
    }
    return normalized;
  }
}
