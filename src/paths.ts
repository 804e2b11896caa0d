import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
export const migrationsDir = join(packageRoot, 'db', 'migrations');
export const viewsDir = join(packageRoot, 'views');
export const demoListPath = join(packageRoot, 'db', 'demo', 'pycon-pune-2017-devsprint.tsv');
export const schemaBaselinePath = join(packageRoot, 'db', 'schema.sql');
export const appManifestPath = join(packageRoot, 'app.yml');
