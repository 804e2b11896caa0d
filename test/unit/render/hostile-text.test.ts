import { describe, expect, test } from '@jest/globals';
import { renderCsvRows } from '../../../src/render/csv.js';
import { markdownLink, renderMarkdown } from '../../../src/render/markdown.js';
import { renderWelcome } from '../../../src/render/bot-comments.js';
import type { Report } from '../../../src/domain/report.js';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[x](https://evil.example)',
  '![tracker](https://evil.example/pixel.png)',
  'javascript:alert(1)',
  'Fix \u202Etxt.exe\u202C',
];

function reportWith(title: string, url: string, outcomeUrl: string): Report {
  return {
    event: {
      slug: 's',
      name: 'Sprint',
      starts_at: '2024-05-10T03:30:00.000Z',
      ends_at: '2024-05-11T12:30:00.000Z',
      time_zone: 'UTC',
    },
    totals: {
      sprinters: 1,
      contributors: 1,
      first_timers: 0,
      pull_requests: 1,
      merged: 0,
      commits: 0,
      projects: 1,
      other: 1,
      issues: 0,
      state_unknown: 0,
      unnamed: 0,
    },
    first_time_contributors: [],
    projects: [
      {
        forge: 'pagure',
        name: 'infra/tool',
        url: 'https://pagure.io/infra/tool',
        contributions: [
          {
            kind: 'pull_request',
            ref: '1',
            url,
            title,
            state: 'open',
            created_at: '2024-05-10T04:00:00.000Z',
            merged_at: null,
            first_time: false,
            sprinter: { name: title, github: null, pagure: 'alice' },
            co_authors: [],
          },
        ],
      },
    ],
    other_contributions: [
      { topic: 'docs', title, url: outcomeUrl, sprinter: { name: null, github: null, pagure: null } },
    ],
  };
}

/** Links of a Markdown text: [label](target), as a Markdown library would read them (outside escapes). */
const links = (md: string) =>
  [...md.matchAll(/(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((<[^>]*>|[^)\s]*)\)/g)].map((m) => m[2]!.replace(/^<|>$/g, ''));

describe('forge text against the renderers', () => {
  test.each(HOSTILE)('Markdown keeps %j as text, and links only where we put them', (text) => {
    const md = renderMarkdown(
      reportWith(text, 'https://pagure.io/infra/tool/pull-request/1', 'https://example.org/talk'),
    );
    expect(md).not.toMatch(/<img|<script|\u202E/);
    // The project, the author's profile and the pull request, the outcome's link, and the profile again in the thank-you list.
    expect(links(md)).toEqual([
      'https://pagure.io/infra/tool',
      'https://pagure.io/user/alice',
      'https://pagure.io/infra/tool/pull-request/1',
      'https://example.org/talk',
      'https://pagure.io/user/alice',
    ]);
  });

  test('a hostile URL can neither close its link nor carry HTML, and a non-http one is no link', () => {
    const md = renderMarkdown(
      reportWith(
        't',
        'https://pagure.io/infra/tool/pull-request/1"><img src=x onerror=alert(1)>',
        'javascript:alert(1)',
      ),
    );
    expect(md).not.toContain('<img');
    expect(md).toContain('(<https://pagure.io/infra/tool/pull-request/1%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E>)');
    expect(md).not.toContain('javascript:');
    expect(markdownLink('a) [b](https://evil.example', 'https://ok.example/a b>c')).toBe(
      '[a) \\[b\\](https://evil.example](<https://ok.example/a%20b%3Ec>)',
    );
  });

  test('CSV neutralizes formulas, also after leading spaces, and drops bidi overrides', () => {
    const row = (title: string) =>
      [
        ...renderCsvRows([
          {
            project: 'o/r',
            forge: 'github',
            kind: 'pull_request',
            ref: '1',
            url: 'https://github.com/o/r/pull/1',
            title,
            state: 'open',
            createdAt: '2024-05-10T04:00:00.000Z',
            mergedAt: null,
            sprinter: { name: 'A', github: 'a', pagure: null },
            coAuthors: '',
            firstTime: false,
            reviewedBy: '',
            task: '',
            reason: 'eligible',
          },
        ]),
      ][1]!;
    expect(row('  =HYPERLINK("https://evil.example")')).toContain(`"'  =HYPERLINK(""https://evil.example"")"`);
    expect(row('\u00a0+1')).toContain("'\u00a0+1");
    expect(row('Fix \u202Etxt.exe')).toContain('Fix txt.exe');
  });

  test.each(HOSTILE)('the bot comment keeps %j as text', (text) => {
    const comment = renderWelcome(null, {
      name: text,
      event: text,
      repo: 'o/r',
      firstTime: true,
      leaderboardUrl: 'https://s.example/l',
      eventUrl: null,
    });
    expect(comment).not.toMatch(/<img|\u202E/);
    expect(links(comment)).toEqual(['https://s.example/l']);
  });
});
