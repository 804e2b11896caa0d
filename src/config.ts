import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import type { GithubPacing } from './sources/github/pacing.js';
import type { Forge } from './domain/contribution.js';
import { DEFAULT_FORGE_HOSTS, ForgeHosts, normalizeForgeUrl } from './domain/forge-hosts.js';
import { adapterOf, FORGES, isForge } from './sources/registry.js';
import type { ConvertedApp } from './sources/github/app-manifest.js';

/** The only reader of the environment. Every error names the setting and how to fix it. */
export interface GithubAppConfig {
  appId: string;
  privateKey: string;
  webhookSecret: string;
}

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: one JSON object a line (the default, for log collectors) or readable lines for a terminal. */
  logFormat: 'json' | 'pretty';
  webhookPath: string;
  githubApiUrl: string;
  /** GITHUB_PACING: GitHub's documented spacing of requests (`github`), or none for a stand-in on loopback. */
  githubPacing: GithubPacing;
  publicUrl: string | null;
  /** Null when the app is not registered yet: pages work, webhooks are not accepted. */
  github: GithubAppConfig | null;
  /** Names of the GitHub App settings still missing, for the start-up hint. */
  githubMissing: string[];
  /** GitHub's web address (OAuth pages, profile links); GitHub Enterprise users change it. */
  githubUrl: string;
  /** Sign in with GitHub: null until GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set. */
  oauth: { clientId: string; clientSecret: string } | null;
  /** The app's URL name on GitHub, for "install the app" links. */
  githubAppSlug: string | null;
  organizers: string[];
  /** Null: derived from the secret key. */
  sessionSecret: string | null;
  /** The key secrets are derived and sealed with (SECRET_KEY); null: a key file beside the database, made on first start. */
  secretKey: string | null;
  /** A token for polling upstream GitHub repositories when no installation token is at hand. */
  githubToken: string | null;
  /** The longest wait between GitHub polling rounds (they come sooner when the search budget allows) and the interval of Pagure rounds; 0 turns polling off. */
  pollIntervalSeconds: number;
  /** The bytes webhook bodies being read may hold together (WEBHOOK_BODY_BUDGET_MB, 64 by default). */
  webhookBodyBudgetBytes: number;
  /** Live streams open at once (null: derived from the open-file limit) and from one address. */
  liveStreams: { max: number | null; perAddress: number };
  /** The bearer token `/metrics` asks for; null: it answers only requests from this machine (loopback). */
  metricsToken: string | null;
  /** The forges registrations may point at, and the only ones the server requests (FORGE_HOSTS). */
  forgeHosts: ForgeHosts;
  /** OAuth2 applications on GitLab and Forgejo instances (FORGE_OAUTH_APPS): sprinters link those accounts by signing in. */
  forgeOauthApps: ForgeOauthApp[];
}

export interface ForgeOauthApp {
  forge: Forge;
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * `FORGE_OAUTH_APPS`: entries separated by commas, each `FORGE INSTANCE CLIENT_ID CLIENT_SECRET` (spaces
 * between), for instances FORGE_HOSTS lists: `gitlab https://gitlab.gnome.org abc123 s3cret`.
 */
export function parseForgeOauthApps(text: string | undefined, hosts: ForgeHosts): ForgeOauthApp[] {
  if (!text?.trim()) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [forge, instance, clientId, clientSecret, ...rest] = entry.split(/\s+/);
      if (
        !forge ||
        !isForge(forge) ||
        !adapterOf(forge).signIn ||
        !instance ||
        !clientId ||
        !clientSecret ||
        rest.length
      ) {
        throw new ConfigError(
          `FORGE_OAUTH_APPS: "${entry.split(/\s+/).slice(0, 2).join(' ')} …" must be FORGE INSTANCE CLIENT_ID CLIENT_SECRET, FORGE being ${FORGES.filter((f) => adapterOf(f).signIn).join(' or ')}`,
        );
      }
      const checked = hosts.check(instance);
      if (!checked.ok) throw new ConfigError(`FORGE_OAUTH_APPS: ${checked.error}`);
      return { forge, instanceUrl: checked.url, clientId, clientSecret };
    });
}

export class ConfigError extends Error {}

const schema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a whole number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/devsprint.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z
    .enum(['json', 'pretty'], { error: 'must be json (one object a line) or pretty (readable lines)' })
    .default('json'),
  // GitHub Enterprise Server, as Probot apps name it: GHE_HOST sets GitHub's web and API addresses together.
  GHE_HOST: z
    .string()
    .regex(
      /^[A-Za-z0-9.-]+(:\d{1,5})?$/,
      'must be the host name of your GitHub Enterprise Server, such as github.example.com',
    )
    .optional(),
  GHE_PROTOCOL: z.enum(['https', 'http'], { error: 'must be https or http' }).default('https'),
  WEBHOOK_PATH: z.string().startsWith('/', 'must start with /').default('/api/github/webhooks'),
  GITHUB_API_URL: z.string().url('must be a URL such as https://api.github.com').optional(),
  PUBLIC_URL: z.string().url('must be the URL people open, such as https://sprints.example.org').optional(),
  APP_ID: z.string().regex(/^\d+$/, 'must be the numeric App ID from the GitHub App settings page').optional(),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  GITHUB_URL: z.string().url('must be a URL such as https://github.com').optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GITHUB_APP_SLUG: z
    .string()
    .regex(/^[a-z0-9-]+$/, "must be the app's URL name, as in github.com/apps/NAME")
    .optional(),
  ORGANIZERS: z
    .string()
    .regex(/^\s*[A-Za-z0-9-]+(\s*[,\s]\s*[A-Za-z0-9-]+)*\s*$/, 'must be GitHub logins separated by commas')
    .optional(),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_PACING: z
    .enum(['github', 'none'], { error: "must be github (GitHub's documented pacing) or none (a stand-in GitHub)" })
    .default('github'),
  POLL_INTERVAL_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds (0 turns polling off)')
    .transform(Number)
    .default(300),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  LIVE_STREAMS_MAX: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number (each stream holds an open file: see `ulimit -n`)')
    .transform(Number)
    .optional(),
  LIVE_STREAMS_PER_ADDRESS: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number')
    .transform(Number)
    .default(50),
  WEBHOOK_BODY_BUDGET_MB: z
    .string()
    .regex(/^[1-9]\d*$/, "must be a positive whole number of megabytes (at least 25, GitHub's largest delivery)")
    .transform(Number)
    .refine((n) => n >= 25, "must be at least 25 (MB), the size of GitHub's largest delivery")
    .default(64),
  FORGE_HOSTS: z
    .string()
    .refine(
      (list) =>
        list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((base) => normalizeForgeUrl(base).ok),
      'must be base URLs separated by commas, such as https://github.com,https://pagure.io,https://src.fedoraproject.org',
    )
    .default(DEFAULT_FORGE_HOSTS.join(',')),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 16)').optional(),
  FORGE_OAUTH_APPS: z.string().optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty values count as unset: `.env.example` copies leave keys blank.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(
      `${issue.path.join('.')}=${JSON.stringify(present[String(issue.path[0])] ?? '')} ${issue.message}`,
    );
  }
  const e = parsed.data;
  const privateKey = readPrivateKey(e.PRIVATE_KEY, e.PRIVATE_KEY_PATH);
  if (e.WEBHOOK_SECRET === 'development') {
    throw new ConfigError(
      'WEBHOOK_SECRET is "development", the placeholder Probot falls back to; set the secret from the GitHub App settings',
    );
  }
  const missing = [
    !e.APP_ID && 'APP_ID',
    !privateKey && 'PRIVATE_KEY (or PRIVATE_KEY_PATH)',
    !e.WEBHOOK_SECRET && 'WEBHOOK_SECRET',
  ].filter((m): m is string => typeof m === 'string');
  if (Boolean(e.GITHUB_CLIENT_ID) !== Boolean(e.GITHUB_CLIENT_SECRET)) {
    throw new ConfigError(
      `${e.GITHUB_CLIENT_ID ? 'GITHUB_CLIENT_SECRET' : 'GITHUB_CLIENT_ID'} is missing: sign-in needs both the client id and the client secret of the GitHub App`,
    );
  }
  // An explicit GITHUB_URL or GITHUB_API_URL wins over the addresses GHE_HOST implies.
  const ghe = e.GHE_HOST ? `${e.GHE_PROTOCOL}://${e.GHE_HOST}` : null;
  const githubUrl = e.GITHUB_URL ?? ghe ?? 'https://github.com';
  const githubApiUrl = e.GITHUB_API_URL ?? (ghe ? `${ghe}/api/v3` : 'https://api.github.com');
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    webhookPath: e.WEBHOOK_PATH,
    githubApiUrl: githubApiUrl.replace(/\/+$/, ''),
    githubPacing: e.GITHUB_PACING,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    github:
      missing.length === 0 ? { appId: e.APP_ID!, privateKey: privateKey!, webhookSecret: e.WEBHOOK_SECRET! } : null,
    githubMissing: missing,
    githubUrl: githubUrl.replace(/\/+$/, ''),
    oauth:
      e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET
        ? { clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET }
        : null,
    githubAppSlug: e.GITHUB_APP_SLUG ?? null,
    organizers: (e.ORGANIZERS ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((l) => l.toLowerCase()),
    sessionSecret: e.SESSION_SECRET ?? null,
    secretKey: e.SECRET_KEY ?? null,
    githubToken: e.GITHUB_TOKEN ?? null,
    pollIntervalSeconds: e.POLL_INTERVAL_SECONDS,
    metricsToken: e.METRICS_TOKEN ?? null,
    forgeHosts: ForgeHosts.parse(e.FORGE_HOSTS),
    forgeOauthApps: parseForgeOauthApps(e.FORGE_OAUTH_APPS, ForgeHosts.parse(e.FORGE_HOSTS)),
    webhookBodyBudgetBytes: e.WEBHOOK_BODY_BUDGET_MB * 1024 * 1024,
    liveStreams: { max: e.LIVE_STREAMS_MAX ?? null, perAddress: e.LIVE_STREAMS_PER_ADDRESS },
  };
}

function readPrivateKey(inline: string | undefined, path: string | undefined): string | null {
  let pem: string;
  let setting: string;
  if (inline) {
    // Hosting dashboards often store multi-line values with literal \n.
    pem = inline.replace(/\\n/g, '\n');
    setting = 'PRIVATE_KEY';
  } else if (path) {
    setting = 'PRIVATE_KEY_PATH';
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `PRIVATE_KEY_PATH=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point it at the .pem file downloaded from the GitHub App settings`,
      );
    }
  } else {
    return null;
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${setting} is not a PEM private key; use the .pem file GitHub generated for the app`);
  }
  return pem;
}

/** The one line that tells a fresh install what is missing to receive webhooks, and how to get it. */
export function githubSetupHint(config: Config, setupLink: string | null = null): string {
  return setupLink
    ? `GitHub webhooks and sign-in are off: ${config.githubMissing.join(', ')} not set. Register the GitHub App in one click: open ${setupLink} (on this machine)`
    : `GitHub webhooks are off: ${config.githubMissing.join(', ')} not set. Register the app from app.yml ` +
        `(GitHub → Settings → Developer settings → GitHub Apps with the events listed there), ` +
        `then put its App ID, private key and webhook secret in .env; pages and the devsprint CLI work meanwhile.`;
}

/** What registering the GitHub App from its manifest gives back, and the address GitHub was told to deliver to. */
export type RegisteredGithubApp = Omit<ConvertedApp, 'htmlUrl'> & { publicUrl: string };

/**
 * The one change the configuration takes after start-up: the GitHub App registered from the setup page.
 * Everything reads these fields when it needs them, so the app, sign-in and polling use it at once.
 */
export function applyGithubApp(config: Config, app: RegisteredGithubApp): void {
  config.github = { appId: app.appId, privateKey: app.privateKey, webhookSecret: app.webhookSecret };
  config.githubMissing = [];
  config.oauth = { clientId: app.clientId, clientSecret: app.clientSecret };
  config.githubAppSlug = app.slug;
  config.publicUrl = app.publicUrl;
}
