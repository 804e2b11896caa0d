import { adapterOf } from '../sources/registry.js';
import { canonicalIssueUrl, TASK_LEVELS, type TaskLevel } from '../domain/tasks.js';
import type { ProjectRecord } from '../store/projects.js';
import { transaction, type Store } from '../store/store.js';
import { addTask, findTaskByIssue, type TaskRecord } from '../store/tasks.js';

export interface TaskInput {
  title: string;
  description?: string;
  level?: string;
  issueUrl?: string | null;
  capacity?: number;
}

export type AddTaskResult =
  { ok: true; task: TaskRecord } | { ok: false; field: 'title' | 'level' | 'issue' | 'capacity'; error: string };

/** A leader lists a piece of work of their project; the issue, if given, must be one of that project's. */
export function addProjectTask(
  db: Store,
  project: ProjectRecord,
  input: TaskInput,
  by: string,
  now: Date,
): AddTaskResult {
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (!title || title.length > 200)
    return { ok: false, field: 'title', error: 'the title must be 1 to 200 characters' };
  const level = (input.level ?? 'first-task') as TaskLevel;
  if (!TASK_LEVELS.includes(level))
    return { ok: false, field: 'level', error: `the level must be ${TASK_LEVELS.join(', ')}` };
  const capacity = input.capacity ?? 1;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 50)
    return { ok: false, field: 'capacity', error: 'the capacity must be a whole number from 1 to 50' };
  let issueUrl: string | null = null;
  if (input.issueUrl) {
    issueUrl = canonicalIssueUrl(input.issueUrl);
    const own = adapterOf(project.forge).issueUrl(project.url, '');
    if (!issueUrl || !issueUrl.toLowerCase().startsWith(own.toLowerCase()))
      return {
        ok: false,
        field: 'issue',
        error: `"${input.issueUrl}" is not an issue of ${project.fullName} (${own}N)`,
      };
  }
  return transaction(db, (): AddTaskResult => {
    const existing = issueUrl ? findTaskByIssue(db, project.eventId, issueUrl) : null;
    if (existing) return { ok: false, field: 'issue', error: `task ${existing.id} already lists ${issueUrl}` };
    return {
      ok: true,
      task: addTask(
        db,
        {
          eventId: project.eventId,
          projectId: project.id,
          title,
          description: input.description?.trim() ?? '',
          level,
          issueUrl,
          capacity,
          createdBy: by,
        },
        now,
      ),
    };
  });
}
