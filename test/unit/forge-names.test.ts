import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { FORGES } from '../../src/sources/registry.js';

// Knowledge of a forge lives in its adapter (src/sources/<forge>/) and the registry; everything else asks
// the adapter of a project's or a contribution's forge. A comparison with a forge's name, or a `case` on
// one, anywhere else is a branch the next forge would have to find and extend.
const root = join(packageRoot, 'src');
const allowed = (file: string) =>
  FORGES.some((forge) => file.startsWith(`sources/${forge}/`)) || file === 'sources/registry.ts';
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|js|hbs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('forge names', () => {
  const names = FORGES.join('|');
  // TypeScript comparisons and cases, and Handlebars' `(eq x.forge "github")`.
  const branch = new RegExp(
    `(?:[!=]==\\s*'(?:${names})'|'(?:${names})'\\s*[!=]==|case\\s+'(?:${names})'\\s*:|\\(eq\\s+[\\w.]+\\s+"(?:${names})"\\))`,
  );

  test('the pattern finds a branch on a forge name', () => {
    expect(branch.test("if (project.forge === 'pagure') return;")).toBe(true);
    expect(branch.test("switch (f) { case 'gitlab': }")).toBe(true);
    expect(branch.test('{{#if (eq project.forge "github")}}')).toBe(true);
    expect(branch.test("const label = 'GitLab';")).toBe(false);
  });

  test('nothing outside the adapters and the registry branches on a forge name', () => {
    const found: string[] = [];
    for (const dir of [root, join(packageRoot, 'views')]) {
      for (const file of files(dir)) {
        const name = relative(root, file);
        if (allowed(name)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (branch.test(line)) found.push(`${relative(packageRoot, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
