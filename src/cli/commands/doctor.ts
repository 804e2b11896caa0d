import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { createLogger } from '../../logger.js';
import { setupChecks, setupComplete, type SetupCheck } from '../../services/setup-checks.js';
import { openStore, closeStore, type Store } from '../../store/store.js';
import { CommandError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';

const LABELS: Record<SetupCheck['status'], string> = { ok: 'ok', missing: 'MISSING', warning: 'check', info: '' };

export const doctor: Command = {
  name: 'doctor',
  summary: 'say what this server has and what it still needs (exits 1 while something required is missing)',
  usage:
    'devsprint doctor [--env FILE]\n  reads the settings as `npm start` does (the environment, then .env), asks GitHub and each forge,\n  and says what is set, what is missing and what to do; exit code 1 while a required part is missing',
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { env: { type: 'string' } }, []);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const envFile = typeof values.env === 'string' ? values.env : '.env';
    if (typeof values.env === 'string' && !existsSync(envFile))
      throw new CommandError(`no settings file at ${envFile}`);
    // As main.ts reads them: what the environment sets wins over the file.
    const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
    const env = { ...fromFile, ...ctx.env };
    let config: Config | null = null;
    let configError: string | undefined;
    try {
      config = loadConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      configError = error.message;
    }
    let db: Store | null = null;
    try {
      if (config && existsSync(config.databasePath)) db = openStore(config.databasePath);
      const checks = await setupChecks({ config, configError, db, log: createLogger('silent'), now: ctx.now() });
      ctx.stdout(format(checks));
      if (!setupComplete(checks)) {
        const names = checks.filter((c) => c.status === 'missing').map((c) => c.title);
        throw new CommandError(
          `${names.length} required ${names.length === 1 ? 'part is' : 'parts are'} missing: ${names.join(', ')}. Pages and the command line work meanwhile.`,
        );
      }
      ctx.stdout('\nEverything required is there.\n');
    } finally {
      if (db) closeStore(db);
    }
  },
};

function format(checks: SetupCheck[]): string {
  const width = Math.max(...Object.values(LABELS).map((l) => l.length));
  return (
    checks
      .map((c) => {
        const line = `${LABELS[c.status].padEnd(width)}  ${c.title}: ${c.says}`;
        return c.fix ? `${line}\n${' '.repeat(width)}  → ${c.fix}` : line;
      })
      .join('\n') + '\n'
  );
}
