import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { testPrivateKey } from '../helpers/app-under-test.js';

const MAIN = join(packageRoot, 'dist', 'src', 'main.js');

function start(env: Record<string, string>, cwd: string) {
  return spawnSync(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 15000,
  });
}

/** Starts the real entry point, waits for /healthz, and returns the log lines and the answer. */
async function startAndProbe(env: Record<string, string>, cwd: string): Promise<{ health: unknown; log: string }> {
  const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', PORT: '0', ...env } });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in: ${log}`)), 15000);
      child.stdout.on('data', () => {
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    await new Promise((r) => setTimeout(r, 50));
    return { health, log };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('start-up', () => {
  test('with zero configuration: creates ./data/devsprint.sqlite, answers /healthz and says how to enable webhooks', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'devsprint-start-'));
    try {
      const { health, log } = await startAndProbe({}, cwd);
      expect(health).toEqual({ status: 'ok', webhooks: 'disabled' });
      expect(existsSync(join(cwd, 'data', 'devsprint.sqlite'))).toBe(true);
      const hints = log.split('\n').filter((l) => l.includes('GitHub webhooks and sign-in are off'));
      expect(hints).toHaveLength(1);
      expect(hints[0]).toMatch(
        /APP_ID, PRIVATE_KEY \(or PRIVATE_KEY_PATH\), WEBHOOK_SECRET not set\. Register the GitHub App in one click: open http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]{32}/,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('with the GitHub App settings: webhooks are enabled', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'devsprint-start-'));
    try {
      const keyPath = join(cwd, 'app.pem');
      writeFileSync(keyPath, testPrivateKey());
      const { health, log } = await startAndProbe(
        { APP_ID: '1', PRIVATE_KEY_PATH: keyPath, WEBHOOK_SECRET: 's3cret' },
        cwd,
      );
      expect(health).toEqual({ status: 'ok', webhooks: 'enabled' });
      expect(log).toContain('GitHub webhooks accepted at /api/github/webhooks');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test.each([
    [{ PORT: '80a' }, /PORT="80a" must be a whole number/],
    [{ PORT: '70000' }, /PORT="70000" must be a whole number from 0 to 65535/],
    [{ PRIVATE_KEY_PATH: '/no/such/key.pem' }, /PRIVATE_KEY_PATH=\/no\/such\/key.pem cannot be read \(ENOENT\)/],
    [{ PRIVATE_KEY: 'not a key' }, /PRIVATE_KEY is not a PEM private key/],
    [{ WEBHOOK_SECRET: 'development' }, /WEBHOOK_SECRET is "development"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
  ])('a bad setting %j stops start-up with a message naming it', (env, message) => {
    const cwd = mkdtempSync(join(tmpdir(), 'devsprint-start-'));
    try {
      const result = start(env, cwd);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('an unwritable database path stops start-up naming DATABASE_PATH', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'devsprint-start-'));
    try {
      writeFileSync(join(cwd, 'a-file'), '');
      const result = start({ DATABASE_PATH: join(cwd, 'a-file', 'db.sqlite') }, cwd);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/cannot start: DATABASE_PATH: cannot open the database at .*a-file\/db.sqlite/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
