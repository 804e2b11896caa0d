import type { Store } from './store.js';
import { statement } from './statements.js';

export interface BotSettings {
  enabled: boolean;
  label: boolean;
  welcome: boolean;
  welcomeTemplate: string | null;
  joinNudge: boolean;
  /** One comment on a claimed task's issue saying who works on it at the event. */
  taskComments: boolean;
}

export const BOT_DEFAULTS: BotSettings = {
  enabled: false,
  label: true,
  welcome: true,
  welcomeTemplate: null,
  joinNudge: true,
  taskComments: true,
};

export function getBotSettings(db: Store, projectId: number): BotSettings {
  const row = statement(db, 'SELECT * FROM bot_settings WHERE project_id = ?').get(projectId) as
    | {
        enabled: number;
        label: number;
        welcome: number;
        welcome_template: string | null;
        join_nudge: number;
        task_comments: number;
      }
    | undefined;
  if (!row) return BOT_DEFAULTS;
  return {
    enabled: row.enabled === 1,
    label: row.label === 1,
    welcome: row.welcome === 1,
    welcomeTemplate: row.welcome_template,
    joinNudge: row.join_nudge === 1,
    taskComments: row.task_comments === 1,
  };
}

export function botIsOn(db: Store, projectId: number): boolean {
  return statement(db, 'SELECT enabled FROM bot_settings WHERE project_id = ?').pluck().get(projectId) === 1;
}

export function saveBotSettings(db: Store, projectId: number, s: BotSettings): void {
  statement(
    db,
    `INSERT INTO bot_settings (project_id, enabled, label, welcome, welcome_template, join_nudge, task_comments) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id) DO UPDATE SET enabled = excluded.enabled, label = excluded.label, welcome = excluded.welcome,
        welcome_template = excluded.welcome_template, join_nudge = excluded.join_nudge, task_comments = excluded.task_comments`,
  ).run(
    projectId,
    s.enabled ? 1 : 0,
    s.label ? 1 : 0,
    s.welcome ? 1 : 0,
    s.welcomeTemplate,
    s.joinNudge ? 1 : 0,
    s.taskComments ? 1 : 0,
  );
}

/** True when this caller is the first to claim the action: only then may it act. */
export function claimAction(db: Store, key: string, now = new Date()): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO bot_actions (key, created_at) VALUES (?, ?)').run(key, now.toISOString())
      .changes === 1
  );
}

/** GitHub refused: give the claim back so a later delivery can try again. */
export function releaseAction(db: Store, key: string): void {
  statement(db, 'DELETE FROM bot_actions WHERE key = ?').run(key);
}

/** The bot's comment on a task's issue, if it wrote one: its id and what it says now. */
export function taskComment(db: Store, taskId: number): { commentId: number; body: string; updatedAt: string } | null {
  const row = statement(
    db,
    'SELECT comment_id AS commentId, body, updated_at AS updatedAt FROM task_comments WHERE task_id = ?',
  ).get(taskId) as { commentId: number; body: string; updatedAt: string } | undefined;
  return row ?? null;
}

export function saveTaskComment(db: Store, taskId: number, commentId: number, body: string, now: Date): void {
  statement(
    db,
    `INSERT INTO task_comments (task_id, comment_id, body, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (task_id) DO UPDATE SET comment_id = excluded.comment_id, body = excluded.body, updated_at = excluded.updated_at`,
  ).run(taskId, commentId, body, now.toISOString());
}
