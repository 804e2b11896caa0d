import type { PersonLimiter } from './person-limits.js';
import type { EnrichResult } from '../services/enrich-imports.js';
import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import type { EventBus } from '../live/event-bus.js';
import type { Store } from '../store/store.js';
import { findEventBySlug, type EventRecord } from '../store/events.js';
import { notFound } from './http-error.js';
import { viewerOf } from './session.js';
import type { Views } from './views.js';
import type { Logger } from 'pino';
import type { SetupGate } from './setup-gate.js';
import type { SecretBox } from '../secrets.js';
import type { InstallationPermission } from '../services/installation-permission.js';

/** What every page route needs, passed in once. */
export interface PageKit {
  db: Store;
  views: Views;
  config: Config;
  bus: EventBus;
  now: () => Date;
  sync?: {
    backfill: (eventId: number) => void;
    enrich: (eventId: number) => Promise<EnrichResult | null>;
    taskComments: (eventId: number) => Promise<unknown>;
  };
  /** A person's permission on a GitHub repository through the app's installation (null: not installed there). */
  permissionOnRepo?: InstallationPermission;
  /** Seals forge web-hook keys before they are stored. */
  secrets: SecretBox;
  /** While no GitHub App is configured: the setup link's gate (the home page points to it on this machine). */
  setup?: SetupGate | null;
  log: Logger;
  /** Per-person limits on what starts work for the server (organizers are not limited). */
  limits: { registrations: PersonLimiter; memberships: PersonLimiter };
}

/** Renders a page with the signed-in person and their CSRF token available to the layout and forms. */
export function renderPage(
  kit: PageKit,
  res: Response,
  view: string,
  context: Record<string, unknown>,
  status = 200,
): void {
  const viewer = viewerOf(res);
  res.status(status).send(
    kit.views.render(view, {
      ...context,
      viewer,
      csrfToken: viewer?.session.csrfToken ?? '',
      oauthConfigured: Boolean(kit.config.oauth),
      // Signing in from the header comes back to the page it started from (a page drawn for a form's
      // error comes back to the home page: its address is the form's, not a page).
      signInHere: !viewer && res.req.method === 'GET' ? signInUrl(res.req) : '/auth/login',
    }),
  );
}

export function eventFrom(kit: PageKit, req: Request): EventRecord {
  const slug = String(req.params.slug);
  const event = findEventBySlug(kit.db, slug);
  if (!event) throw notFound(`There is no event "${slug}".`);
  return event;
}

export function signInUrl(req: Request): string {
  return `/auth/login?next=${encodeURIComponent(req.originalUrl)}`;
}

/** A change that is not a contribution (someone joined, a moderation) still refreshes the live pages. */
export function announce(kit: PageKit, eventId: number, contributionIds: number[] = []): void {
  kit.bus.publish({ eventId, contributionIds });
}
