import { pino, type Logger } from 'pino';

/**
 * Structured logs on stdout: JSON a line, the format Probot itself uses and log collectors read, or
 * (`LOG_FORMAT=pretty`) coloured lines for a terminal, through pino-pretty as Probot does.
 */
export function createLogger(level: string = 'info', format: 'json' | 'pretty' = 'json'): Logger {
  const options = { level, base: { name: 'devsprint' } };
  if (format === 'pretty')
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } });
  return pino(options);
}
