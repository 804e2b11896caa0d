import { describe, expect, test } from '@jest/globals';
import { csvCell, renderCsvRows } from '../../../src/render/csv.js';

describe('CSV', () => {
  test.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('%j becomes %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });
  test('a hostile title stays inside its cell', () => {
    const lines = [
      ...renderCsvRows([
        {
          project: 'o/r',
          forge: 'github',
          kind: 'pull_request',
          ref: '1',
          url: 'https://github.com/o/r/pull/1',
          title: '=1+1, "quoted"',
          state: 'merged',
          createdAt: '2024-05-10T04:00:00.000Z',
          mergedAt: null,
          sprinter: { name: 'Ana', github: 'gh', pagure: null },
          coAuthors: '',
          firstTime: true,
          reviewedBy: '',
          task: '',
          reason: 'eligible',
        },
      ]),
    ];
    expect(lines[1]).toContain(`"'=1+1, ""quoted"""`);
  });
});
