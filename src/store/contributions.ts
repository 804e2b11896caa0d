import type { CountReason, Credit } from '../domain/attribution.js';
import type { ContributionKind, ContributionSource, ContributionState, FirstTimeBy } from '../domain/contribution.js';
import type { Store } from './store.js';
import { statement } from './statements.js';

export type { Credit };

/** A contribution as stored for one event: the normalized fields plus the event's verdict on it. */
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
  state: ContributionState | 'unknown';
  createdAt: string;
  /** False when the source gave no time: `createdAt` only sorts it. */
  timed: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  landedAt: string | null;
  firstTime: boolean;
  /** How `firstTime` was decided: GitHub's author_association, one search, or not yet (null). */
  firstTimeBy: FirstTimeBy | null;
  headSha: string | null;
  mergeCommitSha: string | null;
  source: ContributionSource;
  sourceUpdatedAt: string | null;
  /** Why it counts or not, as the rules and the identities it names decide (before any moderation). */
  reason: CountReason;
  /** A leader's or organizer's reason for leaving it out; null when nobody did. */
  moderation: string | null;
  /** No moderation and a counting reason: what every aggregate counts. */
  counted: boolean;
  /** Facts the rules read besides those above, kept so the verdict can be decided again from the row. */
  authorIsBot: boolean;
  /** For commits: pushed to the default branch (always true for other kinds). */
  onDefaultBranch: boolean;
  /** For reviews: who opened the pull request reviewed. */
  reviewOfAuthorId: number | null;
  reviewOfAuthorLogin: string | null;
}

export interface ContributionRow {
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
  state: ContributionState | 'unknown';
  created_at: string;
  timed: number;
  merged_at: string | null;
  closed_at: string | null;
  landed_at: string | null;
  first_time: number;
  first_time_by: FirstTimeBy | null;
  head_sha: string | null;
  merge_commit_sha: string | null;
  source: ContributionSource;
  source_updated_at: string | null;
  reason: CountReason;
  moderation: string | null;
  counted: number;
  author_is_bot: number;
  on_default_branch: number;
  review_of_author_id: number | null;
  review_of_author_login: string | null;
}

export function toStored(row: ContributionRow): StoredContribution {
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
    state: row.state,
    createdAt: row.created_at,
    timed: row.timed === 1,
    mergedAt: row.merged_at,
    closedAt: row.closed_at,
    landedAt: row.landed_at,
    firstTime: row.first_time === 1,
    firstTimeBy: row.first_time_by,
    headSha: row.head_sha,
    mergeCommitSha: row.merge_commit_sha,
    source: row.source,
    sourceUpdatedAt: row.source_updated_at,
    reason: row.reason,
    moderation: row.moderation,
    counted: row.counted === 1,
    authorIsBot: row.author_is_bot === 1,
    onDefaultBranch: row.on_default_branch === 1,
    reviewOfAuthorId: row.review_of_author_id,
    reviewOfAuthorLogin: row.review_of_author_login,
  };
}

export function findContribution(
  db: Store,
  eventId: number,
  projectId: number | null,
  kind: ContributionKind,
  key: string,
): StoredContribution | null {
  const row = statement(
    db,
    'SELECT * FROM contributions WHERE event_id = ? AND IFNULL(project_id, 0) = ? AND kind = ? AND key = ?',
  ).get(eventId, projectId ?? 0, kind, key) as ContributionRow | undefined;
  return row ? toStored(row) : null;
}

export function getContribution(db: Store, id: number): StoredContribution | null {
  const row = statement(db, 'SELECT * FROM contributions WHERE id = ?').get(id) as ContributionRow | undefined;
  return row ? toStored(row) : null;
}

export function listCredits(db: Store, contributionId: number): Credit[] {
  return statement(db, 'SELECT sprinter_id AS sprinterId, role FROM credits WHERE contribution_id = ?').all(
    contributionId,
  ) as Credit[];
}

export function coAuthorEmails(db: Store, contributionId: number): string[] {
  return statement(db, 'SELECT email FROM contribution_co_authors WHERE contribution_id = ? ORDER BY email')
    .pluck()
    .all(contributionId) as string[];
}

/** Pull request numbers a stored commit's message says it merges (its commit links). */
export function mergedPullRequestNumbers(db: Store, contributionId: number): number[] {
  return (
    statement(db, 'SELECT pr_number FROM commit_pull_requests WHERE contribution_id = ? ORDER BY pr_number')
      .pluck()
      .all(contributionId) as string[]
  ).map(Number);
}

/** Whether a counted pull request of the project merged this commit (each check an index lookup). */
export function isPartOfCountedPullRequest(
  db: Store,
  eventId: number,
  projectId: number,
  sha: string,
  mergesPullRequests: number[],
): boolean {
  const byMerge = statement(
    db,
    `SELECT 1 FROM contributions WHERE project_id = ? AND merge_commit_sha = ? AND kind = 'pull_request' AND counted = 1 LIMIT 1`,
  );
  const byHead = statement(
    db,
    `SELECT 1 FROM contributions WHERE project_id = ? AND head_sha = ? AND kind = 'pull_request' AND counted = 1 LIMIT 1`,
  );
  if (byMerge.get(projectId, sha) || byHead.get(projectId, sha)) return true;
  const byNumber = statement(
    db,
    `SELECT counted FROM contributions WHERE event_id = ? AND IFNULL(project_id, 0) = ? AND kind = 'pull_request' AND key = ?`,
  ).pluck();
  return mergesPullRequests.some((n) => byNumber.get(eventId, projectId, String(n)) === 1);
}

/** Commits of the project that a pull request's merge brought in (by sha or by the merge message). */
export function commitsOfPullRequest(
  db: Store,
  pr: { eventId: number; projectId: number; number: string; headSha: string | null; mergeCommitSha: string | null },
): StoredContribution[] {
  // Two plain lookups, the first only when the pull request names a sha: one UNION of both cost twice as much,
  // which deciding a large event again (a settle for every pull request whose verdict moved) felt.
  const shas = [pr.headSha, pr.mergeCommitSha].filter((sha): sha is string => sha !== null);
  const bySha = shas.length
    ? (statement(
        db,
        `SELECT * FROM contributions WHERE event_id = ? AND IFNULL(project_id, 0) = ? AND kind = 'commit' AND key IN (?, ?)`,
      ).all(pr.eventId, pr.projectId, shas[0], shas[1] ?? shas[0]) as ContributionRow[])
    : [];
  const byLink = statement(
    db,
    `SELECT c.* FROM commit_pull_requests m JOIN contributions c ON c.id = m.contribution_id
     WHERE m.project_id = ? AND m.pr_number = ? AND c.event_id = ?`,
  ).all(pr.projectId, pr.number, pr.eventId) as ContributionRow[];
  const seen = new Set(bySha.map((r) => r.id));
  const rows = [...bySha, ...byLink.filter((r) => !seen.has(r.id))];
  return rows.map(toStored);
}

export interface IdentityKeys {
  githubId: number | null;
  githubLogin: string | null;
  pagureUsername: string | null;
  emails: string[];
  /** GitLab and Forgejo accounts (any instance: attribution then asks for the project's). */
  forgeAccounts?: Array<{ forge: string; userId: number | null; username: string }>;
}

/** Contributions of the event that may belong to this person: used when they join after contributing. */
export function contributionsMatchingIdentity(db: Store, eventId: number, who: IdentityKeys): StoredContribution[] {
  const ids = new Set<number>();
  const collect = (sql: string, ...args: unknown[]): void => {
    for (const id of statement(db, sql)
      .pluck()
      .all(...args) as number[])
      ids.add(id);
  };
  if (who.githubId != null)
    collect('SELECT id FROM contributions WHERE event_id = ? AND author_id = ?', eventId, who.githubId);
  for (const login of [who.githubLogin, who.pagureUsername]) {
    if (login) collect('SELECT id FROM contributions WHERE event_id = ? AND author_login = ?', eventId, login);
  }
  for (const account of who.forgeAccounts ?? []) {
    collect(
      'SELECT id FROM contributions WHERE event_id = ? AND forge = ? AND (author_login = ? OR author_id = ?)',
      eventId,
      account.forge,
      account.username,
      account.userId,
    );
  }
  const byCoAuthor = `SELECT c.id FROM contribution_co_authors a JOIN contributions c ON c.id = a.contribution_id WHERE c.event_id = ? AND a.email = ?`;
  for (const email of who.emails) {
    collect('SELECT id FROM contributions WHERE event_id = ? AND author_email = ?', eventId, email);
    collect(byCoAuthor, eventId, email);
  }
  if (who.githubLogin) {
    // A noreply address names its login after an optional numeric id: `123+login@…` or `login@…`.
    collect(byCoAuthor, eventId, `${who.githubLogin}@users.noreply.github.com`);
    collect(
      `SELECT c.id FROM contribution_co_authors a JOIN contributions c ON c.id = a.contribution_id
      WHERE c.event_id = ? AND a.email LIKE ?`,
      eventId,
      `%+${who.githubLogin}@users.noreply.github.com`,
    );
  }
  return [...ids].sort((a, b) => a - b).map((id) => getContribution(db, id)!);
}

export interface ModerationRow {
  id: number;
  kind: ContributionKind;
  forge: string;
  key: string;
  url: string;
  title: string;
  state: string;
  counted: number;
  reason: CountReason;
  moderation: string | null;
  authorLogin: string | null;
  sprinterName: string | null;
  project: string | null;
}

/**
 * What a moderator sees: every contribution of the event (or project) with why it counts or not, newest
 * first, so "why isn't my pull request counted?" has its answer on the page.
 */
export interface ModerationFilter {
  /** Words found in the title, reference, project, author's login or sprinter's name. */
  text: string;
  show: 'counted' | 'not-counted' | 'excluded' | null;
}

export function listForModeration(
  db: Store,
  eventId: number,
  projectId: number | null,
  limit = 200,
  filter: ModerationFilter = { text: '', show: null },
): ModerationRow[] {
  // LIKE's wildcards in what was typed are searched for as themselves.
  const like = filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return statement(
    db,
    `SELECT c.id, c.kind, c.forge, c.key, c.url, c.title, c.state, c.counted, c.reason, c.moderation,
        c.author_login AS authorLogin, s.display_name AS sprinterName, IFNULL(p.full_name, c.topic) AS project
      FROM contributions c
      LEFT JOIN projects p ON p.id = c.project_id
      LEFT JOIN credits k ON k.contribution_id = c.id AND k.role = 'author'
      LEFT JOIN sprinters s ON s.id = k.sprinter_id
      WHERE c.event_id = @event AND (@project IS NULL OR c.project_id = @project)
        AND (@show IS NULL OR (@show = 'counted' AND c.counted = 1)
          OR (@show = 'not-counted' AND c.counted = 0 AND c.moderation IS NULL)
          OR (@show = 'excluded' AND c.moderation IS NOT NULL))
        AND (@like IS NULL OR c.title LIKE @like ESCAPE '\\' OR c.key LIKE @like ESCAPE '\\'
          OR c.author_login LIKE @like ESCAPE '\\' OR s.display_name LIKE @like ESCAPE '\\'
          OR IFNULL(p.full_name, c.topic) LIKE @like ESCAPE '\\')
      ORDER BY c.updated_at DESC, c.id DESC LIMIT @limit`,
  ).all({ event: eventId, project: projectId, show: filter.show, like, limit }) as ModerationRow[];
}

export function manualCreditSprinters(db: Store, contributionId: number): number[] {
  return statement(db, 'SELECT sprinter_id FROM manual_credits WHERE contribution_id = ? ORDER BY created_at')
    .pluck()
    .all(contributionId) as number[];
}

export function addManualCredit(
  db: Store,
  contributionId: number,
  sprinterId: number,
  creditedBy: string,
  now = new Date(),
): boolean {
  return (
    statement(
      db,
      'INSERT OR IGNORE INTO manual_credits (contribution_id, sprinter_id, credited_by, created_at) VALUES (?, ?, ?, ?)',
    ).run(contributionId, sprinterId, creditedBy, now.toISOString()).changes === 1
  );
}

/**
 * The event's rows that came from an organizer's list, on forge projects: what `devsprint enrich`
 * completes. `incomplete`: only those still lacking what a forge would say (a state, a time or a title).
 */
export function importedForgeContributions(
  db: Store,
  eventId: number,
  options: { incomplete?: boolean } = {},
): StoredContribution[] {
  const lacking = options.incomplete ? ` AND (state = 'unknown' OR timed = 0 OR title = '')` : '';
  return (
    statement(
      db,
      `SELECT * FROM contributions WHERE event_id = ? AND source = 'import' AND project_id IS NOT NULL AND kind IN ('pull_request', 'commit')${lacking} ORDER BY id`,
    ).all(eventId) as ContributionRow[]
  ).map(toStored);
}

/** A pull request of the event by its link, as the forge gave it. */
export function findPullRequestByUrl(db: Store, eventId: number, url: string): StoredContribution | null {
  const row = statement(
    db,
    `SELECT * FROM contributions WHERE event_id = ? AND kind = 'pull_request' AND url = ? COLLATE NOCASE LIMIT 1`,
  ).get(eventId, url) as ContributionRow | undefined;
  return row ? toStored(row) : null;
}

/**
 * A page of an event's contributions in id order after `afterId`: its pull requests, or everything else.
 * Deciding an event again reads pull requests first, since whether a commit counts reads whether its pull
 * request does.
 */
export function contributionsPage(
  db: Store,
  eventId: number,
  pullRequests: boolean,
  afterId: number,
  limit: number,
): StoredContribution[] {
  return (
    statement(
      db,
      `SELECT * FROM contributions WHERE event_id = ? AND (kind = 'pull_request') = ? AND id > ? ORDER BY id LIMIT ?`,
    ).all(eventId, pullRequests ? 1 : 0, afterId, limit) as ContributionRow[]
  ).map(toStored);
}

/** The credits of several contributions at once, by contribution id. */
export function creditsOf(db: Store, contributionIds: number[]): Map<number, Credit[]> {
  const credits = new Map<number, Credit[]>(contributionIds.map((id) => [id, []]));
  if (contributionIds.length === 0) return credits;
  const rows = statement(
    db,
    `SELECT contribution_id AS id, sprinter_id AS sprinterId, role FROM credits
     WHERE contribution_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(contributionIds)) as Array<{ id: number } & Credit>;
  for (const { id, ...credit } of rows) credits.get(id)?.push(credit);
  return credits;
}
