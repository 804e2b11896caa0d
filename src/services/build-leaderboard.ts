import type { ReportTotals } from '../domain/report.js';
import { scoringSentence, type Scoring } from '../domain/scoring.js';
import { transaction, type Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import {
  latestContributions,
  projectFirstTimers,
  projectTable,
  topSprinters,
  type FeedItem,
  type ProjectRow,
} from '../store/leaderboard.js';
import { loadTotals } from '../store/report-rows.js';
import { returningSprinters } from '../store/sprinter-history.js';

/** The documented leaderboard.json shape, also the payload of every live update. */
export interface Leaderboard {
  /** `closed`: its organizers closed it; pages on screen change what they invite people to do. */
  event: { slug: string; name: string; closed: boolean };
  project: string | null;
  totals: ReportTotals;
  /** How the table is ordered, with the formula in words as the page prints it. */
  scoring: { mode: Scoring; formula: string };
  sprinters: Array<{
    rank: number;
    name: string;
    github: string | null;
    merged: number;
    pull_requests: number;
    commits: number;
    issues: number;
    reviews: number;
    points: number;
    first_time: boolean;
    /** Counted at an earlier event too. */
    returning: boolean;
  }>;
  projects: Array<{
    name: string;
    forge: string;
    url: string;
    contributors: number;
    contributions: number;
    pull_requests: number;
    merged: number;
    commits: number;
    issues: number;
    reviews: number;
  }>;
  latest: Array<{
    kind: string;
    ref: string;
    /** The ref as its forge writes it: `#12`, GitLab's `!12`, a short sha. */
    reference: string;
    url: string;
    title: string;
    state: string;
    created_at: string | null;
    /** What happened last (`merged`, `opened`, `pushed`...) and when, at its forge: "merged 5 s ago". */
    change: string;
    changed_at: string | null;
    project: string | null;
    name: string | null;
    github: string | null;
  }>;
}

export function buildLeaderboard(
  db: Store,
  event: EventRecord,
  options: { projectName?: string | null; limit?: number } = {},
): Leaderboard {
  return transaction(db, (): Leaderboard => {
    const projects = projectTable(db, event.id);
    const project = options.projectName
      ? (projects.find((p) => p.name.toLowerCase() === options.projectName!.toLowerCase()) ?? null)
      : null;
    const top = topSprinters(db, event.id, options.limit ?? 50, project?.projectId ?? null, {
      scoring: event.scoring,
      rankLeaders: event.rankLeaders,
    });
    const returning = returningSprinters(
      db,
      event,
      top.filter((r) => !r.anonymous).map((r) => r.sprinterId),
    );
    return {
      event: { slug: event.slug, name: event.name, closed: event.closedAt !== null },
      project: project?.name ?? null,
      // Scoped to the project when one is asked for: heading, totals, table and feed say the same thing.
      totals: project ? projectTotals(db, project) : loadTotals(db, event.id),
      scoring: { mode: event.scoring, formula: scoringSentence(event.scoring) },
      sprinters: top.map((r) => ({
        rank: r.rank,
        name: r.name,
        github: r.github,
        merged: r.merged,
        pull_requests: r.pullRequests,
        commits: r.commits,
        issues: r.issues,
        reviews: r.reviews,
        points: r.points,
        first_time: r.firstTime,
        returning: returning.has(r.sprinterId),
      })),
      projects: projects.map((p) => ({
        name: p.name,
        forge: p.forge,
        url: p.url,
        contributors: p.contributors,
        contributions: p.contributions,
        pull_requests: p.pullRequests,
        merged: p.merged,
        commits: p.commits,
        issues: p.issues,
        reviews: p.reviews,
      })),
      latest: latestContributions(db, event.id, 10, project?.projectId ?? null).map(toFeed),
    };
  });
}

function projectTotals(db: Store, project: ProjectRow): ReportTotals {
  return {
    sprinters: project.contributors,
    contributors: project.contributors,
    first_timers: projectFirstTimers(db, project.projectId),
    pull_requests: project.pullRequests,
    merged: project.merged,
    commits: project.commits,
    projects: 1,
    other: 0,
    issues: project.issues,
    reviews: project.reviews,
    state_unknown: project.stateUnknown,
    unnamed: project.unnamed,
  };
}

function toFeed(item: FeedItem): Leaderboard['latest'][number] {
  return {
    kind: item.kind,
    ref: item.ref,
    reference: item.reference,
    url: item.url,
    title: item.title,
    state: item.state,
    created_at: item.createdAt,
    change: changeVerb(item.kind, item.state),
    changed_at: item.changedAt,
    project: item.project,
    name: item.name,
    github: item.github,
  };
}

function changeVerb(kind: FeedItem['kind'], state: string): string {
  if (kind === 'review') return 'reviewed';
  if (kind === 'commit') return 'pushed';
  return state === 'merged' || state === 'closed' ? state : 'opened';
}
