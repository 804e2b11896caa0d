import { isValidGithubLogin } from '../../domain/identity.js';
import { counted } from '../../domain/plural.js';
import { parseProjectSpec } from '../../domain/project-name.js';
import { addProject, findProject, listProjects } from '../../store/projects.js';
import { DEFAULT_FORGE_HOSTS, ForgeHosts } from '../../domain/forge-hosts.js';
import { GITHUB_WEB_URL, PAGURE_DEFAULT_URL, projectUrl } from '../../services/project-url.js';
import { decideRegistration } from '../../services/register-project.js';
import { CommandError, UsageError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';


export const projectAdd: Command = {
  name: 'project add',
  summary: 'register a project for an event',
  usage: 'devsprint project add EVENT FORGE:NAME [--leader LOGIN]... [--description TEXT] [--webhook-key KEY] [--pagure-url URL]\n' +
    '  FORGE:NAME  github:OWNER/REPO (e.g. github:python/cpython) or pagure:NAME (e.g. pagure:pagure)\n' +
    '  --leader    GitHub login of a sprint leader; repeat for several\n' +
    '  --webhook-key  the Pagure project\'s private web-hook key (Settings → Private web-hook key)\n' +
    `  --pagure-url   base URL of a self-hosted Pagure (default ${PAGURE_DEFAULT_URL}); it must be one of FORGE_HOSTS`,
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      leader: { type: 'string', multiple: true }, description: { type: 'string' },
      'webhook-key': { type: 'string' }, 'pagure-url': { type: 'string' },
    }, ['EVENT', 'FORGE:NAME']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const [slug, spec] = positionals as [string, string];
    if (!/^(github|pagure):/.test(spec)) throw new UsageError(`"${spec}" must be github:OWNER/REPO or pagure:NAME`);
    const parsed = parseProjectSpec(spec);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const { forge, fullName } = parsed;
    for (const login of values.leader ?? []) {
      if (!isValidGithubLogin(login.replace(/^@/, ''))) throw new UsageError(`--leader "${login}" is not a GitHub login`);
    }
    if (forge === 'github' && (values['webhook-key'] || values['pagure-url'])) {
      throw new UsageError('--webhook-key and --pagure-url are for Pagure projects; GitHub repositories use the GitHub App');
    }
    // The CLI obeys the operator's FORGE_HOSTS as the web does: the server requests this address on every round.
    let forgeHosts: ForgeHosts;
    try {
      forgeHosts = ForgeHosts.parse(ctx.env.FORGE_HOSTS || DEFAULT_FORGE_HOSTS.join(','));
    } catch (error) {
      throw new CommandError(`FORGE_HOSTS: ${(error as Error).message}`);
    }
    const chosen = forgeHosts.check(forge === 'pagure' ? values['pagure-url'] ?? PAGURE_DEFAULT_URL : GITHUB_WEB_URL);
    if (!chosen.ok) throw new UsageError(`${forge === 'pagure' ? '--pagure-url: ' : ''}${chosen.error}`);
    const pagureUrl = forge === 'pagure' ? chosen.url : undefined;
    const db = ctx.openDb();
    const event = requireEvent(db, slug);
    if (findProject(db, event.id, forge, fullName)) throw new CommandError(`${forge}:${fullName} is registered for ${slug} already`);
    const project = addProject(db, {
      eventId: event.id,
      forge,
      fullName,
      url: projectUrl(forge, fullName, pagureUrl),
      description: values.description ?? '',
      leaders: (values.leader ?? []).map((l) => l.replace(/^@/, '')),
      pagureBaseUrl: pagureUrl ?? null,
      webhookKey: values['webhook-key'] ? ctx.secrets().seal(values['webhook-key']) : null,
    }, ctx.now());
    ctx.stdout(`registered ${forge}:${project.fullName} for ${slug} (${project.url})\n`);
    if (Date.parse(event.startsAt) <= ctx.now().getTime()) ctx.stdout(`its work since the event started is fetched at the next polling round, or now with: devsprint backfill ${slug}\n`);
  },
};

export const projectList: Command = {
  name: 'project list',
  summary: 'list the projects of an event',
  usage: 'devsprint project list EVENT',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    for (const p of listProjects(db, event.id)) {
      const leaders = p.leaders.length > 0 ? `leaders: ${p.leaders.join(' ')}` : p.claims.length > 0 ? `pending, registered by ${p.claims.join(' ')}` : 'leaders: -';
      ctx.stdout(`${p.forge}:${p.fullName}\t${p.url}\t${leaders}\t${p.forge === 'github' ? (p.installationId ? 'app installed' : 'app not installed') : 'pagure'}\n`);
    }
  },
};

const decisionCommand = (decision: 'approve' | 'reject'): Command => ({
  name: `project ${decision}`,
  summary: decision === 'approve' ? 'approve a pending registration: its registrants become its leaders' : 'reject a pending registration: the project leaves the event',
  usage: `devsprint project ${decision} EVENT FORGE:NAME [--by NAME]\n  --by  the organizer deciding, kept in the event's log (default: the command line)` +
    (decision === 'reject' ? '\n  The project and what was recorded for it are removed from the event.' : ''),
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { by: { type: 'string' } }, ['EVENT', 'FORGE:NAME']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const [slug, spec] = positionals as [string, string];
    if (!/^(github|pagure):/.test(spec)) throw new UsageError(`"${spec}" must be github:OWNER/REPO or pagure:NAME`);
    const parsed = parseProjectSpec(spec);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const db = ctx.openDb();
    const event = requireEvent(db, slug);
    const project = findProject(db, event.id, parsed.forge, parsed.fullName);
    if (!project) throw new CommandError(`${spec} is not registered for ${slug}`);
    const outcome = decideRegistration(db, project.id, decision, values.by ?? 'command line', ctx.now());
    if (outcome.kind === 'not-pending') throw new CommandError(`${spec} is not waiting for approval (it has proven leaders, or nobody claimed it)`);
    ctx.stdout(outcome.kind === 'approved'
      ? `approved ${spec} for ${slug}: led by ${outcome.leaders.join(', ')}\n`
      : `rejected ${spec} for ${slug}: it left the event with ${counted(outcome.removed, 'recorded contribution')}\n`);
  },
});

export const projectApprove = decisionCommand('approve');
export const projectReject = decisionCommand('reject');
