import { isValidTimeZone, parseInstant } from '../domain/event-window.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError, UsageError, type CliContext } from './context.js';
import { DEFAULT_FORGE_HOSTS, ForgeHosts } from '../domain/forge-hosts.js';

type Options = NonNullable<ParseArgsConfig['options']>;

type Value<O> = O extends { type: 'boolean' } ? boolean : string;
export type Values<T extends Options> = {
  [K in keyof T]?: T[K] extends { multiple: true } ? Array<Value<T[K]>> : Value<T[K]>;
} & { help?: boolean };

/** node:util parseArgs in strict mode, with its errors turned into usage errors a person can act on. */
export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
  positionals: string[],
): { values: Values<T>; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option '(.+?)'.*$/s, "unknown option '$1'"));
  }
  if (!parsed.values.help) {
    if (parsed.positionals.length < positionals.length) {
      throw new UsageError(`missing ${positionals.slice(parsed.positionals.length).join(' ')}`);
    }
    if (parsed.positionals.length > positionals.length) {
      throw new UsageError(`unexpected argument "${parsed.positionals[positionals.length]}"`);
    }
  }
  return { values: parsed.values as Values<T>, positionals: parsed.positionals };
}

export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value.trim();
}

/** An instant option (`--starts`, `--ends`): ISO 8601 with an offset; undefined when left out. */
export function instantOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const instant = parseInstant(value);
  if (!instant)
    throw new UsageError(`${flag} "${value}" is not an ISO 8601 instant with an offset (e.g. 2017-02-18T09:00+05:30)`);
  return instant;
}

/** `--time-zone`: an IANA zone; undefined when left out. */
export function timeZoneOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isValidTimeZone(value))
    throw new UsageError(`--time-zone "${value}" is not an IANA time zone (e.g. Asia/Kolkata)`);
  return value;
}

/** The operator's FORGE_HOSTS, as the server reads it: the CLI reaches, and names instances, as the web does. */
export function operatorForgeHosts(ctx: CliContext): ForgeHosts {
  try {
    return ForgeHosts.parse(ctx.env.FORGE_HOSTS || DEFAULT_FORGE_HOSTS.join(','));
  } catch (error) {
    throw new CommandError(`FORGE_HOSTS: ${(error as Error).message}`);
  }
}
