import type { Config } from '../config.js';
import { permissionFromAnswer, permissionPath, type RepoPermission } from '../sources/github/repo-permission.js';

export interface GithubUser {
  id: number;
  login: string;
  name: string | null;
}

export class OAuthError extends Error {}

/**
 * The server half of GitHub's web flow: trade the one-time code for a user token and read who it
 * belongs to. The caller may ask one more thing with the token (a registrant's permission) and then
 * forgets it: the tracker never stores a user's token.
 */
export async function exchangeCodeForUser(
  config: Config,
  code: string,
  redirectUri: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ user: GithubUser; token: string }> {
  const oauth = config.oauth!;
  const tokenResponse = await fetchImpl(`${config.githubUrl}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'devsprint' },
    body: JSON.stringify({
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      code,
      redirect_uri: redirectUri,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const tokenBody = (await tokenResponse.json().catch(() => null)) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  } | null;
  if (!tokenResponse.ok || !tokenBody?.access_token) {
    throw new OAuthError(tokenBody?.error_description ?? tokenBody?.error ?? `GitHub answered ${tokenResponse.status}`);
  }
  const userResponse = await fetchImpl(`${config.githubApiUrl}/user`, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${tokenBody.access_token}`,
      'user-agent': 'devsprint',
    },
    signal: AbortSignal.timeout(10_000),
  });
  const user = (await userResponse.json().catch(() => null)) as {
    id?: unknown;
    login?: unknown;
    name?: unknown;
  } | null;
  if (!userResponse.ok || typeof user?.id !== 'number' || typeof user.login !== 'string') {
    throw new OAuthError(`GitHub did not say who signed in (${userResponse.status})`);
  }
  return {
    user: {
      id: user.id,
      login: user.login,
      name: typeof user.name === 'string' && user.name.trim() ? user.name.trim() : null,
    },
    token: tokenBody.access_token,
  };
}

/** The signed-in person's own permission on a repository, read with their token; any failure is "none". */
export async function readOwnPermission(
  config: Config,
  token: string,
  repo: string,
  login: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RepoPermission> {
  try {
    const response = await fetchImpl(`${config.githubApiUrl}${permissionPath(repo, login)}`, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'user-agent': 'devsprint' },
      signal: AbortSignal.timeout(10_000),
    });
    return permissionFromAnswer(response.status, await response.json().catch(() => null));
  } catch {
    return 'none';
  }
}

/** At most this many addresses are kept of one account: GitHub allows a few dozen, an answer may claim more. */
const MAX_EMAILS = 50;

/**
 * The e-mails GitHub says the signed-in person verified (`GET /user/emails`), read with their token where
 * the app may (the "Email addresses" permission of a GitHub App, `user:email` of an OAuth app). Anything
 * else (no permission, an error, an odd answer) is none: an unverified address is only a claim.
 */
export async function readVerifiedEmails(
  config: Config,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string[]> {
  try {
    const response = await fetchImpl(`${config.githubApiUrl}/user/emails?per_page=100`, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'user-agent': 'devsprint' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return [];
    const body: unknown = await response.json().catch(() => null);
    if (!Array.isArray(body)) return [];
    return body
      .filter(
        (e): e is { email: string; verified: true } =>
          typeof e === 'object' &&
          e !== null &&
          (e as { verified?: unknown }).verified === true &&
          typeof (e as { email?: unknown }).email === 'string' &&
          (e as { email: string }).email.length <= 254,
      )
      .map((e) => e.email.trim().toLowerCase())
      .filter((email) => /^[^\s@<>]+@[^\s@<>]+$/.test(email))
      .slice(0, MAX_EMAILS);
  } catch {
    return [];
  }
}
