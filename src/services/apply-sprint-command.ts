import type { SprintCommand } from '../sources/github/commands.js';
import { addManualCredit, findContribution } from '../store/contributions.js';
import { transaction, type Store } from '../store/store.js';
import { getEvent } from '../store/events.js';
import { findRegistrations } from '../store/projects.js';
import { isOrganizerAccount, leadsProject } from '../store/roles.js';
import { findMember } from '../store/sprinters.js';
import { decideAgain } from './decide-again.js';
import { moderateContribution } from './moderate-contribution.js';
import type { RecordedChange } from './record-contribution.js';

export type CommandOutcome =
  { kind: 'ignored' } | { kind: 'done'; changes: RecordedChange[] } | { kind: 'refused'; reason: string };

export interface CommandTarget {
  repo: string;
  number: number;
  /** What the comment is on: a pull request, or an issue (an issue opened at the sprint is moderated the same way). */
  kind: 'pull_request' | 'issue';
  commenter: string;
  /** The commenter's account id, as the signed delivery says: roles are asked of it. */
  commenterId: number;
  /** Organizers from the ORGANIZERS setting; those added on the web are read from the database. */
  organizers: string[];
}

/**
 * A `/sprint` command from a comment on a pull request or an issue, honoured only from that project's proven sprint leaders
 * and the event's organizers as our records know them; anyone else is ignored (no reply: commands are not a
 * channel for strangers to make the bot talk).
 */
export function applySprintCommand(
  db: Store,
  target: CommandTarget,
  command: SprintCommand,
  now = new Date(),
): CommandOutcome {
  return transaction(db, (): CommandOutcome => {
    const organizer = isOrganizerAccount(db, target.commenterId, target.commenter, target.organizers);
    const mine = findRegistrations(db, 'github', target.repo).filter(
      (r) => organizer || leadsProject(db, r.projectId, target.commenterId, target.commenter),
    );
    if (mine.length === 0) return { kind: 'ignored' };
    if (command.verb === 'invalid') return { kind: 'refused', reason: command.problem };
    const changes: RecordedChange[] = [];
    for (const registration of mine) {
      const event = getEvent(db, registration.eventId)!;
      const contribution = findContribution(
        db,
        registration.eventId,
        registration.projectId,
        target.kind,
        String(target.number),
      );
      const what = target.kind === 'issue' ? 'issue' : 'pull request';
      if (!contribution)
        return {
          kind: 'refused',
          reason: `this ${what} is not tracked for ${event.name} (it was not opened during the sprint, or not seen yet)`,
        };
      if (command.verb === 'exclude') {
        const change = moderateContribution(db, contribution.id, { exclude: command.reason }, now);
        if (change) changes.push(change);
      } else if (command.verb === 'include') {
        if (contribution.moderation === null) {
          return {
            kind: 'refused',
            reason: contribution.counted
              ? 'it is not excluded'
              : `it is left out by a rule (${contribution.reason}), not by a leader`,
          };
        }
        const change = moderateContribution(db, contribution.id, { include: true }, now);
        if (change) changes.push(change);
      } else {
        const sprinterId = findMember(db, registration.eventId, { githubLogin: command.login });
        if (sprinterId === null) return { kind: 'refused', reason: `@${command.login} has not joined ${event.name}` };
        addManualCredit(db, contribution.id, sprinterId, target.commenter, now);
        changes.push({ ...decideAgain(db, contribution, {}, now), visible: true });
      }
    }
    return { kind: 'done', changes };
  });
}
