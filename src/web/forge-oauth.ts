import type { ForgeOauthApp } from '../config.js';
import type { InstanceSignIn } from '../sources/forge-adapter.js';
import { adapterOf } from '../sources/registry.js';
import { OAuthError } from './github-oauth.js';

/** Where a person is sent to sign in: GitLab's `/oauth/authorize`, Forgejo's (and Gitea's) `/login/oauth/authorize`. */
export function authorizeUrl(app: ForgeOauthApp): string {
  return `${app.instanceUrl}${signInOf(app).authorizePath}`;
}

/** Configuration accepts only forges with a sign-in (FORGE_OAUTH_APPS). */
function signInOf(app: ForgeOauthApp): InstanceSignIn {
  const signIn = adapterOf(app.forge).signIn;
  if (!signIn) throw new OAuthError(`${adapterOf(app.forge).label} accounts are not linked by signing in`);
  return signIn;
}

export interface ForgeUser {
  id: number;
  username: string;
}

/**
 * The server half of GitLab's and Forgejo's OAuth2 code flow: trade the code for a token and read
 * who the token belongs to (GitLab `/api/v4/user`, Forgejo `/api/v1/user`). The token is then forgotten.
 */
export async function exchangeForgeCode(
  app: ForgeOauthApp,
  code: string,
  redirectUri: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ForgeUser> {
  const tokenResponse = await fetchImpl(`${app.instanceUrl}${signInOf(app).tokenPath}`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'devsprint',
    },
    body: new URLSearchParams({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
    }).toString(),
    signal: AbortSignal.timeout(10_000),
    redirect: 'error',
  });
  const token = (await tokenResponse.json().catch(() => null)) as {
    access_token?: unknown;
    error?: unknown;
    error_description?: unknown;
  } | null;
  if (!tokenResponse.ok || typeof token?.access_token !== 'string') {
    throw new OAuthError(
      (typeof token?.error_description === 'string'
        ? token.error_description
        : typeof token?.error === 'string'
          ? token.error
          : `the instance answered ${tokenResponse.status}`
      ).slice(0, 200),
    );
  }
  const userResponse = await fetchImpl(`${app.instanceUrl}${signInOf(app).userPath}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token.access_token}`, 'user-agent': 'devsprint' },
    signal: AbortSignal.timeout(10_000),
    redirect: 'error',
  });
  const user = (await userResponse.json().catch(() => null)) as {
    id?: unknown;
    username?: unknown;
    login?: unknown;
  } | null;
  const username = user?.[signInOf(app).usernameField];
  if (
    !userResponse.ok ||
    typeof user?.id !== 'number' ||
    !Number.isSafeInteger(user.id) ||
    typeof username !== 'string' ||
    !/^[A-Za-z0-9_.-]{1,255}$/.test(username)
  ) {
    throw new OAuthError(`the instance did not say who signed in (${userResponse.status})`);
  }
  return { id: user.id, username };
}
