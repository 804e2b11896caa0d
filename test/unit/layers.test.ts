import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { packageRoot } from '../../src/paths.js';

// Every file of src/ belongs to a layer (a folder, or a top-level file), each allowed to import only the
// layers listed for it (and itself); README's "Layout" states the same rule. The base modules come first,
// then the folders from the inside out, then the wiring; a file in no layer fails the test.
const BASE = ['paths', 'logger', 'secrets'];
const INWARD: Record<string, string[]> = {
  paths: [],
  logger: [],
  secrets: [],
  domain: [],
  config: ['domain', 'sources'],
  sources: ['domain'],
  // The forge registry (sources/) names each forge, writes its references and links its pages; sources/
  // imports neither the store nor the renderers, so no cycle forms.
  store: ['domain', 'paths', 'sources'],
  metrics: ['store'],
  render: ['domain', 'sources'],
  live: ['domain'],
  services: ['domain', 'sources', 'store', 'render', 'live', 'config', 'metrics', ...BASE],
  ingest: ['domain', 'sources', 'store', 'render', 'live', 'services', 'config', 'metrics', ...BASE],
  web: ['domain', 'sources', 'store', 'render', 'live', 'services', 'config', 'metrics', ...BASE],
  // The wiring: the GitHub App, the request listener, the parts, and the entry points that use them.
  app: ['config', 'ingest', 'sources'],
  server: ['app', 'config', 'ingest', 'live', 'metrics', 'secrets', 'services', 'store', 'web'],
  'create-app': ['config', 'live', 'logger', 'metrics', 'secrets', 'server', 'services', 'store', 'web'],
  cli: ['domain', 'sources', 'store', 'render', 'services', 'config', 'create-app', ...BASE],
  main: ['config', 'create-app', 'store'],
};

const src = join(packageRoot, 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const layerOf = (file: string): string =>
  relative(src, file)
    .split('/')[0]!
    .replace(/\.[jt]s$/, '');
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);

describe('the layers', () => {
  const all = files(src);

  test('every import points inward', () => {
    const upward: string[] = [];
    for (const file of all) {
      const layer = layerOf(file);
      const allowed = INWARD[layer];
      if (!allowed) {
        upward.push(`${relative(src, file)} belongs to no layer: add it to INWARD`);
        continue;
      }
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = layerOf(resolve(dirname(file), spec));
        if (target !== layer && !allowed.includes(target)) upward.push(`${relative(src, file)} imports ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  test('only src/store/ sees SQLite: nothing else imports better-sqlite3 or the connection module', () => {
    const leaks = all
      .filter((file) => layerOf(file) !== 'store')
      .filter((file) => importsOf(file).some((s) => s === 'better-sqlite3' || s.endsWith('/store/database.js')))
      .map((file) => relative(src, file));
    expect(leaks).toEqual([]);
  });

  test('contributions, credits and counters are written in one module each', () => {
    const writes =
      /\b(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+(contributions|credits|contribution_co_authors|commit_pull_requests|sprinter_stats|project_sprinter_stats|project_stats|event_stats)\b/g;
    const writers = new Map<string, Set<string>>();
    for (const file of all) {
      for (const [, table] of readFileSync(file, 'utf8').matchAll(writes)) {
        writers.set(table!, (writers.get(table!) ?? new Set()).add(relative(src, file)));
      }
    }
    const byTable = Object.fromEntries([...writers].map(([table, where]) => [table, [...where].sort()]));
    expect(byTable).toEqual({
      contributions: ['store/write-contribution.ts'],
      credits: ['store/write-contribution.ts'],
      contribution_co_authors: ['store/write-contribution.ts'],
      commit_pull_requests: ['store/write-contribution.ts'],
      sprinter_stats: ['store/stats.ts'],
      project_sprinter_stats: ['store/stats.ts'],
      project_stats: ['store/stats.ts'],
      event_stats: ['store/stats.ts'],
    });
  });

  test('only the one write applies a contribution to the counters', () => {
    const callers = all
      .filter((file) => /\bapplyStatsChange\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file))
      .sort();
    expect(callers).toEqual(['store/stats.ts', 'store/write-contribution.ts']);
  });
});
