export interface Tally {
  merged: number;
  pullRequests: number;
  commits: number;
}

/** Merged pull requests first, then pull requests opened, then commits. */
export function compareTallies(a: Tally, b: Tally): number {
  return b.merged - a.merged || b.pullRequests - a.pullRequests || b.commits - a.commits;
}

/** Competition ranking ("1, 2, 2, 4"): rows the comparison calls equal share a rank. Input must already be sorted by it. */
export function assignRanks<T extends Tally>(
  sorted: readonly T[],
  firstRank = 1,
  compare: (a: T, b: T) => number = compareTallies,
): Array<T & { rank: number }> {
  const ranked: Array<T & { rank: number }> = [];
  sorted.forEach((row, index) => {
    const previous = ranked[index - 1];
    const rank = previous && compare(previous, row) === 0 ? previous.rank : firstRank + index;
    ranked.push({ ...row, rank });
  });
  return ranked;
}
