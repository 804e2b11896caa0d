import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout, the format Probot itself uses. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { name: 'devsprint' } });
}
