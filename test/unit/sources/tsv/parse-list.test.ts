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
        'line 2: "not-a-url" is not a link',
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

  test('issue links are held as issues, whatever the kind column says; a branch history is kept as an outcome, said so', () => {
    const { rows, skipped } = parseContributionList(
      [
        HEADER,
        'github\ta/b\tpull_request\thttps://github.com/a/b/issues/7#issuecomment-3\t\t\t',
        'github\ta/b\tcommit\thttps://github.com/a/b/commits/main\t\t\t',
        'github\ta/b\tpull_request\thttps://github.com/a/b/pull/8\t\t\t',
        'pagure\tpagure\tissue\thttps://pagure.io/pagure/issue/4052\t\t\t',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.forge, r.kind, r.ref, r.url])).toEqual([
      ['github', 'issue', '7', 'https://github.com/a/b/issues/7'],
      [
        'other',
        'other',
        'branch history or comparison: https://github.com/a/b/commits/main',
        'https://github.com/a/b/commits/main',
      ],
      ['github', 'pull_request', '8', 'https://github.com/a/b/pull/8'],
      ['pagure', 'issue', '4052', 'https://pagure.io/pagure/issue/4052'],
    ]);
    expect(rows[1]).toMatchObject({ project: 'a/b' });
    expect(skipped).toEqual([
      {
        line: 3,
        reason:
          'https://github.com/a/b/commits/main is a branch history or comparison: kept as an outcome with its link',
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
    // A link to another site is work the post lists too: kept as an outcome with its link, and said so.
    const other = parseContributionList('https://github.com/a/b/pull/1\nhttps://example.org/somewhere @ana');
    expect(other.rows[1]).toMatchObject({
      forge: 'other',
      kind: 'other',
      project: 'example.org',
      contributorName: null,
    });
    expect(other.skipped).toEqual([
      {
        line: 2,
        reason:
          'https://example.org/somewhere is a link to no pull request, commit or issue: kept as an outcome with its link',
      },
    ]);
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

describe('lists as organizers paste them', () => {
  test("a post's Markdown list of 14 links, with bullets, prose, a GitLab commit and five branch histories: every link kept", () => {
    const post = [
      'Here is what everyone did during the devsprint:',
      '',
      '## cpython',
      '- https://github.com/python/cpython/pull/147 by Sanyam Khurana (@CuriousLearner)',
      '- [webpy commit](https://github.com/webpy/webpy/commit/f85221ddc7d4a7a31effb0289a760c6e55c59ee9) - @anandology',
      '- https://github.com/kushaldas/gnome-python-client/commits/master',
      '- https://github.com/farhaanbukhsh/pagure/commits/issue-templates',
      '1. https://pagure.io/pagure/pull-request/1945 @vivekanand1101',
      '2. https://pagure.io/pagure/commits/master',
      '3. <https://gitlab.gnome.org/GNOME/gnome-maps/-/commit/0123456789abcdef0123456789abcdef01234567> Ana',
      '* https://gitlab.gnome.org/GNOME/gnome-maps/merge_requests/12 (an older link, without /-/)',
      '* https://codeberg.org/forgejo/forgejo/pulls/3301 Dana',
      '* https://codeberg.org/forgejo/forgejo/commit/89abcdef0123456789abcdef0123456789abcdef',
      '* https://gitlab.com/group/sub/project/-/issues/4',
      '* https://github.com/anweshadas/pycon-pune-2017/commits/gh-pages',
      '* https://gitlab.com/fedora/infra/commits/main',
      '* https://github.com/django/django/pull/8081.',
      'Thanks to everyone who came!',
    ].join('\n');
    const { rows, skipped } = parseContributionList(post);
    expect(rows).toHaveLength(14);
    expect(rows.map((r) => [r.forge, r.kind, r.project, r.ref])).toEqual([
      ['github', 'pull_request', 'python/cpython', '147'],
      ['github', 'commit', 'webpy/webpy', 'f85221ddc7d4a7a31effb0289a760c6e55c59ee9'],
      [
        'other',
        'other',
        'github.com',
        'branch history or comparison: https://github.com/kushaldas/gnome-python-client/commits/master',
      ],
      [
        'other',
        'other',
        'github.com',
        'branch history or comparison: https://github.com/farhaanbukhsh/pagure/commits/issue-templates',
      ],
      ['pagure', 'pull_request', 'pagure', '1945'],
      ['other', 'other', 'pagure.io', 'branch history or comparison: https://pagure.io/pagure/commits/master'],
      ['gitlab', 'commit', 'GNOME/gnome-maps', '0123456789abcdef0123456789abcdef01234567'],
      ['gitlab', 'pull_request', 'GNOME/gnome-maps', '12'],
      ['forgejo', 'pull_request', 'forgejo/forgejo', '3301'],
      ['forgejo', 'commit', 'forgejo/forgejo', '89abcdef0123456789abcdef0123456789abcdef'],
      ['gitlab', 'issue', 'group/sub/project', '4'],
      [
        'other',
        'other',
        'github.com',
        'branch history or comparison: https://github.com/anweshadas/pycon-pune-2017/commits/gh-pages',
      ],
      ['other', 'other', 'gitlab.com', 'branch history or comparison: https://gitlab.com/fedora/infra/commits/main'],
      ['github', 'pull_request', 'django/django', '8081'],
    ]);
    expect(rows[0]).toMatchObject({ contributorName: 'Sanyam Khurana', githubLogin: 'CuriousLearner' });
    expect(rows[1]).toMatchObject({ githubLogin: 'anandology' });
    expect(rows[6]).toMatchObject({ instanceUrl: 'https://gitlab.gnome.org', contributorName: 'Ana' });
    expect(rows[8]).toMatchObject({ instanceUrl: 'https://codeberg.org', contributorName: 'Dana' });
    expect(skipped.map((s) => s.line)).toEqual([6, 7, 9, 15, 16]);
  });

  test("a host's look-alike links are told apart by the projects registered on it", () => {
    const link = 'https://git.example.edu/team/app/commit/0123456789abcdef0123456789abcdef01234567';
    expect(parseContributionList(link).rows[0]).toMatchObject({ forge: 'other' });
    expect(parseContributionList(link, { forgeOfHost: () => 'forgejo' }).rows[0]).toMatchObject({
      forge: 'forgejo',
      project: 'team/app',
      instanceUrl: 'https://git.example.edu',
    });
  });
});
