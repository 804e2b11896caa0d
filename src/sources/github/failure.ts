/**
 * What went wrong with a GitHub request, in words an organizer can act on. Octokit reports a request
 * that never reached GitHub (no network, a refused connection, a timeout) with status 500 and no
 * response: that is "could not reach", not "answered 500".
 */
export function describeGithubFailure(error: unknown): string {
  const failure = error as { status?: number; response?: unknown; message?: string; cause?: { message?: string } };
  if (failure.response === undefined) {
    const why = failure.cause?.message ?? failure.message ?? 'no answer';
    return `could not reach GitHub (${why})`;
  }
  if (failure.status === 401) return 'GitHub refused the token (401): check GITHUB_TOKEN or the app installation';
  if (failure.status === 403 || failure.status === 429)
    return `GitHub refused for now (${failure.status}, a rate limit?)`;
  return `GitHub answered ${failure.status ?? 'an error'}`;
}
