import { adapterOf } from '../sources/registry.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { recognizeAccount } from '../services/recognize-account.js';
import { proveLeadership } from '../services/register-project.js';
import { getProject } from '../store/projects.js';
import { accountOfLogin } from '../store/github-logins.js';
import { exchangeCodeForUser, OAuthError, readOwnPermission, readVerifiedEmails } from './github-oauth.js';
import { HttpError, forbidden } from './http-error.js';
import { endSession, isSecure, requireWriter, startSession, type SessionDeps } from './session.js';
import { clearCookie, readSignedCookie, writeSignedCookie } from './signed-cookie.js';

const STATE_COOKIE = 'devsprint_oauth';

/** Only paths on this site: an open redirect would let a link send people anywhere after sign-in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

export function baseUrl(deps: SessionDeps, req: Request): string {
  return deps.config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

export function authRoutes(deps: SessionDeps & { fetch?: typeof fetch }): Router {
  const router = express.Router();
  const notConfigured = () =>
    new HttpError(
      503,
      'Sign-in is not set up',
      'Signing in with GitHub is not configured on this server yet: an organizer needs to set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET from the GitHub App settings. The leaderboard and reports work meanwhile.',
    );

  router.get('/auth/login', (req, res) => {
    if (!deps.config.oauth) throw notConfigured();
    // 192 bits from the CSPRNG, bound to this browser by a signed, httpOnly cookie.
    const state = randomBytes(24).toString('base64url');
    // `prove`: a project the person registered; their token is asked once for their permission on it.
    const prove = typeof req.query.prove === 'string' && /^\d{1,12}$/.test(req.query.prove) ? req.query.prove : '';
    writeSignedCookie(res, STATE_COOKIE, `${state}|${prove}|${safeNext(req.query.next)}`, deps.secret, {
      maxAgeSeconds: 600,
      secure: isSecure(deps.config),
      path: '/auth',
    });
    const authorize = new URL(`${deps.config.githubUrl}/login/oauth/authorize`);
    authorize.searchParams.set('client_id', deps.config.oauth.clientId);
    authorize.searchParams.set('redirect_uri', `${baseUrl(deps, req)}/auth/callback`);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('allow_signup', 'true');
    res.redirect(303, authorize.toString());
  });

  router.get('/auth/callback', async (req, res) => {
    if (!deps.config.oauth) throw notConfigured();
    const stored = readSignedCookie(req, STATE_COOKIE, deps.secret);
    clearCookie(res, STATE_COOKIE, '/auth');
    const [expectedState, prove, ...nextParts] = stored ? stored.split('|') : [];
    const next = nextParts.join('|');
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (
      !expectedState ||
      !state ||
      expectedState.length !== state.length ||
      !timingSafeEqual(Buffer.from(expectedState), Buffer.from(state))
    ) {
      throw forbidden(
        'This sign-in could not be verified: it did not start from this browser, or it took too long. Nothing was exchanged with GitHub; please sign in again.',
      );
    }
    if (typeof req.query.error === 'string') {
      throw forbidden(
        req.query.error === 'access_denied'
          ? 'You declined the sign-in on GitHub, so you are not signed in.'
          : `GitHub did not sign you in (${req.query.error}).`,
      );
    }
    if (typeof req.query.code !== 'string' || !req.query.code)
      throw new HttpError(400, 'Sign-in failed', 'GitHub sent no code back; please sign in again.');
    let signedIn;
    try {
      signedIn = await exchangeCodeForUser(
        deps.config,
        req.query.code,
        `${baseUrl(deps, req)}/auth/callback`,
        deps.fetch,
      );
    } catch (error) {
      if (error instanceof OAuthError || (error as Error).name === 'TimeoutError' || error instanceof TypeError) {
        throw new HttpError(
          502,
          'Sign-in failed',
          `GitHub did not complete the sign-in: ${(error as Error).message}. Please try again.`,
        );
      }
      throw error;
    }
    const { user, token } = signedIn;
    const verifiedEmails = await readVerifiedEmails(deps.config, token, deps.fetch);
    recognizeAccount(deps.db, { githubId: user.id, login: user.login, verifiedEmails }, deps.now());
    if (prove) await proveRegistration(Number(prove), user, token);
    startSession(deps, res, { githubId: user.id, githubLogin: user.login, githubName: user.name });
    res.redirect(303, safeNext(next));
  });

  /** A GitHub project this account claimed: GitHub's answer, read with the user's token, may prove it. */
  const proveRegistration = async (projectId: number, user: { id: number; login: string }, token: string) => {
    const project = getProject(deps.db, projectId);
    const claimant =
      project && adapterOf(project.forge).permissionProvesLeaders
        ? project.claims.find((login) => accountOfLogin(deps.db, login) === user.id)
        : undefined;
    if (!project || !claimant) return;
    const permission = await readOwnPermission(deps.config, token, project.fullName, user.login, deps.fetch);
    proveLeadership(deps.db, project.id, claimant, permission, deps.now());
  };

  router.post('/auth/logout', (req, res) => {
    const viewer = requireWriter(req, res);
    endSession(deps, res, viewer);
    res.redirect(303, '/');
  });

  return router;
}
