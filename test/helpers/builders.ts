import type { ContributionFacts } from '../../src/domain/decide.js';
import type { Contribution } from '../../src/domain/contribution.js';

/**
 * A normalized contribution as a source hands it on: an open pull request by `a` (GitHub id 1) to o/r,
 * opened on 10 May 2024 at 10:00 UTC. Tests override only what their case is about.
 */
export function aContribution(overrides: Partial<Contribution> = {}): Contribution {
  return {
    forge: 'github',
    repo: 'o/r',
    kind: 'pull_request',
    key: '1',
    url: 'https://github.com/o/r/pull/1',
    title: 't',
    author: { login: 'a', id: 1, email: null, name: null, isBot: false },
    coAuthors: [],
    state: 'open',
    createdAt: '2024-05-10T10:00:00.000Z',
    mergedAt: null,
    closedAt: null,
    landedAt: null,
    firstTime: false,
    onDefaultBranch: false,
    headSha: null,
    mergeCommitSha: null,
    mergesPullRequests: [],
    sourceUpdatedAt: null,
    source: 'webhook',
    ...overrides,
  };
}

/** The same, as a commit landed on the default branch. */
export function aCommit(overrides: Partial<Contribution> = {}): Contribution {
  return aContribution({
    kind: 'commit',
    key: 'c0ffee'.padEnd(40, '0'),
    url: `https://github.com/o/r/commit/${'c0ffee'.padEnd(40, '0')}`,
    state: 'merged',
    onDefaultBranch: true,
    landedAt: '2024-05-10T10:30:00.000Z',
    ...overrides,
  });
}

/** What the rules read of a contribution, as the store keeps it beside the row (ContributionFacts). */
export function factsOf(c: Contribution): ContributionFacts {
  return {
    source: c.source,
    kind: c.kind,
    forge: c.forge,
    createdAt: c.createdAt,
    timed: c.timed !== false,
    landedAt: c.landedAt,
    onDefaultBranch: c.kind !== 'commit' || c.onDefaultBranch,
    authorIsBot: c.author.isBot,
    authorId: c.author.id,
    authorLogin: c.author.login,
    reviewOfAuthorId: c.reviewOf?.authorId ?? null,
    reviewOfAuthorLogin: c.reviewOf?.authorLogin ?? null,
  };
}
