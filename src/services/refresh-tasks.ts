import { canonicalIssueUrl } from '../domain/tasks.js';
import type { ForgeIssue } from '../sources/github/issues.js';
import type { ForgeClients } from '../sources/forge-adapter.js';
import { adapterOf } from '../sources/registry.js';
import type { EventRecord } from '../store/events.js';
import { getProject, type ProjectRecord } from '../store/projects.js';
import { transaction, type Store } from '../store/store.js';
import { addTask, addTaskLabel, closeTask, findTaskByIssue, listTaskLabels, listTasks } from '../store/tasks.js';

export type TaskSources = ForgeClients;

export interface TaskRefresh {
  added: number;
  closed: number;
  errors: string[];
}

/** The open issues of a project that carry a label, as the forge lists them. */
async function openIssuesWithLabel(project: ProjectRecord, label: string, sources: TaskSources): Promise<ForgeIssue[]> {
  const tracker = adapterOf(project.forge).issues;
  if (!tracker) throw new Error(`tasks are not read from ${adapterOf(project.forge).label} issues yet`);
  return tracker.labeled(project, label, sources);
}

/** A forge whose calls need credentials the operator did not give is left for a later refresh. */
function unreadable(project: ProjectRecord, sources: TaskSources): boolean {
  return adapterOf(project.forge).needsCredentials && !sources.github;
}

/**
 * `devsprint task import`: every open issue of the project carrying the label becomes a task (one each,
 * however often it runs), and the label is kept so each refresh adds the ones labelled later.
 */
export async function importLabeledTasks(
  db: Store,
  project: ProjectRecord,
  label: string,
  by: string,
  sources: TaskSources,
  now: Date,
): Promise<{ added: number; existing: number }> {
  const issues = await openIssuesWithLabel(project, label, sources);
  return transaction(db, () => {
    addTaskLabel(db, project.id, label, by, now);
    let added = 0;
    for (const issue of issues) {
      const url = canonicalIssueUrl(issue.url);
      if (!url || findTaskByIssue(db, project.eventId, url)) continue;
      addTask(
        db,
        {
          eventId: project.eventId,
          projectId: project.id,
          title: issue.title.trim().slice(0, 200) || `Issue ${issue.number}`,
          level: 'first-task',
          issueUrl: url,
          capacity: 1,
          createdBy: `label:${label}`,
        },
        now,
      );
      added += 1;
    }
    return { added, existing: issues.length - added };
  });
}

/**
 * A refresh of the event's task table from the forges: new issues under the imported labels become tasks,
 * and a task whose issue was closed upstream is closed (it leaves the open list by itself). A forge that
 * fails is reported; the next refresh tries again.
 */
export async function refreshTasks(
  db: Store,
  event: EventRecord,
  sources: TaskSources,
  now: Date,
): Promise<TaskRefresh> {
  const result: TaskRefresh = { added: 0, closed: 0, errors: [] };
  for (const { projectId, label } of listTaskLabels(db, event.id)) {
    const project = getProject(db, projectId);
    if (!project || unreadable(project, sources)) continue;
    try {
      result.added += (await importLabeledTasks(db, project, label, `label:${label}`, sources, now)).added;
    } catch (error) {
      result.errors.push(`${project.fullName} label ${label}: ${(error as Error).message}`);
    }
  }
  for (const task of listTasks(db, event.id).filter((t) => t.closedAt === null && t.issueUrl !== null)) {
    const project = getProject(db, task.projectId);
    const tracker = project ? adapterOf(project.forge).issues : null;
    if (!project || !tracker || unreadable(project, sources)) continue;
    const number = Number(/\/(\d+)$/.exec(task.issueUrl!)?.[1]);
    try {
      // GitHub says open or closed, Pagure Open or Closed; an issue the forge does not know is left as it is.
      const status = await tracker.status(project, number, sources);
      if (status !== null && status.toLowerCase() !== 'open' && closeTask(db, task.id, 'upstream', now))
        result.closed += 1;
    } catch (error) {
      result.errors.push(`${task.issueUrl}: ${(error as Error).message}`);
    }
  }
  return result;
}
