import { adapterOfRow, forgeLabel, referenceLabel, shortReference } from '../sources/registry.js';
import { levelWords } from '../domain/tasks.js';
import type { CountReason } from '../domain/attribution.js';
import { describeVerdict } from '../render/count-reason.js';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatInZone } from '../domain/event-window.js';
import { isNamed, personParts, topicTitle, type ReportPerson } from '../domain/report.js';
import { formatDateRange } from '../render/dates.js';
import { viewsDir } from '../paths.js';

export interface Views {
  /** Renders views/NAME.hbs inside views/layouts/main.hbs. `{{ }}` escapes; only our own SVG uses `{{{ }}}`. */
  render(name: string, context: Record<string, unknown>): string;
}

/** Compiles every template once at start-up; a request only runs them. */
export function loadViews(dir: string = viewsDir): Views {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
  }
  const compile = (path: string) => hbs.compile(readFileSync(path, 'utf8'), { strict: false, preventIndent: true });
  const layout = compile(join(dir, 'layouts', 'main.hbs'));
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')))
    pages.set(basename(file, '.hbs'), compile(join(dir, file)));
  return {
    render(name, context) {
      const page = pages.get(name);
      if (!page) throw new Error(`no view ${name}.hbs in ${dir}`);
      return layout({ ...context, body: page(context) });
    },
  };
}

function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // Whether any item of a list has a true field: `{{#if (some work "waitsForProof")}}`.
  hbs.registerHelper(
    'some',
    (list: unknown, field: unknown) =>
      Array.isArray(list) &&
      typeof field === 'string' &&
      list.some((item) => (item as Record<string, unknown>)[field] === true),
  );
  hbs.registerHelper('verdict', (reason: CountReason, moderation: string | null) =>
    describeVerdict(reason, moderation ?? null),
  );
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  hbs.registerHelper('dateTime', (instant: string, zone: string) => (instant ? formatInZone(instant, zone) : ''));
  hbs.registerHelper('dateRange', (starts: string, ends: string, zone: string) => formatDateRange(starts, ends, zone));
  hbs.registerHelper('forgeLabel', (forge: string) => forgeLabel(forge));
  // Whether pages may leave the forge unsaid (GitHub's projects are the common case).
  hbs.registerHelper('forgeImplied', (forge: string) => Boolean(adapterOfRow(forge)?.impliedInText));
  hbs.registerHelper('plural', (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`);
  hbs.registerHelper(
    'refLabel',
    (project: string, forge: string, kind: 'pull_request' | 'commit' | 'issue', ref: string) =>
      referenceLabel(forge, project, kind, ref),
  );
  // `forge` may be left out (a template without it writes `#N`); a Handlebars options hash is no forge.
  hbs.registerHelper('shortRef', (kind: string, ref: string, forge?: unknown) =>
    shortReference(typeof forge === 'string' ? forge : null, kind, ref),
  );
  hbs.registerHelper('personParts', (person: ReportPerson) => personParts(person));
  hbs.registerHelper('isNamed', (person: ReportPerson) => isNamed(person));
  hbs.registerHelper('topicTitle', (topic: string) => topicTitle(topic));
  hbs.registerHelper('levelWord', (level: string) => levelWords(level));
  hbs.registerHelper('githubUrl', (login: string) => `https://github.com/${encodeURIComponent(login)}`);
  hbs.registerHelper('encode', (text: string) => encodeURIComponent(text));
  // Forge URLs go into href: only http(s) may, so a javascript: URL in a payload is inert.
  hbs.registerHelper('safeUrl', (url: string) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : '#'));
  hbs.registerHelper('stateClass', (state: string) => `state state-${/^[a-z]+$/.test(state) ? state : 'unknown'}`);
}
