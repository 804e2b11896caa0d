import type { Forge } from './contribution.js';

/**
 * The end-of-sprint report, in the documented JSON shape (snake_case, stable: fields may be added,
 * never renamed). Markdown, CSV, HTML and JSON are all rendered from this one model.
 */
export interface ReportPerson {
  name: string | null;
  github: string | null;
  pagure: string | null;
  /** Their proven GitLab and Forgejo logins (the report's JSON always names all four forges). */
  gitlab?: string | null;
  forgejo?: string | null;
  anonymous?: boolean;
}

/** The forges a person has handles on, in the order a report names them. */
export const HANDLE_FORGES = ['github', 'pagure', 'gitlab', 'forgejo'] as const;

export interface ReportContribution {
  kind: 'pull_request' | 'commit' | 'issue';
  /** Pull request or issue number, or commit sha. */
  ref: string;
  url: string;
  title: string;
  state: 'open' | 'merged' | 'closed' | 'unknown';
  /** Null when the source gave no time (an imported row whose list did not say). */
  created_at: string | null;
  merged_at: string | null;
  first_time: boolean;
  /** How first_time was decided: `association` (GitHub said), `search` (one search for earlier pull requests), null (not decided; absent in older reports). */
  first_time_by?: 'association' | 'search' | null;
  /** The credited author; all fields null for an unnamed contributor of an imported list. */
  sprinter: ReportPerson;
  co_authors: ReportPerson[];
  /**
   * Whom the forge names as its author where they did not sprint (a commit credited only to the sprinter
   * who co-wrote it): named on the work, never thanked as a sprinter. Absent when there is nobody.
   */
  with?: ReportPerson[];
  /** For pull requests: who reviewed it during the sprint (absent in reports frozen before reviews counted). */
  reviewed_by?: ReportPerson[];
}

/** A review given at the sprint: one for each reviewer and pull request, the pull request any project's. */
export interface ReportReview {
  /** The reviewed pull request's number. */
  pull_request: string;
  url: string;
  title: string;
  /** The reviewed pull request's state. */
  state: 'open' | 'merged' | 'closed' | 'unknown';
  submitted_at: string;
  reviewer: ReportPerson;
}

/** Counts of one project, as its aggregates keep them. */
export interface ReportProjectCounts {
  contributors: number;
  pull_requests: number;
  merged: number;
  commits: number;
  issues: number;
  reviews: number;
}

/** A sprinter's line of the report's ranking, in the event's order. */
export interface ReportSprinter {
  rank: number;
  person: ReportPerson;
  merged: number;
  pull_requests: number;
  commits: number;
  issues: number;
  reviews: number;
  points: number;
  first_time: boolean;
}

/** Someone the report thanks for mentoring and reviewing: a project's leader, or anyone who reviewed. */
export interface ReportMentor {
  person: ReportPerson;
  reviews: number;
  /** The projects they led or reviewed at. */
  projects: string[];
  leader: boolean;
}

export interface ReportProject {
  forge: Forge;
  name: string;
  url: string;
  /** Where the project lived before it moved; its work there is listed here too (absent: it never moved). */
  previous?: { forge: Forge; name: string; url: string };
  /** GitHub logins of its proven leaders (absent in reports frozen before leaders were listed). */
  leaders?: string[];
  contributions: ReportContribution[];
  /** Absent in reports frozen before reviews counted. */
  reviews?: ReportReview[];
  counts?: ReportProjectCounts;
}

export interface ReportOutcome {
  topic: string;
  title: string;
  url: string;
  sprinter: ReportPerson;
}

export interface ReportTotals {
  sprinters: number;
  contributors: number;
  first_timers: number;
  pull_requests: number;
  merged: number;
  commits: number;
  projects: number;
  other: number;
  /** Issues opened at the sprint (counted apart: the ranking stays merged, pull requests, commits). */
  issues: number;
  /** Pull requests reviewed at the sprint, one for each reviewer and pull request (absent in reports frozen before reviews counted). */
  reviews?: number;
  /** Pull requests whose state no source gave (an imported list), not counted as merged or open. */
  state_unknown: number;
  /** Counted pull requests and commits credited to no named contributor. */
  unnamed: number;
}

/** A task of the sprint table as the report tells it: done, still in review, or left for the next sprint. */
export interface ReportTask {
  project: string;
  title: string;
  level: string;
  issue_url: string | null;
  state: 'done' | 'in_review' | 'open';
  /** Who did it: the holders who linked its pull requests (for a task left open, nobody). */
  sprinters: ReportPerson[];
  pull_requests: Array<{ url: string; state: string }>;
}

export interface Report {
  event: { slug: string; name: string; starts_at: string; ends_at: string; time_zone: string };
  totals: ReportTotals;
  first_time_contributors: ReportPerson[];
  projects: ReportProject[];
  other_contributions: ReportOutcome[];
  /** Absent from reports frozen before the task table existed. */
  tasks?: ReportTask[];
  /** The ranking and how it was made (absent from reports frozen before reviews counted). */
  scoring?: { mode: 'ranked' | 'points'; formula: string };
  sprinters?: ReportSprinter[];
  mentors?: ReportMentor[];
  after?: ReportAfter;
}

/** What became of the sprinters after the window: who contributed again, within each horizon. */
export interface ReportAfter {
  window_days: number[];
  /** Followed sprinters who contributed again within each number of days (keys are the window_days). */
  returned: Record<string, number>;
  /** First-time contributors at the sprint who contributed again within the longest window. */
  first_timers_returned: number;
  /** Sprinters who contributed at the sprint and are followed (not opted out). */
  followed: number;
  /** Sprinters who asked not to be followed: not counted above. */
  not_followed: number;
  /** For each window, whether it has run its course (false: the numbers are so far). */
  complete: Record<string, boolean>;
  projects: Array<{ name: string; sprinters: number; contributions: number }>;
  sprinters: Array<{
    github: string | null;
    name: string | null;
    followed: boolean;
    first_time: boolean;
    contributions_after: number;
    within: Record<string, number>;
    projects: string[];
  }>;
}

/** The report's tasks by what became of them, in the order the report tells them. */
export function tasksByOutcome(
  report: Report,
): Array<{ state: ReportTask['state']; title: string; tasks: ReportTask[] }> {
  const sections = [
    { state: 'done' as const, title: 'Done' },
    { state: 'in_review' as const, title: 'Still in review' },
    { state: 'open' as const, title: 'Left open for the next sprint' },
  ];
  return sections
    .map((s) => ({ ...s, tasks: (report.tasks ?? []).filter((t) => t.state === s.state) }))
    .filter((s) => s.tasks.length);
}

export const UNNAMED: ReportPerson = { name: null, github: null, pagure: null, gitlab: null, forgejo: null };

/**
 * What a report shows of a person: their name, and their handle beside it unless the name is the handle
 * (a sprinter who typed their login as their name is named once, `@chandankumar`, not twice).
 */
export function personParts(person: ReportPerson): {
  name: string | null;
  github: string | null;
  pagure: string | null;
  gitlab: string | null;
  forgejo: string | null;
} {
  if (person.anonymous)
    return { name: 'An anonymous sprinter', github: null, pagure: null, gitlab: null, forgejo: null };
  const handles = {
    github: person.github,
    pagure: person.pagure,
    gitlab: person.gitlab ?? null,
    forgejo: person.forgejo ?? null,
  };
  const same = (handle: string | null) =>
    handle !== null && person.name !== null && person.name.trim().toLowerCase() === handle.toLowerCase();
  const name = Object.values(handles).some(same) ? null : person.name;
  return { name, ...handles };
}

/** A person's handle the report shows: the first they have of GitHub, Pagure, GitLab, Forgejo. */
export function mainHandle(person: ReportPerson): { forge: (typeof HANDLE_FORGES)[number]; login: string } | null {
  const parts = personParts(person);
  for (const forge of HANDLE_FORGES) if (parts[forge]) return { forge, login: parts[forge] };
  return null;
}

/** Whether anyone is named (an imported row may name nobody: it is listed plainly). */
export function isNamed(person: ReportPerson): boolean {
  return Boolean(person.anonymous || person.name || mainHandle(person));
}

const TOPIC_TITLES: Record<string, string> = {
  learning: 'Learning',
  talks: 'Talks',
  docs: 'Documentation',
  mentoring: 'Mentoring',
  design: 'Design',
};

/** An outcome section's title from its topic slug: `micropython-room` → "Micropython room". */
export function topicTitle(topic: string): string {
  const known = TOPIC_TITLES[topic.toLowerCase()];
  if (known) return known;
  const words = topic.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : '';
}

/** Where the people of a project have their pages: its forge, and the instance its URL is on. */
export interface ProfileHome {
  forge: Forge;
  origin: string;
}

export function homeOf(project: Pick<ReportProject, 'forge' | 'url'>): ProfileHome | null {
  try {
    return { forge: project.forge, origin: new URL(project.url).origin };
  } catch {
    // A malformed URL cannot come from the store; the forge's default instance is the safe reading.
    return null;
  }
}

/**
 * A person's handle and the instance its page is on: that of the project that names them where the handle
 * is that project's forge's, else none (the forge's default instance).
 */
export function handleLink(
  person: ReportPerson,
  home: ProfileHome | null,
): { forge: Forge; login: string; instanceUrl: string | null } | null {
  const handle = mainHandle(person);
  if (!handle) return null;
  return { ...handle, instanceUrl: home?.forge === handle.forge ? home.origin : null };
}

export interface ThankedPerson {
  person: ReportPerson;
  /** Where their handle's page is: the home of the first project that credits them. */
  home: ProfileHome | null;
}

/**
 * Everyone the report credits, once each, in the order they first appear; whether anonymous sprinters took
 * part too. The people a contribution names beside its sprinters (`with`: authors who did not sprint) are
 * named on it, not thanked as sprinters.
 */
export function thankYouList(report: Report): { people: ThankedPerson[]; anonymous: boolean } {
  const seen = new Map<string, ThankedPerson>();
  let anonymous = false;
  const credited = [
    ...report.projects.flatMap((p) =>
      p.contributions.flatMap((c) => [c.sprinter, ...c.co_authors]).map((person) => ({ person, home: homeOf(p) })),
    ),
    ...report.other_contributions.map((o) => ({ person: o.sprinter, home: null })),
  ];
  for (const entry of credited) {
    const { person } = entry;
    if (person.anonymous) anonymous = true;
    if (person.anonymous || !isNamed(person)) continue;
    const handle = mainHandle(person);
    const key = handle ? `${handle.forge}:${handle.login.toLowerCase()}` : `name:${person.name}`;
    if (!seen.has(key)) seen.set(key, entry);
  }
  return { people: [...seen.values()], anonymous };
}

export interface ReportDay {
  /** The day on the event's clocks, e.g. "Saturday 18 February". */
  day: string;
  pull_requests: number;
  commits: number;
  /** Sprinters with something that day. */
  people: number;
}

/** The sprint day by day, on the event's clocks; rows without a time are not in any day. */
export function dayByDay(report: Report): ReportDay[] {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: report.event.time_zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const days = new Map<string, { pull_requests: number; commits: number; people: Set<string> }>();
  const items = report.projects
    .flatMap((p) => p.contributions)
    .filter((c) => c.created_at !== null)
    .sort((a, b) => a.created_at!.localeCompare(b.created_at!));
  for (const c of items) {
    const day = format.format(new Date(c.created_at!));
    const entry = days.get(day) ?? { pull_requests: 0, commits: 0, people: new Set<string>() };
    if (c.kind === 'pull_request') entry.pull_requests += 1;
    else if (c.kind === 'commit') entry.commits += 1;
    for (const person of [c.sprinter, ...c.co_authors])
      if (isNamed(person)) entry.people.add(person.github ?? person.pagure ?? person.name ?? '');
    days.set(day, entry);
  }
  return [...days].map(([day, d]) => ({
    day,
    pull_requests: d.pull_requests,
    commits: d.commits,
    people: d.people.size,
  }));
}

/** One sentence for link previews and search results: what the sprint made, in numbers. */
export function reportSummary(report: Report): string {
  const t = report.totals;
  const n = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;
  return `${report.event.name}: ${n(t.pull_requests, 'pull request')} and ${n(t.commits, 'commit')} to ${n(t.projects, 'project')} by ${n(t.sprinters, 'sprinter')}.`;
}

/** Projects as a post lists them: the busiest first, then by name. */
function byContributions(a: ReportProject, b: ReportProject): number {
  return b.contributions.length - a.contributions.length || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
}

/** The organizer's order first (projects they placed, by position), then the rest busiest first. */
export function inReportOrder(
  projects: ReportProject[],
  positions: ReadonlyMap<ReportProject, number>,
): ReportProject[] {
  const placed = projects.filter((p) => positions.has(p)).sort((a, b) => positions.get(a)! - positions.get(b)!);
  return [...placed, ...projects.filter((p) => !positions.has(p)).sort(byContributions)];
}

/** `#12`, `!12` where the forge marks its requests so, or a commit's first seven characters. */
export function shortReference(kind: string, ref: string, requestMark = '#'): string {
  if (kind === 'commit') return ref.slice(0, 7);
  if (kind === 'issue') return `#${ref}`;
  if (kind === 'pull_request' || kind === 'review') return `${requestMark}${ref}`;
  return '';
}

/** `name#12` (or the forge's own request mark), `name@abc1234`: a contribution as its forge's people write it. */
export function contributionLabel(projectName: string, c: { kind: string; ref: string }, requestMark = '#'): string {
  return c.kind === 'commit'
    ? `${projectName}@${c.ref.slice(0, 7)}`
    : `${projectName}${shortReference(c.kind, c.ref, requestMark)}`;
}

/** One line of the CSV export, in column order: the single mapping from any source to CSV. */
export interface CsvRow {
  project: string;
  forge: string;
  kind: string;
  ref: string;
  url: string;
  title: string;
  state: string;
  createdAt: string;
  mergedAt: string | null;
  sprinter: ReportPerson;
  coAuthors: string;
  firstTime: boolean;
  /** For a pull request: the handles of those whose reviews of it count. */
  reviewedBy: string;
  /** The title of the task it did, where one was linked. */
  task: string;
  /** Why it counts (`eligible`, `imported`): the CSV says it in words. */
  reason: string;
}

/**
 * The CSV lines of a report model (a frozen report is exported this way): projects by name, each one's
 * work and reviews in time order, then the outcomes by topic (a report is small enough to sort).
 */
export function* csvRowsOf(report: Report): Generator<CsvRow> {
  const handle = (p: ReportPerson): string =>
    p.anonymous ? '' : (p.github ?? p.pagure ?? p.gitlab ?? p.forgejo ?? p.name ?? '');
  const byName = [...report.projects].sort(
    (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name),
  );
  for (const project of byName) {
    const rows: CsvRow[] = [
      ...project.contributions.map((c): CsvRow => ({
        project: project.name,
        forge: project.forge,
        kind: c.kind,
        ref: c.ref,
        url: c.url,
        title: c.title,
        state: c.state,
        createdAt: c.created_at ?? '',
        mergedAt: c.merged_at,
        sprinter: c.sprinter,
        coAuthors: c.co_authors.map(handle).filter(Boolean).join(' '),
        firstTime: c.first_time,
        reviewedBy: (c.reviewed_by ?? []).map(handle).filter(Boolean).join(' '),
        // A frozen report keeps no task links, and all it lists counts.
        task: '',
        reason: 'eligible',
      })),
      ...(project.reviews ?? []).map((r): CsvRow => ({
        project: project.name,
        forge: project.forge,
        kind: 'review',
        ref: r.pull_request,
        url: r.url,
        title: r.title,
        state: r.state,
        createdAt: r.submitted_at,
        mergedAt: null,
        sprinter: r.reviewer,
        coAuthors: '',
        firstTime: false,
        reviewedBy: '',
        task: '',
        reason: 'eligible',
      })),
    ];
    // Untimed rows (a list that gave no time) sort first, as the live export's empty times do.
    yield* rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }
  for (const o of [...report.other_contributions].sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0,
  )) {
    yield {
      project: o.topic,
      forge: 'other',
      kind: 'other',
      ref: '',
      url: o.url,
      title: o.title,
      state: '',
      createdAt: '',
      mergedAt: null,
      sprinter: o.sprinter,
      coAuthors: '',
      firstTime: false,
      reviewedBy: '',
      task: '',
      reason: 'eligible',
    };
  }
}

/**
 * "Mentors and reviewers": every proven leader of a project, and everyone who reviewed at the sprint,
 * once each (matched by GitHub handle, else by name), most reviews first. A leader who joined is named
 * as they joined; one who did not is named by handle.
 */
export function mentorsAndReviewers(
  projects: ReportProject[],
  /** The name a leader's login goes by here (null for nobody known, or a sprinter who hides their name). */
  leaderName: (login: string) => string | null = () => null,
): ReportMentor[] {
  const byKey = new Map<string, ReportMentor>();
  const keyOf = (p: ReportPerson): string | null =>
    p.anonymous
      ? null
      : p.github
        ? `gh:${p.github.toLowerCase()}`
        : p.pagure
          ? `pg:${p.pagure.toLowerCase()}`
          : p.name
            ? `name:${p.name}`
            : null;
  const entry = (person: ReportPerson): ReportMentor | null => {
    const key = keyOf(person);
    if (key === null) return null;
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = { person, reviews: 0, projects: [], leader: false }));
    else if (!m.person.name && person.name) m.person = person;
    return m;
  };
  const addProject = (m: ReportMentor, name: string) => {
    if (!m.projects.includes(name)) m.projects.push(name);
  };
  for (const project of projects) {
    for (const r of project.reviews ?? []) {
      const m = entry(r.reviewer);
      if (!m) continue;
      m.reviews += 1;
      addProject(m, project.name);
    }
  }
  for (const project of projects) {
    for (const login of project.leaders ?? []) {
      const m = entry({ name: leaderName(login), github: login, pagure: null })!;
      m.leader = true;
      addProject(m, project.name);
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.reviews - a.reviews ||
      Number(b.leader) - Number(a.leader) ||
      (a.person.name ?? a.person.github ?? '').localeCompare(b.person.name ?? b.person.github ?? '', 'en', {
        sensitivity: 'base',
      }),
  );
}

/**
 * Whether the report may say how many first-timers there were: false while any counted pull request's
 * first time is undecided (an imported list says nothing of it), so "0 first-time" is never a guess.
 */
export function firstTimeKnown(report: Report): boolean {
  return report.projects.every((p) =>
    p.contributions.every((c) => c.kind !== 'pull_request' || c.first_time_by !== null),
  );
}

/** The contributions that carry the first-contribution mark: each person's earliest, not all of them. */
export function firstContributionMarks(report: Report): Set<ReportContribution> {
  const earliest = new Map<string, ReportContribution>();
  for (const c of report.projects.flatMap((p) => p.contributions)) {
    if (!c.first_time) continue;
    const handle = mainHandle(c.sprinter);
    const key = handle ? `${handle.forge}:${handle.login.toLowerCase()}` : `name:${c.sprinter.name ?? ''}`;
    const held = earliest.get(key);
    if (!held || (c.created_at ?? '') < (held.created_at ?? '')) earliest.set(key, c);
  }
  return new Set(earliest.values());
}

/** A ranking by merged pull requests means nothing when no pull request's state is known (a bare list). */
export function rankingMeaningful(report: Report): boolean {
  const pulls = report.projects.flatMap((p) => p.contributions).filter((c) => c.kind === 'pull_request');
  return pulls.length === 0 || pulls.some((c) => c.state !== 'unknown');
}

/** "After the sprint" once there is something to say: someone came back, or its first window has passed. */
export function afterWorthSaying(after: Report['after']): boolean {
  if (!after?.sprinters.length) return false;
  const first = after.window_days[0];
  return Object.values(after.returned).some((n) => n > 0) || (first !== undefined && after.complete[first] === true);
}
