import { describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { describeGithubFailure } from '../../../src/sources/github/failure.js';

describe('what a failed GitHub request says', () => {
  test('a request that never reached GitHub is "could not reach", not "answered 500"', async () => {
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    const octokit = new Octokit({ baseUrl: 'http://127.0.0.1:9', request: { retries: 0 } });
    const error = await octokit
      .request('GET /repos/{owner}/{repo}', { owner: 'a', repo: 'b' })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(500);
    expect(describeGithubFailure(error)).toMatch(/^could not reach GitHub \(/);
  });

  test('answers keep their status and say what to do', () => {
    expect(describeGithubFailure({ status: 401, response: {} })).toContain('refused the token');
    expect(describeGithubFailure({ status: 403, response: {} })).toContain('rate limit');
    expect(describeGithubFailure({ status: 502, response: {} })).toBe('GitHub answered 502');
  });
});
