import type { Store } from '../store/store.js';
import { listEvents } from '../store/events.js';
import { lastCompletedPoll, type PollSource } from '../store/poll-state.js';
import { listProjects } from '../store/projects.js';
import { isFollowed, pollJobOf } from './poll-event.js';

export interface ProjectStaleness {
  event: string;
  project: string;
  /** How the project is kept fresh: GitHub's search or Pagure's API (installed repositories send webhooks and are not listed). */
  via: string;
  /** Seconds since the start of the last complete round, whose answers cover everything up to then. */
  seconds: number;
}

/** How far behind upstream each polled project of a followed event may be, for /metrics. */
export function projectStaleness(db: Store, now: Date): ProjectStaleness[] {
  const rows: ProjectStaleness[] = [];
  for (const event of listEvents(db).filter((e) => isFollowed(e, now))) {
    const marks = new Map<PollSource, string | null>();
    const markOf = (name: PollSource) => {
      if (!marks.has(name)) marks.set(name, lastCompletedPoll(db, event.id, name));
      return marks.get(name)!;
    };
    for (const project of listProjects(db, event.id)) {
      // An installed app's repositories send webhooks; forges without a polling mark are followed by theirs.
      const job = pollJobOf(project.forge).mark;
      if (project.installationId !== null || job === null) continue;
      // A project registered after the last round has not been seen by one yet: stale since it was registered.
      const mark = markOf(job.name);
      const since = mark !== null && mark >= project.registeredAt ? mark : project.registeredAt;
      rows.push({
        event: event.slug,
        project: project.fullName,
        via: job.via,
        seconds: Math.max(0, (now.getTime() - Date.parse(since)) / 1000),
      });
    }
  }
  return rows;
}
