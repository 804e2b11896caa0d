import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

// Every setting src/config.ts reads (its schema's keys, as written there) is in .env.example and named in
// docs/configuration.md, and neither names one the server does not read.
const source = readFileSync(join(packageRoot, 'src', 'config.ts'), 'utf8');
const schema = source.slice(
  source.indexOf('const schema = z.object({'),
  source.indexOf('\n});', source.indexOf('const schema')),
);
const settings = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!).sort();
const example = readFileSync(join(packageRoot, '.env.example'), 'utf8');
const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!).sort();

describe('.env.example', () => {
  test('lists exactly the settings the server reads', () => {
    expect(settings.length).toBeGreaterThan(25);
    expect(listed).toEqual(settings);
  });

  test('docs/configuration.md names every one of them', () => {
    const docs = readFileSync(join(packageRoot, 'docs', 'configuration.md'), 'utf8');
    expect(settings.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });

  test('each default it shows is the one the server takes', () => {
    const shown = Object.fromEntries([...example.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(shown).toMatchObject({
      PORT: '3000',
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/devsprint.sqlite',
      WEBHOOK_PATH: '/api/github/webhooks',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      POLL_INTERVAL_SECONDS: '300',
    });
  });
});
