import { describe, expect, test } from '@jest/globals';
import { escapeMarkdown, renderMarkdown } from '../../../src/render/markdown.js';
import type { Report } from '../../../src/domain/report.js';

const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold*';

function reportWith(title: string, name: string): Report {
  return {
    event: {
      slug: 's',
      name: 'Sprint',
      starts_at: '2024-05-10T03:30:00.000Z',
      ends_at: '2024-05-11T12:30:00.000Z',
      time_zone: 'Asia/Kolkata',
    },
    totals: {
      sprinters: 1,
      contributors: 1,
      first_timers: 1,
      pull_requests: 1,
      merged: 1,
      commits: 0,
      projects: 1,
      other: 0,
      issues: 0,
      state_unknown: 0,
      unnamed: 0,
    },
    first_time_contributors: [{ name, github: 'gh', pagure: null }],
    projects: [
      {
        forge: 'github',
        name: 'o/r',
        url: 'https://github.com/o/r',
        contributions: [
          {
            kind: 'pull_request',
            ref: '1',
            url: 'https://github.com/o/r/pull/1',
            title,
            state: 'merged',
            created_at: '2024-05-10T04:00:00.000Z',
            merged_at: '2024-05-10T05:00:00.000Z',
            first_time: true,
            sprinter: { name, github: 'gh', pagure: null },
            co_authors: [],
          },
        ],
      },
    ],
    other_contributions: [],
  };
}

describe('Markdown', () => {
  test('forge text cannot inject HTML or links', () => {
    const md = renderMarkdown(reportWith(hostile, '=cmd|x'));
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('\\[click\\](javascript:alert(1))');
    expect(escapeMarkdown('a_b*c')).toBe('a\\_b\\*c');
  });
  test('first-timers are called out and the date range is in the event zone', () => {
    const md = renderMarkdown(reportWith('Fix', 'Ana'));
    expect(md).toContain('## First-time contributors');
    expect(md).toContain('10 – 11 May 2024 (Asia/Kolkata)');
    expect(md).toContain(
      '- Ana ([@gh](<https://github.com/gh>)): Fix ([o/r#1](<https://github.com/o/r/pull/1>)), merged · 🎉 first contribution',
    );
  });
  test("a sprint of more than one day gets a day-by-day summary on the event's clocks", () => {
    const report = reportWith('Fix', 'Ana');
    const first = report.projects[0]!.contributions[0]!;
    // 20:00 UTC on the 10th is already the 11th in India.
    report.projects[0]!.contributions.push(
      { ...first, ref: '2', created_at: '2024-05-10T20:00:00.000Z' },
      { ...first, kind: 'commit', ref: 'abcdef1234', created_at: null },
    );
    const md = renderMarkdown(report);
    expect(md).toContain(
      '## Day by day\n\n- **Friday 10 May**: 1 pull request, 0 commits, by 1 sprinter\n- **Saturday 11 May**: 1 pull request, 0 commits, by 1 sprinter\n',
    );
    expect(renderMarkdown(reportWith('Fix', 'Ana'))).not.toContain('Day by day');
  });

  test('a project heading names its leaders; a Pagure profile links to the instance the project lives on', () => {
    const report = reportWith('Fix', 'Ana');
    report.projects[0]!.leaders = ['ambv'];
    report.projects.push({
      forge: 'pagure',
      name: 'rpms/python3',
      url: 'https://src.fedoraproject.org/rpms/python3',
      contributions: [
        {
          ...report.projects[0]!.contributions[0]!,
          url: 'https://src.fedoraproject.org/rpms/python3/pull-request/5',
          ref: '5',
          sprinter: { name: 'Bea Silva', github: null, pagure: 'bea' },
        },
      ],
    });
    const md = renderMarkdown(report);
    expect(md).toContain('## [o/r](<https://github.com/o/r>)\n\nLed by [@ambv](<https://github.com/ambv>).');
    expect(md).toContain('- Bea Silva ([bea](<https://src.fedoraproject.org/user/bea>) on Pagure): Fix');
    expect(md).toContain('Bea Silva ([bea](<https://src.fedoraproject.org/user/bea>) on Pagure).');
  });
});
