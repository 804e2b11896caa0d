import { unregisteredRepositories } from '../store/unregistered-work.js';
import express, { type Request, type Response, type Router } from 'express';
import { instantToWallTime } from '../domain/event-window.js';
import { importedForgeContributions, listForModeration } from '../store/contributions.js';
import {
  eventLog,
  findEventBySlug,
  getEvent,
  listEvents,
  logEventAction,
  setRanking,
  type EventRecord,
} from '../store/events.js';
import { IdentityTaken, pendingClaims } from '../store/claims.js';
import { describeIdentity, formatIdentity, parseIdentity } from '../sources/linked-identity.js';
import {
  ClaimMismatch,
  confirmClaim,
  reassignIdentity,
  unlinkIdentity,
  type IdentityChange,
} from '../services/account-proofs.js';
import { scoringSentence } from '../domain/scoring.js';
import { addOrganizer, listStoredOrganizers } from '../store/organizers.js';
import { getProject, listPendingProjects, listProjects, setReportOrder } from '../store/projects.js';
import { addProjectLeader, decideRegistration } from '../services/register-project.js';
import { countMembers, findSprinterByLogin, getSprinter, membershipStatus } from '../store/sprinters.js';
import { isValidGithubLogin } from '../domain/identity.js';
import { countTicketHolders, saveTicketHolders } from '../store/tickets.js';
import { closeEventReport, reopenEventReport } from '../services/close-event.js';
import { createEventWithSettings } from '../services/create-event.js';
import { editEvent } from '../services/edit-event.js';
import {
  formField,
  parseClaimSettingsForm,
  parseEventForm,
  parseLoginForm,
  parseRankingForm,
  parseReportOrderForm,
  parseTicketCsv,
} from './forms.js';
import { claimSettings, setClaimSettings } from '../store/tasks.js';
import { badRequest, forbidden, HttpError, notFound, unavailable } from './http-error.js';
import { announce, eventFrom, renderPage, signInUrl, type PageKit } from './page-kit.js';
import { moderationContext } from './moderation-filter.js';
import { setupChecks, setupComplete, type SetupCheck } from '../services/setup-checks.js';
import { requireWriter, viewerOf, type Viewer } from './session.js';

const STATUS_WORDS: Record<SetupCheck['status'], string> = {
  ok: 'Ready',
  missing: 'Missing',
  warning: 'Check',
  info: 'Note',
};

function requireOrganizer(viewer: Viewer): void {
  if (!viewer.organizer) throw forbidden('Only organizers can do this. An organizer can add you on the Organize page.');
}

/** Organizers: create and edit events, import ticket holders, add organizers and sprint leaders, moderate. */
export function organizerRoutes(kit: PageKit): Router {
  const router = express.Router();

  const eventFormValues = (e: EventRecord) => ({
    slug: e.slug,
    name: e.name,
    timeZone: e.timeZone,
    starts: instantToWallTime(e.startsAt, e.timeZone),
    ends: instantToWallTime(e.endsAt, e.timeZone),
    venue: e.venue ?? '',
    capacity: e.capacity ?? '',
    joinCode: e.joinCode ?? '',
    registrationOpen: e.registrationOpen,
    reportPublic: e.reportPublic,
  });

  const organizePage = (res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    renderPage(
      kit,
      res,
      'organize',
      {
        title: 'Organize',
        events: listEvents(kit.db),
        pending: listPendingProjects(kit.db).map((project) => ({ project, event: getEvent(kit.db, project.eventId) })),
        organizers: [...kit.config.organizers, ...listStoredOrganizers(kit.db)],
        values: { timeZone: 'UTC', registrationOpen: true, reportPublic: true },
        ...extra,
      },
      status,
    );

  const managePage = (res: Response, event: EventRecord, extra: Record<string, unknown> = {}, status = 200) => {
    const moderation = moderationContext(res.req);
    renderPage(
      kit,
      res,
      'manage',
      {
        title: `Manage ${event.name}`,
        event,
        nav: 'manage',
        values: eventFormValues(event),
        projects: listProjects(kit.db, event.id),
        sprinters: countMembers(kit.db, event.id),
        waiting: countMembers(kit.db, event.id, 'waiting'),
        ticketHolders: countTicketHolders(kit.db, event.id),
        incompleteImports: importedForgeContributions(kit.db, event.id, { incomplete: true }).length,
        ...moderation,
        contributions: listForModeration(kit.db, event.id, null, 100, moderation.moderationFilter),
        moderationPath: `/events/${event.slug}/manage`,
        log: eventLog(kit.db, event.id),
        joinLink: `/events/${event.slug}/join${event.joinCode ? `?code=${encodeURIComponent(event.joinCode)}` : ''}`,
        claims: claimSettings(kit.db, event.id),
        pendingProjects: listPendingProjects(kit.db, event.id),
        unregistered: unregisteredRepositories(kit.db, event.id),
        accountClaims: pendingClaims(kit.db, event.id).map((c) => ({
          ...c,
          account: formatIdentity(c.identity),
          described: describeIdentity(c.identity),
        })),
        ranking: {
          scoring: event.scoring,
          rankLeaders: event.rankLeaders,
          ranked: scoringSentence('ranked'),
          points: scoringSentence('points'),
        },
        ...extra,
      },
      status,
    );
  };

  const gate = (req: Request, res: Response): Viewer | null => {
    const viewer = viewerOf(res);
    if (!viewer) {
      res.redirect(303, signInUrl(req));
      return null;
    }
    requireOrganizer(viewer);
    return viewer;
  };

  router.get('/organize', (req, res) => {
    if (gate(req, res)) organizePage(res);
  });

  // What the server has and still needs, each with what to do: the page form of `devsprint doctor`.
  router.get('/organize/setup', async (req, res) => {
    if (!gate(req, res)) return;
    const checks = await setupChecks({ config: kit.config, db: kit.db, log: kit.log, now: kit.now() });
    res.set('cache-control', 'no-store');
    renderPage(kit, res, 'setup-status', {
      title: 'Setup',
      checks: checks.map((c) => ({ ...c, label: STATUS_WORDS[c.status] })),
      complete: setupComplete(checks),
    });
  });

  router.post('/organize/events', (req, res) => {
    requireOrganizer(requireWriter(req, res));
    const form = parseEventForm(req.body, { requireSlug: true });
    if (!form.ok) return organizePage(res, { values: req.body, errors: form.errors }, 400);
    if (findEventBySlug(kit.db, form.value.slug))
      return organizePage(res, { values: req.body, errors: { slug: `The slug "${form.value.slug}" is taken` } }, 400);
    const v = form.value;
    const event = createEventWithSettings(kit.db, v, kit.now());
    res.redirect(303, `/events/${event.slug}/manage`);
  });

  router.post('/organizers', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const form = parseLoginForm(req.body);
    if (!form.ok)
      return organizePage(res, { organizerErrors: form.errors, organizerValue: formField(req.body, 'login') }, 400);
    addOrganizer(kit.db, form.value.login, viewer.login, kit.now());
    res.redirect(303, '/organize');
  });

  router.get('/events/:slug/manage', (req, res) => {
    const event = eventFrom(kit, req);
    if (gate(req, res)) managePage(res, event);
  });

  router.post('/events/:slug/manage', (req, res) => {
    requireOrganizer(requireWriter(req, res));
    const event = eventFrom(kit, req);
    const form = parseEventForm(req.body, { requireSlug: false });
    if (!form.ok)
      return managePage(res, event, { values: { ...req.body, slug: event.slug }, errors: form.errors }, 400);
    // A moved window decides every contribution again, in the same transaction as the edit.
    const edited = editEvent(kit.db, event, form.value, kit.now());
    announce(
      kit,
      event.id,
      edited.changes.map((c) => c.contributionId),
    );
    res.redirect(303, `/events/${event.slug}/manage`);
  });

  // Closing freezes the report as it reads now; reopening lets it follow the data again. Both are logged.
  for (const verb of ['close', 'reopen'] as const) {
    router.post(`/events/:slug/${verb}`, (req, res) => {
      const viewer = requireWriter(req, res);
      requireOrganizer(viewer);
      const event = eventFrom(kit, req);
      const changed =
        verb === 'close'
          ? closeEventReport(kit.db, event, viewer.login, kit.now())
          : reopenEventReport(kit.db, event, viewer.login, kit.now());
      if (changed) announce(kit, event.id);
      res.redirect(303, `/events/${event.slug}/manage`);
    });
  }

  router.post('/events/:slug/tickets', (req, res) => {
    requireOrganizer(requireWriter(req, res));
    const event = eventFrom(kit, req);
    const form = parseTicketCsv(req.body);
    if (!form.ok)
      return managePage(res, event, { ticketErrors: form.errors, ticketCsv: formField(req.body, 'csv') }, 400);
    saveTicketHolders(kit.db, event.id, form.value);
    res.redirect(303, `/events/${event.slug}/manage`);
  });

  router.post('/events/:slug/enrich', async (req, res) => {
    requireOrganizer(requireWriter(req, res));
    const event = eventFrom(kit, req);
    if (!kit.sync)
      throw unavailable(
        "Completing a list needs the server's scheduler, which this server runs without. Use `devsprint enrich` instead.",
      );
    const result = await kit.sync.enrich(event.id);
    managePage(res, event, { enrichResult: result });
  });

  router.post('/events/:slug/claim-settings', (req, res) => {
    requireOrganizer(requireWriter(req, res));
    const event = eventFrom(kit, req);
    const form = parseClaimSettingsForm(req.body);
    if (!form.ok) return managePage(res, event, { claimErrors: form.errors, claims: req.body }, 400);
    setClaimSettings(kit.db, event.id, form.value, kit.now());
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#claims-heading`);
  });

  router.post('/events/:slug/ranking', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const form = parseRankingForm(req.body);
    if (!form.ok) return managePage(res, event, { rankingErrors: form.errors }, 400);
    setRanking(kit.db, event.id, form.value, viewer.login, kit.now());
    // Open leaderboards reorder (a page drawn for the other scoring reloads for its columns).
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#ranking-heading`);
  });

  /** A member's claim as the manage page names it: their id and the account written out (formatIdentity). */
  const memberClaim = (event: EventRecord, body: Record<string, unknown>) => {
    const parsed = parseIdentity(formField(body, 'account'), kit.config.forgeHosts);
    if (!parsed.ok) throw badRequest('No such account', parsed.error);
    const sprinterId = Number(formField(body, 'sprinter'));
    if (!Number.isSafeInteger(sprinterId) || !membershipStatus(kit.db, event.id, sprinterId))
      throw badRequest('No such sprinter', `That sprinter has not joined ${event.name}.`);
    return { sprinterId, identity: parsed.identity, name: getSprinter(kit.db, sprinterId)!.displayName };
  };

  /** Identity changes answer the organizer in words; a mismatch or a proven holder is a 409, never a 500. */
  const changeIdentity = (run: () => IdentityChange): IdentityChange => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ClaimMismatch || error instanceof IdentityTaken)
        throw new HttpError(409, 'Nothing changed', error.message);
      throw error;
    }
  };

  router.post('/events/:slug/accounts/confirm', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const { sprinterId, identity, name } = memberClaim(event, req.body as Record<string, unknown>);
    changeIdentity(() => confirmClaim(kit.db, sprinterId, identity, viewer.login, kit.now()));
    logEventAction(kit.db, event.id, `confirmed the ${describeIdentity(identity)} of ${name}`, viewer.login, kit.now());
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#accounts-heading`);
  });

  router.post('/events/:slug/accounts/unlink', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const { sprinterId, identity, name } = memberClaim(event, req.body as Record<string, unknown>);
    changeIdentity(() => unlinkIdentity(kit.db, sprinterId, identity, kit.now()));
    logEventAction(
      kit.db,
      event.id,
      `unlinked the ${describeIdentity(identity)} from ${name}`,
      viewer.login,
      kit.now(),
    );
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#accounts-heading`);
  });

  router.post('/events/:slug/accounts/reassign', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const body = req.body as Record<string, unknown>;
    const parsed = parseIdentity(formField(body, 'account'), kit.config.forgeHosts);
    const login = formField(body, 'to').replace(/^@/, '');
    const target = isValidGithubLogin(login) ? findSprinterByLogin(kit.db, login) : null;
    const errors: Record<string, string> = {};
    if (!parsed.ok) errors.account = parsed.error;
    if (!target || !membershipStatus(kit.db, event.id, target.id))
      errors.to = `Give the GitHub login of someone who joined ${event.name}.`;
    if (!parsed.ok || !target || errors.to)
      return managePage(
        res,
        event,
        { accountErrors: errors, accountValues: { account: body.account, to: body.to } },
        400,
      );
    const { takenFrom } = changeIdentity(() =>
      reassignIdentity(kit.db, parsed.identity, target.id, viewer.login, kit.now()),
    );
    const from = takenFrom === null ? '' : ` from ${getSprinter(kit.db, takenFrom)?.displayName ?? 'another sprinter'}`;
    logEventAction(
      kit.db,
      event.id,
      `gave the ${describeIdentity(parsed.identity)} to ${target.displayName}${from}`,
      viewer.login,
      kit.now(),
    );
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#accounts-heading`);
  });

  router.post('/events/:slug/report-order', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const projects = listProjects(kit.db, event.id);
    const form = parseReportOrderForm(req.body, projects);
    if (!form.ok) return managePage(res, event, { orderErrors: form.errors, orderValues: req.body }, 400);
    setReportOrder(kit.db, event.id, form.value, viewer.login, kit.now());
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/manage#order-heading`);
  });

  router.post('/events/:slug/projects/:id/leaders', (req, res) => {
    const viewer = requireWriter(req, res);
    requireOrganizer(viewer);
    const event = eventFrom(kit, req);
    const project = listProjects(kit.db, event.id).find((p) => String(p.id) === String(req.params.id));
    if (!project) throw notFound(`${event.name} has no project ${String(req.params.id)}.`);
    const form = parseLoginForm(req.body);
    if (!form.ok) throw badRequest('The leader was not added', form.errors.login ?? 'Give a GitHub login.');
    const changes = addProjectLeader(kit.db, project.id, form.value.login, `organizer:${viewer.login}`, kit.now());
    announce(
      kit,
      event.id,
      changes.map((c) => c.contributionId),
    );
    res.redirect(303, `/events/${event.slug}/manage`);
  });

  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/events/:slug/projects/:id/${decision}`, (req, res) => {
      const viewer = requireWriter(req, res);
      requireOrganizer(viewer);
      const event = eventFrom(kit, req);
      const project = /^\d+$/.test(String(req.params.id)) ? getProject(kit.db, Number(req.params.id)) : null;
      if (!project || project.eventId !== event.id)
        throw notFound(`${event.name} has no project ${String(req.params.id)}.`);
      const body = req.body as Record<string, unknown>;
      // Rejecting withdraws the project with its recorded work: the form asks to be sure, JavaScript or not.
      if (decision === 'reject' && formField(body, 'sure') !== 'on')
        throw badRequest(
          'Nothing was rejected',
          `Rejecting ${project.fullName} withdraws it from ${event.name} with what was recorded for it: tick "I am sure" to reject it.`,
        );
      const outcome = decideRegistration(kit.db, project.id, decision, viewer.login, kit.now());
      if (outcome.kind === 'not-pending')
        throw badRequest(
          'Nothing to decide',
          `${project.fullName} is not waiting for approval: it has proven leaders, or nobody claimed it.`,
        );
      announce(kit, event.id);
      // Approved, it is polled like any project, at once over the whole window.
      if (decision === 'approve') kit.sync?.backfill(event.id);
      // Back where the decision was made: the Organize page, or the event's manage page.
      res.redirect(
        303,
        formField(body, 'from') === 'manage' ? `/events/${event.slug}/manage#pending-heading` : '/organize',
      );
    });
  }

  return router;
}
