import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';

/**
 * GitHub's side of registering an app from a manifest, on loopback:
 * - `POST /settings/apps/new?state=S` and `POST /organizations/ORG/settings/apps/new?state=S`, the form an
 *   organizer submits (its `manifest` field is the JSON app.yml became); GitHub shows the app, and on
 *   "Create" sends the browser to the manifest's `redirect_url` with `code` and the same `state`. The
 *   stand-in creates at once (the click is a person's) and answers with that redirect.
 * - `POST /app-manifests/{code}/conversions`, which answers 201 with the app and its secrets, once a code;
 *   a code used or unknown is a 404 "Not Found". The answer's shape is GitHub's documented example for
 *   "Create a GitHub App from a manifest" (docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest)
 *   and @octokit/openapi-types' `apps/create-from-manifest` (an `integration` with client_id,
 *   client_secret, webhook_secret and pem), with a real RSA key as `pem` and fresh secrets.
 */
export class GithubManifestStandIn {
  readonly manifests: Array<{ owner: string | null; state: string; manifest: Record<string, any> }> = [];
  readonly conversions: Array<{ code: string; status: number }> = [];
  readonly #codes = new Map<string, Record<string, any>>();
  #server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.url);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = /^\/(?:organizations\/([^/]+)\/)?settings\/apps\/new$/.exec(url.pathname);
        if (req.method === 'POST' && form) {
          const manifest = JSON.parse(new URLSearchParams(body).get('manifest') ?? '{}') as Record<string, any>;
          const state = url.searchParams.get('state') ?? '';
          this.manifests.push({ owner: form[1] ?? null, state, manifest });
          const code = randomBytes(10).toString('hex');
          this.#codes.set(code, this.#app(manifest, form[1] ?? 'organizer'));
          const back = new URL(String(manifest.redirect_url));
          back.searchParams.set('code', code);
          back.searchParams.set('state', state);
          res.writeHead(302, { location: back.toString() }).end();
          return;
        }
        const conversion = /^\/app-manifests\/([^/]+)\/conversions$/.exec(url.pathname);
        if (req.method === 'POST' && conversion) {
          const code = decodeURIComponent(conversion[1]!);
          const app = this.#codes.get(code);
          this.#codes.delete(code);
          this.conversions.push({ code, status: app ? 201 : 404 });
          const status = app ? 201 : 404;
          const payload = app ?? {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest',
          };
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      });
    });
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  #app(manifest: Record<string, any>, owner: string): Record<string, any> {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const id = 1000 + this.manifests.length;
    const slug = String(manifest.name ?? 'app')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    return {
      id,
      slug,
      node_id: 'MDM6QXBwNTk=',
      owner: {
        login: owner,
        id: 1,
        node_id: 'MDQ6VXNlcjE=',
        avatar_url: 'https://github.com/images/error/octocat_happy.gif',
        url: `https://api.github.com/users/${owner}`,
        html_url: `https://github.com/${owner}`,
        type: 'User',
        site_admin: false,
      },
      name: manifest.name,
      description: manifest.description ?? '',
      external_url: manifest.url,
      html_url: `https://github.com/apps/${slug}`,
      created_at: '2017-07-08T16:18:44-04:00',
      updated_at: '2017-07-08T16:18:44-04:00',
      permissions: manifest.default_permissions ?? {},
      events: manifest.default_events ?? [],
      client_id: `Iv1.${randomBytes(8).toString('hex')}`,
      client_secret: randomBytes(20).toString('hex'),
      webhook_secret: randomBytes(20).toString('hex'),
      pem,
    };
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }
}
