import { reportTasks } from './task-claims.js';
import { csvRowsOf, type CsvRow, type Report } from '../domain/report.js';
import { frozenReport, type EventRecord } from '../store/events.js';
import { loadReportSections, loadTotals, streamCsvRows } from '../store/report-rows.js';
import { transaction, type Store } from '../store/store.js';

/** The event's report: as frozen when an organizer closed the event, else as the data reads now. */
export function buildReport(db: Store, event: EventRecord): Report {
  if (event.closedAt !== null) {
    const frozen = frozenReport(db, event.id) as Report | null;
    if (frozen) return frozen;
  }
  return buildLiveReport(db, event);
}

export function buildLiveReport(db: Store, event: EventRecord): Report {
  // One read transaction: the sections and the totals come from the same snapshot.
  const { sections, totals, tasks } = transaction(db, () => ({ sections: loadReportSections(db, event.id), totals: loadTotals(db, event.id), tasks: reportTasks(db, event, new Date()) }));
  return {
    event: { slug: event.slug, name: event.name, starts_at: event.startsAt, ends_at: event.endsAt, time_zone: event.timeZone },
    totals,
    first_time_contributors: sections.firstTimers,
    projects: sections.projects,
    other_contributions: sections.other,
    tasks,
  };
}

/**
 * The report's CSV rows: from the frozen report of a closed event, else streamed from the database in
 * constant memory (a Hacktoberfest-sized event cannot hold its report model).
 */
export function reportCsvRows(db: Store, event: EventRecord): Iterable<CsvRow> {
  if (event.closedAt !== null) {
    const frozen = frozenReport(db, event.id) as Report | null;
    if (frozen) return csvRowsOf(frozen);
  }
  return streamCsvRows(db, event.id);
}
