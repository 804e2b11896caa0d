import { unregisteredWorkOf } from '../store/unregistered-work.js';
import express, { type Request, type Response, type Router } from 'express';
import { joinAsSprinter, leaveEvent, updateProfile, type Profile } from '../services/membership.js';
import type { ForgeHosts } from '../domain/forge-hosts.js';
import {
  countMembers,
  findSprinterByGithubId,
  IdentityConflictError,
  membershipStatus,
  PagureAccountTaken,
  waitingPosition,
} from '../store/sprinters.js';
import { findTicketHolder } from '../store/tickets.js';
import { verifiedEmailsOf } from '../store/github-logins.js';
import { identitiesOf, IdentityTaken, workOf } from '../store/claims.js';
import { describeVerdict } from '../render/count-reason.js';
import { describeIdentity } from '../sources/linked-identity.js';
import { followUpOptOut } from '../store/follow-up.js';
import { ForgeAccountTaken, forgeAccountsOf, type ForgeAccount } from '../store/forge-accounts.js';
import { adapterOf, defaultInstanceOf } from '../sources/registry.js';
import { formField, parseJoinForm } from './forms.js';
import { forbidden } from './http-error.js';
import { announce, eventFrom, renderPage, signInUrl, type PageKit } from './page-kit.js';
import { requireWriter, viewerOf } from './session.js';
import { eventPhase } from '../domain/event-window.js';

/** Newcomers: join an event (or its waiting list), edit what the report shows of them, leave. */
export function sprinterRoutes(kit: PageKit): Router {
  const router = express.Router();

  router.get('/events/:slug/join', (req, res) => {
    const event = eventFrom(kit, req);
    const viewer = viewerOf(res);
    const base = {
      title: `Join ${event.name}`,
      event,
      nav: 'home',
      ended: eventPhase(event, kit.now()) === 'past',
      code: typeof req.query.code === 'string' ? req.query.code : '',
      signIn: signInUrl(req),
    };
    if (!viewer) return renderPage(kit, res, 'join', base);
    const sprinter = findSprinterByGithubId(kit.db, viewer.githubId);
    const status = sprinter ? membershipStatus(kit.db, event.id, sprinter.id) : null;
    const ticket = findTicketHolder(kit.db, event.id, viewer.githubId);
    // Offered, not taken: the addresses GitHub says are theirs, which they may keep or remove.
    const offered = [...new Set([...(ticket ? [ticket.email] : []), ...verifiedEmailsOf(kit.db, viewer.githubId)])];
    renderPage(kit, res, 'join', {
      ...base,
      status,
      forgeSignIns: kit.config.forgeOauthApps.map((app, i) => ({
        href: `/accounts/link/${i}?next=${encodeURIComponent(`/events/${event.slug}/join`)}`,
        label: `${adapterOf(app.forge).label} (${new URL(app.instanceUrl).host})`,
      })),
      position: sprinter && status === 'waiting' ? waitingPosition(kit.db, event.id, sprinter.id) : null,
      accounts: sprinter
        ? identitiesOf(kit.db, sprinter.id).map((h) => ({
            described: describeIdentity(h.identity),
            proven: h.proof !== null,
          }))
        : [],
      work: (sprinter && status ? workOf(kit.db, event.id, sprinter.id) : []).map((w) => ({
        ...w,
        why: describeVerdict(w.reason, w.moderation),
        waitsForProof: w.reason === 'unproven-account',
      })),
      elsewhere: sprinter && status ? unregisteredWorkOf(kit.db, event.id, sprinter.id) : [],
      full: event.capacity !== null && countMembers(kit.db, event.id) >= event.capacity,
      values: {
        displayName: sprinter?.displayName ?? ticket?.name ?? viewer.name ?? viewer.login,
        pagureUsername: sprinter?.pagureUsername ?? '',
        emails: (sprinter?.emails ?? offered).join(', '),
        hidden: sprinter?.hidden ?? false,
        notFollowed: sprinter ? followUpOptOut(kit.db, sprinter.id) : false,
        ...(sprinter ? typedAccounts(forgeAccountsOf(kit.db, sprinter.id)) : {}),
      },
    });
  });

  router.post('/events/:slug/join', (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    if (!event.registrationOpen) throw forbidden(`Registration for ${event.name} is closed.`);
    if (eventPhase(event, kit.now()) === 'past') {
      throw forbidden(
        `${event.name} has ended, so joining is closed. A sprint leader or an organizer can still add you to its report.`,
      );
    }
    const form = parseJoinForm(req.body);
    if (!form.ok)
      return renderPage(
        kit,
        res,
        'join',
        {
          title: `Join ${event.name}`,
          event,
          values: req.body,
          errors: form.errors,
          code: formField(req.body, 'code'),
        },
        400,
      );
    if (event.joinCode && form.value.code !== event.joinCode) {
      throw forbidden("That join code is not this event's: use the join link the organizers shared.");
    }
    if (!membershipStatus(kit.db, event.id, findSprinterByGithubId(kit.db, viewer.githubId)?.id ?? 0))
      kit.limits.memberships.take(viewer.githubId, kit.now().getTime());
    let joined;
    try {
      joined = joinAsSprinter(
        kit.db,
        event,
        { githubId: viewer.githubId, githubLogin: viewer.login, githubName: viewer.name },
        onListedInstances(form.value, kit.config.forgeHosts),
        kit.now(),
      );
    } catch (error) {
      const taken = takenIdentity(error);
      if (!taken) throw error;
      return renderPage(
        kit,
        res,
        'join',
        {
          title: `Join ${event.name}`,
          event,
          values: req.body,
          errors: taken,
          code: formField(req.body, 'code'),
        },
        409,
      );
    }
    announce(kit, event.id);
    kit.sync?.backfill(event.id);
    // In: straight to the tasks a newcomer can take; on the waiting list: their place in it.
    res.redirect(
      303,
      joined.status === 'joined'
        ? `/events/${event.slug}/tasks?level=first-task&welcome=1`
        : `/events/${event.slug}/join`,
    );
  });

  /** The signed-in person's own membership: the only one these routes may change. */
  const ownMembership = (req: Request, res: Response) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    const sprinter = findSprinterByGithubId(kit.db, viewer.githubId);
    if (!sprinter || !membershipStatus(kit.db, event.id, sprinter.id))
      throw forbidden(`You have not joined ${event.name}.`);
    return { event, sprinter };
  };

  router.post('/events/:slug/profile', (req, res) => {
    const { event, sprinter } = ownMembership(req, res);
    const form = parseJoinForm(req.body);
    if (!form.ok)
      return renderPage(
        kit,
        res,
        'join',
        {
          title: `Join ${event.name}`,
          event,
          status: membershipStatus(kit.db, event.id, sprinter.id),
          values: req.body,
          errors: form.errors,
        },
        400,
      );
    try {
      updateProfile(kit.db, event, sprinter.id, onListedInstances(form.value, kit.config.forgeHosts), kit.now());
    } catch (error) {
      const taken = takenIdentity(error);
      if (!taken) throw error;
      return renderPage(
        kit,
        res,
        'join',
        {
          title: `Join ${event.name}`,
          event,
          status: membershipStatus(kit.db, event.id, sprinter.id),
          values: req.body,
          errors: taken,
        },
        409,
      );
    }
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/join`);
  });

  router.post('/events/:slug/leave', (req, res) => {
    const { event, sprinter } = ownMembership(req, res);
    kit.limits.memberships.take(sprinter.githubId ?? 0, kit.now().getTime());
    leaveEvent(kit.db, event, sprinter.id, kit.now());
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}`);
  });

  return router;
}

/** Typed `host/login` accounts on the instance as the operator listed it (an http forge keeps its scheme). */
function onListedInstances(profile: Profile, hosts: ForgeHosts): Profile {
  return {
    ...profile,
    forgeAccounts: profile.forgeAccounts?.map((a) => ({ ...a, instanceUrl: hosts.listedInstance(a.instanceUrl) })),
  };
}

/** The profile's GitLab and Forgejo fields as the sprinter typed them: `host/login`, or `login` on the default instance. */
function typedAccounts(accounts: ForgeAccount[]): { gitlab?: string; forgejo?: string } {
  const shown = (a: ForgeAccount) =>
    a.instanceUrl === defaultInstanceOf(a.forge) ? a.username : `${new URL(a.instanceUrl).host}/${a.username}`;
  const first = (forge: 'gitlab' | 'forgejo') => accounts.find((a) => a.forge === forge);
  return {
    ...(first('gitlab') ? { gitlab: shown(first('gitlab')!) } : {}),
    ...(first('forgejo') ? { forgejo: shown(first('forgejo')!) } : {}),
  };
}

/**
 * An account or e-mail typed on the join form or the profile that another sprinter holds: the field's
 * error, answered 409 with nothing changed; null for any other error.
 */
function takenIdentity(error: unknown): Record<string, string> | null {
  if (error instanceof ForgeAccountTaken) return { [error.forge]: error.message };
  if (error instanceof PagureAccountTaken) return { pagureUsername: error.message };
  if (error instanceof IdentityTaken) return { emails: error.message };
  if (error instanceof IdentityConflictError)
    return { emails: 'These e-mails belong to another sprinter already: ask an organizer if they are yours.' };
  return null;
}
