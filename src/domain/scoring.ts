/**
 * How an event ranks its sprinters. `ranked` (the default) is what organizers' posts have always done:
 * merged pull requests, then pull requests, then commits; reviews and issues are shown and thanked but do
 * not move anyone. `points` weighs them in, by the one formula below, which the pages print as it is.
 */
export type Scoring = 'ranked' | 'points';

export interface ScoredTally {
  merged: number;
  pullRequests: number;
  commits: number;
  reviews: number;
  issues: number;
}

/** Points for each kind of work; a merged pull request is worth its pull request's points and more. */
export const POINTS = { merged: 4, otherPullRequest: 2, review: 2, commit: 1, issue: 1 } as const;

/**
 * The same expression as the `*_points` indexes of migration 0021 and the leaderboard's query: kept in
 * one place here so the three cannot drift (a test compares them).
 */
export const POINTS_SQL = '4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues';

export function pointsOf(t: ScoredTally): number {
  return (
    POINTS.merged * t.merged +
    POINTS.otherPullRequest * (t.pullRequests - t.merged) +
    POINTS.review * t.reviews +
    POINTS.commit * t.commits +
    POINTS.issue * t.issues
  );
}

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
