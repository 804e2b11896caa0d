import { addProject, updateProjectPitch, type NewProject, type ProjectPitch, type ProjectRecord } from '../store/projects.js';
import { transaction, type Store } from '../store/store.js';

/** A project registered from the web with its pitch (what to work on, mentors, guide), in one write. */
export function registerProject(db: Store, project: NewProject, pitch: ProjectPitch, now = new Date()): ProjectRecord {
  return transaction(db, () => {
    const created = addProject(db, project, now);
    updateProjectPitch(db, created.id, pitch);
    return created;
  });
}
