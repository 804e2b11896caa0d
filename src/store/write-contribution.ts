import { finalVerdict, type Credit } from '../domain/attribution.js';
import {
  coAuthorEmails,
  listCredits,
  toStored,
  type ContributionRow,
  type StoredContribution,
} from './contributions.js';
import { applyStatsChange, snapshotOf } from './stats.js';
import { transaction, type Store } from './store.js';
import { statement } from './statements.js';

/** A contribution's next state as a service decided it: the row's fields, its verdict and its credits. */
export interface ContributionNext extends Omit<StoredContribution, 'id' | 'counted'> {
  credits: Credit[];
  /** Commit trailers' co-authors; left out, the stored ones stay. */
  coAuthorEmails?: string[];
  /** Pull request numbers a commit's message says it merges; left out, the stored links stay. */
  mergesPullRequests?: number[];
}

// Positional parameters in column order: binding named ones and reading back a whole row cost more than
// the write itself on the ingest path.
const INSERT = `INSERT INTO contributions (event_id, project_id, forge, kind, key, topic, url, title, author_login, author_id,
    author_email, author_name, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha, merge_commit_sha,
    source, source_updated_at, reason, moderation, counted, updated_at, timed, first_time_by, author_is_bot,
    on_default_branch, review_of_author_id, review_of_author_login)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE = `UPDATE contributions SET topic = ?, url = ?, title = ?, author_login = ?, author_id = ?, author_email = ?,
    author_name = ?, state = ?, created_at = ?, merged_at = ?, closed_at = ?, landed_at = ?, first_time = ?, head_sha = ?,
    merge_commit_sha = ?, source = ?, source_updated_at = ?, reason = ?, moderation = ?, counted = ?, updated_at = ?, timed = ?, first_time_by = ?,
    author_is_bot = ?, on_default_branch = ?, review_of_author_id = ?, review_of_author_login = ?
  WHERE id = ?`;

/**
 * The one write of a contribution: its row, its credits, its co-authors and commit links, and the
 * difference it makes to every aggregate, in one transaction. Every source, outcome, moderation,
 * `/sprint` command, join, leave and import decides a next state and hands it here; nothing else writes
 * contributions, credits or counters. `existing` is the row as the caller read it in this transaction
 * (null for a new one); returns the row as stored.
 */
export function writeContribution(
  db: Store,
  existing: StoredContribution | null,
  next: ContributionNext,
  now: Date,
): StoredContribution {
  return transaction(db, () => {
    const counted = finalVerdict(next.reason, next.moderation).counts;
    const creditsBefore = existing ? listCredits(db, existing.id) : [];
    const fields = [
      next.topic,
      next.url,
      next.title,
      next.authorLogin,
      next.authorId,
      next.authorEmail,
      next.authorName,
      next.state,
      next.createdAt,
      next.mergedAt,
      next.closedAt,
      next.landedAt,
      next.firstTime ? 1 : 0,
      next.headSha,
      next.mergeCommitSha,
      next.source,
      next.sourceUpdatedAt,
      next.reason,
      next.moderation,
      counted ? 1 : 0,
      now.toISOString(),
      next.timed ? 1 : 0,
      next.firstTimeBy,
      next.authorIsBot ? 1 : 0,
      next.onDefaultBranch ? 1 : 0,
      next.reviewOfAuthorId,
      next.reviewOfAuthorLogin,
    ];
    let id: number;
    if (existing) {
      id = existing.id;
      statement(db, UPDATE).run(...fields, id);
      if (!sameCredits(creditsBefore, next.credits)) {
        statement(db, 'DELETE FROM credits WHERE contribution_id = ?').run(id);
        insertCredits(db, id, next.credits);
      }
    } else {
      id = Number(
        statement(db, INSERT).run(next.eventId, next.projectId, next.forge, next.kind, next.key, ...fields)
          .lastInsertRowid,
      );
      insertCredits(db, id, next.credits);
    }
    if (
      next.coAuthorEmails &&
      (existing === null ? next.coAuthorEmails.length > 0 : !sameList(coAuthorEmails(db, id), next.coAuthorEmails))
    ) {
      if (existing) statement(db, 'DELETE FROM contribution_co_authors WHERE contribution_id = ?').run(id);
      const add = statement(db, 'INSERT OR IGNORE INTO contribution_co_authors (contribution_id, email) VALUES (?, ?)');
      for (const email of next.coAuthorEmails) add.run(id, email);
    }
    if (next.mergesPullRequests && next.kind === 'commit' && next.projectId !== null) {
      if (existing) statement(db, 'DELETE FROM commit_pull_requests WHERE contribution_id = ?').run(id);
      const link = statement(
        db,
        'INSERT OR IGNORE INTO commit_pull_requests (project_id, pr_number, contribution_id) VALUES (?, ?, ?)',
      );
      for (const n of next.mergesPullRequests) link.run(next.projectId, String(n), id);
    }
    const stored: StoredContribution = { ...withoutExtras(next), id, counted };
    applyStatsChange(db, existing ? snapshotOf(existing, creditsBefore) : null, snapshotOf(stored, next.credits));
    return stored;
  });
}

/**
 * Removes a project's contributions with the difference each makes to the aggregates (an organizer
 * rejected its registration): the one delete of contributions, beside the one write.
 */
export function removeProjectContributions(db: Store, projectId: number): number {
  return transaction(db, () => {
    const rows = statement(db, 'SELECT * FROM contributions WHERE project_id = ?').all(projectId) as ContributionRow[];
    for (const row of rows) {
      const existing = toStored(row);
      applyStatsChange(db, snapshotOf(existing, listCredits(db, existing.id)), null);
    }
    statement(db, 'DELETE FROM contributions WHERE project_id = ?').run(projectId);
    return rows.length;
  });
}

function insertCredits(db: Store, contributionId: number, credits: Credit[]): void {
  const insert = statement(db, 'INSERT OR IGNORE INTO credits (contribution_id, sprinter_id, role) VALUES (?, ?, ?)');
  for (const credit of credits) insert.run(contributionId, credit.sprinterId, credit.role);
}

function withoutExtras(next: ContributionNext): Omit<StoredContribution, 'id' | 'counted'> {
  const { credits: _credits, coAuthorEmails: _coAuthors, mergesPullRequests: _merges, ...row } = next;
  return row;
}

export function sameCredits(a: Credit[], b: Credit[]): boolean {
  if (a.length !== b.length) return false;
  const key = (k: Credit): string => `${k.sprinterId}:${k.role}`;
  const set = new Set(a.map(key));
  return b.every((k) => set.has(key(k)));
}

function sameList(a: string[], b: string[]): boolean {
  const sorted = [...b].map((x) => x.toLowerCase()).sort();
  return a.length === sorted.length && a.every((x, i) => x.toLowerCase() === sorted[i]);
}
