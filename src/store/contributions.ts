import type { ContributionKind, ContributionSource, ContributionState } from '../domain/contribution.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

/** A contribution as stored for one event: the normalized fields plus the event-specific verdicts. */
export interface StoredContribution {
  id: number;
  eventId: number;
  projectId: number | null;
  topic: string | null;
  forge: string;
  kind: ContributionKind;
  key: string;
  url: string;
  title: string;
  authorLogin: string | null;
  authorId: number | null;
  authorEmail: string | null;
  authorName: string | null;
  coAuthorEmails: string[];
  state: ContributionState | 'unknown';
  createdAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  landedAt: string | null;
  firstTime: boolean;
  headSha: string | null;
  mergeCommitSha: string | null;
  mergesPullRequests: number[];
  source: ContributionSource;
  sourceUpdatedAt: string | null;
  excluded: boolean;
  excludedReason: string | null;
  excludedBy: 'rule' | 'moderator' | null;
  counted: boolean;
}

/** `counted` is written when the row is created; afterwards attribution alone changes it (setCounted). */
export type ContributionWrite = Omit<StoredContribution, 'id'>;

interface ContributionRow {
  id: number;
  event_id: number;
  project_id: number | null;
  topic: string | null;
  forge: string;
  kind: ContributionKind;
  key: string;
  url: string;
  title: string;
  author_login: string | null;
  author_id: number | null;
  author_email: string | null;
  author_name: string | null;
  co_author_emails: string;
  state: ContributionState | 'unknown';
  created_at: string;
  merged_at: string | null;
  closed_at: string | null;
  landed_at: string | null;
  first_time: number;
  head_sha: string | null;
  merge_commit_sha: string | null;
  merges_prs: string;
  source: ContributionSource;
  source_updated_at: string | null;
  excluded: number;
  excluded_reason: string | null;
  excluded_by: 'rule' | 'moderator' | null;
  counted: number;
}

/** Lists are stored as `,a,b,` so that one LIKE '%,x,%' finds a member without a join table. */
const packList = (items: Array<string | number>): string => (items.length ? `,${items.join(',')},` : '');
const unpackList = (text: string): string[] => text.split(',').filter(Boolean);

function toStored(row: ContributionRow): StoredContribution {
  return {
    id: row.id,
    eventId: row.event_id,
    projectId: row.project_id,
    topic: row.topic,
    forge: row.forge,
    kind: row.kind,
    key: row.key,
    url: row.url,
    title: row.title,
    authorLogin: row.author_login,
    authorId: row.author_id,
    authorEmail: row.author_email,
    authorName: row.author_name,
    coAuthorEmails: unpackList(row.co_author_emails),
    state: row.state,
    createdAt: row.created_at,
    mergedAt: row.merged_at,
    closedAt: row.closed_at,
    landedAt: row.landed_at,
    firstTime: row.first_time === 1,
    headSha: row.head_sha,
    mergeCommitSha: row.merge_commit_sha,
    mergesPullRequests: unpackList(row.merges_prs).map(Number),
    source: row.source,
    sourceUpdatedAt: row.source_updated_at,
    excluded: row.excluded === 1,
    excludedReason: row.excluded_reason,
    excludedBy: row.excluded_by,
    counted: row.counted === 1,
  };
}

export function findContribution(db: Store, eventId: number, projectId: number | null, kind: ContributionKind, key: string): StoredContribution | null {
  const row = statement(db, 'SELECT * FROM contributions WHERE event_id = ? AND IFNULL(project_id, 0) = ? AND kind = ? AND key = ?')
    .get(eventId, projectId ?? 0, kind, key) as ContributionRow | undefined;
  return row ? toStored(row) : null;
}

export function getContribution(db: Store, id: number): StoredContribution | null {
  const row = statement(db, 'SELECT * FROM contributions WHERE id = ?').get(id) as ContributionRow | undefined;
  return row ? toStored(row) : null;
}

// Positional parameters in column order: binding 29 named ones and reading back a whole row cost more
// than the write itself on the ingest path.
const INSERT_CONTRIBUTION = `INSERT INTO contributions (event_id, project_id, topic, forge, kind, key, url, title, author_login, author_id,
    author_email, author_name, co_author_emails, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha,
    merge_commit_sha, merges_prs, source, source_updated_at, excluded, excluded_reason, excluded_by, updated_at, counted)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE_CONTRIBUTION = `UPDATE contributions SET topic = ?, url = ?, title = ?, author_login = ?, author_id = ?, author_email = ?,
    author_name = ?, co_author_emails = ?, state = ?, created_at = ?, merged_at = ?, closed_at = ?, landed_at = ?, first_time = ?,
    head_sha = ?, merge_commit_sha = ?, merges_prs = ?, source = ?, source_updated_at = ?, excluded = ?, excluded_reason = ?,
    excluded_by = ?, updated_at = ?
  WHERE id = ?`;

/** The columns every write sets, in the order both statements above list them after the identity. */
function writtenFields(c: ContributionWrite, now: Date): unknown[] {
  return [
    c.topic, c.url, c.title, c.authorLogin, c.authorId, c.authorEmail, c.authorName, packList(c.coAuthorEmails), c.state,
    c.createdAt, c.mergedAt, c.closedAt, c.landedAt, c.firstTime ? 1 : 0, c.headSha, c.mergeCommitSha,
    packList(c.mergesPullRequests), c.source, c.sourceUpdatedAt, c.excluded ? 1 : 0, c.excludedReason, c.excludedBy,
    now.toISOString(),
  ];
}

/**
 * Writes a contribution and returns it as stored. `existing` is the row the caller read in the same
 * transaction (findContribution), or null for a new one: a new row is inserted with its `counted`;
 * an existing one keeps its identity and its `counted`, which only attribution changes (setCounted).
 */
export function saveContribution(db: Store, c: ContributionWrite, now: Date, existing: Pick<StoredContribution, 'id' | 'counted'> | null): StoredContribution {
  const fields = writtenFields(c, now);
  let id: number;
  if (existing) {
    id = existing.id;
    statement(db, UPDATE_CONTRIBUTION).run(...fields, id);
  } else {
    const [topic, ...rest] = fields;
    id = Number(statement(db, INSERT_CONTRIBUTION).run(c.eventId, c.projectId, topic, c.forge, c.kind, c.key, ...rest, c.counted ? 1 : 0).lastInsertRowid);
  }
  if (c.kind === 'commit' && c.projectId !== null) {
    statement(db, 'DELETE FROM commit_pull_requests WHERE contribution_id = ?').run(id);
    const link = statement(db, 'INSERT OR IGNORE INTO commit_pull_requests (project_id, pr_number, contribution_id) VALUES (?, ?, ?)');
    for (const n of c.mergesPullRequests) link.run(c.projectId, String(n), id);
  }
  return { ...c, id, counted: existing ? existing.counted : c.counted };
}

export function setExclusion(db: Store, id: number, exclusion: { excluded: boolean; reason: string | null; by: 'rule' | 'moderator' | null }): void {
  statement(db, 'UPDATE contributions SET excluded = ?, excluded_reason = ?, excluded_by = ? WHERE id = ?')
    .run(exclusion.excluded ? 1 : 0, exclusion.reason, exclusion.by, id);
}

export function setCounted(db: Store, id: number, counted: boolean): void {
  statement(db, 'UPDATE contributions SET counted = ? WHERE id = ?').run(counted ? 1 : 0, id);
}

export interface Credit {
  sprinterId: number;
  role: 'author' | 'co-author';
}

export function listCredits(db: Store, contributionId: number): Credit[] {
  return statement(db, 'SELECT sprinter_id AS sprinterId, role FROM credits WHERE contribution_id = ?').all(contributionId) as Credit[];
}

export function replaceCredits(db: Store, contributionId: number, credits: Credit[]): void {
  statement(db, 'DELETE FROM credits WHERE contribution_id = ?').run(contributionId);
  addCredits(db, contributionId, credits);
}

export function addCredits(db: Store, contributionId: number, credits: Credit[]): void {
  const insert = statement(db, 'INSERT OR IGNORE INTO credits (contribution_id, sprinter_id, role) VALUES (?, ?, ?)');
  for (const credit of credits) insert.run(contributionId, credit.sprinterId, credit.role);
}

/** Counted pull requests of the project whose merged work includes this commit (each check an index lookup). */
export function isPartOfCountedPullRequest(db: Store, eventId: number, projectId: number, sha: string, mergesPullRequests: number[]): boolean {
  const byMerge = statement(db, `SELECT 1 FROM contributions WHERE project_id = ? AND merge_commit_sha = ? AND kind = 'pull_request' AND counted = 1 LIMIT 1`);
  const byHead = statement(db, `SELECT 1 FROM contributions WHERE project_id = ? AND head_sha = ? AND kind = 'pull_request' AND counted = 1 LIMIT 1`);
  if (byMerge.get(projectId, sha) || byHead.get(projectId, sha)) return true;
  const byNumber = statement(db, `SELECT counted FROM contributions WHERE event_id = ? AND IFNULL(project_id, 0) = ? AND kind = 'pull_request' AND key = ?`).pluck();
  return mergesPullRequests.some((n) => byNumber.get(eventId, projectId, String(n)) === 1);
}

/** Commits of the project that a pull request's merge brought in (by sha or by the merge message). */
export function commitsOfPullRequest(db: Store, pr: { eventId: number; projectId: number; number: string; headSha: string | null; mergeCommitSha: string | null }): StoredContribution[] {
  const rows = statement(
    db,
    `SELECT * FROM contributions WHERE event_id = @event AND IFNULL(project_id, 0) = @project AND kind = 'commit' AND key IN (@head, @merge)
     UNION
     SELECT c.* FROM commit_pull_requests m JOIN contributions c ON c.id = m.contribution_id WHERE m.project_id = @project AND m.pr_number = @number`,
  ).all({ event: pr.eventId, project: pr.projectId, head: pr.headSha ?? '', merge: pr.mergeCommitSha ?? '', number: pr.number }) as ContributionRow[];
  return rows.map(toStored);
}

export interface IdentityKeys {
  githubId: number | null;
  githubLogin: string | null;
  pagureUsername: string | null;
  emails: string[];
}

/** Contributions of the event that may belong to this person: used when they join after contributing. */
export function contributionsMatchingIdentity(db: Store, eventId: number, who: IdentityKeys): StoredContribution[] {
  const ids = new Set<number>();
  const collect = (sql: string, ...args: unknown[]): void => {
    for (const id of statement(db, sql).pluck().all(...args) as number[]) ids.add(id);
  };
  if (who.githubId != null) collect('SELECT id FROM contributions WHERE event_id = ? AND author_id = ?', eventId, who.githubId);
  for (const login of [who.githubLogin, who.pagureUsername]) {
    if (login) collect('SELECT id FROM contributions WHERE event_id = ? AND author_login = ?', eventId, login);
  }
  for (const email of who.emails) {
    collect('SELECT id FROM contributions WHERE event_id = ? AND author_email = ?', eventId, email);
    collect('SELECT id FROM contributions WHERE event_id = ? AND co_author_emails LIKE ?', eventId, `%,${email},%`);
  }
  if (who.githubLogin) {
    collect(`SELECT id FROM contributions WHERE event_id = ? AND kind = 'commit' AND co_author_emails LIKE ?`, eventId, `%${who.githubLogin}@users.noreply.github.com,%`);
  }
  return [...ids].sort((a, b) => a - b).map((id) => getContribution(db, id)!);
}

export interface ModerationRow {
  id: number;
  kind: ContributionKind;
  key: string;
  url: string;
  title: string;
  state: string;
  counted: number;
  excluded: number;
  excludedReason: string | null;
  excludedBy: string | null;
  authorLogin: string | null;
  sprinterName: string | null;
  project: string | null;
}

/** What a moderator sees: work that counts or awaits its author, and what a person excluded (rule exclusions are not theirs to undo). */
export function listForModeration(db: Store, eventId: number, projectId: number | null, limit = 200): ModerationRow[] {
  return statement(db, `SELECT c.id, c.kind, c.key, c.url, c.title, c.state, c.counted, c.excluded, c.excluded_reason AS excludedReason,
        c.excluded_by AS excludedBy, c.author_login AS authorLogin, s.display_name AS sprinterName, IFNULL(p.full_name, c.topic) AS project
      FROM contributions c
      LEFT JOIN projects p ON p.id = c.project_id
      LEFT JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      LEFT JOIN sprinters s ON s.id = k.sprinter_id
      WHERE c.event_id = ? AND (? IS NULL OR c.project_id = ?) AND IFNULL(c.excluded_by, 'moderator') = 'moderator'
      ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`).all(eventId, projectId, projectId, limit) as ModerationRow[];
}

export function manualCreditSprinters(db: Store, contributionId: number): number[] {
  return statement(db, 'SELECT sprinter_id FROM manual_credits WHERE contribution_id = ? ORDER BY created_at').pluck().all(contributionId) as number[];
}

export function addManualCredit(db: Store, contributionId: number, sprinterId: number, creditedBy: string, now = new Date()): boolean {
  return statement(db, 'INSERT OR IGNORE INTO manual_credits (contribution_id, sprinter_id, credited_by, created_at) VALUES (?, ?, ?, ?)')
    .run(contributionId, sprinterId, creditedBy, now.toISOString()).changes === 1;
}
