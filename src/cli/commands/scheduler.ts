import { loadConfig, type Config } from '../../config.js';
import { createParts } from '../../create-app.js';
import { createLogger } from '../../logger.js';
import type { SyncScheduler } from '../../services/sync-scheduler.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';

/** The server's scheduler for one command, wired as the server wires it: the same forge clients, rate limits and ETags. */
export function cliScheduler(db: Store, ctx: CliContext): { sync: SyncScheduler; config: Config } {
  const config = loadConfig(ctx.env);
  const parts = createParts(config, {
    db,
    log: createLogger(ctx.env.LOG_LEVEL ?? 'warn'),
    now: ctx.now,
    polling: 'on-demand',
    metrics: false,
  });
  return { sync: parts.sync!, config };
}
