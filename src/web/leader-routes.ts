import { registerProject, replacePendingRegistration } from '../services/register-project.js';
import { maySpeakFor } from '../sources/github/repo-permission.js';
import { accountOfLogin } from '../store/github-logins.js';
import { leadsAnyProjectOf, leadsProject } from '../store/roles.js';
import express, { type Request, type Response, type Router } from 'express';
import { moderateContribution } from '../services/moderate-contribution.js';
import { adapterOf, defaultInstanceOf, hasInstance, projectUrl } from '../sources/registry.js';
import { recordOutcome } from '../services/record-outcome.js';
import { getContribution, listForModeration } from '../store/contributions.js';
import { getEvent, type EventRecord } from '../store/events.js';
import { findProject, getProject, updateProjectPitch, type ProjectRecord } from '../store/projects.js';
import { findMember } from '../store/sprinters.js';
import {
  formField,
  parseBotForm,
  parseOutcomeForm,
  parsePitchForm,
  parseProjectForm,
  parseReasonForm,
} from './forms.js';
import { DEFAULT_WELCOME, renderWelcome, TemplateError } from '../render/bot-comments.js';
import { getBotSettings, saveBotSettings } from '../store/bot.js';
import { badRequest, forbidden, notFound } from './http-error.js';
import { announce, eventFrom, renderPage, signInUrl, type PageKit } from './page-kit.js';
import { baseUrl } from './auth-routes.js';
import { moderationContext, moderationFilter, moderationQuery } from './moderation-filter.js';
import { requireWriter, viewerOf, type Viewer } from './session.js';

/** Organizers and the project's proven leaders; a registrant whose claim nothing proved yet is neither. */
export function canManageProject(kit: PageKit, viewer: Viewer, project: ProjectRecord): boolean {
  return viewer.organizer || leadsProject(kit.db, project.id, viewer.githubId, viewer.login);
}

function claimsProject(kit: PageKit, viewer: Viewer, project: ProjectRecord): boolean {
  return project.claims.some((login) => accountOfLogin(kit.db, login) === viewer.githubId);
}

function proveUrl(event: EventRecord, project: ProjectRecord): string {
  return `/auth/login?prove=${project.id}&next=${encodeURIComponent(`/events/${event.slug}/projects/${project.id}`)}`;
}

/** Sprint leaders: register the projects they lead, pitch them, see whether the app is installed, moderate. */
export function leaderRoutes(kit: PageKit): Router {
  const router = express.Router();

  const projectFrom = (req: Request, event: EventRecord): ProjectRecord => {
    const project = /^\d+$/.test(String(req.params.id)) ? getProject(kit.db, Number(req.params.id)) : null;
    if (!project || project.eventId !== event.id)
      throw notFound(`${event.name} has no project ${String(req.params.id)}.`);
    return project;
  };

  const projectPage = (
    req: Request,
    res: Response,
    event: EventRecord,
    project: ProjectRecord,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const appInstallUrl = kit.config.githubAppSlug
      ? `${kit.config.githubUrl}/apps/${kit.config.githubAppSlug}/installations/new`
      : null;
    const bot = getBotSettings(kit.db, project.id);
    const moderation = moderationContext(req);
    let welcomePreview: string;
    try {
      welcomePreview = renderWelcome(bot.welcomeTemplate, {
        name: 'Ana Lima',
        event: event.name,
        repo: project.fullName,
        firstTime: true,
        leaderboardUrl: `${baseUrl({ ...kit, secret: '' }, req)}/events/${event.slug}/leaderboard`,
        eventUrl: `${baseUrl({ ...kit, secret: '' }, req)}/events/${event.slug}`,
      });
    } catch (error) {
      welcomePreview = (error as Error).message;
    }
    renderPage(
      kit,
      res,
      'project',
      {
        title: project.fullName,
        event,
        project,
        forge: adapterOf(project.forge),
        appInstallUrl,
        bot,
        botValues: { ...bot, welcomeTemplate: bot.welcomeTemplate ?? DEFAULT_WELCOME },
        welcomePreview,
        hookUrl: `${baseUrl({ ...kit, secret: '' }, req)}/api/${project.forge}/webhooks`,
        ...moderation,
        contributions: listForModeration(kit.db, event.id, project.id, 200, moderation.moderationFilter),
        moderationPath: `/events/${event.slug}/projects/${project.id}`,
        // The web-hook key is a secret: never echoed back into the page.
        values: { ...project, webhookKey: '' },
        ...extra,
      },
      status,
    );
  };

  router.get('/events/:slug/projects/new', (req, res) => {
    const event = eventFrom(kit, req);
    if (!viewerOf(res)) return res.redirect(303, signInUrl(req));
    renderPage(kit, res, 'project-new', { title: `Register a project for ${event.name}`, event, values: {} });
  });

  router.post('/events/:slug/projects', async (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    if (!event.registrationOpen && !viewer.organizer)
      throw forbidden(`Registration for ${event.name} is closed; ask an organizer to add the project.`);
    const form = parseProjectForm(req.body);
    const again = (errors: Record<string, string>) =>
      renderPage(
        kit,
        res,
        'project-new',
        { title: `Register a project for ${event.name}`, event, values: req.body, errors },
        400,
      );
    if (!form.ok) return again(form.errors);
    const v = form.value;
    const existing = findProject(kit.db, event.id, v.forge, v.fullName);
    const squatted = existing !== null && existing.leaders.length === 0 && existing.claims.length > 0;
    if (existing && !squatted)
      return again({ project: `${v.forge}:${v.fullName} is registered for this event already` });
    if (!viewer.organizer) kit.limits.registrations.take(viewer.githubId, kit.now().getTime());
    // Only forges the operator chose: the server will request this address on every polling round.
    const forge = kit.config.forgeHosts.check(
      hasInstance(v.forge) ? (v.instanceUrl ?? defaultInstanceOf(v.forge)) : defaultInstanceOf(v.forge),
    );
    if (!forge.ok) return again(hasInstance(v.forge) ? { instanceUrl: forge.error } : { project: forge.error });
    const instance = hasInstance(v.forge) ? forge.url : null;
    // GitHub is asked through the app's installation where there is one; elsewhere, at a sign-in.
    const permission =
      adapterOf(v.forge).permissionProvesLeaders && !viewer.organizer && kit.permissionOnRepo
        ? await kit.permissionOnRepo(v.fullName, viewer.login)
        : null;
    if (existing) {
      // A stranger's pending registration blocks nobody GitHub says may act for the repository.
      if (!viewer.organizer && !(permission !== null && maySpeakFor(permission)))
        return again({
          project: `${v.forge}:${v.fullName} is registered already and waits for an organizer's approval: ask an organizer`,
        });
      replacePendingRegistration(
        kit.db,
        existing.id,
        { ...v, webhookKey: v.webhookKey ? kit.secrets.seal(v.webhookKey) : null },
        {
          login: viewer.login,
          githubId: viewer.githubId,
          permission,
          organizer: viewer.organizer,
          name: viewer.name,
        },
        kit.now(),
      );
      announce(kit, event.id);
      kit.sync?.backfill(event.id);
      return res.redirect(303, `/events/${event.slug}/projects/${existing.id}`);
    }
    const project = registerProject(
      kit.db,
      {
        eventId: event.id,
        forge: v.forge,
        fullName: v.fullName,
        url: projectUrl(v.forge, v.fullName, instance),
        description: v.description,
        instanceUrl: instance,
        webhookKey: v.webhookKey && kit.secrets.seal(v.webhookKey),
      },
      { ...v, webhookKey: null },
      {
        login: viewer.login,
        githubId: viewer.githubId,
        permission,
        organizer: viewer.organizer,
        name: viewer.name,
      },
      kit.now(),
    );
    announce(kit, event.id);
    const unproven = project.leaders.length === 0;
    // A pending registration is fetched by the slow rounds, and in full once approved.
    if (!unproven) kit.sync?.backfill(event.id);
    if (unproven && adapterOf(project.forge).permissionProvesLeaders && permission === null && kit.config.oauth)
      return res.redirect(303, proveUrl(event, project));
    res.redirect(303, `/events/${event.slug}/projects/${project.id}`);
  });

  router.get('/events/:slug/projects/:id', (req, res) => {
    const event = eventFrom(kit, req);
    const project = projectFrom(req, event);
    const viewer = viewerOf(res);
    if (!viewer) return res.redirect(303, signInUrl(req));
    if (!canManageProject(kit, viewer, project)) {
      if (!claimsProject(kit, viewer, project))
        throw forbidden(`Only the sprint leaders of ${project.fullName} and the organizers manage it.`);
      return renderPage(kit, res, 'project-pending', {
        title: project.fullName,
        event,
        project,
        forge: adapterOf(project.forge),
        proveUrl:
          adapterOf(project.forge).permissionProvesLeaders && kit.config.oauth ? proveUrl(event, project) : null,
        hookUrl: `${baseUrl({ ...kit, secret: '' }, req)}/api/${project.forge}/webhooks`,
      });
    }
    projectPage(req, res, event, project);
  });

  router.post('/events/:slug/projects/:id', (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    const project = projectFrom(req, event);
    if (!canManageProject(kit, viewer, project))
      throw forbidden(`Only the sprint leaders of ${project.fullName} and the organizers can change it.`);
    const form = parsePitchForm(req.body);
    if (!form.ok)
      return projectPage(
        req,
        res,
        event,
        project,
        { values: { ...project, ...req.body, webhookKey: '' }, errors: form.errors },
        400,
      );
    updateProjectPitch(kit.db, project.id, {
      ...form.value,
      webhookKey: form.value.webhookKey && kit.secrets.seal(form.value.webhookKey),
    });
    announce(kit, event.id);
    res.redirect(303, `/events/${event.slug}/projects/${project.id}`);
  });

  router.post('/events/:slug/projects/:id/bot', (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    const project = projectFrom(req, event);
    if (!canManageProject(kit, viewer, project))
      throw forbidden(`Only the sprint leaders of ${project.fullName} and the organizers can change its bot.`);
    if (!adapterOf(project.forge).hasBot)
      throw badRequest(`No bot on ${adapterOf(project.forge).label}`, 'The bot talks on GitHub pull requests only.');
    const form = parseBotForm(req.body);
    if (!form.ok) return projectPage(req, res, event, project, { botErrors: form.errors }, 400);
    const template = form.value.welcomeTemplate === DEFAULT_WELCOME.trim() ? null : form.value.welcomeTemplate;
    try {
      renderWelcome(template, {
        name: 'x',
        event: 'x',
        repo: 'x',
        firstTime: true,
        leaderboardUrl: null,
        eventUrl: null,
      });
    } catch (error) {
      if (error instanceof TemplateError)
        return projectPage(req, res, event, project, { botErrors: { welcomeTemplate: error.message } }, 400);
      throw error;
    }
    saveBotSettings(kit.db, project.id, { ...form.value, welcomeTemplate: template });
    res.redirect(303, `/events/${event.slug}/projects/${project.id}`);
  });

  const moderate = (decision: 'exclude' | 'include') => (req: Request, res: Response) => {
    const viewer = requireWriter(req, res);
    const contribution = /^\d+$/.test(String(req.params.id)) ? getContribution(kit.db, Number(req.params.id)) : null;
    if (!contribution) throw notFound(`There is no contribution ${String(req.params.id)}.`);
    const project = contribution.projectId === null ? null : getProject(kit.db, contribution.projectId);
    const allowed = project ? canManageProject(kit, viewer, project) : viewer.organizer;
    if (!allowed)
      throw forbidden(
        project
          ? `Only the sprint leaders of ${project.fullName} and the organizers moderate its contributions.`
          : 'Only organizers moderate non-code outcomes.',
      );
    const event = getEvent(kit.db, contribution.eventId)!;
    let change;
    if (decision === 'exclude') {
      const form = parseReasonForm(req.body);
      if (!form.ok)
        throw badRequest(
          'A reason is needed',
          'Say why the contribution is excluded (spam, not sprint work, duplicate…); nothing was changed.',
        );
      change = moderateContribution(kit.db, contribution.id, { exclude: form.value.reason }, kit.now());
    } else {
      if (contribution.moderation === null)
        throw forbidden('Only a contribution a person excluded can be included again.');
      change = moderateContribution(kit.db, contribution.id, { include: true }, kit.now());
    }
    if (change) announce(kit, event.id, [change.contributionId]);
    // Back to the page it started from, with its filter, at the table.
    const from = formField(req.body, 'from') === 'manage' || !project ? 'manage' : `projects/${project.id}`;
    const back = moderationQuery(moderationFilter(new URLSearchParams(formField(req.body, 'back'))));
    res.redirect(303, `/events/${event.slug}/${from}${back ? `?${back}` : ''}#moderation-heading`);
  };
  router.post('/contributions/:id/exclude', moderate('exclude'));
  router.post('/contributions/:id/include', moderate('include'));

  router.post('/events/:slug/outcomes', (req, res) => {
    const viewer = requireWriter(req, res);
    const event = eventFrom(kit, req);
    if (!viewer.organizer && !leadsAnyProjectOf(kit.db, event.id, viewer.githubId, viewer.login))
      throw forbidden('Only sprint leaders and organizers record outcomes.');
    const form = parseOutcomeForm(req.body);
    const asked = formField(req.body, 'back');
    const back = /^\/events\/[\w-]+\/(manage|projects\/\d+)$/.test(asked) ? asked : `/events/${event.slug}/manage`;
    if (!form.ok) throw badRequest('The outcome was not recorded', Object.values(form.errors).join('; '));
    const sprinterId = form.value.sprinter ? findMember(kit.db, event.id, { githubLogin: form.value.sprinter }) : null;
    if (form.value.sprinter && sprinterId === null) {
      throw badRequest('The outcome was not recorded', `@${form.value.sprinter} has not joined ${event.name}.`);
    }
    const change = recordOutcome(
      kit.db,
      event,
      { topic: form.value.topic, title: form.value.title, url: form.value.url ?? '', sprinterId, source: 'manual' },
      kit.now(),
    );
    announce(kit, event.id, [change.contributionId]);
    res.redirect(303, back);
  });

  return router;
}
