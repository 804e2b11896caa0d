/**
 * The baseline for the ingest benchmark: a bare node:http server that only verifies the HMAC, parses the
 * JSON and inserts one row of the normalized contribution fields, with the app's pragmas.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../src/store/database.js';

const [dbPath, secret] = process.argv.slice(2) as [string, string];
const db = new Database(dbPath);
applyPragmas(db);
db.exec(`CREATE TABLE IF NOT EXISTS contributions (repo TEXT, number INTEGER, url TEXT, title TEXT, login TEXT, user_id INTEGER,
  state TEXT, created_at TEXT, updated_at TEXT, PRIMARY KEY (repo, number))`);
const insert = db.prepare(`INSERT INTO contributions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (repo, number) DO UPDATE SET state = excluded.state, title = excluded.title, updated_at = excluded.updated_at`);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      res.writeHead(400).end();
      return;
    }
    const p = JSON.parse(body.toString('utf8'));
    const pr = p.pull_request;
    insert.run(
      p.repository.full_name,
      pr.number,
      pr.html_url,
      pr.title,
      pr.user.login,
      pr.user.id,
      pr.state,
      pr.created_at,
      pr.updated_at,
    );
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
