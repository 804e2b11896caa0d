import type { Forge } from '../domain/contribution.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { isValidTimeZone, wallTimeToInstant } from '../domain/event-window.js';
import { isValidGithubLogin, normalizeEmail } from '../domain/identity.js';
import { adapterOf, parseAccountSpec, parseProjectSpec } from '../sources/registry.js';
import type { EventChanges } from '../store/events.js';

/** A form's outcome: the clean values, or one message per field to show next to it. */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

function run<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

const text = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} is at most ${max} characters`);
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .optional()
    .transform((v) => v || null);
// An unticked box is simply absent from a submitted form.
const checkbox = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== '0' && v !== 'false');
const httpUrl = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v), `${label} must be an http(s) address`);
const login = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .refine(isValidGithubLogin, `${label} must be a GitHub login`);
const emailList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(normalizeEmail),
  )
  .refine(
    (list) => list.every((e) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e)),
    'each e-mail must look like name@example.org',
  )
  .refine((list) => list.length <= 10, 'at most 10 e-mails');

/** The event form: what updateEvent takes, plus the slug when creating. */
export interface EventFormValues extends EventChanges {
  slug: string;
}

/** One text field of a posted form, trimmed: '' when it is absent or not text (a repeated field is an array). */
export function formField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

export function parseEventForm(body: unknown, options: { requireSlug: boolean }): FormResult<EventFormValues> {
  const schema = z
    .object({
      slug: options.requireSlug
        ? z
            .string({ error: 'Slug is required' })
            .trim()
            .regex(
              /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
              'Slug: lower-case letters, digits and dashes, e.g. pycon-2025',
            )
        : z
            .string()
            .optional()
            .transform(() => ''),
      name: text(120, 'Name'),
      timeZone: z.string().trim().refine(isValidTimeZone, 'Time zone must be an IANA zone such as Asia/Kolkata'),
      starts: z.string({ error: 'Start is required' }),
      ends: z.string({ error: 'End is required' }),
      venue: optionalText(200, 'Venue'),
      capacity: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? Number(v) : null))
        .refine(
          (v) => v === null || (Number.isInteger(v) && v > 0 && v <= 100_000),
          'Capacity must be a positive whole number',
        ),
      joinCode: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || null)
        .refine((v) => v === null || /^[A-Za-z0-9-]{4,40}$/.test(v), 'Join code: 4 to 40 letters, digits or dashes'),
      registrationOpen: checkbox,
      reportPublic: checkbox,
    })
    .transform((v, ctx) => {
      const startsAt = wallTimeToInstant(v.starts, v.timeZone);
      const endsAt = wallTimeToInstant(v.ends, v.timeZone);
      if (!startsAt) ctx.addIssue({ code: 'custom', path: ['starts'], message: 'Start must be a date and time' });
      if (!endsAt) ctx.addIssue({ code: 'custom', path: ['ends'], message: 'End must be a date and time' });
      if (startsAt && endsAt && endsAt <= startsAt)
        ctx.addIssue({ code: 'custom', path: ['ends'], message: 'End must be after the start' });
      return {
        slug: v.slug,
        name: v.name,
        startsAt: startsAt ?? '',
        endsAt: endsAt ?? '',
        timeZone: v.timeZone,
        venue: v.venue,
        capacity: v.capacity,
        joinCode: v.joinCode,
        registrationOpen: v.registrationOpen,
        reportPublic: v.reportPublic,
      };
    });
  return run(schema, body);
}

export interface ProjectFormValues {
  forge: Forge;
  fullName: string;
  description: string;
  mentors: string;
  contributingUrl: string | null;
  starterLabel: string | null;
  webhookKey: string | null;
  /** The instance a Pagure, GitLab or Forgejo project lives on; null: the forge's default. */
  instanceUrl: string | null;
}

const pitchFields = {
  description: z
    .string()
    .trim()
    .max(2000, 'What to work on is at most 2000 characters')
    .optional()
    .transform((v) => v ?? ''),
  mentors: z
    .string()
    .trim()
    .max(300, 'Mentors is at most 300 characters')
    .optional()
    .transform((v) => v ?? ''),
  contributingUrl: httpUrl('Contributing guide'),
  starterLabel: optionalText(50, 'Starter label'),
  // Pagure's keys are letters and digits; a GitLab token or a Forgejo secret is whatever its leader chose.
  webhookKey: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine(
      (v) => v === null || /^[\x21-\x7e]{16,128}$/.test(v),
      "Web-hook key: 16 to 128 letters, digits or signs, as the forge's settings page shows it",
    ),
};

export function parseProjectForm(body: unknown): FormResult<ProjectFormValues> {
  return run(
    z
      .object({
        // Checked on the field itself, so its message shows together with the other fields' messages.
        project: z
          .string({ error: 'Project is required' })
          .trim()
          .min(1, 'Project is required')
          .superRefine((value, ctx) => {
            const spec = parseProjectSpec(value);
            if (!spec.ok) ctx.addIssue({ code: 'custom', message: spec.error });
          }),
        instanceUrl: httpUrl('Instance address'),
        // The field's earlier name, still accepted from older pages and scripts.
        pagureUrl: httpUrl('Pagure address'),
        ...pitchFields,
      })
      .superRefine((v, ctx) => {
        const spec = parseProjectSpec(v.project);
        const form = spec.ok ? adapterOf(spec.forge).webhookKey : null;
        if (form && v.webhookKey !== null && !form.pattern.test(v.webhookKey)) {
          ctx.addIssue({ code: 'custom', path: ['webhookKey'], message: `Web-hook key: ${form.message}` });
        }
      })
      .transform((v) => {
        const spec = parseProjectSpec(v.project) as Extract<ReturnType<typeof parseProjectSpec>, { ok: true }>;
        return {
          forge: spec.forge,
          fullName: spec.fullName,
          description: v.description,
          mentors: v.mentors,
          contributingUrl: v.contributingUrl,
          starterLabel: v.starterLabel,
          webhookKey: v.webhookKey,
          instanceUrl: v.instanceUrl ?? v.pagureUrl,
        };
      }),
    body,
  );
}

export type PitchFormValues = Pick<
  ProjectFormValues,
  'description' | 'mentors' | 'contributingUrl' | 'starterLabel' | 'webhookKey'
>;

export function parsePitchForm(body: unknown): FormResult<PitchFormValues> {
  return run(z.object(pitchFields), body);
}

export interface JoinFormValues {
  displayName: string;
  pagureUsername: string | null;
  emails: string[];
  hidden: boolean;
  notFollowed: boolean;
  /** GitLab and Forgejo accounts typed as `[HOST/]LOGIN`: linked unconfirmed until an organizer confirms them. */
  forgeAccounts: Array<{ forge: Forge; instanceUrl: string; username: string }>;
  code: string | null;
}

/** An optional `[HOST/]LOGIN` field: empty, or one account on that forge. */
function forgeAccountField(forge: Forge) {
  return z
    .string()
    .trim()
    .max(300)
    .optional()
    .transform((v, ctx) => {
      if (!v) return [];
      const spec = parseAccountSpec(forge, v);
      if (!spec.ok) {
        ctx.addIssue({ code: 'custom', message: spec.error });
        return z.NEVER;
      }
      return [{ forge, instanceUrl: spec.instanceUrl, username: spec.username }];
    });
}

export function parseJoinForm(body: unknown): FormResult<JoinFormValues> {
  return run(
    z
      .object({
        displayName: text(80, 'Display name'),
        pagureUsername: z
          .string()
          .trim()
          .optional()
          .transform((v) => v || null)
          .refine(
            (v) => v === null || /^[A-Za-z0-9_.-]{1,64}$/.test(v),
            'Pagure username: letters, digits, dots, dashes or underscores',
          ),
        emails: emailList,
        hidden: checkbox,
        notFollowed: checkbox,
        gitlab: forgeAccountField('gitlab'),
        forgejo: forgeAccountField('forgejo'),
        code: z
          .string()
          .trim()
          .optional()
          .transform((v) => v || null),
      })
      .transform(({ gitlab, forgejo, ...v }) => ({ ...v, forgeAccounts: [...gitlab, ...forgejo] })),
    body,
  );
}

export function parseReasonForm(body: unknown): FormResult<{ reason: string }> {
  return run(z.object({ reason: text(200, 'Reason') }), body);
}

export function parseLoginForm(body: unknown): FormResult<{ login: string }> {
  return run(z.object({ login: login('GitHub login') }), body);
}

export interface OutcomeFormValues {
  topic: string;
  title: string;
  url: string | null;
  sprinter: string | null;
}

export function parseOutcomeForm(body: unknown): FormResult<OutcomeFormValues> {
  return run(
    z.object({
      topic: text(60, 'Topic'),
      title: text(200, 'What was achieved'),
      url: httpUrl('Link'),
      sprinter: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v.replace(/^@/, '') : null))
        .refine((v) => v === null || isValidGithubLogin(v), 'Sprinter must be a GitHub login'),
    }),
    body,
  );
}

export interface TicketRow {
  name: string;
  email: string;
  githubLogin: string | null;
  githubId: number | null;
}

/**
 * A ticketing system's export: a header naming the name, e-mail and (optionally) GitHub login and numeric
 * id columns, in any order.
 */
export function parseTicketCsv(body: unknown): FormResult<TicketRow[]> {
  const csv = formField(body, 'csv');
  if (!csv.trim()) return { ok: false, errors: { csv: 'Paste the CSV exported from the ticketing system' } };
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as Array<Record<string, string>>;
  } catch (error) {
    return { ok: false, errors: { csv: `The CSV could not be read: ${(error as Error).message}` } };
  }
  const first = records[0] ?? {};
  const column = (...names: string[]) => names.find((n) => n in first);
  const nameCol = column('name', 'full name', 'attendee name', 'ticket name');
  const emailCol = column('email', 'e-mail', 'email address', 'attendee email');
  const githubCol = column('github', 'github login', 'github username', 'github_login');
  const githubIdCol = column('github id', 'github_id', 'github user id');
  if (!nameCol || !emailCol)
    return {
      ok: false,
      errors: { csv: 'The header must name a "name" and an "email" column (and optionally "github")' },
    };
  const rows: TicketRow[] = [];
  const problems: string[] = [];
  records.forEach((r, i) => {
    const email = normalizeEmail(r[emailCol] ?? '');
    const github = (r[githubCol ?? ''] ?? '').replace(/^@/, '').trim();
    const githubId = (r[githubIdCol ?? ''] ?? '').trim();
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) problems.push(`row ${i + 2}: "${email}" is not an e-mail`);
    else if (github && !isValidGithubLogin(github)) problems.push(`row ${i + 2}: "${github}" is not a GitHub login`);
    else if (githubId && !/^\d{1,15}$/.test(githubId))
      problems.push(`row ${i + 2}: "${githubId}" is not a numeric GitHub id`);
    else
      rows.push({
        name: (r[nameCol] ?? '').trim() || email,
        email,
        githubLogin: github || null,
        githubId: githubId ? Number(githubId) : null,
      });
  });
  if (problems.length)
    return {
      ok: false,
      errors: {
        csv: `Nothing was imported. ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` and ${problems.length - 5} more` : ''}`,
      },
    };
  return { ok: true, value: rows };
}

export interface BotFormValues {
  enabled: boolean;
  label: boolean;
  welcome: boolean;
  joinNudge: boolean;
  taskComments: boolean;
  welcomeTemplate: string | null;
}

export function parseBotForm(body: unknown): FormResult<BotFormValues> {
  return run(
    z.object({
      enabled: checkbox,
      label: checkbox,
      welcome: checkbox,
      joinNudge: checkbox,
      taskComments: checkbox,
      welcomeTemplate: z
        .string()
        .trim()
        .max(2000, 'The welcome is at most 2000 characters')
        .optional()
        .transform((v) => v || null),
    }),
    body,
  );
}

/**
 * The manage page's report order: a position field per project (`position_<id>`), blank for "by
 * contributions". Returns the placed projects' ids in position order; two at one position is an error.
 */
export function parseReportOrderForm(
  body: unknown,
  projects: Array<{ id: number; fullName: string }>,
): FormResult<number[]> {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const placed: Array<{ id: number; position: number }> = [];
  const taken = new Map<number, string>();
  for (const project of projects) {
    const raw = fields[`position_${project.id}`];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') continue;
    if (!/^\d{1,3}$/.test(value) || Number(value) < 1)
      return {
        ok: false,
        errors: { order: `The position of ${project.fullName} must be a whole number from 1 to 999, or blank.` },
      };
    const position = Number(value);
    const other = taken.get(position);
    if (other)
      return {
        ok: false,
        errors: { order: `${other} and ${project.fullName} are both at position ${position}: give each its own.` },
      };
    taken.set(position, project.fullName);
    placed.push({ id: project.id, position });
  }
  return { ok: true, value: placed.sort((a, b) => a.position - b.position).map((p) => p.id) };
}

export interface TaskFormValues {
  projectId: number;
  title: string;
  description: string | null;
  level: string;
  issueUrl: string | null;
  capacity: number;
}

/** A leader's new task: which of their projects, what to do, how hard, and for how many at once. */
export function parseTaskForm(body: unknown): FormResult<TaskFormValues> {
  return run(
    z.object({
      projectId: z.string({ error: 'Project is required' }).regex(/^\d+$/, 'Project is required').transform(Number),
      title: text(200, 'Title'),
      description: optionalText(1000, 'Description'),
      level: z
        .enum(['first-task', 'intermediate', 'advanced'], {
          error: 'Level must be first task, intermediate or advanced',
        })
        .default('first-task'),
      issueUrl: httpUrl('Issue'),
      capacity: z
        .string()
        .optional()
        .transform((v) => (v ? v.trim() : '1'))
        .refine(
          (v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 50,
          'Places must be a whole number from 1 to 50',
        )
        .transform(Number),
    }),
    body,
  );
}

/** How long a claim lasts with no pull request linked, and how many tasks one sprinter may hold at once. */
export function parseClaimSettingsForm(body: unknown): FormResult<{ claimHours: number; maxClaims: number }> {
  const whole = (label: string, max: number) =>
    z
      .string({ error: `${label} is required` })
      .trim()
      .refine(
        (v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= max,
        `${label} must be a whole number from 1 to ${max}`,
      )
      .transform(Number);
  return run(
    z.object({ claimHours: whole('Hours a claim lasts', 72), maxClaims: whole('Tasks one sprinter may hold', 20) }),
    body,
  );
}

/** The manage page's ranking form: how sprinters are ranked, and whether leaders are ranked with them. */
export function parseRankingForm(body: unknown): FormResult<{ scoring: 'ranked' | 'points'; rankLeaders: boolean }> {
  return run(
    z.object({
      scoring: z.enum(['ranked', 'points'], { error: 'Ranking must be by merged pull requests or by points' }),
      // An unchecked box is not sent at all.
      rankLeaders: z
        .literal('on')
        .optional()
        .transform((v) => v === 'on'),
    }),
    body,
  );
}
