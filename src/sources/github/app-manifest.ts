import { parse } from 'yaml';
import { z } from 'zod';

/** Where this server is reached: GitHub sends deliveries and people back to these addresses. */
export interface ManifestAddresses {
  /** The public URL people and GitHub reach the server at. */
  publicUrl: string;
  webhookPath: string;
  /** Where GitHub sends the organizer back with the code (the setup page's own origin). */
  redirectUrl: string;
  /** The app's name on GitHub: unique there, so an organizer may need to change it. */
  name?: string;
}

/**
 * app.yml as the manifest GitHub's "register from a manifest" form takes: the events and permissions it
 * lists, with the hook, sign-in callback and redirect pointed at this server.
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest)
 */
export function appManifest(addresses: ManifestAddresses, yamlText: string): object {
  const manifest = parse(yamlText) as Record<string, unknown>;
  return {
    ...manifest,
    name: addresses.name?.trim() || manifest.name,
    url: addresses.publicUrl,
    hook_attributes: { ...(manifest.hook_attributes as object), url: `${addresses.publicUrl}${addresses.webhookPath}` },
    callback_urls: [`${addresses.publicUrl}/auth/callback`],
    redirect_url: addresses.redirectUrl,
  };
}

// GitHub's answer to POST /app-manifests/{code}/conversions: the app ("integration") with its secrets.
// Only what we keep is checked; every other field GitHub sends is let through untouched.
const conversion = z.looseObject({
  id: z.number().int().positive(),
  slug: z.string().min(1),
  pem: z.string().min(1),
  webhook_secret: z.string().min(1).nullable(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  html_url: z.string().optional(),
});

export class ManifestConversionError extends Error {}

/** The registered app's identity and secrets, as the configuration takes them. */
export interface ConvertedApp {
  appId: string;
  slug: string;
  privateKey: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
  htmlUrl: string | null;
}

/**
 * Exchanges the code GitHub's redirect brought for the registered app's credentials. The code works
 * once, within an hour; the request needs no authentication.
 */
export async function convertManifestCode(
  apiUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ConvertedApp> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/app-manifests/${encodeURIComponent(code)}/conversions`, {
      method: 'POST',
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ManifestConversionError(`GitHub could not be reached at ${apiUrl} (${(error as Error).message})`);
  }
  if (response.status === 404 || response.status === 422)
    throw new ManifestConversionError(
      'GitHub no longer knows this code: it works once and within an hour. Start the setup again.',
    );
  if (!response.ok) throw new ManifestConversionError(`GitHub answered ${response.status} to the conversion`);
  const parsed = conversion.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ManifestConversionError('GitHub answered the conversion with something unexpected');
  const app = parsed.data;
  if (!app.webhook_secret)
    throw new ManifestConversionError(
      'GitHub registered the app without a webhook secret: set one in its settings, then WEBHOOK_SECRET in .env',
    );
  return {
    appId: String(app.id),
    slug: app.slug,
    privateKey: app.pem,
    webhookSecret: app.webhook_secret,
    clientId: app.client_id,
    clientSecret: app.client_secret,
    htmlUrl: app.html_url ?? null,
  };
}
