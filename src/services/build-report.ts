import type { Report } from '../domain/report.js';
import { transaction, type Store } from '../store/store.js';
import type { EventRecord } from '../store/events.js';
import { loadReportSections, loadTotals } from '../store/report-rows.js';

export function buildReport(db: Store, event: EventRecord): Report {
  // One read transaction: the sections and the totals come from the same snapshot.
  const { sections, totals } = transaction(db, () => ({ sections: loadReportSections(db, event.id), totals: loadTotals(db, event.id) }));
  return {
    event: { slug: event.slug, name: event.name, starts_at: event.startsAt, ends_at: event.endsAt, time_zone: event.timeZone },
    totals,
    first_time_contributors: sections.firstTimers,
    projects: sections.projects,
    other_contributions: sections.other,
  };
}
