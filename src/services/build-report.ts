import type { Report } from '../domain/report.js';
import type { Db } from '../store/database.js';
import type { EventRecord } from '../store/events.js';
import { loadReportSections, loadTotals } from '../store/report-rows.js';

export function buildReport(db: Db, event: EventRecord): Report {
  const read = db.transaction(() => ({ sections: loadReportSections(db, event.id), totals: loadTotals(db, event.id) }));
  // One read transaction: the sections and the totals come from the same snapshot.
  const { sections, totals } = read();
  return {
    event: { slug: event.slug, name: event.name, starts_at: event.startsAt, ends_at: event.endsAt, time_zone: event.timeZone },
    totals,
    first_time_contributors: sections.firstTimers,
    projects: sections.projects,
    other_contributions: sections.other,
  };
}
