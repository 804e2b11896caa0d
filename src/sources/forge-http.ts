import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { ForgeHosts } from '../domain/forge-hosts.js';

/** A forge answer that could not be used: refused by the operator's list, an address, the size cap or the clock. */
export class ForgeRequestError extends Error {}

export interface ForgeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ForgeGetOptions {
  hosts: ForgeHosts;
  headers?: Record<string, string>;
  /** The whole request, connection to last byte (default 15 s). */
  timeoutMs?: number;
  /** Bytes of body read at most (default 10 MB): past it the answer is dropped, not buffered. */
  maxBytes?: number;
  /** The resolver (the system's by default; tests stand in a DNS that answers what they choose). */
  resolve?: typeof dnsLookup;
}

export const FORGE_MAX_BYTES = 10 * 1024 * 1024;

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a request may reach an address inside the network: only when the operator listed a base
 * that names one itself (`http://127.0.0.1:8080`, `http://localhost:8080`, as stand-ins are).
 */
export function allowsPrivateAddress(hosts: ForgeHosts, url: string): boolean {
  const base = hosts.baseOf(url);
  if (base === null) return false;
  const host = new URL(base).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host));
}

/**
 * Resolves as the system does, then refuses a private address unless the operator listed it: the
 * check is made on the address the socket will connect to, so a name that resolves (or re-resolves,
 * DNS rebinding) to the inside of the network is caught.
 */
function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused)
        return callback(
          new ForgeRequestError(`${hostname} resolves to ${refused.address}, an address inside the network: refused`),
          '',
          4,
        );
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * GET from a forge the operator chose (FORGE_HOSTS), with the guards every such request needs: the URL
 * is under a listed base, the connected address is public unless that base is listed as private, the
 * answer is read up to a size cap and the whole exchange within a deadline.
 */
export function forgeGet(url: string, options: ForgeGetOptions): Promise<ForgeAnswer> {
  if (options.hosts.baseOf(url) === null)
    return Promise.reject(new ForgeRequestError(`${url} is not under a forge this server may reach (FORGE_HOSTS)`));
  const target = new URL(url);
  const allowPrivate = allowsPrivateAddress(options.hosts, url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !allowPrivate && isPrivateAddress(literal)) {
    return Promise.reject(new ForgeRequestError(`${target.host} is an address inside the network: refused`));
  }
  const maxBytes = options.maxBytes ?? FORGE_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      { method: 'GET', headers: options.headers, lookup: guardedLookup(allowPrivate, options.resolve ?? dnsLookup) },
      (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          req.destroy();
          return reject(
            new ForgeRequestError(`${url}: the answer is ${declared} bytes, over the ${maxBytes}-byte cap`),
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            return reject(new ForgeRequestError(`${url}: the answer passed the ${maxBytes}-byte cap`));
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks, size).toString('utf8'),
          }),
        );
        res.on('error', (error) => reject(new ForgeRequestError(`${url}: ${error.message}`)));
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      reject(new ForgeRequestError(`${url}: no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (error) =>
      reject(error instanceof ForgeRequestError ? error : new ForgeRequestError(`${url}: ${error.message}`)),
    );
    req.end();
  });
}
