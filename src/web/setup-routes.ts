import { readFileSync } from 'node:fs';
import { appManifestPath } from '../paths.js';
import express, { type Request, type Response, type Router } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import { applyGithubApp } from '../config.js';
import { appManifest, convertManifestCode, ManifestConversionError } from '../sources/github/app-manifest.js';
import { setEnvValues } from '../services/env-file.js';
import { formField } from './forms.js';
import { badRequest, notFound } from './http-error.js';
import { renderPage, type PageKit } from './page-kit.js';
import { SetupGate } from './setup-gate.js';

const COOKIE = 'devsprint_setup';
const ORGANIZATION = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export interface SetupDeps {
  gate: SetupGate;
  /** The .env file the credentials are written to (the one main.ts reads at start-up). */
  envPath: string;
  /** Takes the registered app into use: its webhooks are accepted from the next request on. */
  enableGithub: () => void;
  fetch?: typeof fetch;
}

/**
 * Registering the GitHub App from app.yml, GitHub's manifest flow: the setup page posts the manifest to
 * GitHub, GitHub sends the organizer back with a code, and the code is exchanged for the app's
 * credentials, written to .env and used at once. To anyone else, and once an app is configured, none
 * of it exists (404).
 */
export function setupRoutes(kit: PageKit, deps: SetupDeps): Router {
  const router = express.Router();
  const { gate } = deps;

  const guard = (req: Request): void => {
    if (!gate.open || kit.config.github !== null || !SetupGate.fromThisMachine(req))
      throw notFound(`Nothing lives at ${req.path}.`);
  };
  const sessionOf = (req: Request) => parseCookie(req.headers.cookie ?? '')[COOKIE];

  const formPage = (res: Response, values: Record<string, string>, errors = {}, status = 200) =>
    renderPage(
      kit,
      res,
      'setup',
      { title: 'Register the GitHub App', token: gate.token, values, errors, webhookPath: kit.config.webhookPath },
      status,
    );

  router.get('/setup', (req, res) => {
    guard(req);
    if (!gate.holdsToken(req.query.token)) throw notFound(`Nothing lives at ${req.path}.`);
    const id = gate.startSession(kit.now().getTime());
    res.setHeader(
      'set-cookie',
      serialize(COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/setup', maxAge: 7200 }),
    );
    res.set('cache-control', 'no-store');
    formPage(res, {
      publicUrl: kit.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`,
      owner: 'user',
      organization: '',
      name: 'devsprint tracker',
    });
  });

  router.post('/setup', (req, res) => {
    guard(req);
    if (!gate.holdsToken(formField(req.body, 'token'))) throw notFound(`Nothing lives at ${req.path}.`);
    const id = sessionOf(req);
    if (!gate.hasSession(id, kit.now().getTime()))
      throw badRequest('Start again', 'This setup page has expired: open the setup link the server printed again.');
    const values = {
      publicUrl: formField(req.body, 'publicUrl').replace(/\/+$/, ''),
      owner: formField(req.body, 'owner') === 'organization' ? 'organization' : 'user',
      organization: formField(req.body, 'organization'),
      name: formField(req.body, 'name').slice(0, 34),
    };
    const errors: Record<string, string> = {};
    if (!/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/.test(values.publicUrl))
      errors.publicUrl = 'Give the address people and GitHub reach this server at, such as https://sprints.example.org';
    if (values.owner === 'organization' && !ORGANIZATION.test(values.organization))
      errors.organization = "Give the organization's login on GitHub";
    if (!values.name.trim()) errors.name = 'Give the app a name (GitHub needs it to be unique)';
    if (Object.keys(errors).length) return formPage(res, values, errors, 400);
    const state = gate.newState(id!, values.publicUrl);
    const origin = `${req.protocol}://${req.get('host')}`;
    const manifest = appManifest(
      {
        publicUrl: values.publicUrl,
        webhookPath: kit.config.webhookPath,
        redirectUrl: `${origin}/setup/done`,
        name: values.name,
      },
      readFileSync(appManifestPath, 'utf8'),
    );
    const where =
      values.owner === 'organization'
        ? `/organizations/${encodeURIComponent(values.organization)}/settings/apps/new`
        : '/settings/apps/new';
    const action = `${kit.config.githubUrl}${where}?state=${encodeURIComponent(state)}`;
    // This one form goes to GitHub: the page's policy allows posting there, and nowhere else.
    res.setHeader(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self' ${new URL(kit.config.githubUrl).origin}`,
    );
    res.set('cache-control', 'no-store');
    renderPage(kit, res, 'setup-github', {
      title: 'Register the GitHub App',
      action,
      manifest: JSON.stringify(manifest),
      values,
    });
  });

  router.get('/setup/done', async (req, res) => {
    guard(req);
    const session = gate.takeState(sessionOf(req), req.query.state, kit.now().getTime());
    if (!session)
      throw badRequest(
        'This setup cannot be finished here',
        'It was finished already, or started in another browser. Open the setup link the server printed and start again.',
      );
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(code)) throw badRequest('No code', 'GitHub sent no usable code back.');
    let app;
    try {
      app = await convertManifestCode(kit.config.githubApiUrl, code, deps.fetch);
    } catch (error) {
      if (error instanceof ManifestConversionError) throw badRequest('The app was not registered here', error.message);
      throw error;
    }
    setEnvValues(deps.envPath, {
      APP_ID: app.appId,
      PRIVATE_KEY: app.privateKey,
      WEBHOOK_SECRET: app.webhookSecret,
      GITHUB_CLIENT_ID: app.clientId,
      GITHUB_CLIENT_SECRET: app.clientSecret,
      GITHUB_APP_SLUG: app.slug,
      PUBLIC_URL: session.publicUrl,
    });
    applyGithubApp(kit.config, { ...app, publicUrl: session.publicUrl });
    deps.enableGithub();
    gate.close();
    res.set('cache-control', 'no-store');
    renderPage(kit, res, 'setup-done', {
      title: 'The GitHub App is registered',
      slug: app.slug,
      installUrl: `${kit.config.githubUrl}/apps/${encodeURIComponent(app.slug)}/installations/new`,
      envPath: deps.envPath,
    });
  });

  return router;
}
