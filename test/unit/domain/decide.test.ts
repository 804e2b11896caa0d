import { describe, expect, test } from '@jest/globals';
import { NOBODY_NAMED, type CountReason } from '../../../src/domain/attribution.js';
import { decideContribution, type ContributionFacts, type GatheredFacts } from '../../../src/domain/decide.js';

// The window is 10 May 00:00 to 12 May 00:00 UTC; work may land up to 90 days after its end.
const window = { startsAt: '2024-05-10T00:00:00.000Z', endsAt: '2024-05-12T00:00:00.000Z', followUpDays: 90 };
const inside = '2024-05-10T10:00:00.000Z';
const before = '2024-05-09T23:59:59.999Z';

const pr: ContributionFacts = {
  source: 'webhook',
  kind: 'pull_request',
  forge: 'github',
  createdAt: inside,
  timed: true,
  landedAt: null,
  onDefaultBranch: true,
  authorIsBot: false,
  authorId: 1,
  authorLogin: 'ana',
  reviewOfAuthorId: null,
  reviewOfAuthorLogin: null,
};
const commit: ContributionFacts = { ...pr, kind: 'commit', landedAt: '2024-05-10T11:00:00.000Z' };
const review: ContributionFacts = { ...pr, kind: 'review', reviewOfAuthorId: 2, reviewOfAuthorLogin: 'bo' };
const ana: GatheredFacts = {
  partOfCountedPullRequest: false,
  reviewsOnlyFromLeaders: false,
  reviewerLeadsProject: false,
  projectPending: false,
  named: { author: 7, coAuthors: [], manual: [], unproven: [] },
  given: [],
};
const nobody: GatheredFacts = { ...ana, named: NOBODY_NAMED };

// Every rule, each with the reason it stores: one row a rule.
const rules: Array<[string, ContributionFacts, GatheredFacts, boolean, CountReason]> = [
  ['a sprinter’s pull request opened inside the window', pr, ana, true, 'eligible'],
  ['a pull request opened before the window', { ...pr, createdAt: before }, ana, false, 'outside-window'],
  ['a pull request nobody who joined opened (yet)', pr, nobody, false, 'not-a-sprinter'],
  ['a bot’s pull request', { ...pr, authorIsBot: true }, ana, false, 'bot'],
  ['a commit on the default branch, written inside the window', commit, ana, true, 'eligible'],
  [
    'a commit on another branch',
    { ...commit, onDefaultBranch: false, landedAt: null },
    ana,
    false,
    'not-default-branch',
  ],
  ['a commit written before the window', { ...commit, createdAt: before }, ana, false, 'outside-window'],
  [
    'a commit landed after the follow-up horizon',
    { ...commit, landedAt: '2024-08-11T00:00:00.000Z' },
    ana,
    false,
    'landed-after-horizon',
  ],
  [
    'a commit a counted pull request holds',
    commit,
    { ...ana, partOfCountedPullRequest: true },
    false,
    'part-of-pull-request',
  ],
  ['a review of someone else’s pull request', review, ana, true, 'eligible'],
  ['a review of one’s own pull request', { ...review, reviewOfAuthorId: 1 }, ana, false, 'own-pull-request'],
  ['a review given before the window', { ...review, createdAt: before }, ana, false, 'outside-window'],
  [
    'a Pagure comment by someone who does not lead the project',
    { ...review, forge: 'pagure' },
    { ...ana, reviewsOnlyFromLeaders: true },
    false,
    'not-a-leader',
  ],
  [
    'a Pagure comment by a leader',
    { ...review, forge: 'pagure' },
    { ...ana, reviewsOnlyFromLeaders: true, reviewerLeadsProject: true },
    true,
    'eligible',
  ],
  ['an issue opened inside the window', { ...pr, kind: 'issue' }, ana, true, 'eligible'],
  ['an issue opened before it', { ...pr, kind: 'issue', createdAt: before }, ana, false, 'outside-window'],
  [
    'an imported row, as the list gave it',
    { ...pr, source: 'import', createdAt: before },
    { ...nobody, given: [{ sprinterId: 7, role: 'author' }] },
    true,
    'imported',
  ],
  [
    'an imported commit whose own time is outside the window',
    { ...commit, source: 'import', createdAt: before },
    nobody,
    false,
    'outside-window',
  ],
  [
    'an imported commit the list gave no time',
    { ...commit, source: 'import', createdAt: before, timed: false },
    nobody,
    true,
    'imported',
  ],
  ['work on a project only a stranger’s claim names', pr, { ...ana, projectPending: true }, false, 'project-pending'],
  [
    'an organizer’s list on such a project',
    { ...pr, source: 'import' },
    { ...nobody, projectPending: true },
    true,
    'imported',
  ],
  ['an outcome', { ...pr, kind: 'other', source: 'manual' }, nobody, true, 'imported'],
];

describe('decideContribution: every rule with its reason', () => {
  test.each(rules)('%s', (_label, facts, gathered, counts, reason) => {
    expect(decideContribution(facts, window, gathered)).toMatchObject({ counts, reason });
  });

  test('credits are kept when a rule leaves the work out, so the organizer sees whose it was', () => {
    expect(decideContribution({ ...pr, createdAt: before }, window, ana).credits).toEqual([
      { sprinterId: 7, role: 'author' },
    ]);
  });
});
