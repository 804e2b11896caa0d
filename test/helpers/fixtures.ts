import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

/** A recorded or documented delivery under test/fixtures, as the exact text a forge would send. */
export function fixture(path: string): string {
  return readFileSync(join(packageRoot, 'test/fixtures', path), 'utf8');
}
