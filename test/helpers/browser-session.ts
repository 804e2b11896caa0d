import type { AppUnderTest } from './app-under-test.js';
import type { GithubStandIn, StandInUser } from './github-standin.js';

/** One person's browser: keeps cookies across requests and reads the CSRF token from pages. */
export class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(readonly app: AppUnderTest) {}

  async request(
    path: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; text: string; location: string | null }> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(`${this.app.url}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  }

  /** The token in the forms of a page this visitor can see. */
  async csrf(path = '/'): Promise<string> {
    const page = await this.request(path);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`no CSRF token on ${path} (${page.status})`);
    return match[1]!;
  }

  async post(
    path: string,
    form: Record<string, string>,
    csrf: string | null = 'auto',
  ): Promise<{ status: number; text: string; location: string | null }> {
    const token = csrf === 'auto' ? await this.csrf() : csrf;
    return this.request(path, { form: token === null ? form : { ...form, _csrf: token } });
  }
}

/** Walks the OAuth web flow against the stand-in as a browser would; returns the signed-in visitor. */
export async function signIn(
  app: AppUnderTest,
  github: GithubStandIn,
  user: StandInUser,
  next = '/',
): Promise<Visitor> {
  const visitor = new Visitor(app);
  await signInAgain(visitor, github, user, `/auth/login?next=${encodeURIComponent(next)}`);
  return visitor;
}

/** Goes through GitHub's sign-in from a `/auth/login…` address the app sent the visitor to; returns where it lands. */
export async function signInAgain(
  visitor: Visitor,
  github: GithubStandIn,
  user: StandInUser,
  loginPath: string,
): Promise<string> {
  const start = await visitor.request(loginPath);
  if (start.status !== 303 || !start.location)
    throw new Error(`sign-in did not redirect: ${start.status} ${start.text.slice(0, 200)}`);
  const state = new URL(start.location).searchParams.get('state');
  const done = await visitor.request(`/auth/callback?code=${github.issueCode(user)}&state=${state}`);
  if (done.status !== 303) throw new Error(`callback failed: ${done.status} ${done.text.slice(0, 300)}`);
  return done.location!;
}
