import { visibleText } from '../domain/forge-text.js';
import { contributionLabel, personLabel, type Report, type ReportContribution, type ReportPerson } from '../domain/report.js';
import { formatDateRange } from './dates.js';

/**
 * Forge text is data: characters Markdown would act on are escaped, raw HTML never passes through, and
 * controls and bidirectional overrides are dropped.
 */
export function escapeMarkdown(text: string): string {
  return visibleText(text).replace(/[\\`*_[\]<>|~&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/**
 * A link whose target came from a forge or a sprinter: only http(s), written as a CommonMark `<…>`
 * destination after the URL parser has percent-encoded spaces, quotes and angle brackets, so the URL can
 * neither close the link early nor carry HTML. Anything else is shown as plain text.
 */
export function markdownLink(text: string, url: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return escapeMarkdown(text);
    href = parsed.href.replace(/[<>\s]/g, encodeURIComponent);
  } catch {
    return escapeMarkdown(text);
  }
  return `[${escapeMarkdown(text)}](<${href}>)`;
}

function profileLink(person: ReportPerson): string {
  if (person.anonymous) return '';
  if (person.github) return ` (${markdownLink(`@${person.github}`, `https://github.com/${encodeURIComponent(person.github)}`)})`;
  if (person.pagure) return ` (${markdownLink(person.pagure, `https://pagure.io/user/${encodeURIComponent(person.pagure)}`)} on Pagure)`;
  return '';
}

function who(person: ReportPerson): string {
  return `${escapeMarkdown(personLabel(person))}${profileLink(person)}`;
}

const STATE_WORDS: Record<ReportContribution['state'], string> = { open: 'open', merged: 'merged', closed: 'closed', unknown: '' };

function bullet(projectName: string, c: ReportContribution): string {
  const label = markdownLink(contributionLabel(projectName, c), c.url);
  const kind = c.kind === 'commit' ? 'commit ' : '';
  const title = c.title ? ` ${escapeMarkdown(c.title)}` : '';
  const credit = [who(c.sprinter), ...c.co_authors.map(who)].join(' with ');
  const state = STATE_WORDS[c.state] && c.kind === 'pull_request' ? ` · ${STATE_WORDS[c.state]}` : '';
  const first = c.first_time ? ' · 🎉 first contribution' : '';
  return `- ${kind}${label}${title} by ${credit}${state}${first}`;
}

/** A post an organizer can paste as it is: totals on top, first-timers called out, a section per project. */
export function renderMarkdown(report: Report): string {
  const { event, totals } = report;
  const lines: string[] = [];
  lines.push(`# ${escapeMarkdown(event.name)}: what the sprint made`, '');
  lines.push(`${formatDateRange(event.starts_at, event.ends_at, event.time_zone)} (${event.time_zone})`, '');
  lines.push(
    `**${totals.sprinters}** sprinters · **${totals.contributors}** contributors (**${totals.first_timers}** first-time) · ` +
      `**${totals.pull_requests}** pull requests (**${totals.merged}** merged) · **${totals.commits}** commits · **${totals.projects}** projects`,
    '',
  );
  if (report.first_time_contributors.length) {
    lines.push('## First-time contributors', '');
    lines.push('Welcome to open source! These sprinters made their first contribution to a project here:', '');
    for (const person of report.first_time_contributors) lines.push(`- ${who(person)}`);
    lines.push('');
  }
  for (const project of report.projects) {
    if (!project.contributions.length) continue;
    lines.push(`## ${markdownLink(project.name, project.url)}`, '');
    for (const c of project.contributions) lines.push(bullet(project.name, c));
    lines.push('');
  }
  if (report.other_contributions.length) {
    lines.push('## Other contributions', '');
    const byTopic = new Map<string, typeof report.other_contributions>();
    for (const o of report.other_contributions) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    for (const [topic, outcomes] of byTopic) {
      if (topic) lines.push(`### ${escapeMarkdown(topic)}`, '');
      for (const o of outcomes) {
        const title = o.url ? markdownLink(o.title, o.url) : escapeMarkdown(o.title);
        const credit = o.sprinter.name || o.sprinter.anonymous || o.sprinter.github ? ` by ${who(o.sprinter)}` : '';
        lines.push(`- ${title}${credit}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
