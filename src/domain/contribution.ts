/** The one shape every source (GitHub, Pagure, CLI import) is normalized into before any rule runs. */
export type Forge = 'github' | 'pagure' | 'gitlab' | 'forgejo';
/**
 * `issue`: an issue opened at the sprint; `review`: the reviews one person gave one pull request. Both are
 * counted apart from pull requests and commits and move the ranking only where the event scores by points.
 */
export type ContributionKind = 'pull_request' | 'commit' | 'issue' | 'review' | 'other';
export type ContributionState = 'open' | 'merged' | 'closed';
export type ContributionSource = 'webhook' | 'poll' | 'import' | 'manual';

export interface AuthorIdentity {
  login: string | null;
  /** GitHub's numeric user id: stable across renames, so it is matched before the login. */
  id: number | null;
  email: string | null;
  name: string | null;
  isBot: boolean;
}

export interface ReviewedPullRequest {
  number: number;
  authorId: number | null;
  authorLogin: string | null;
}

/**
 * A review contribution is one per reviewer and pull request, however many times they review it: the key
 * is the pull request's number and the reviewer's stable id (`12:5001`), or their login where the forge
 * gives no id.
 */
export function reviewKey(pullNumber: number, reviewer: { id: number | null; login: string | null }): string {
  return `${pullNumber}:${reviewer.id ?? reviewer.login ?? ''}`;
}

/** The pull request number a review's key names. */
export function reviewedNumber(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

export interface CoAuthor {
  name: string;
  email: string;
}

/** How a pull request's first-time flag was decided: GitHub said so (`author_association`), or one search did. */
export type FirstTimeBy = 'association' | 'search';

export interface Contribution {
  forge: Forge;
  /** Full name on the forge: `python/cpython`, `pagure`, `infra/example-tool`. */
  repo: string;
  kind: ContributionKind;
  /** The pull request number or the commit sha, as text. */
  key: string;
  url: string;
  title: string;
  author: AuthorIdentity;
  coAuthors: CoAuthor[];
  state: ContributionState;
  createdAt: string;
  /** False when the source gave no time (an imported row): `createdAt` is then only where it sorts. */
  timed?: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  /** When a commit reached the default branch (the push time); null for pull requests. */
  landedAt: string | null;
  firstTime: boolean;
  /** Set where the source decided `firstTime` (GitHub's author_association); absent, it is still to decide. */
  firstTimeBy?: FirstTimeBy;
  /** For commits: whether it was pushed to the repository's default branch. */
  onDefaultBranch: boolean;
  /** Shas that identify a pull request's merged work: its head and its merge commit. */
  headSha: string | null;
  mergeCommitSha: string | null;
  /** For commits: pull request numbers its message says it merges (`Merge pull request #12`, `Title (#12)`). */
  mergesPullRequests: number[];
  /** For reviews: the pull request reviewed and who opened it (a review of one's own pull request does not count). */
  reviewOf?: ReviewedPullRequest;
  /** For pull requests: the issues its title or body says it addresses (canonical URLs), to attach it to tasks. */
  references?: string[];
  /** The forge's own last-update time, so an older delivery never overwrites a newer one. */
  sourceUpdatedAt: string | null;
  source: ContributionSource;
}
