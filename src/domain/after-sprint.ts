import type { ReportAfter } from './report.js';

const DAY = 86_400_000;

/** The horizons the report answers for: did they contribute again within a month, within a quarter. */
export const AFTER_WINDOWS = [30, 90] as const;

export interface AfterInput {
  endsAt: string;
  now: Date;
  contributors: Array<{
    sprinterId: number;
    name: string | null;
    github: string | null;
    firstTime: boolean;
    optedOut: boolean;
  }>;
  work: Array<{ sprinterId: number; url: string; project: string; createdAt: string }>;
}

/**
 * What became of the sprint's contributors after the window: for each horizon, how many followed
 * contributors did something again, the first-timers among them, and where. Opted-out sprinters are
 * listed as not followed and counted nowhere. A horizon still running says so (`complete: false`).
 */
export function afterTheSprint(input: AfterInput): ReportAfter {
  const end = Date.parse(input.endsAt);
  const longest = Math.max(...AFTER_WINDOWS);
  const inside = (at: string, days: number) => Date.parse(at) <= end + days * DAY;
  const bySprinter = new Map<number, AfterInput['work']>();
  for (const w of input.work)
    if (Date.parse(w.createdAt) > end && inside(w.createdAt, longest))
      bySprinter.set(w.sprinterId, [...(bySprinter.get(w.sprinterId) ?? []), w]);
  const followed = input.contributors.filter((c) => !c.optedOut);
  const returned: Record<string, number> = {};
  const complete: Record<string, boolean> = {};
  for (const days of AFTER_WINDOWS) {
    returned[days] = followed.filter((c) =>
      (bySprinter.get(c.sprinterId) ?? []).some((w) => inside(w.createdAt, days)),
    ).length;
    complete[days] = input.now.getTime() >= end + days * DAY;
  }
  const projects = new Map<string, { sprinters: Set<number>; contributions: number }>();
  for (const [sprinterId, work] of bySprinter) {
    for (const w of work) {
      const p = projects.get(w.project) ?? { sprinters: new Set<number>(), contributions: 0 };
      p.sprinters.add(sprinterId);
      p.contributions += 1;
      projects.set(w.project, p);
    }
  }
  return {
    window_days: [...AFTER_WINDOWS],
    returned,
    first_timers_returned: followed.filter((c) => c.firstTime && bySprinter.has(c.sprinterId)).length,
    followed: followed.length,
    not_followed: input.contributors.length - followed.length,
    complete,
    projects: [...projects]
      .map(([name, p]) => ({ name, sprinters: p.sprinters.size, contributions: p.contributions }))
      .sort((a, b) => b.sprinters - a.sprinters || b.contributions - a.contributions || a.name.localeCompare(b.name)),
    sprinters: input.contributors.map((c) => {
      const work = c.optedOut ? [] : (bySprinter.get(c.sprinterId) ?? []);
      const within: Record<string, number> = {};
      for (const days of AFTER_WINDOWS) within[days] = work.filter((w) => inside(w.createdAt, days)).length;
      return {
        github: c.github,
        name: c.name,
        followed: !c.optedOut,
        first_time: c.firstTime,
        contributions_after: work.length,
        within,
        projects: [...new Set(work.map((w) => w.project))],
      };
    }),
  };
}
