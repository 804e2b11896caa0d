import { createHash } from 'node:crypto';
import type { Db } from '../store/database.js';
import { replaceCredits, saveContribution, setCounted } from '../store/contributions.js';
import type { EventRecord } from '../store/events.js';
import { refreshStats } from '../store/stats.js';
import type { RecordedChange } from './record-contribution.js';

export interface Outcome {
  topic: string;
  title: string;
  url: string;
  sprinterId: number | null;
  source: 'import' | 'manual';
}

/** A non-code outcome (a talk, docs, "getting started with PyGame"): counted as given, credited to its sprinter if named. */
export function recordOutcome(db: Db, event: EventRecord, outcome: Outcome, now = new Date()): RecordedChange {
  return db.transaction((): RecordedChange => {
    const key = createHash('sha1').update(`${outcome.topic}\n${outcome.title}`).digest('hex').slice(0, 16);
    const id = saveContribution(db, {
      eventId: event.id, projectId: null, topic: outcome.topic, forge: 'other', kind: 'other', key, url: outcome.url, title: outcome.title,
      authorLogin: null, authorId: null, authorEmail: null, authorName: null, coAuthorEmails: [],
      state: 'unknown', createdAt: now.toISOString() < event.endsAt ? now.toISOString() : event.startsAt, mergedAt: null, closedAt: null,
      landedAt: null, firstTime: false, headSha: null, mergeCommitSha: null, mergesPullRequests: [], source: outcome.source,
      sourceUpdatedAt: null, excluded: false, excludedReason: null, excludedBy: null,
    }, now);
    replaceCredits(db, id, outcome.sprinterId === null ? [] : [{ sprinterId: outcome.sprinterId, role: 'author' }]);
    setCounted(db, id, true);
    if (outcome.sprinterId !== null) refreshStats(db, event.id, [null], [outcome.sprinterId]);
    return { eventId: event.id, projectId: null, contributionId: id, created: true, visible: true, counted: true };
  })();
}
