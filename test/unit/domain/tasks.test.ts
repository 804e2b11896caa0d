import { describe, expect, test } from '@jest/globals';
import { canonicalIssueUrl, issueReferences, taskState } from '../../../src/domain/tasks.js';

describe('issueReferences', () => {
  const project = 'https://github.com/acme/rocket';
  test.each([
    ['Fixes #12', ['https://github.com/acme/rocket/issues/12']],
    [
      'closes: #12 and resolves #13',
      ['https://github.com/acme/rocket/issues/12', 'https://github.com/acme/rocket/issues/13'],
    ],
    ['Closes acme/launcher#4', ['https://github.com/acme/launcher/issues/4']],
    [
      'See https://github.com/acme/rocket/issues/12#issuecomment-9 for why',
      ['https://github.com/acme/rocket/issues/12'],
    ],
    ['Mentions #12 without a keyword, and prefixes#12', []],
    ['fixed #12. FIXES #12', ['https://github.com/acme/rocket/issues/12']],
  ])('%s', (text, expected) => {
    expect(issueReferences(text, `${project}/issues/`, 'https://github.com')).toEqual(expected);
  });

  test('Pagure: `Fixes #N` of its own project and issue links of its instance', () => {
    expect(
      issueReferences('Fixes #7\nalso https://pagure.io/pagure/issue/8/', 'https://pagure.io/pagure/issue/', null),
    ).toEqual(['https://pagure.io/pagure/issue/7', 'https://pagure.io/pagure/issue/8']);
  });

  test('only issue links are issues', () => {
    expect(canonicalIssueUrl('https://github.com/acme/rocket/pull/3')).toBeNull();
    expect(canonicalIssueUrl('https://github.com/acme/rocket/issues/3/')).toBe(
      'https://github.com/acme/rocket/issues/3',
    );
  });

  test('every forge’s issue links, hosts in lower case and paths as written', () => {
    expect(canonicalIssueUrl('https://GitLab.GNOME.org/GNOME/gtk/-/issues/12?x=1')).toBe(
      'https://gitlab.gnome.org/GNOME/gtk/-/issues/12',
    );
    expect(canonicalIssueUrl('https://codeberg.org/forgejo/forgejo/issues/5#top')).toBe(
      'https://codeberg.org/forgejo/forgejo/issues/5',
    );
    expect(canonicalIssueUrl('https://src.fedoraproject.org/rpms/python3/issue/2')).toBe(
      'https://src.fedoraproject.org/rpms/python3/issue/2',
    );
    expect(canonicalIssueUrl('https://gitlab.com/group/app/-/merge_requests/3')).toBeNull();
  });
});

describe('taskState', () => {
  const open = { closedAt: null };
  test.each([
    [open, 0, [], 'open'],
    [open, 1, [], 'claimed'],
    [open, 1, ['open'], 'in_review'],
    [open, 1, ['closed'], 'claimed'],
    [open, 0, ['closed', 'merged'], 'done'],
    [{ closedAt: '2024-05-10T00:00:00Z' }, 1, ['merged'], 'closed'],
  ] as const)('%o with %d claims and %o linked: %s', (task, claims, linked, expected) => {
    expect(taskState(task, claims, [...linked])).toBe(expected);
  });
});
