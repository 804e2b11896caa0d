import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context.js';

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
