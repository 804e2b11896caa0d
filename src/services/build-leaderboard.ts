import type { ReportTotals } from '../domain/report.js';
import { transaction, type Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import { latestContributions, projectFirstTimers, projectTable, topSprinters, type FeedItem, type ProjectRow } from '../store/leaderboard.js';
import { loadTotals } from '../store/report-rows.js';

/** The documented leaderboard.json shape, also the payload of every live update. */
export interface Leaderboard {
  event: { slug: string; name: string };
  project: string | null;
  totals: ReportTotals;
  sprinters: Array<{ rank: number; name: string; github: string | null; merged: number; pull_requests: number; commits: number; issues: number; first_time: boolean }>;
  projects: Array<{ name: string; forge: string; url: string; contributors: number; contributions: number; pull_requests: number; merged: number; commits: number; issues: number }>;
  latest: Array<{ kind: string; ref: string; url: string; title: string; state: string; created_at: string | null; project: string | null; name: string | null; github: string | null }>;
}

export function buildLeaderboard(db: Store, event: EventRecord, options: { projectName?: string | null; limit?: number } = {}): Leaderboard {
  return transaction(db, (): Leaderboard => {
    const projects = projectTable(db, event.id);
    const project = options.projectName ? projects.find((p) => p.name.toLowerCase() === options.projectName!.toLowerCase()) ?? null : null;
    return {
      event: { slug: event.slug, name: event.name },
      project: project?.name ?? null,
      // Scoped to the project when one is asked for: heading, totals, table and feed say the same thing.
      totals: project ? projectTotals(db, project) : loadTotals(db, event.id),
      sprinters: topSprinters(db, event.id, options.limit ?? 50, project?.projectId ?? null).map((r) => ({
        rank: r.rank, name: r.name, github: r.github, merged: r.merged, pull_requests: r.pullRequests, commits: r.commits, issues: r.issues, first_time: r.firstTime,
      })),
      projects: projects.map((p) => ({
        name: p.name, forge: p.forge, url: p.url, contributors: p.contributors, contributions: p.contributions,
        pull_requests: p.pullRequests, merged: p.merged, commits: p.commits, issues: p.issues,
      })),
      latest: latestContributions(db, event.id, 10, project?.projectId ?? null).map(toFeed),
    };
  });
}

function projectTotals(db: Store, project: ProjectRow): ReportTotals {
  return {
    sprinters: project.contributors, contributors: project.contributors, first_timers: projectFirstTimers(db, project.projectId),
    pull_requests: project.pullRequests, merged: project.merged, commits: project.commits, projects: 1, other: 0,
    issues: project.issues, state_unknown: project.stateUnknown, unnamed: project.unnamed,
  };
}

function toFeed(item: FeedItem): Leaderboard['latest'][number] {
  return { kind: item.kind, ref: item.ref, url: item.url, title: item.title, state: item.state, created_at: item.createdAt, project: item.project, name: item.name, github: item.github };
}
