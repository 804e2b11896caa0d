import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { setEnvValues } from '../../../src/services/env-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writing settings to .env', () => {
  test('keeps every other line, replaces a key where it stood, adds new ones at the end, mode 0600', () => {
    const path = join(dir, '.env');
    writeFileSync(path, '# the sprint\nPORT=8080\nAPP_ID=1\n\nexport ORGANIZERS=ada\n', { mode: 0o644 });
    setEnvValues(path, { APP_ID: '12345', PRIVATE_KEY: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n' });
    expect(readFileSync(path, 'utf8')).toBe(
      '# the sprint\nPORT=8080\nAPP_ID="12345"\n\nexport ORGANIZERS=ada\nPRIVATE_KEY="-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n"\n',
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Node reads it back as written: the key's lines come back as lines.
    expect(parseEnv(readFileSync(path, 'utf8'))).toMatchObject({
      PORT: '8080',
      APP_ID: '12345',
      PRIVATE_KEY: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n',
    });
  });

  test('a value that would break the file is refused and nothing is written', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'PORT=8080\n');
    expect(() => setEnvValues(path, { WEBHOOK_SECRET: 'a"b' })).toThrow(/double quote/);
    expect(readFileSync(path, 'utf8')).toBe('PORT=8080\n');
  });
});
