import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createGithubClient } from '../sources/github/client.js';
import { adapterOf, defaultInstanceOf, forgeLabel, hasInstance } from '../sources/registry.js';
import type { Forge } from '../domain/contribution.js';
import { deliveryFacts, everyProject, lastBackup } from '../store/setup-facts.js';
import type { Store } from '../store/store.js';

/**
 * One line of the setup check: what was looked at, what was found, and (when something is wrong) what to
 * do. `missing` is a required part not there: the check fails (the command exits non-zero) while any is.
 */
export interface SetupCheck {
  title: string;
  status: 'ok' | 'missing' | 'warning' | 'info';
  says: string;
  fix: string | null;
}

export interface SetupCheckDeps {
  /** Null when the settings themselves are wrong: `configError` says how. */
  config: Config | null;
  configError?: string;
  /** Null when there is no database yet (a fresh clone). */
  db: Store | null;
  log: Logger;
  now: Date;
  fetch?: typeof fetch;
  /** How long a question to GitHub or a forge may take before it counts as unanswered. */
  timeoutMs?: number;
}

const ok = (title: string, says: string): SetupCheck => ({ title, status: 'ok', says, fix: null });
const missing = (title: string, says: string, fix: string): SetupCheck => ({ title, status: 'missing', says, fix });
const warning = (title: string, says: string, fix: string): SetupCheck => ({ title, status: 'warning', says, fix });
const info = (title: string, says: string): SetupCheck => ({ title, status: 'info', says, fix: null });

/** Whether the setup is complete: nothing required is missing. */
export function setupComplete(checks: SetupCheck[]): boolean {
  return checks.every((c) => c.status !== 'missing');
}

/** Every check, in the order an organizer fixes them: settings, the GitHub App, sign-in, polling, forges, the database. */
export async function setupChecks(deps: SetupCheckDeps): Promise<SetupCheck[]> {
  const { config } = deps;
  if (!config)
    return [missing('Settings', deps.configError ?? 'The settings cannot be read.', 'Fix that setting in .env.')];
  const ask = githubAsker(config, deps);
  const projects = deps.db ? everyProject(deps.db) : [];
  return [
    ...(await githubAppChecks(config, deps, ask, projects)),
    signInCheck(config),
    await pollingCheck(config, deps),
    ...(await forgeChecks(config, deps, projects)),
    databaseCheck(config, deps),
  ];
}

type Asker = ((route: string) => Promise<unknown>) | null;

/** Questions to GitHub as the app itself (its JWT), each within the time allowed; null without an app. */
function githubAsker(config: Config, deps: SetupCheckDeps): Asker {
  if (!config.github) return null;
  const { octokit } = createGithubClient({
    baseUrl: config.githubApiUrl,
    auth: { kind: 'app', appId: config.github.appId, privateKey: config.github.privateKey },
    log: deps.log,
    retries: 0,
    maxWaitSeconds: 0,
    pacing: config.githubPacing,
    fetch: deps.fetch,
  });
  return async (route): Promise<unknown> => {
    const response = await octokit.request(route, { request: { signal: AbortSignal.timeout(deps.timeoutMs ?? 5000) } });
    return response.data as unknown;
  };
}

async function githubAppChecks(
  config: Config,
  deps: SetupCheckDeps,
  ask: Asker,
  projects: Array<{ forge: Forge; fullName: string; installationId: number | null }>,
): Promise<SetupCheck[]> {
  const title = 'GitHub App';
  if (!config.github || !ask)
    return [
      missing(
        title,
        `Not configured: ${config.githubMissing.join(', ')} not set, so no webhook is received.`,
        'Start the server (npm start) and open the setup link it prints on this machine: one click on GitHub registers the app from app.yml.',
      ),
      publicUrlCheck(config, null),
    ];
  const checks: SetupCheck[] = [];
  let hookUrl: string | null = null;
  try {
    const app = (await ask('GET /app')) as { name?: string; slug?: string; installations_count?: number };
    const installations = (await ask('GET /app/installations')) as unknown[];
    checks.push(
      ok(
        title,
        `${app.name ?? app.slug ?? `App ${config.github.appId}`} (id ${config.github.appId}), installed on ${installations.length} ${installations.length === 1 ? 'account' : 'accounts'}.`,
      ),
    );
    hookUrl = ((await ask('GET /app/hook/config')) as { url?: string }).url ?? null;
  } catch (error) {
    checks.push(
      warning(
        title,
        `App ${config.github.appId} is configured, but GitHub did not answer as it (${(error as Error).message}).`,
        'Check APP_ID and the private key against the app settings on GitHub, and that this machine reaches GITHUB_API_URL.',
      ),
    );
  }
  // The forge whose repositories receive deliveries through the app's installations, not their own hooks.
  const github = projects.filter((p) => !adapterOf(p.forge).projectWebhooks);
  const without = github.filter((p) => p.installationId === null).map((p) => p.fullName);
  checks.push(
    github.length === 0
      ? info('Installations', 'No GitHub repository is registered yet.')
      : without.length === 0
        ? ok('Installations', `All ${github.length} registered GitHub repositories have the app.`)
        : warning(
            'Installations',
            `${github.length - without.length} of ${github.length} registered GitHub repositories have the app; not: ${without.slice(0, 10).join(', ')}${without.length > 10 ? '…' : ''}. Those are polled instead, minutes behind.`,
            config.githubAppSlug
              ? `Install it there: ${config.githubUrl}/apps/${config.githubAppSlug}/installations/new`
              : 'Install the app on them from its page on GitHub (set GITHUB_APP_SLUG to get the link here).',
          ),
  );
  checks.push(deliveriesCheck(deps));
  checks.push(publicUrlCheck(config, hookUrl));
  return checks;
}

function deliveriesCheck(deps: SetupCheckDeps): SetupCheck {
  const title = 'Deliveries';
  if (!deps.db) return info(title, 'No database yet, so nothing received yet.');
  const facts = deliveryFacts(deps.db, 'github');
  if (!facts.last)
    return warning(
      title,
      'No delivery from GitHub has arrived yet.',
      "Check that PUBLIC_URL reaches this server from the internet, then press “Redeliver” on the ping in the app's Advanced settings.",
    );
  const minutes = Math.round((deps.now.getTime() - Date.parse(facts.last.at)) / 60_000);
  return ok(
    title,
    `${facts.count} received; the last (${facts.last.event}) ${minutes < 1 ? 'just now' : `${minutes} min ago`}. ${facts.pinged ? "GitHub's ping arrived." : "GitHub's ping never arrived (deliveries do)."}`,
  );
}

function publicUrlCheck(config: Config, hookUrl: string | null): SetupCheck {
  const title = 'Public URL';
  if (!config.publicUrl)
    return missing(
      title,
      'PUBLIC_URL is not set: join links, QR codes and the sign-in callback would name this machine only.',
      'Set PUBLIC_URL to the address people open, such as https://sprints.example.org.',
    );
  const expected = `${config.publicUrl}${config.webhookPath}`;
  if (hookUrl !== null && hookUrl !== expected)
    return warning(
      title,
      `PUBLIC_URL is ${config.publicUrl}, but the app sends its deliveries to ${hookUrl}.`,
      `Set the app's webhook URL on GitHub to ${expected}, or PUBLIC_URL to match it.`,
    );
  return ok(title, hookUrl ? `${config.publicUrl}, and the app delivers to ${hookUrl}.` : config.publicUrl);
}

function signInCheck(config: Config): SetupCheck {
  return config.oauth
    ? ok('Sign-in', `Sign in with GitHub is configured (client ${config.oauth.clientId}).`)
    : missing(
        'Sign-in',
        'Nobody can sign in: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are not set, so nobody can join or register a project.',
        "Registering the app from the setup link sets them; or copy the client id and a new client secret from the app's settings.",
      );
}

async function pollingCheck(config: Config, deps: SetupCheckDeps): Promise<SetupCheck> {
  const title = 'Polling';
  if (config.pollIntervalSeconds === 0)
    return info(title, 'Off (POLL_INTERVAL_SECONDS=0): only webhooks and imports bring work in.');
  if (!config.githubToken)
    return config.github
      ? info(
          title,
          'Repositories without the app are searched with an installation token of the app, while it has one.',
        )
      : warning(
          title,
          'Nothing can read GitHub for repositories without the app: no GITHUB_TOKEN and no app.',
          'Set GITHUB_TOKEN to a token of any account (no scopes needed for public repositories).',
        );
  try {
    const { octokit } = createGithubClient({
      baseUrl: config.githubApiUrl,
      auth: { kind: 'token', token: config.githubToken },
      log: deps.log,
      retries: 0,
      maxWaitSeconds: 0,
      pacing: config.githubPacing,
      fetch: deps.fetch,
    });
    const { data } = await octokit.request('GET /rate_limit', {
      request: { signal: AbortSignal.timeout(deps.timeoutMs ?? 5000) },
    });
    const search = data.resources.search;
    return ok(
      title,
      `GITHUB_TOKEN reads GitHub: ${search.remaining} of ${search.limit} search requests left this minute, ${data.resources.core.remaining} of ${data.resources.core.limit} others this hour.`,
    );
  } catch (error) {
    return warning(
      title,
      `GITHUB_TOKEN did not work (${(error as Error).message}).`,
      'Make a new token on GitHub and set GITHUB_TOKEN to it.',
    );
  }
}

async function forgeChecks(
  config: Config,
  deps: SetupCheckDeps,
  projects: Array<{ forge: Parameters<typeof hasInstance>[0]; instanceUrl: string | null }>,
): Promise<SetupCheck[]> {
  const allowed = config.forgeHosts.bases;
  const instances = [
    ...new Set(
      projects.map((p) => (hasInstance(p.forge) && p.instanceUrl ? p.instanceUrl : defaultInstanceOf(p.forge))),
    ),
  ];
  const checks: SetupCheck[] = [info('Forges allowed', `FORGE_HOSTS: ${allowed.join(', ')}`)];
  const answers = await Promise.all(
    instances.map(async (instance) => {
      const refused = config.forgeHosts.check(instance);
      if (!refused.ok) return { instance, error: `not in FORGE_HOSTS (${refused.error})` };
      try {
        await (deps.fetch ?? fetch)(instance, {
          method: 'HEAD',
          redirect: 'manual',
          signal: AbortSignal.timeout(deps.timeoutMs ?? 5000),
        });
        return { instance, error: null };
      } catch (error) {
        return { instance, error: (error as Error).message };
      }
    }),
  );
  for (const { instance, error } of answers)
    checks.push(
      error === null
        ? ok(`Forge ${new URL(instance).host}`, 'Reachable from this server.')
        : warning(
            `Forge ${new URL(instance).host}`,
            `Registered projects live here, but it is ${error.startsWith('not in') ? error : `not reachable (${error})`}.`,
            'Check the network from this machine, or add the forge to FORGE_HOSTS.',
          ),
    );
  if (instances.length === 0) checks.push(info('Projects', 'No project is registered yet.'));
  else
    checks.push(
      info(
        'Projects',
        `${projects.length} registered, on ${[...new Set(projects.map((p) => forgeLabel(p.forge)))].join(', ')}.`,
      ),
    );
  return checks;
}

function databaseCheck(config: Config, deps: SetupCheckDeps): SetupCheck {
  const path = resolve(config.databasePath);
  if (!existsSync(path) || !deps.db) return info('Database', `${path}: made at the first start.`);
  const megabytes = (statSync(path).size / 1024 / 1024).toFixed(1);
  const backup = lastBackup(deps.db);
  if (!backup)
    return warning(
      'Database',
      `${path}, ${megabytes} MB; never backed up.`,
      'Run `npx devsprint backup PATH` (safe while the server runs), for instance from a daily timer.',
    );
  const days = Math.floor((deps.now.getTime() - Date.parse(backup.at)) / 86_400_000);
  return ok(
    'Database',
    `${path}, ${megabytes} MB; last backup ${days === 0 ? 'today' : `${days} ${days === 1 ? 'day' : 'days'} ago`} (${backup.path}).`,
  );
}
