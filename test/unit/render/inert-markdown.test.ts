import { describe, expect, test } from '@jest/globals';
import { renderJoinNudge, renderRefusal, renderTaskComment, renderWelcome } from '../../../src/render/bot-comments.js';
import { escapeMarkdown } from '../../../src/render/markdown.js';

const HOSTILE = [
  '@gvanrossum',
  '@python/core-devs',
  'python/cpython#1',
  '#1',
  'GH-12',
  'https://evil.example/login',
  'www.evil.example',
  'someone@evil.example',
  'Ana \u202eevil\u202c Lima',
  '@gvanrossum @python/core-devs python/cpython#1 https://evil.example/login',
];

/**
 * What GitHub would make live in a comment, by its rules: mentions of users and teams, issue references
 * (#N, owner/repo#N, GH-N), bare URL and www autolinks, e-mail autolinks; and bidirectional controls. Link
 * destinations the bot writes itself (`](…)`) are ours and left out of the check.
 */
function liveParts(markdown: string): string[] {
  const text = markdown.replace(/\]\(<?[^)]*>?\)/g, ']');
  const patterns = [
    /(?:^|[^\w`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9_.-]+)?/g,
    /(?:^|[^\w])(?:[\w.-]+\/[\w.-]+)?#\d+/g,
    /\bGH-\d+/gi,
    /\b(?:https?|ftp):\/\//gi,
    /\bwww\./gi,
    /[\w.+-]+@[\w-]+\.[\w.-]+/g,
    /[\u202a-\u202e\u2066-\u2069]/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]));
}

describe('hostile names and titles in the bot’s comments and the Markdown report', () => {
  test.each(HOSTILE)('%j makes no mention, reference or autolink, and reads the same', (hostile) => {
    const rendered = [
      renderWelcome(null, {
        name: hostile,
        event: hostile,
        repo: hostile,
        firstTime: true,
        leaderboardUrl: 'https://sprints.example.org/events/e/leaderboard',
        eventUrl: 'https://sprints.example.org/events/e',
      }),
      renderRefusal(hostile),
      renderTaskComment({ event: hostile, holders: [], state: 'free', tasksUrl: null }),
      renderJoinNudge({ login: 'newcomer', event: hostile, joinUrl: null }),
      escapeMarkdown(hostile),
    ];
    for (const markdown of rendered) {
      // The join nudge greets the pull request's own author: the one mention the bot means to make.
      expect(liveParts(markdown.replace(/^Hi @newcomer,/, 'Hi,'))).toEqual([]);
    }
    // Invisible joiners only: what a reader sees is the text as typed, bidirectional controls dropped.
    expect(escapeMarkdown(hostile).replace(/\u2060/g, '')).toBe(
      hostile.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' '),
    );
  });

  test('the check itself sees what GitHub would link in plain text', () => {
    expect(liveParts('@gvanrossum python/cpython#1 https://evil.example www.x.org GH-1 a@b.org')).toHaveLength(6);
  });
});
