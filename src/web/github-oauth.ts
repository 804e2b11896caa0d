import type { Config } from '../config.js';

export interface GithubUser {
  id: number;
  login: string;
  name: string | null;
}

export class OAuthError extends Error {}

/**
 * The server half of GitHub's web flow: trade the one-time code for a user token, read who it belongs
 * to, and forget the token (the tracker reads nothing else as the user, so it never stores it).
 */
export async function exchangeCodeForUser(config: Config, code: string, redirectUri: string, fetchImpl: typeof fetch = fetch): Promise<GithubUser> {
  const oauth = config.oauth!;
  const tokenResponse = await fetchImpl(`${config.githubUrl}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'devsprint' },
    body: JSON.stringify({ client_id: oauth.clientId, client_secret: oauth.clientSecret, code, redirect_uri: redirectUri }),
    signal: AbortSignal.timeout(10_000),
  });
  const tokenBody = (await tokenResponse.json().catch(() => null)) as { access_token?: string; error?: string; error_description?: string } | null;
  if (!tokenResponse.ok || !tokenBody?.access_token) {
    throw new OAuthError(tokenBody?.error_description ?? tokenBody?.error ?? `GitHub answered ${tokenResponse.status}`);
  }
  const userResponse = await fetchImpl(`${config.githubApiUrl}/user`, {
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${tokenBody.access_token}`, 'user-agent': 'devsprint' },
    signal: AbortSignal.timeout(10_000),
  });
  const user = (await userResponse.json().catch(() => null)) as { id?: unknown; login?: unknown; name?: unknown } | null;
  if (!userResponse.ok || typeof user?.id !== 'number' || typeof user.login !== 'string') {
    throw new OAuthError(`GitHub did not say who signed in (${userResponse.status})`);
  }
  return { id: user.id, login: user.login, name: typeof user.name === 'string' && user.name.trim() ? user.name.trim() : null };
}
