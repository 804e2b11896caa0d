import { describe, expect, test } from '@jest/globals';
import { ListFormatError, parseContributionList } from '../../../../src/sources/tsv/parse-list.js';

const HEADER = 'forge\tproject\tkind\turl\tcontributor_name\tgithub_login\ttitle';

describe('parseContributionList', () => {
  test('reads PRs, commits, Pagure PRs and outcomes, skipping comments', () => {
    const { rows } = parseContributionList(
      [
        '# a comment',
        HEADER,
        'github\tpython/cpython\tpull_request\thttps://github.com/python/cpython/pull/147\tSanyam Khurana\t@CuriousLearner\t',
        'github\twebpy/webpy\tcommit\thttps://github.com/webpy/webpy/commit/F85221DDC7D4A7A31EFFB0289A760C6E55C59EE9\t\t\t',
        'pagure\tpagure\tpull_request\thttps://pagure.io/pagure/pull-request/1945\t\t\t',
        'other\tlearning\tother\t\t\t\tGetting started with PyGame',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.forge, r.project, r.kind, r.ref, r.githubLogin])).toEqual([
      ['github', 'python/cpython', 'pull_request', '147', 'CuriousLearner'],
      ['github', 'webpy/webpy', 'commit', 'f85221ddc7d4a7a31effb0289a760c6e55c59ee9', null],
      ['pagure', 'pagure', 'pull_request', '1945', null],
      ['other', 'learning', 'other', 'Getting started with PyGame', null],
    ]);
  });

  test('names every bad line at once', () => {
    const attempt = () =>
      parseContributionList(
        [
          HEADER,
          'github\ta/b\tpull_request\tnot-a-url\t\t\t',
          'github\ta/b\treview\thttps://github.com/a/b/pull/1\t\t\t',
        ].join('\n'),
      );
    expect(attempt).toThrow(ListFormatError);
    try {
      attempt();
    } catch (error) {
      expect((error as ListFormatError).problems).toEqual([
        'line 2: url "not-a-url" is not a github pull request URL',
        'line 3: kind "review" must be pull_request, commit, issue or other',
      ]);
    }
  });

  test('links as people paste them are made canonical: tabs of a pull request, fragments, queries, trailing slashes', () => {
    const { rows } = parseContributionList(
      [
        HEADER,
        'github\ta/b\tpull_request\thttps://github.com/a/b/pull/12/files\t\t\t',
        'github\ta/b\tpull_request\thttps://github.com/a/b/pull/13#issuecomment-280834421\t\t\t',
        'github\ta/b\tpull_request\thttps://github.com/a/b/pull/14/commits/abc123\t\t\t',
        'github\ta/b\tcommit\thttps://github.com/a/b/commit/f85221ddc7d4a7a31effb0289a760c6e55c59ee9/?diff=split\t\t\t',
        'pagure\tpagure\tpull_request\thttps://pagure.io/pagure/pull-request/1945/\t\t\t',
      ].join('\n'),
    );
    expect(rows.map((r) => r.url)).toEqual([
      'https://github.com/a/b/pull/12',
      'https://github.com/a/b/pull/13',
      'https://github.com/a/b/pull/14',
      'https://github.com/a/b/commit/f85221ddc7d4a7a31effb0289a760c6e55c59ee9',
      'https://pagure.io/pagure/pull-request/1945',
    ]);
  });

  test('issue links are held as issues, whatever the kind column says; branch histories are left out with the reason', () => {
    const { rows, skipped } = parseContributionList(
      [
        HEADER,
        'github\ta/b\tpull_request\thttps://github.com/a/b/issues/7#issuecomment-3\t\t\t',
        'github\ta/b\tcommit\thttps://github.com/a/b/commits/main\t\t\t',
        'github\ta/b\tpull_request\thttps://github.com/a/b/pull/8\t\t\t',
        'pagure\tpagure\tissue\thttps://pagure.io/pagure/issue/4052\t\t\t',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.kind, r.ref, r.url])).toEqual([
      ['issue', '7', 'https://github.com/a/b/issues/7'],
      ['pull_request', '8', 'https://github.com/a/b/pull/8'],
      ['issue', '4052', 'https://pagure.io/pagure/issue/4052'],
    ]);
    expect(skipped).toEqual([
      {
        line: 3,
        reason:
          'https://github.com/a/b/commits/main is a branch history or comparison, not one commit (list each commit, or the pull request)',
      },
    ]);
  });

  test('logins are checked as `sprinter add` checks them; several people of one row are separated with ;', () => {
    expect(() =>
      parseContributionList(
        [HEADER, 'github\ta/b\tpull_request\thttps://github.com/a/b/pull/1\t\talice,bob\t'].join('\n'),
      ),
    ).toThrow('line 2: github_login "alice,bob" is not a GitHub login (separate several people with ;)');
    const { rows } = parseContributionList(
      [HEADER, 'github\ta/b\tpull_request\thttps://github.com/a/b/pull/1\tAna Lima; Bo Chen\tana; @bochen\t'].join(
        '\n',
      ),
    );
    expect(rows[0]).toMatchObject({
      contributorName: 'Ana Lima',
      githubLogin: 'ana',
      coAuthors: [{ contributorName: 'Bo Chen', githubLogin: 'bochen', pagureUser: null }],
    });
  });

  test('a file without a url column or any link is refused', () => {
    expect(() => parseContributionList('forge\tproject\n')).toThrow(/the header lacks the column url/);
    expect(() => parseContributionList('# only comments\n')).toThrow(/no header line and no links/);
  });

  test("the pad's bare list, a link a line with whoever it names, reads as a full list would", () => {
    const { rows, skipped } = parseContributionList(
      [
        '# copied from the etherpad',
        'https://github.com/python/cpython/pull/147/files Sanyam Khurana (@CuriousLearner)',
        'https://github.com/webpy/webpy/commit/f85221ddc7d4a7a31effb0289a760c6e55c59ee9 - @anandology',
        'https://pagure.io/pagure/pull-request/1945#comment-12 @vivekanand1101',
        'https://src.fedoraproject.org/rpms/python3/pull-request/12',
        'https://github.com/django/django/pull/8081/',
        'https://github.com/python/cpython/issues/29549 Asha',
      ].join('\n'),
    );
    expect(
      rows.map((r) => [r.forge, r.project, r.kind, r.ref, r.url, r.contributorName, r.githubLogin, r.pagureUser]),
    ).toEqual([
      [
        'github',
        'python/cpython',
        'pull_request',
        '147',
        'https://github.com/python/cpython/pull/147',
        'Sanyam Khurana',
        'CuriousLearner',
        null,
      ],
      [
        'github',
        'webpy/webpy',
        'commit',
        'f85221ddc7d4a7a31effb0289a760c6e55c59ee9',
        'https://github.com/webpy/webpy/commit/f85221ddc7d4a7a31effb0289a760c6e55c59ee9',
        null,
        'anandology',
        null,
      ],
      [
        'pagure',
        'pagure',
        'pull_request',
        '1945',
        'https://pagure.io/pagure/pull-request/1945',
        null,
        null,
        'vivekanand1101',
      ],
      [
        'pagure',
        'rpms/python3',
        'pull_request',
        '12',
        'https://src.fedoraproject.org/rpms/python3/pull-request/12',
        null,
        null,
        null,
      ],
      [
        'github',
        'django/django',
        'pull_request',
        '8081',
        'https://github.com/django/django/pull/8081',
        null,
        null,
        null,
      ],
      [
        'github',
        'python/cpython',
        'issue',
        '29549',
        'https://github.com/python/cpython/issues/29549',
        'Asha',
        null,
        null,
      ],
    ]);
    expect(skipped).toEqual([]);
    // A line that is no link of either forge is named, and nothing is imported.
    expect(() => parseContributionList('https://github.com/a/b/pull/1\nhttps://example.org/somewhere')).toThrow(
      /line 2: "https:\/\/example\.org\/somewhere" is not a GitHub or Pagure pull request, commit or issue link/,
    );
  });

  test('a header may name only some columns: forge, project and kind come from each link', () => {
    const { rows } = parseContributionList(
      'url\tgithub_login\nhttps://github.com/python/cpython/pull/147\tCuriousLearner\n',
    );
    expect(rows[0]).toMatchObject({
      forge: 'github',
      project: 'python/cpython',
      kind: 'pull_request',
      ref: '147',
      githubLogin: 'CuriousLearner',
    });
  });
});
