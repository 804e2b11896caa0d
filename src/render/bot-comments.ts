import Handlebars from 'handlebars';
import { escapeMarkdown } from './markdown.js';

/**
 * What the bot writes on GitHub. Templates are Handlebars with escaping switched to Markdown escaping,
 * so a title or name from a payload is shown as text and cannot add links, mentions or HTML.
 */
const hbs = Handlebars.create();

export const DEFAULT_WELCOME = [
  'Thank you, {{name}}! This pull request is part of **{{event}}** and is tracked on the sprint\'s {{#if leaderboardUrl}}[leaderboard]({{leaderboardUrl}}){{else}}leaderboard{{/if}}.',
  '{{#if firstTime}}',
  '',
  '> **For reviewers:** this is {{name}}\'s first contribution to {{repo}}, made during the sprint: a quick review while they are still in the room helps a lot.{{#if eventUrl}} The sprint\'s table of projects and leaders is [here]({{eventUrl}}).{{/if}}',
  '{{/if}}',
].join('\n');

export const JOIN_NUDGE = 'Hi @{{login}}, is this part of **{{event}}**? {{#if joinUrl}}[Join the sprint]({{joinUrl}}){{else}}Join the sprint{{/if}} with your GitHub account and it will count on the leaderboard.';

export interface WelcomeContext {
  name: string;
  event: string;
  repo: string;
  firstTime: boolean;
  leaderboardUrl: string | null;
  eventUrl: string | null;
}

/** URLs are ours (built from PUBLIC_URL and slugs); everything else is escaped. */
function escapeContext<T extends object>(context: T, urlKeys: Array<keyof T>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).map(([key, value]) =>
    [key, typeof value === 'string' && !urlKeys.includes(key as keyof T) ? escapeMarkdown(value) : value]));
}

export class TemplateError extends Error {}

export function renderWelcome(template: string | null, context: WelcomeContext): string {
  try {
    return hbs.compile(template ?? DEFAULT_WELCOME, { noEscape: true, strict: false })(escapeContext(context, ['leaderboardUrl', 'eventUrl'])).trim();
  } catch (error) {
    throw new TemplateError(`the welcome wording is not a valid template: ${(error as Error).message}`);
  }
}

export function renderJoinNudge(context: { login: string; event: string; joinUrl: string | null }): string {
  return hbs.compile(JOIN_NUDGE, { noEscape: true })(escapeContext(context, ['joinUrl'])).trim();
}

export function renderRefusal(reason: string): string {
  return `Not done: ${escapeMarkdown(reason)}`;
}
