import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { ForgeHosts } from '../../../src/domain/forge-hosts.js';
import { allowsPrivateAddress, forgeGet, isPrivateAddress } from '../../../src/sources/forge-http.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';

let server: Server;
let url = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 32);
      let sent = 0;
      const more = () => {
        while (sent < 64 && res.write(chunk)) sent += 1;
        if (sent < 64)
          res.once('drain', () => {
            sent += 1;
            more();
          });
        else res.end();
      };
      return more();
    }
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 1_000).unref();
    res.end('{"ok":true}');
  });
  url = await listenOnLoopback(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await closeServer(server);
});

/** A DNS that answers every name with loopback: what a rebinding attacker's name does. */
const rebinding = ((_host: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
  callback(null, [{ address: '127.0.0.1', family: 4 }])) as never;

describe('requests to forges', () => {
  test('a listed loopback stand-in is reached', async () => {
    const answer = await forgeGet(`${url}/api`, { hosts: new ForgeHosts([url]) });
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
  });

  test('an unlisted URL, a private address by its digits and a public name that resolves inside are refused before any byte is sent', async () => {
    const before = seen.length;
    await expect(forgeGet(`${url}/api`, { hosts: new ForgeHosts(['https://pagure.io']) })).rejects.toThrow(
      'not under a forge this server may reach',
    );
    const port = new URL(url).port;
    // Listed by a public name, but the name resolves to loopback at connect time.
    const hosts = new ForgeHosts([`http://forge.example.org:${port}`]);
    await expect(forgeGet(`http://forge.example.org:${port}/api`, { hosts, resolve: rebinding })).rejects.toThrow(
      'resolves to 127.0.0.1, an address inside the network',
    );
    expect(seen.length).toBe(before);
  });

  test('an answer over the cap is cut there, not buffered', async () => {
    await expect(forgeGet(`${url}/big`, { hosts: new ForgeHosts([url]), maxBytes: 2 * 1024 * 1024 })).rejects.toThrow(
      'byte cap',
    );
  });

  test('a forge that does not answer in time is given up on', async () => {
    await expect(forgeGet(`${url}/slow`, { hosts: new ForgeHosts([url]), timeoutMs: 200 })).rejects.toThrow(
      'no complete answer within 200 ms',
    );
  });

  test('only a base listed with an address inside the network, or localhost, may reach one', () => {
    const hosts = new ForgeHosts([
      'https://pagure.io',
      'http://127.0.0.1:8080',
      'http://localhost:9000',
      'http://[::1]:7000',
      'http://172.32.1.1',
    ]);
    expect(allowsPrivateAddress(hosts, 'http://127.0.0.1:8080/api')).toBe(true);
    expect(allowsPrivateAddress(hosts, 'http://localhost:9000/api')).toBe(true);
    expect(allowsPrivateAddress(hosts, 'http://[::1]:7000/api')).toBe(true);
    expect(allowsPrivateAddress(hosts, 'https://pagure.io/api')).toBe(false);
    expect(allowsPrivateAddress(hosts, 'http://172.32.1.1/api')).toBe(false);
    expect(allowsPrivateAddress(hosts, 'http://127.0.0.1:8081/api')).toBe(false);
  });

  test.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['192.168.0.10', true],
    ['172.16.5.4', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', true],
    ['140.211.169.196', false],
    ['8.8.8.8', false],
    ['2606:4700::1111', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
