import { createHash } from 'node:crypto';
import { transaction, type Store } from '../store/store.js';
import { findContribution, replaceCredits, saveContribution, setCounted } from '../store/contributions.js';
import type { EventRecord } from '../store/events.js';
import { withStats } from '../store/stats.js';
import type { RecordedChange } from './record-contribution.js';

export interface Outcome {
  topic: string;
  title: string;
  url: string;
  sprinterId: number | null;
  source: 'import' | 'manual';
}

/** A non-code outcome (a talk, docs, "getting started with PyGame"): counted as given, credited to its sprinter if named. */
export function recordOutcome(db: Store, event: EventRecord, outcome: Outcome, now = new Date()): RecordedChange {
  return transaction(db, (): RecordedChange => {
    const key = createHash('sha1').update(`${outcome.topic}\n${outcome.title}`).digest('hex').slice(0, 16);
    const existing = findContribution(db, event.id, null, 'other', key);
    const id = withStats(db, existing?.id ?? null, () => {
      const { id: saved } = saveContribution(db, {
      eventId: event.id, projectId: null, topic: outcome.topic, forge: 'other', kind: 'other', key, url: outcome.url, title: outcome.title,
      authorLogin: null, authorId: null, authorEmail: null, authorName: null, coAuthorEmails: [],
      state: 'unknown', createdAt: now.toISOString() < event.endsAt ? now.toISOString() : event.startsAt, mergedAt: null, closedAt: null,
      landedAt: null, firstTime: false, headSha: null, mergeCommitSha: null, mergesPullRequests: [], source: outcome.source,
      sourceUpdatedAt: null, excluded: false, excludedReason: null, excludedBy: null, counted: true,
      }, now, existing);
      replaceCredits(db, saved, outcome.sprinterId === null ? [] : [{ sprinterId: outcome.sprinterId, role: 'author' }]);
      setCounted(db, saved, true);
      return saved;
    }, (saved) => saved);
    return { eventId: event.id, projectId: null, contributionId: id, created: true, visible: true, counted: true };
  });
}
