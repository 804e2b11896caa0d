import { loadConfig, type Config } from '../../config.js';
import { createLogger } from '../../logger.js';
import { SyncScheduler } from '../../services/sync-scheduler.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';

/** The server's scheduler for one command: the same forge clients, rate limits and ETags as the rounds use. */
export function cliScheduler(db: Store, ctx: CliContext): { sync: SyncScheduler; config: Config } {
  const config = loadConfig(ctx.env);
  return {
    sync: new SyncScheduler({ db, bus: null, log: createLogger(ctx.env.LOG_LEVEL ?? 'warn'), config, now: ctx.now }),
    config,
  };
}
