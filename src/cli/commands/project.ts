import { isValidGithubLogin } from '../../domain/identity.js';
import { counted } from '../../domain/plural.js';
import { addProject, findProject, listProjects, type PreviousHome } from '../../store/projects.js';
import {
  adapterOf,
  defaultInstanceOf,
  FORGES,
  hasInstance,
  namesItsForge,
  parseProjectSpec,
  projectSpecForms,
  projectUrl,
} from '../../sources/registry.js';
import type { Forge } from '../../domain/contribution.js';
import { decideRegistration } from '../../services/register-project.js';
import { CommandError, UsageError, type Command } from '../context.js';
import { operatorForgeHosts, parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';

export const projectAdd: Command = {
  name: 'project add',
  summary: 'register a project for an event',
  usage:
    'devsprint project add EVENT FORGE:NAME [--url URL] [--webhook-key KEY] [--moved-from FORGE:NAME [--moved-from-url URL]] [--leader LOGIN]... [--description TEXT]\n' +
    '  FORGE:NAME  github:OWNER/REPO (github:python/cpython), pagure:NAME (pagure:pagure),\n' +
    '              gitlab:GROUP/[SUBGROUP/]NAME (gitlab:GNOME/gnome-maps) or forgejo:OWNER/NAME (forgejo:forgejo/forgejo)\n' +
    `  --url          the instance a Pagure, GitLab or Forgejo project lives on (default ${FORGES.filter(hasInstance).map(defaultInstanceOf).join(', ')}); it must be one of FORGE_HOSTS (--pagure-url is the same)\n` +
    "  --webhook-key  the secret its web-hooks carry: Pagure's private web-hook key, the GitLab webhook's secret token, the Forgejo webhook's secret\n" +
    "  --moved-from   the project's previous home (pagure:pagure, with --moved-from-url for its instance): work on both counts as this project\n" +
    '  --leader       GitHub login of a sprint leader; repeat for several',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        leader: { type: 'string', multiple: true },
        description: { type: 'string' },
        'webhook-key': { type: 'string' },
        url: { type: 'string' },
        'pagure-url': { type: 'string' },
        'moved-from': { type: 'string' },
        'moved-from-url': { type: 'string' },
      },
      ['EVENT', 'FORGE:NAME'],
    );
    if (values.help) return ctx.stdout(this.usage + '\n');
    const [slug, spec] = positionals as [string, string];
    if (!namesItsForge(spec)) throw new UsageError(`"${spec}" must be ${projectSpecForms()}`);
    const parsed = parseProjectSpec(spec);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const { forge, fullName } = parsed;
    for (const login of values.leader ?? []) {
      if (!isValidGithubLogin(login.replace(/^@/, '')))
        throw new UsageError(`--leader "${login}" is not a GitHub login`);
    }
    if (values.url && values['pagure-url'])
      throw new UsageError('give the instance once: --url (--pagure-url is its older name)');
    const instanceOption = values.url ?? values['pagure-url'];
    if (!hasInstance(forge) && (values['webhook-key'] || instanceOption)) {
      throw new UsageError(
        '--webhook-key and --url are for Pagure, GitLab and Forgejo projects; GitHub repositories use the GitHub App',
      );
    }
    if (values['webhook-key'] !== undefined && !/^[\x21-\x7e]{16,128}$/.test(values['webhook-key'])) {
      throw new UsageError(
        "--webhook-key must be 16 to 128 letters, digits or signs, as the forge's settings page shows it",
      );
    }
    if (values['moved-from-url'] && !values['moved-from'])
      throw new UsageError('--moved-from-url goes with --moved-from');
    // The CLI obeys the operator's FORGE_HOSTS as the web does: the server requests these addresses.
    const forgeHosts = operatorForgeHosts(ctx);
    const home = (f: Forge, option: string | undefined, flag: string): string | null => {
      const chosen = forgeHosts.check(hasInstance(f) ? (option ?? defaultInstanceOf(f)) : defaultInstanceOf(f));
      if (!chosen.ok) throw new UsageError(`${hasInstance(f) ? `${flag}: ` : ''}${chosen.error}`);
      return hasInstance(f) ? chosen.url : null;
    };
    const instance = home(forge, instanceOption, '--url');
    let previous: PreviousHome | null = null;
    if (values['moved-from']) {
      const from = parseProjectSpec(values['moved-from']);
      if (!from.ok || !namesItsForge(values['moved-from']))
        throw new UsageError(`--moved-from: ${from.ok ? `"${values['moved-from']}" must name its forge` : from.error}`);
      if (!hasInstance(from.forge) && values['moved-from-url'])
        throw new UsageError('--moved-from-url is for a previous home on Pagure, GitLab or Forgejo');
      const fromInstance = home(from.forge, values['moved-from-url'], '--moved-from-url');
      if (from.forge === forge && from.fullName.toLowerCase() === fullName.toLowerCase() && fromInstance === instance)
        throw new UsageError('--moved-from names the project itself');
      previous = {
        forge: from.forge,
        fullName: from.fullName,
        url: projectUrl(from.forge, from.fullName, fromInstance),
        instanceUrl: fromInstance,
      };
    }
    const db = ctx.openDb();
    const event = requireEvent(db, slug);
    if (findProject(db, event.id, forge, fullName))
      throw new CommandError(`${forge}:${fullName} is registered for ${slug} already`);
    if (previous && findProject(db, event.id, previous.forge, previous.fullName)) {
      throw new CommandError(
        `${previous.forge}:${previous.fullName} is registered for ${slug} on its own: one project cannot be two`,
      );
    }
    const project = addProject(
      db,
      {
        eventId: event.id,
        forge,
        fullName,
        url: projectUrl(forge, fullName, instance),
        description: values.description ?? '',
        leaders: (values.leader ?? []).map((l) => l.replace(/^@/, '')),
        instanceUrl: instance,
        webhookKey: values['webhook-key'] ? ctx.secrets().seal(values['webhook-key']) : null,
        previous,
      },
      ctx.now(),
    );
    ctx.stdout(
      `registered ${forge}:${project.fullName} for ${slug} (${project.url})${previous ? `, formerly ${previous.forge}:${previous.fullName} (${previous.url})` : ''}\n`,
    );
    if (adapterOf(forge).projectWebhooks)
      ctx.stdout(
        `its web-hooks go to /api/${forge}/webhooks on this server, with the key given here as their secret\n`,
      );
    else if (Date.parse(event.startsAt) <= ctx.now().getTime())
      ctx.stdout(
        `its work since the event started is fetched at the next polling round, or now with: devsprint backfill ${slug}\n`,
      );
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
      const leaders =
        p.leaders.length > 0
          ? `leaders: ${p.leaders.join(' ')}`
          : p.claims.length > 0
            ? `pending, registered by ${p.claims.join(' ')}`
            : 'leaders: -';
      // Projects of a forge without web-hooks of their own are followed by the GitHub App where installed.
      const via = !hasInstance(p.forge)
        ? p.installationId
          ? 'app installed'
          : 'app not installed'
        : `${p.forge}${p.webhookKey ? ', web-hook key set' : ''}`;
      ctx.stdout(
        `${p.forge}:${p.fullName}\t${p.url}\t${leaders}\t${via}${p.previous ? `\tformerly ${p.previous.forge}:${p.previous.fullName} (${p.previous.url})` : ''}\n`,
      );
    }
  },
};

const decisionCommand = (decision: 'approve' | 'reject'): Command => ({
  name: `project ${decision}`,
  summary:
    decision === 'approve'
      ? 'approve a pending registration: its registrants become its leaders'
      : 'reject a pending registration: the project leaves the event',
  usage:
    `devsprint project ${decision} EVENT FORGE:NAME [--by NAME]\n  --by  the organizer deciding, kept in the event's log (default: the command line)` +
    (decision === 'reject' ? '\n  The project and what was recorded for it are removed from the event.' : ''),
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { by: { type: 'string' } }, ['EVENT', 'FORGE:NAME']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const [slug, spec] = positionals as [string, string];
    if (!namesItsForge(spec)) throw new UsageError(`"${spec}" must be ${projectSpecForms()}`);
    const parsed = parseProjectSpec(spec);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const db = ctx.openDb();
    const event = requireEvent(db, slug);
    const project = findProject(db, event.id, parsed.forge, parsed.fullName);
    if (!project) throw new CommandError(`${spec} is not registered for ${slug}`);
    const outcome = decideRegistration(db, project.id, decision, values.by ?? 'command line', ctx.now());
    if (outcome.kind === 'not-pending')
      throw new CommandError(`${spec} is not waiting for approval (it has proven leaders, or nobody claimed it)`);
    ctx.stdout(
      outcome.kind === 'approved'
        ? `approved ${spec} for ${slug}: led by ${outcome.leaders.join(', ')}\n`
        : `rejected ${spec} for ${slug}: it left the event with ${counted(outcome.removed, 'recorded contribution')}\n`,
    );
  },
});

export const projectApprove = decisionCommand('approve');
export const projectReject = decisionCommand('reject');
