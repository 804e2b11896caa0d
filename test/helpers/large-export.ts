import { sql } from './sql.js';
import { expect } from '@jest/globals';
import { get, type IncomingMessage } from 'node:http';
import { deliver, type AppUnderTest } from './app-under-test.js';
import { pullRequestPayload } from './examples.js';
import { seedSprint } from './seed.js';
import { normalizePullRequest } from '../../src/sources/github/normalize.js';
import { recordContribution } from '../../src/services/record-contribution.js';

/** An event whose CSV (about 2 KB a line) is far larger than any socket buffer, so its download must wait for the client. */
export function seedLargeEvent(app: AppUnderTest, rows: number): void {
  seedSprint(app.db);
  const normalized = normalizePullRequest(pullRequestPayload());
  if (!normalized.ok) throw new Error(normalized.reason);
  const template = normalized.contributions[0]!;
  const description = 'with a long description '.repeat(80);
  sql(app.db).transaction(() => {
    for (let n = 1; n <= rows; n += 1) {
      recordContribution(app.db, {
        ...template,
        key: String(n),
        url: `${template.url.replace(/\d+$/, '')}${n}`,
        title: `Change number ${n} ${description}`,
      });
    }
  })();
}

/**
 * Whether some connection still reads an older snapshot than the newest commit: a TRUNCATE checkpoint
 * then cannot reset the log. The export reads on its own connection, so this tells whether it is running.
 */
export function exportHoldsSnapshot(app: AppUnderTest): boolean {
  const [result] = sql(app.db).pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return result!.busy === 1;
}

/** Starts the CSV download without reading it, then lands a delivery after the export's snapshot. */
export async function startPausedDownload(app: AppUnderTest): Promise<IncomingMessage> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${app.url}/events/test-sprint/report.csv`, resolve).on('error', reject),
  );
  response.pause();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(
    (await deliver(app, 'pull_request', pullRequestPayload({ number: 99_999, title: 'Landed during the export' })))
      .status,
  ).toBe(200);
  expect(exportHoldsSnapshot(app)).toBe(true);
  return response;
}
