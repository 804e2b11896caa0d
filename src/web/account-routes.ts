import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { adapterOf } from '../sources/registry.js';
import { linkForgeAccounts } from '../services/join-event.js';
import { ForgeAccountTaken } from '../store/forge-accounts.js';
import { findSprinterByGithubId } from '../store/sprinters.js';
import { baseUrl, safeNext } from './auth-routes.js';
import { authorizeUrl, exchangeForgeCode } from './forge-oauth.js';
import { OAuthError } from './github-oauth.js';
import { HttpError, forbidden, notFound } from './http-error.js';
import { isSecure, viewerOf, type SessionDeps } from './session.js';
import { clearCookie, readSignedCookie, writeSignedCookie } from './signed-cookie.js';
import { signInUrl } from './page-kit.js';

const STATE_COOKIE = 'devsprint_link';

/**
 * Linking a GitLab or Forgejo account by signing in there, where the operator configured an OAuth2
 * application for that instance (FORGE_OAUTH_APPS): proven, so confirmed at once, with the account's user id.
 */
export function accountRoutes(deps: SessionDeps & { fetch?: typeof fetch }): Router {
  const router = express.Router();
  const appAt = (index: unknown) =>
    typeof index === 'string' && /^\d{1,3}$/.test(index) ? deps.config.forgeOauthApps[Number(index)] : undefined;

  router.get('/accounts/link/:app', (req, res) => {
    const app = appAt(req.params.app);
    if (!app) throw notFound('No such sign-in is configured on this server.');
    if (!viewerOf(res)) return res.redirect(303, signInUrl(req));
    const state = randomBytes(24).toString('base64url');
    writeSignedCookie(res, STATE_COOKIE, `${state}|${req.params.app}|${safeNext(req.query.next)}`, deps.secret, {
      maxAgeSeconds: 600,
      secure: isSecure(deps.config),
      path: '/accounts',
    });
    const authorize = new URL(authorizeUrl(app));
    authorize.searchParams.set('client_id', app.clientId);
    authorize.searchParams.set('redirect_uri', `${baseUrl(deps, req)}/accounts/callback`);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set('state', state);
    const scope = adapterOf(app.forge).signIn?.scope;
    if (scope) authorize.searchParams.set('scope', scope);
    res.redirect(303, authorize.toString());
  });

  router.get('/accounts/callback', async (req, res) => {
    // A GET from the instance's redirect: the signed state cookie, bound to this browser, stands in for a form's CSRF token.
    const viewer = viewerOf(res);
    if (!viewer) throw forbidden('Sign in with GitHub first, then link the account again.');
    const stored = readSignedCookie(req, STATE_COOKIE, deps.secret);
    clearCookie(res, STATE_COOKIE, '/accounts');
    const [expected, index, ...nextParts] = stored ? stored.split('|') : [];
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!expected || expected.length !== state.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(state))) {
      throw forbidden(
        'This sign-in could not be verified: it did not start from this browser, or it took too long. Please try again.',
      );
    }
    const app = appAt(index);
    if (!app) throw notFound('No such sign-in is configured on this server.');
    const label = adapterOf(app.forge).label;
    if (typeof req.query.error === 'string')
      throw forbidden(`${label} did not sign you in (${req.query.error.slice(0, 80)}).`);
    if (typeof req.query.code !== 'string' || !req.query.code)
      throw new HttpError(400, 'Sign-in failed', `${label} sent no code back; please try again.`);
    let user;
    try {
      user = await exchangeForgeCode(app, req.query.code, `${baseUrl(deps, req)}/accounts/callback`, deps.fetch);
    } catch (error) {
      if (error instanceof OAuthError || (error as Error).name === 'TimeoutError' || error instanceof TypeError) {
        throw new HttpError(
          502,
          'Sign-in failed',
          `${label} did not complete the sign-in: ${(error as Error).message}. Please try again.`,
        );
      }
      throw error;
    }
    const sprinter = findSprinterByGithubId(deps.db, viewer.githubId);
    if (!sprinter) throw forbidden('Join an event first: the account is linked to your sprinter profile.');
    try {
      linkForgeAccounts(
        deps.db,
        sprinter.id,
        [
          {
            forge: app.forge,
            instanceUrl: app.instanceUrl,
            username: user.username,
            userId: user.id,
            verifiedBy: 'oauth',
          },
        ],
        deps.now(),
      );
    } catch (error) {
      if (error instanceof ForgeAccountTaken) throw new HttpError(409, 'Account linked elsewhere', error.message);
      throw error;
    }
    res.redirect(303, safeNext(nextParts.join('|')));
  });

  return router;
}
