import type { Store } from '../store/store.js';
import { listEvents } from '../store/events.js';
import { lastCompletedPoll } from '../store/poll-state.js';
import { listProjects } from '../store/projects.js';
import { isFollowed } from './poll-event.js';

export interface ProjectStaleness {
  event: string;
  project: string;
  /** How the project is kept fresh: GitHub's search or Pagure's API (installed repositories send webhooks and are not listed). */
  via: 'github-search' | 'pagure-api';
  /** Seconds since the start of the last complete round, whose answers cover everything up to then. */
  seconds: number;
}

/** How far behind upstream each polled project of a followed event may be, for /metrics. */
export function projectStaleness(db: Store, now: Date): ProjectStaleness[] {
  const rows: ProjectStaleness[] = [];
  for (const event of listEvents(db).filter((e) => isFollowed(e, now))) {
    const marks = {
      github: lastCompletedPoll(db, event.id, 'github'),
      pagure: lastCompletedPoll(db, event.id, 'pagure'),
    };
    for (const project of listProjects(db, event.id)) {
      if (project.forge === 'github' && project.installationId !== null) continue;
      // GitLab and Forgejo projects are followed by their web-hooks.
      if (project.forge !== 'github' && project.forge !== 'pagure') continue;
      // A project registered after the last round has not been seen by one yet: stale since it was registered.
      const mark = marks[project.forge];
      const since = mark !== null && mark >= project.registeredAt ? mark : project.registeredAt;
      rows.push({
        event: event.slug,
        project: project.fullName,
        via: project.forge === 'github' ? 'github-search' : 'pagure-api',
        seconds: Math.max(0, (now.getTime() - Date.parse(since)) / 1000),
      });
    }
  }
  return rows;
}
