import { describe, expect, test } from '@jest/globals';
import { capTitle, isUnderProject, MAX_TITLE_LENGTH, visibleText } from '../../../src/domain/forge-text.js';

describe('titles', () => {
  test('controls and bidirectional overrides are dropped, whitespace folded', () => {
    expect(visibleText('Fix\u202Egnp.exe\u202C  the\tbug\u0007\n')).toBe('Fixgnp.exe the bug');
    expect(visibleText('\u2066isolated\u2069 \u200Fmark')).toBe('isolated mark');
  });
  test('a 20 MB title is cut to 500 characters with an ellipsis, never splitting a character', () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    expect(capTitle(huge)).toHaveLength(MAX_TITLE_LENGTH);
    expect(capTitle(huge).endsWith('…')).toBe(true);
    const emoji = capTitle('🎉'.repeat(600));
    expect(Array.from(emoji)).toHaveLength(MAX_TITLE_LENGTH);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(capTitle('short')).toBe('short');
  });
});

describe('links into a project', () => {
  const project = 'https://github.com/python/cpython';
  test.each([
    ['https://github.com/python/cpython/pull/147', true],
    ['https://github.com/Python/CPython/pull/147', true],
    ['https://github.com/python/cpython-evil/pull/1', false],
    ['https://github.com/python/cpython', false],
    ['http://github.com/python/cpython/pull/147', false],
    ['https://evil.example/python/cpython/pull/147', false],
    ['https://github.com@evil.example/python/cpython/pull/1', false],
    ['https://user:pw@github.com/python/cpython/pull/1', false],
    ['javascript:alert(1)//github.com/python/cpython/pull/1', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isUnderProject(url, project)).toBe(ok);
  });
  test('a Pagure project on its own instance', () => {
    expect(
      isUnderProject('https://pagure.io/infra/example-tool/pull-request/7', 'https://pagure.io/infra/example-tool'),
    ).toBe(true);
    expect(isUnderProject('https://pagure.io/other/pull-request/7', 'https://pagure.io/infra/example-tool')).toBe(
      false,
    );
  });
});
