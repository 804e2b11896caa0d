/** Opens N Server-Sent Events streams in its own process and reports when every one has an update. */
import { Agent, request } from 'node:http';

const [url, countText] = process.argv.slice(2) as [string, string];
const count = Number(countText);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const seen = new Map<string, number>();
let connected = 0;

for (let i = 0; i < count; i += 1) {
  const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    let announced = false;
    res.on('data', (chunk: string) => {
      if (!announced) {
        announced = true;
        if (++connected === count) process.stdout.write('ready\n');
      }
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: (\d+)$/m.exec(block)?.[1];
        if (id && /^event: leaderboard$/m.test(block)) {
          const n = (seen.get(id) ?? 0) + 1;
          seen.set(id, n);
          if (n === count) process.stdout.write(`all ${id} ${Date.now()}\n`);
        }
      }
    });
  });
  req.on('error', (error) => process.stdout.write(`error ${error.message}\n`));
  req.end();
}
