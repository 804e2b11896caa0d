import { buildReport } from '../../services/build-report.js';
import { exportCsv } from '../../services/export-csv.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { UsageError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';

export const report: Command = {
  name: 'report',
  summary: 'print the end-of-sprint report (Markdown, CSV or JSON)',
  usage:
    'devsprint report EVENT [--format md|csv|json]\n  --format  md (default): paste into a blog post; csv: for spreadsheets; json: for other tools',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', short: 'f' } }, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'csv' && format !== 'json')
      throw new UsageError(`--format "${format}" must be md, csv or json`);
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    if (format === 'csv') {
      for (const line of exportCsv(db, event)) ctx.stdout(line);
      return;
    }
    const model = buildReport(db, event);
    ctx.stdout(format === 'md' ? renderMarkdown(model) : renderJson(model));
  },
};
