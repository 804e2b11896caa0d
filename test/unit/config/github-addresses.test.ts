import { describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('GitHub addresses and log format, as Probot apps name them', () => {
  test('github.com by default', () => {
    const config = loadConfig({});
    expect([config.githubUrl, config.githubApiUrl, config.logFormat]).toEqual([
      'https://github.com',
      'https://api.github.com',
      'json',
    ]);
  });

  test('GHE_HOST sets the web and API addresses of a GitHub Enterprise Server; an explicit address wins', () => {
    const ghe = loadConfig({ GHE_HOST: 'github.example.com' });
    expect([ghe.githubUrl, ghe.githubApiUrl]).toEqual([
      'https://github.example.com',
      'https://github.example.com/api/v3',
    ]);
    const plain = loadConfig({ GHE_HOST: 'ghe.internal:8080', GHE_PROTOCOL: 'http' });
    expect(plain.githubApiUrl).toBe('http://ghe.internal:8080/api/v3');
    const explicit = loadConfig({ GHE_HOST: 'github.example.com', GITHUB_API_URL: 'https://api.example.com/' });
    expect(explicit.githubApiUrl).toBe('https://api.example.com');
  });

  test('a bad GHE_HOST or LOG_FORMAT is named with what it must be', () => {
    expect(() => loadConfig({ GHE_HOST: 'https://github.example.com' })).toThrow(
      new ConfigError(
        'GHE_HOST="https://github.example.com" must be the host name of your GitHub Enterprise Server, such as github.example.com',
      ),
    );
    expect(() => loadConfig({ LOG_FORMAT: 'xml' } as unknown as NodeJS.ProcessEnv)).toThrow(
      /^LOG_FORMAT="xml" must be json/,
    );
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });
});
