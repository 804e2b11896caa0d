import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Router, type Request } from 'express';
import type { Metrics } from '../metrics.js';

/**
 * `/metrics` tells a stranger how busy the server is and what it talks to: with METRICS_TOKEN set it needs
 * that token as a bearer token; without one it answers only a scraper on this machine.
 */
export function metricsRoute(metrics: Metrics | undefined, token: string | null): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!metrics) return void res.status(404).type('text/plain').send('metrics are not enabled\n');
    if (!metricsAllowed(req, token)) {
      return void res
        .status(token ? 401 : 403)
        .set(token ? { 'www-authenticate': 'Bearer' } : {})
        .type('text/plain')
        .send(
          token
            ? 'metrics need the METRICS_TOKEN as a bearer token\n'
            : 'metrics answer only on this machine; set METRICS_TOKEN to scrape them from elsewhere\n',
        );
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

export function metricsAllowed(req: Request, token: string | null): boolean {
  if (token === null) {
    const address = req.socket.remoteAddress ?? '';
    const local = address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
    return local && !relayed(req.headers);
  }
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A request a reverse proxy on this machine relayed comes from loopback too; proxies mark it with one
 * header or another (nginx's X-Real-IP, the X-Forwarded family, RFC 7239's Forwarded, Via).
 */
function relayed(headers: IncomingHttpHeaders): boolean {
  return Object.keys(headers).some(
    (name) => name === 'x-real-ip' || name.startsWith('x-forwarded-') || name === 'forwarded' || name === 'via',
  );
}
