import { adapterOf, profileUrl } from '../sources/registry.js';
import { visibleText } from '../domain/forge-text.js';
import {
  contributionLabel,
  dayByDay,
  isNamed,
  afterWorthSaying,
  firstContributionMarks,
  firstTimeKnown,
  handleLink,
  homeOf,
  rankingMeaningful,
  personParts,
  tasksByOutcome,
  thankYouList,
  topicTitle,
  type Report,
  type ReportContribution,
  type ReportPerson,
  type ProfileHome,
  type ReportProject,
} from '../domain/report.js';
import { levelWords } from '../domain/tasks.js';
import { formatDateRange } from './dates.js';

/**
 * Forge text is data: characters Markdown would act on are escaped, raw HTML never passes through, and
 * controls and bidirectional overrides are dropped.
 */
export function escapeMarkdown(text: string): string {
  return inert(escapeMarkup(text));
}

/** The escaping alone: for a link's text, where GitHub makes no mention, reference or autolink anyway. */
function escapeMarkup(text: string): string {
  return visibleText(text).replace(/[\\`*_[\]<>|~&]/g, (ch) =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`,
  );
}

/** U+2060 WORD JOINER: invisible, and it ends the run of characters GitHub's autolinkers look for. */
const JOINER = '\u2060';

/**
 * Text GitHub (and other GFM renderers) would turn into something live is made inert while reading the
 * same: no `@user` or `@org/team` mention (nor e-mail autolink), no `#1`, `owner/repo#1` or `GH-1`
 * reference, no bare `https://…` or `www.…` autolink. A joiner goes right after the `@`, the `#`, the
 * `GH-`, the scheme's colon or the `www`.
 */
function inert(text: string): string {
  return text
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, `$1${JOINER}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${JOINER}`)
    .replace(/\b(https?|ftp):(?=\/\/)/gi, `$1:${JOINER}`)
    .replace(/\b(www)(?=\.)/gi, `$1${JOINER}`);
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
  return `[${escapeMarkup(text)}](<${href}>)`;
}

const githubProfile = (login: string) => markdownLink(`@${login}`, `https://github.com/${encodeURIComponent(login)}`);

/**
 * A person as the post names them: "Name (@handle)", the name once when it is the handle; a Pagure,
 * GitLab or Forgejo handle links to its page on the instance the project lives on (src.fedoraproject.org,
 * gitlab.gnome.org…).
 */
function who(person: ReportPerson, home: ProfileHome | null = null): string {
  const { name } = personParts(person);
  const link = handleLink(person, home);
  // A handle on the forge text implies (GitHub) reads `@login`; elsewhere the login links to its page there.
  const handle = !link
    ? null
    : adapterOf(link.forge).impliedInText
      ? markdownLink(`@${link.login}`, profileUrl(link.forge, link.instanceUrl, link.login))
      : `${markdownLink(link.login, profileUrl(link.forge, link.instanceUrl, link.login))} on ${adapterOf(link.forge).label}`;
  if (name && handle) return `${escapeMarkdown(name)} (${handle})`;
  return name ? escapeMarkdown(name) : (handle ?? 'An unnamed contributor');
}

const STATE_WORDS: Record<ReportContribution['state'], string> = {
  open: 'open',
  merged: 'merged',
  closed: 'closed',
  unknown: '',
};

/** "Name (@handle): title (project#N), merged"; a row that names nobody is listed plainly. */
function bullet(project: ReportProject, home: ProfileHome | null, c: ReportContribution, marked: boolean): string {
  const label = `${c.kind === 'commit' ? 'commit ' : c.kind === 'issue' ? 'issue ' : ''}${markdownLink(contributionLabel(project.name, c, adapterOf(project.forge).requestMark), c.url)}`;
  const what = c.title ? `${escapeMarkdown(c.title)} (${label})` : label;
  const people = [c.sprinter, ...c.co_authors].filter(isNamed);
  const others = (c.with ?? []).filter(isNamed).map((p) => who(p, home));
  const credit = people.length
    ? `${[...people.map((p) => who(p, home)), ...others].join(' with ')}: `
    : others.length
      ? `${others.join(' with ')}: `
      : '';
  const state = STATE_WORDS[c.state] && c.kind !== 'commit' ? `, ${STATE_WORDS[c.state]}` : '';
  const first = marked ? ' · 🎉 first contribution' : '';
  const reviewers = c.reviewed_by?.length ? ` · reviewed by ${c.reviewed_by.map((p) => who(p, home)).join(', ')}` : '';
  return `- ${credit}${what}${state}${first}${reviewers}`;
}

/** "Name (@handle) (leader): 5 pull requests reviewed (cpython, django)". */
function mentorLine(m: NonNullable<Report['mentors']>[number]): string {
  const what = m.reviews ? plainCount(m.reviews, 'pull request') + ' reviewed' : 'led';
  return `- ${who(m.person)}${m.leader ? ' (leader)' : ''}: ${what} (${m.projects.map(escapeMarkdown).join(', ')})`;
}

/** The "After the sprint" paragraph and who came back where; opted-out sprinters are named as not followed. */
function afterLines(after: NonNullable<Report['after']>): string[] {
  const soFar = (days: number) => (after.complete[days] ? '' : ' (so far)');
  const lines = [
    `Of ${plainCount(after.followed, 'sprinter')} who contributed here and are followed, **${after.returned[30] ?? 0}** contributed again within 30 days${soFar(30)} and **${after.returned[90] ?? 0}** within 90 days${soFar(90)}` +
      `${after.first_timers_returned ? `, ${plainCount(after.first_timers_returned, 'first-timer')} among them` : ''}.` +
      `${after.not_followed ? ` ${after.not_followed === 1 ? '1 sprinter asked' : `${after.not_followed} sprinters asked`} not to be followed.` : ''}`,
    '',
  ];
  for (const p of after.projects)
    lines.push(
      `- **${escapeMarkdown(p.name)}**: ${plainCount(p.sprinters, 'sprinter')}, ${plainCount(p.contributions, 'contribution')}`,
    );
  if (after.projects.length) lines.push('');
  return lines;
}

const plainCount = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
const bold = (n: number, one: string, many = `${one}s`) => `**${n}** ${n === 1 ? one : many}`;

/**
 * The totals as they are known: states nobody recorded are said to be unknown rather than counted as
 * "0 merged", and rows that name nobody are counted as such rather than as "0 contributors".
 */
export function totalsLine(report: Report): string {
  const { totals } = report;
  const items = report.projects.flatMap((p) => p.contributions);
  const unknown = items.filter((c) => c.kind === 'pull_request' && c.state === 'unknown').length;
  const unnamed = items.filter((c) => !isNamed(c.sprinter)).length;
  const merged =
    unknown === 0
      ? `(**${totals.merged}** merged)`
      : unknown === totals.pull_requests
        ? '(state not known)'
        : `(**${totals.merged}** merged; state not known for ${unknown})`;
  const parts = [bold(totals.sprinters, 'sprinter')];
  if (totals.contributors > 0 || unnamed === 0)
    parts.push(
      `${bold(totals.contributors, 'contributor')} (${firstTimeKnown(report) ? `**${totals.first_timers}** first-time` : totals.first_timers ? `**${totals.first_timers}** first-time so far` : 'first-time not known yet'})`,
    );
  if (unnamed > 0) parts.push(bold(unnamed, 'item without a named contributor', 'items without a named contributor'));
  parts.push(
    `${bold(totals.pull_requests, 'pull request')}${totals.pull_requests > 0 ? ` ${merged}` : ''}`,
    bold(totals.commits, 'commit'),
  );
  if (totals.reviews) parts.push(bold(totals.reviews, 'review'));
  if (totals.issues) parts.push(bold(totals.issues, 'issue'));
  parts.push(bold(totals.projects, 'project'));
  return parts.join(' · ');
}

/** `https://github.com/o/r/pull/31` as `o/r#31`; a Pagure link as its project and number. */
function pullLabel(url: string): string {
  const m = /^https?:\/\/[^/]+\/(.+)\/(?:pull|pull-request)\/(\d+)$/.exec(url);
  return m ? `${m[1]}#${m[2]}` : url;
}

/** A post an organizer can paste as it is: totals on top, first-timers called out, a section per project. */
export function renderMarkdown(report: Report): string {
  const { event } = report;
  const marks = firstContributionMarks(report);
  const lines: string[] = [];
  lines.push(`# ${escapeMarkdown(event.name)}: what the sprint made`, '');
  lines.push(`${formatDateRange(event.starts_at, event.ends_at, event.time_zone)} (${event.time_zone})`, '');
  lines.push(totalsLine(report), '');
  const days = dayByDay(report);
  if (days.length > 1) {
    lines.push('## Day by day', '');
    for (const d of days)
      lines.push(
        `- **${d.day}**: ${plainCount(d.pull_requests, 'pull request')}, ${plainCount(d.commits, 'commit')}, by ${plainCount(d.people, 'sprinter')}`,
      );
    lines.push('');
  }
  if (report.first_time_contributors.length) {
    lines.push('## First-time contributors', '');
    lines.push('Welcome to open source! These sprinters made their first contribution to a project here:', '');
    for (const person of report.first_time_contributors) lines.push(`- ${who(person)}`);
    lines.push('');
  }
  if (report.sprinters?.length && rankingMeaningful(report)) {
    const points = report.scoring?.mode === 'points';
    lines.push('## Sprinters', '', escapeMarkdown(report.scoring?.formula ?? ''), '');
    lines.push(
      `| Rank | Sprinter |${points ? ' Points |' : ''} Merged | PRs | Commits | Reviews | Issues |`,
      `|---:|---|${points ? '---:|' : ''}---:|---:|---:|---:|---:|`,
    );
    for (const r of report.sprinters) {
      lines.push(
        `| ${r.rank} | ${r.person.anonymous ? 'An anonymous sprinter' : who(r.person)} |${points ? ` ${r.points} |` : ''} ${r.merged} | ${r.pull_requests} | ${r.commits} | ${r.reviews} | ${r.issues} |`,
      );
    }
    lines.push('');
  }
  for (const project of report.projects) {
    if (!project.contributions.length) continue;
    lines.push(
      `## ${markdownLink(project.name, project.url)}${adapterOf(project.forge).impliedInText ? '' : ` (${adapterOf(project.forge).label})`}`,
      '',
    );
    if (project.previous)
      lines.push(
        `Formerly ${markdownLink(project.previous.name, project.previous.url)} on ${adapterOf(project.previous.forge).label}: its work there is listed here too.`,
        '',
      );
    if (project.leaders?.length) lines.push(`Led by ${project.leaders.map(githubProfile).join(', ')}.`, '');
    const instance = homeOf(project);
    for (const c of project.contributions) lines.push(bullet(project, instance, c, marks.has(c)));
    lines.push('');
  }
  if (report.other_contributions.length) {
    lines.push('## Other contributions', '');
    const byTopic = new Map<string, typeof report.other_contributions>();
    for (const o of report.other_contributions) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    for (const [topic, outcomes] of byTopic) {
      if (topic) lines.push(`### ${escapeMarkdown(topicTitle(topic))}`, '');
      for (const o of outcomes) {
        const title = o.url ? markdownLink(o.title, o.url) : escapeMarkdown(o.title);
        lines.push(`- ${isNamed(o.sprinter) ? `${who(o.sprinter)}: ` : ''}${title}`);
      }
      lines.push('');
    }
  }
  const taskSections = tasksByOutcome(report);
  if (taskSections.length) {
    lines.push('## Tasks', '');
    for (const section of taskSections) {
      lines.push(`### ${section.title}`, '');
      for (const t of section.tasks) {
        const title = t.issue_url ? markdownLink(t.title, t.issue_url) : escapeMarkdown(t.title);
        const people = t.sprinters.length ? `: ${t.sprinters.map((p) => who(p)).join(', ')}` : '';
        const pulls = t.pull_requests
          .filter((p) => section.state !== 'open' && p.state !== 'closed')
          .map((p) => markdownLink(pullLabel(p.url), p.url));
        lines.push(
          `- ${title} (${escapeMarkdown(t.project)}, ${levelWords(t.level)})${people}${pulls.length ? ` in ${pulls.join(', ')}` : ''}`,
        );
      }
      lines.push('');
    }
  }
  if (report.mentors?.length) {
    lines.push('## Mentors and reviewers', '');
    lines.push(
      "The people who led the tables and reviewed the sprint's work, so that patches could land while everyone was still in the room:",
      '',
    );
    for (const m of report.mentors) lines.push(mentorLine(m));
    lines.push('');
  }
  if (report.after && afterWorthSaying(report.after)) {
    lines.push('## After the sprint', '');
    lines.push(...afterLines(report.after));
  }
  const thanks = thankYouList(report);
  if (thanks.people.length) {
    lines.push('## Thank you', '');
    lines.push(
      `Thanks to everyone who sprinted: ${thanks.people.map((t) => who(t.person, t.home)).join(', ')}${thanks.anonymous ? ', and the sprinters who chose not to be named' : ''}.`,
      '',
    );
  }
  return lines.join('\n');
}
