import { describe, expect, test } from '@jest/globals';
import { DEFAULT_FORGE_HOSTS, ForgeHosts, normalizeForgeUrl } from '../../../src/domain/forge-hosts.js';

describe('a forge address typed by a user', () => {
  test.each([
    ['https://pagure.io/', 'https://pagure.io'],
    ['  https://PAGURE.io//  ', 'https://pagure.io'],
    ['https://src.fedoraproject.org:443/', 'https://src.fedoraproject.org'],
    ['http://127.0.0.1:8080/pagure/', 'http://127.0.0.1:8080/pagure'],
  ])('%j is rebuilt as %j', (input, url) => {
    expect(normalizeForgeUrl(input)).toEqual({ ok: true, url });
  });

  test.each([
    ['https://pagure.io#', 'must not have a #fragment'],
    ['http://127.0.0.1:9/internal/admin/delete-everything?confirm=yes#', 'must not have a #fragment'],
    ['https://pagure.io?x=1', 'must not have a ?query'],
    ['https://admin:hunter2@pagure.io', 'must not carry a user name or password'],
    ['ftp://pagure.io', 'must be an http(s) address'],
    ['javascript:alert(1)', 'must be an http(s) address'],
    ['pagure.io', 'is not a URL'],
    ['https://pagure.io/a/../../etc', 'must not have . or ..'],
  ])('%j is refused: %s', (input, message) => {
    const result = normalizeForgeUrl(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });
});

describe('FORGE_HOSTS', () => {
  const hosts = new ForgeHosts([...DEFAULT_FORGE_HOSTS, 'http://127.0.0.1:8080', 'https://code.example.org/forge']);

  test('a URL is under a listed base with the same scheme, host, port and path', () => {
    expect(hosts.baseOf('https://pagure.io/api/0/pagure/pull-requests')).toBe('https://pagure.io');
    expect(hosts.baseOf('http://127.0.0.1:8080/api/0/x')).toBe('http://127.0.0.1:8080');
    expect(hosts.baseOf('https://code.example.org/forge/api/0/x')).toBe('https://code.example.org/forge');
    expect(hosts.baseOf('https://code.example.org/forgery/api')).toBeNull();
    expect(hosts.baseOf('http://pagure.io/api')).toBeNull();
    expect(hosts.baseOf('http://127.0.0.1:8081/')).toBeNull();
    expect(hosts.baseOf('https://pagure.io.evil.example/')).toBeNull();
  });

  test('anything not listed is refused with a message naming the setting', () => {
    const result = hosts.check('https://evil.example');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('the operator adds it to FORGE_HOSTS') });
    expect(hosts.check('https://pagure.io/')).toEqual({ ok: true, url: 'https://pagure.io' });
  });
});
