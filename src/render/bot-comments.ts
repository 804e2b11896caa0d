import Handlebars from 'handlebars';
import { escapeMarkdown } from './markdown.js';

/**
 * What the bot writes on GitHub. Templates are Handlebars with escaping switched to Markdown escaping,
 * so a title or name from a payload is shown as text and cannot add links, mentions or HTML.
 */
const hbs = Handlebars.create();

export const DEFAULT_WELCOME = [
  "Thank you, {{name}}! This pull request is part of **{{event}}** and is tracked on the sprint's {{#if leaderboardUrl}}[leaderboard]({{leaderboardUrl}}){{else}}leaderboard{{/if}}.",
  '{{#if firstTime}}',
  '',
  "> **For reviewers:** this is {{name}}'s first contribution to {{repo}}, made during the sprint: a quick review while they are still in the room helps a lot.{{#if eventUrl}} The sprint's table of projects and leaders is [here]({{eventUrl}}).{{/if}}",
  '{{/if}}',
].join('\n');

export const JOIN_NUDGE =
  'Hi @{{login}}, is this part of **{{event}}**? {{#if joinUrl}}[Join the sprint]({{joinUrl}}){{else}}Join the sprint{{/if}} with your GitHub account and it will count on the leaderboard.';

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
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      typeof value === 'string' && !urlKeys.includes(key as keyof T) ? escapeMarkdown(value) : value,
    ]),
  );
}

export class TemplateError extends Error {}

export function renderWelcome(template: string | null, context: WelcomeContext): string {
  try {
    return hbs
      .compile(template ?? DEFAULT_WELCOME, { noEscape: true, strict: false })(
        escapeContext(context, ['leaderboardUrl', 'eventUrl']),
      )
      .trim();
  } catch (error) {
    throw new TemplateError(`the welcome wording is not a valid template: ${(error as Error).message}`);
  }
}

export function renderJoinNudge(context: { login: string; event: string; joinUrl: string | null }): string {
  return hbs
    .compile(JOIN_NUDGE, { noEscape: true })(escapeContext(context, ['joinUrl']))
    .trim();
}

export function renderRefusal(reason: string): string {
  return `Not done: ${escapeMarkdown(reason)}`;
}

/**
 * The one comment on a claimed task's issue, so people outside the room do not start the same work.
 * Handles are the holders' own (GitHub logins cannot carry markup); the event's name is escaped.
 */
export function renderTaskComment(context: {
  event: string;
  holders: string[];
  state: 'claimed' | 'in_review' | 'done' | 'free' | 'closed';
  tasksUrl: string | null;
}): string {
  const event = escapeMarkdown(context.event);
  const who = context.holders.map((login) => `@${login}`).join(', ');
  const where = context.tasksUrl ? ` ([the sprint's task table](<${context.tasksUrl}>))` : '';
  switch (context.state) {
    case 'claimed':
      return `${who} ${context.holders.length === 1 ? 'is' : 'are'} working on this at ${event}${where}. Please check with them before starting on it.`;
    case 'in_review':
      return `${who} worked on this at ${event}${where}; their pull request is in review.`;
    case 'done':
      return `This was done at ${event}${where}${who ? ` by ${who}` : ''}. Thank you!`;
    case 'free':
      return `Nobody at ${event} is working on this any more${where}: it is free to take.`;
    case 'closed':
      return `The sprint leaders of ${event} closed this task${where}.`;
  }
}
