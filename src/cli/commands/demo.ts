import { DEMO_SLUG, loadDemo } from '../../services/load-demo.js';
import type { Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';

export const demo: Command = {
  name: 'demo',
  createsDatabase: true,
  summary: 'load the PyCon Pune 2017 devsprint as a demo event',
  usage: `devsprint demo\n  creates the event "${DEMO_SLUG}" with its 42 published contributions (does nothing if it exists)`,
  run(args, ctx) {
    const { values } = parseCommandArgs(args, {}, []);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const { event, summary } = loadDemo(ctx.openDb(), ctx.now());
    if (!summary) return ctx.stdout(`the demo event ${event.slug} is loaded already\n`);
    ctx.stdout(
      `loaded ${event.name}: ${summary.contributions} contributions to ${summary.projects} projects, ${summary.outcomes} non-code outcomes\n` +
        `see it with: devsprint report ${event.slug}\n`,
    );
  },
};
