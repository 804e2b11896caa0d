import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import { isOrganizerAccount } from '../store/roles.js';
import {
  createSession,
  deleteSession,
  findSession,
  purgeExpiredSessions,
  SESSION_DAYS,
  type SessionRecord,
} from '../store/sessions.js';
import { clearCookie, readSignedCookie, writeSignedCookie } from './signed-cookie.js';
import { forbidden } from './http-error.js';

export const SESSION_COOKIE = 'devsprint_session';

export interface Viewer {
  session: SessionRecord;
  githubId: number;
  login: string;
  name: string | null;
  organizer: boolean;
}

export interface SessionDeps {
  db: Store;
  config: Config;
  secret: string;
  now: () => Date;
}

/** Asked of the account, not of the login: see store/roles.ts. */
export function isOrganizer(deps: Pick<SessionDeps, 'db' | 'config'>, githubId: number, login: string): boolean {
  return isOrganizerAccount(deps.db, githubId, login, deps.config.organizers);
}

/** Loads the signed-in person, if any, into res.locals.viewer; an expired or forged cookie is just no session. */
export function loadViewer(deps: SessionDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = readSignedCookie(req, SESSION_COOKIE, deps.secret);
    const session = id ? findSession(deps.db, id, deps.now()) : null;
    res.locals.viewer = session
      ? {
          session,
          githubId: session.githubId,
          login: session.githubLogin,
          name: session.githubName,
          organizer: isOrganizer(deps, session.githubId, session.githubLogin),
        }
      : null;
    res.locals.expiredSession = Boolean(id && !session);
    next();
  };
}

export function viewerOf(res: Response): Viewer | null {
  return (res.locals.viewer as Viewer | null) ?? null;
}

export function startSession(
  deps: SessionDeps,
  res: Response,
  user: { githubId: number; githubLogin: string; githubName: string | null },
): void {
  purgeExpiredSessions(deps.db, deps.now());
  const session = createSession(deps.db, user, deps.now());
  writeSignedCookie(res, SESSION_COOKIE, session.id, deps.secret, {
    maxAgeSeconds: SESSION_DAYS * 86_400,
    secure: isSecure(deps.config),
  });
}

export function endSession(deps: SessionDeps, res: Response, viewer: Viewer): void {
  deleteSession(deps.db, viewer.session.id);
  clearCookie(res, SESSION_COOKIE);
}

export function isSecure(config: Config): boolean {
  return config.publicUrl?.startsWith('https://') ?? false;
}

/**
 * Every write: a signed-in person and the form's CSRF token matching their session. Either failing
 * is a 403 that says why, raised before anything is read from the form, so nothing changes.
 */
export function requireWriter(req: Request, res: Response): Viewer {
  const viewer = viewerOf(res);
  if (!viewer) {
    throw forbidden(
      res.locals.expiredSession
        ? 'Your session has expired. Sign in again, then send the form again.'
        : 'Sign in with GitHub first.',
    );
  }
  const body = req.body as Record<string, unknown> | undefined;
  const token = typeof body?._csrf === 'string' ? body._csrf : '';
  const expected = Buffer.from(viewer.session.csrfToken);
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw forbidden(
      'This form is out of date or did not come from this site (its security token does not match). Reload the page and try again.',
    );
  }
  return viewer;
}
