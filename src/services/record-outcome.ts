import { createHash } from 'node:crypto';
import { findContribution } from '../store/contributions.js';
import type { EventRecord } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';
import { writeContribution } from '../store/write-contribution.js';
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
    const stored = writeContribution(
      db,
      existing,
      {
        eventId: event.id,
        projectId: null,
        topic: outcome.topic,
        forge: 'other',
        kind: 'other',
        key,
        url: outcome.url,
        title: outcome.title,
        authorLogin: null,
        authorId: null,
        authorEmail: null,
        authorName: null,
        state: 'unknown',
        createdAt: now.toISOString() < event.endsAt ? now.toISOString() : event.startsAt,
        timed: true,
        mergedAt: null,
        closedAt: null,
        landedAt: null,
        firstTime: false,
        firstTimeBy: null,
        authorIsBot: false,
        onDefaultBranch: true,
        reviewOfAuthorId: null,
        reviewOfAuthorLogin: null,
        headSha: null,
        mergeCommitSha: null,
        source: outcome.source,
        sourceUpdatedAt: null,
        reason: 'imported',
        moderation: existing?.moderation ?? null,
        credits: outcome.sprinterId === null ? [] : [{ sprinterId: outcome.sprinterId, role: 'author' }],
      },
      now,
    );
    return {
      eventId: event.id,
      projectId: null,
      contributionId: stored.id,
      created: existing === null,
      visible: true,
      counted: stored.counted,
    };
  });
}
