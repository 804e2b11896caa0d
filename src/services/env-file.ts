import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Sets keys in a .env file and keeps every other line as it was (comments, order, other settings). A
 * key set before is replaced where it stood; new keys are added at the end. Values are written in
 * double quotes with newlines as `\n`, which Node's `process.loadEnvFile` reads back. The file holds
 * secrets: it is written to a temporary file of mode 0600 and renamed over the old one.
 */
export function setEnvValues(path: string, values: Record<string, string>): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const pending = new Map(Object.entries(values));
  const kept = lines.map((line) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (!key || !pending.has(key)) return line;
    const value = pending.get(key)!;
    pending.delete(key);
    return `${key}=${quoted(value)}`;
  });
  for (const [key, value] of pending) kept.push(`${key}=${quoted(value)}`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, kept.join('\n') + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

function quoted(value: string): string {
  if (/["\r]/.test(value)) throw new Error('a .env value may not hold a double quote or a carriage return');
  return `"${value.replace(/\n/g, '\\n')}"`;
}
