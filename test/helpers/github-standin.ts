import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';

export interface StandInUser {
  id: number;
  login: string;
  name: string | null;
  /** What `GET /user/emails` lists; left out, the app may not read them (403, as GitHub answers an app without the permission). */
  emails?: Array<{ email: string; verified: boolean; primary?: boolean }>;
}

/**
 * A local stand-in for GitHub's OAuth endpoints, `GET /user`, installation tokens and collaborators'
 * permissions, at the network boundary: the app makes its real HTTP calls to it. Codes are issued by
 * the test; every exchange and permission check is recorded.
 */
export class GithubStandIn {
  readonly exchanges: Array<{ code: string; clientId: string; redirectUri: string }> = [];
  readonly #codes = new Map<string, StandInUser>();
  readonly #tokens = new Map<string, StandInUser>();
  #server: Server | null = null;
  url = '';
  /** Who "approves" the next browser sent to the authorize page (GitHub's consent screen, skipped). */
  nextUser: StandInUser | null = null;
  /** Collaborators' roles, `owner/repo|login` → `admin`, `maintain`, `write`, `triage` or `read`. */
  readonly roles = new Map<string, string>();
  /** Permission checks: whose token asked (`installation` for the app's), on what. */
  readonly permissionChecks: Array<{ tokenOf: string; repo: string; login: string }> = [];
  /** Plain REST answers by path (`/repos/o/r/pulls/1`, `/users/ana`). */
  readonly resources = new Map<string, unknown>();
  /** Every request, as `METHOD /path`. */
  readonly requests: string[] = [];

  issueCode(user: StandInUser): string {
    const code = `code-${user.login}-${this.#codes.size + 1}`;
    this.#codes.set(code, user);
    return code;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://stand-in').pathname}`);
        const url = new URL(req.url ?? '/', 'http://stand-in');
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
          const params = JSON.parse(body || '{}') as {
            code?: string;
            client_id?: string;
            client_secret?: string;
            redirect_uri?: string;
          };
          this.exchanges.push({
            code: params.code ?? '',
            clientId: params.client_id ?? '',
            redirectUri: params.redirect_uri ?? '',
          });
          const user = params.client_secret === 'test-client-secret' ? this.#codes.get(params.code ?? '') : undefined;
          // GitHub answers a bad code with 200 and an error field.
          if (!user)
            return res.end(
              JSON.stringify({
                error: 'bad_verification_code',
                error_description: 'The code passed is incorrect or expired.',
              }),
            );
          this.#codes.delete(params.code!);
          const token = `gho_${user.login}_${Math.random().toString(36).slice(2)}`;
          this.#tokens.set(token, user);
          return res.end(JSON.stringify({ access_token: token, token_type: 'bearer', scope: '' }));
        }
        if (req.method === 'GET' && url.pathname === '/login/oauth/authorize' && this.nextUser) {
          const back = new URL(url.searchParams.get('redirect_uri') ?? '');
          back.searchParams.set('code', this.issueCode(this.nextUser));
          back.searchParams.set('state', url.searchParams.get('state') ?? '');
          res.statusCode = 302;
          res.setHeader('location', back.toString());
          return res.end();
        }
        if (req.method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) {
          this.#tokens.set('ghs_installation', { id: 0, login: 'installation', name: null });
          res.statusCode = 201;
          return res.end(
            JSON.stringify({
              token: 'ghs_installation',
              expires_at: new Date(Date.now() + 3_600_000).toISOString(),
              permissions: {},
              repository_selection: 'all',
            }),
          );
        }
        const permission = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(url.pathname);
        if (req.method === 'GET' && permission) {
          const asker = this.#tokens.get((req.headers.authorization ?? '').replace(/^(Bearer|token) /i, ''));
          if (!asker) {
            res.statusCode = 401;
            return res.end(JSON.stringify({ message: 'Bad credentials' }));
          }
          const [repo, login] = [
            `${decodeURIComponent(permission[1]!)}/${decodeURIComponent(permission[2]!)}`,
            decodeURIComponent(permission[3]!),
          ];
          this.permissionChecks.push({ tokenOf: asker.login, repo, login });
          const role = this.roles.get(`${repo}|${login}`.toLowerCase());
          if (!role) {
            res.statusCode = 403;
            return res.end(JSON.stringify({ message: 'Must have push access to view repository collaborators.' }));
          }
          const folded = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
          return res.end(JSON.stringify({ permission: folded, role_name: role, user: { login, type: 'User' } }));
        }
        if (req.method === 'GET' && this.resources.has(url.pathname))
          return res.end(JSON.stringify(this.resources.get(url.pathname)));
        if (req.method === 'GET' && url.pathname === '/user/emails') {
          const user = this.#tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
          if (!user?.emails) {
            res.statusCode = user ? 403 : 401;
            return res.end(
              JSON.stringify({ message: user ? 'Resource not accessible by integration' : 'Bad credentials' }),
            );
          }
          // The shape of GitHub's "List email addresses for the authenticated user".
          return res.end(
            JSON.stringify(
              user.emails.map((e) => ({
                email: e.email,
                verified: e.verified,
                primary: e.primary ?? false,
                visibility: null,
              })),
            ),
          );
        }
        if (req.method === 'GET' && url.pathname === '/user') {
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          const user = this.#tokens.get(token);
          if (!user) {
            res.statusCode = 401;
            return res.end(JSON.stringify({ message: 'Bad credentials' }));
          }
          return res.end(JSON.stringify({ login: user.login, id: user.id, name: user.name, type: 'User' }));
        }
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      });
    });
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }
}
