/**
 * How an event ranks its sprinters. `ranked` (the default) is what organizers' posts have always done:
 * merged pull requests, then pull requests, then commits; reviews and issues are shown and thanked but do
 * not move anyone. `points` weighs them in, by the one formula of the counters' `points` column, which the
 * pages print in words.
 */
export type Scoring = 'ranked' | 'points';

/**
 * Points for each kind of work, as the pages put them into words; the `points` column of the counters
 * (migration 0023) computes them, and a unit test holds the two to the same weights.
 */
export const POINTS = { merged: 4, otherPullRequest: 2, review: 2, commit: 1, issue: 1 } as const;

/** The formula in words, as the leaderboard and the report print it under their tables. */
export function scoringSentence(scoring: Scoring): string {
  if (scoring === 'ranked')
    return 'Ranked by merged pull requests, then pull requests, then commits; reviews and issues are counted beside them.';
  return (
    `Ranked by points: ${POINTS.merged} for each merged pull request, ${POINTS.otherPullRequest} for each other pull request, ` +
    `${POINTS.review} for each pull request reviewed, ${POINTS.commit} for each commit and ${POINTS.issue} for each issue opened; ` +
    'ties go to merged pull requests, then pull requests, then commits.'
  );
}
