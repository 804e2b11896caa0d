import { describe, expect, test } from '@jest/globals';
import { renderJoinNudge, renderWelcome, TemplateError } from '../../../src/render/bot-comments.js';

const context = {
  name: 'Ana',
  event: 'PyCon <b>2025</b>',
  repo: 'python/cpython',
  firstTime: false,
  leaderboardUrl: 'https://s.example/events/x/leaderboard',
  eventUrl: null,
};

describe('bot comments', () => {
  test('every forge-provided string is escaped Markdown; our URLs are left as links', () => {
    const text = renderWelcome(null, { ...context, name: '[click](https://evil.example) @everyone <img src=x>' });
    expect(text).toContain('Thank you, \\[click\\](https:\u2060//evil.example) @\u2060everyone &lt;img src=x&gt;!');
    expect(text).toContain('**PyCon &lt;b&gt;2025&lt;/b&gt;**');
    expect(text).toContain('[leaderboard](https://s.example/events/x/leaderboard)');
    expect(text).not.toContain('For reviewers');
  });

  test("first-timers get the note for reviewers; a leader's own wording is used", () => {
    expect(renderWelcome(null, { ...context, firstTime: true })).toContain(
      "> **For reviewers:** this is Ana's first contribution to python/cpython",
    );
    expect(renderWelcome('Welcome {{name}} to {{event}}!', context)).toBe(
      'Welcome Ana to PyCon &lt;b&gt;2025&lt;/b&gt;!',
    );
    expect(() => renderWelcome('{{#if}}', context)).toThrow(TemplateError);
  });

  test('the join nudge', () => {
    expect(renderJoinNudge({ login: 'octo-cat', event: 'Sprint', joinUrl: null })).toBe(
      'Hi @octo-cat, is this part of **Sprint**? Join the sprint with your GitHub account and it will count on the leaderboard.',
    );
  });
});
