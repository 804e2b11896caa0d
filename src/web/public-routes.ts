import express, { type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import { buildLeaderboard } from '../services/build-leaderboard.js';
import { buildReport } from '../services/build-report.js';
import { exportCsv } from '../services/export-csv.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { taskTable } from '../services/task-claims.js';
import { bucketByHour, hourlyChart, projectChart, type ChartWidth } from '../render/svg-charts.js';
import type { LiveHub } from '../live/live-hub.js';
import { findEventBySlug, listEvents, type EventRecord } from '../store/events.js';
import { listProjects } from '../store/projects.js';
import { findSprinterByGithubId, findSprinterByLogin, listMembers, membershipStatus } from '../store/sprinters.js';
import { sprinterEvents, sprinterWork } from '../store/sprinter-history.js';
import { renderPage, type PageKit } from './page-kit.js';
import { notFound } from './http-error.js';
import { viewerOf } from './session.js';
import { sendCached } from './send-cached.js';
import { streamLines } from './stream-lines.js';
import { viewsDir } from '../paths.js';
import { eventPhase, type EventPhase } from '../domain/event-window.js';
import {
  afterWorthSaying,
  dayByDay,
  firstContributionMarks,
  firstTimeKnown,
  rankingMeaningful,
  reportSummary,
  tasksByOutcome,
  thankYouList,
} from '../domain/report.js';
import { scoringSentence } from '../domain/scoring.js';
import { SetupGate } from './setup-gate.js';
import { joinQrSvg } from '../render/join-qr.js';
import { baseUrl } from './auth-routes.js';
import { formatDateRange, sprintCountdown } from '../render/dates.js';

/** The pages people look at. GET routes only read. */
export function publicRoutes(kit: PageKit, hub: LiveHub): Router {
  const { db } = kit;
  const router = express.Router();
  const page = (res: Response, view: string, context: Record<string, unknown>, status = 200) =>
    renderPage(kit, res, view, context, status);

  router.use('/static', express.static(join(viewsDir, 'static'), { maxAge: '1h', index: false }));

  router.get('/', (req, res) => {
    const events = listEvents(db);
    const now = kit.now();
    const headings: Record<EventPhase, string> = { live: 'Sprinting now', upcoming: 'Coming up', past: 'Past sprints' };
    // Live first, then what is next (soonest first), then the past (latest first).
    const groups = (['live', 'upcoming', 'past'] as const)
      .map((phase) => ({
        phase,
        heading: headings[phase],
        events: events
          .filter((e) => eventPhase(e, now) === phase)
          .sort((a, b) =>
            phase === 'past' ? b.startsAt.localeCompare(a.startsAt) : a.startsAt.localeCompare(b.startsAt),
          ),
      }))
      .filter((g) => g.events.length > 0);
    // On the machine itself, before the GitHub App is registered: the way to register it.
    const setup = kit.setup?.open && !kit.config.github && SetupGate.fromThisMachine(req) ? kit.setup : null;
    page(res, 'index', {
      title: 'Devsprints',
      events,
      groups,
      setupLink: setup ? `/setup?token=${encodeURIComponent(setup.token)}` : null,
    });
  });

  const withEvent =
    (handler: (req: Request, res: Response, event: EventRecord) => void | Promise<void>) =>
    (req: Request, res: Response) => {
      const event = findEventBySlug(db, String(req.params.slug));
      if (!event) {
        throw notFound(`There is no event "${String(req.params.slug)}".`);
      }
      return handler(req, res, event);
    };

  router.get(
    '/events/:slug',
    withEvent((_req, res, event) => {
      const board = buildLeaderboard(db, event, { limit: 10 });
      const members = listMembers(db, event.id);
      const viewer = viewerOf(res);
      const own = viewer ? findSprinterByGithubId(db, viewer.githubId) : null;
      page(res, 'event', {
        // What the first screen invites to: join, or (once in) take a task.
        membership: own ? membershipStatus(db, event.id, own.id) : null,
        title: event.name,
        nav: 'home',
        event,
        phase: eventPhase(event, kit.now()),
        description: `${event.name}, ${formatDateRange(event.startsAt, event.endsAt, event.timeZone)}${event.venue ? `, ${event.venue}` : ''}: the projects, the sprinters and what they made.`,
        projects: listProjects(db, event.id),
        totals: board.totals,
        latest: board.latest,
        sprinters: members.filter((m) => !m.hidden),
        anonymousSprinters: members.filter((m) => m.hidden).length,
        script: 'live.js',
        stream: `/events/${event.slug}/stream`,
        since: hub.lastEventId,
      });
    }),
  );

  router.get(
    '/events/:slug/leaderboard',
    withEvent(async (req, res, event) => {
      const projectName = typeof req.query.project === 'string' ? req.query.project : null;
      const board = buildLeaderboard(db, event, { projectName });
      if (projectName && !board.project) {
        throw notFound(`"${projectName}" is not a project of ${event.name}.`);
      }
      const projector = req.query.view === 'projector';
      const joinUrl = `${baseUrl({ ...kit, secret: '' }, req)}/events/${event.slug}/join${event.joinCode ? `?code=${encodeURIComponent(event.joinCode)}` : ''}`;
      // `?seconds=`: how long each page of the projector stays up (the room's pace; 10 s unless asked).
      const seconds = Number(req.query.seconds);
      const over = eventPhase(event, kit.now()) === 'past';
      const reportUrl = `${baseUrl({ ...kit, secret: '' }, req)}/events/${event.slug}/${event.reportPublic ? 'report' : 'leaderboard'}`;
      const projectorContext = projector
        ? {
            // Once the sprint is over the room is invited to read what it made, not to join.
            over,
            inviteUrl: over ? reportUrl : joinUrl,
            inviteQr: over ? await joinQrSvg(reportUrl, 'QR code of the report link') : await joinQrSvg(joinUrl),
            countdown: sprintCountdown(event, kit.now()),
            now: kit.now().toISOString(),
            tasksUrl: `${baseUrl({ ...kit, secret: '' }, req)}/events/${event.slug}/tasks`,
            clock: new Intl.DateTimeFormat('en-GB', {
              timeZone: event.timeZone,
              hour: '2-digit',
              minute: '2-digit',
              hour12: false,
            }).format(kit.now()),
            cycleMs: Number.isInteger(seconds) && seconds >= 2 && seconds <= 120 ? seconds * 1000 : 10_000,
          }
        : {};
      // "Find me": the signed-in sprinter's own row, marked (never on the room's projector).
      const me = !projector ? viewerOf(res)?.login.toLowerCase() : undefined;
      page(res, projector ? 'projector' : 'leaderboard', {
        ...board,
        ...projectorContext,
        me: me ?? '',
        sprinters: board.sprinters.map((s) => ({ ...s, you: me !== undefined && s.github?.toLowerCase() === me })),
        ranked: board.sprinters.some((s) => me !== undefined && s.github?.toLowerCase() === me),
        title: `${event.name} leaderboard`,
        nav: 'leaderboard',
        event,
        projectFilter: board.project,
        script: 'live.js',
        stream: `/events/${event.slug}/stream`,
        since: hub.lastEventId,
        bodyClass: projector ? 'projector' : '',
        // Pages on a wall without JavaScript still move: the browser reloads them (the script makes that unneeded).
        refreshSeconds: projector ? 30 : 60,
      });
    }),
  );

  // The rules in plain words, for this event's window and projects: the leaderboard links here.
  router.get(
    '/events/:slug/rules',
    withEvent((_req, res, event) => {
      page(res, 'rules', {
        title: `What counts at ${event.name}`,
        nav: 'leaderboard',
        event,
        projects: listProjects(db, event.id),
        scoring: scoringSentence(event.scoring),
      });
    }),
  );

  // A sprinter's events and what counted at each: who keeps coming back. Hidden sprinters have no page.
  router.get('/sprinters/:login', (req, res) => {
    const login = String(req.params.login);
    const sprinter = /^[A-Za-z0-9-]{1,39}$/.test(login) ? findSprinterByLogin(db, login) : null;
    if (!sprinter || sprinter.hidden) throw notFound(`No sprinter @${login.slice(0, 39)} here.`);
    const events = sprinterEvents(db, sprinter.id);
    page(res, 'sprinter', {
      title: `${sprinter.displayName} at the sprints`,
      nav: 'home',
      sprinter,
      events,
      work: sprinterWork(db, sprinter.id),
      returning: events.filter((e) => e.merged + e.pullRequests + e.commits + e.reviews + e.issues > 0).length > 1,
      description: `${sprinter.displayName} (@${sprinter.githubLogin}): ${events.length} ${events.length === 1 ? 'sprint' : 'sprints'}.`,
    });
  });

  router.get(
    '/events/:slug/tasks.json',
    withEvent((req, res, event) => {
      sendCached(req, res, JSON.stringify(taskTable(db, event, kit.now())), 'application/json; charset=utf-8');
    }),
  );

  router.get(
    '/events/:slug/leaderboard.json',
    withEvent((req, res, event) => {
      const projectName = typeof req.query.project === 'string' ? req.query.project : null;
      const board = buildLeaderboard(db, event, { projectName });
      if (projectName && !board.project) {
        res.status(404).json({ error: `"${projectName}" is not a project of ${event.slug}` });
        return;
      }
      // A polling dashboard whose data did not change costs one empty 304.
      sendCached(req, res, JSON.stringify(board), 'application/json; charset=utf-8');
    }),
  );

  router.get(
    '/events/:slug/stream',
    withEvent((req, res, event) => {
      const header = req.get('last-event-id') ?? (typeof req.query.since === 'string' ? req.query.since : null);
      const since = header !== null && /^\d+$/.test(header) ? Number(header) : null;
      // Behind a proxy on this machine the client's address comes from X-Forwarded-For (trust proxy: loopback).
      const address = req.ip ?? req.socket.remoteAddress ?? '';
      const admission = hub.admit(address);
      if (!admission.ok) {
        res
          .status(503)
          .set('retry-after', String(admission.retryAfterSeconds))
          .type('text/plain')
          .send(`No live updates for now: ${admission.reason}. The page reconnects by itself; reloading also works.\n`);
        return;
      }
      hub.attach(event.id, res, since, address);
    }),
  );

  /** Organizers may hold the report back while they review it; until then only they see it. */
  const withPublishedReport = (handler: (req: Request, res: Response, event: EventRecord) => void | Promise<void>) =>
    withEvent((req, res, event) => {
      if (!event.reportPublic && !viewerOf(res)?.organizer) {
        throw notFound(
          `The organizers of ${event.name} are reviewing the report; it appears here once they publish it.`,
        );
      }
      return handler(req, res, event);
    });

  const bothWidths = (draw: (size: ChartWidth) => string) => draw('wide') + draw('narrow');

  router.get(
    '/events/:slug/report',
    withPublishedReport((_req, res, event) => {
      const report = buildReport(db, event, kit.now());
      const items = report.projects.flatMap((p) => p.contributions);
      // Rows without a time are counted apart, not drawn at the event's first hour.
      const instants = items.flatMap((c) => (c.created_at ? [c.created_at] : []));
      const hours = bucketByHour(instants, event.startsAt, event.endsAt, event.timeZone);
      const perProject = report.projects
        .filter((p) => p.contributions.length)
        .map((p) => ({ name: p.name, count: p.contributions.length }));
      // The first-contribution mark on each person's earliest one only, not on every line.
      const marks = firstContributionMarks(report);
      page(res, 'report', {
        title: `${event.name} report`,
        nav: 'report',
        event,
        report: {
          ...report,
          projects: report.projects.map((p) => ({
            ...p,
            contributions: p.contributions.map((c) => ({ ...c, marked: marks.has(c) })),
          })),
        },
        thanks: thankYouList(report),
        firstTimeKnown: firstTimeKnown(report),
        showRanking: rankingMeaningful(report),
        showAfter: afterWorthSaying(report.after),
        taskSections: tasksByOutcome(report),
        bodyClass: 'report-page',
        days: dayByDay(report),
        description: reportSummary(report),
        ogType: 'article',
        anyWork: items.length > 0,
        untimed: items.length - instants.length,
        hourlyChart: instants.length ? bothWidths((size) => hourlyChart(hours, event.timeZone, size)) : null,
        projectChart: bothWidths((size) => projectChart(perProject, size)),
        held: !event.reportPublic,
      });
    }),
  );

  router.get(
    '/events/:slug/report.json',
    withPublishedReport((req, res, event) => {
      sendCached(req, res, renderJson(buildReport(db, event, kit.now())), 'application/json; charset=utf-8');
    }),
  );

  router.get(
    '/events/:slug/report.md',
    withPublishedReport((_req, res, event) => {
      res
        .type('text/markdown; charset=utf-8')
        .attachment(`${event.slug}-report.md`)
        .send(renderMarkdown(buildReport(db, event, kit.now())));
    }),
  );

  router.get(
    '/events/:slug/report.csv',
    withPublishedReport(async (_req, res, event) => {
      res.type('text/csv; charset=utf-8').attachment(`${event.slug}-report.csv`);
      await streamLines(res, exportCsv(db, event));
    }),
  );

  return router;
}
