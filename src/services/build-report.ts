import { findSprinterByLogin } from '../store/sprinters.js';
import { reportTasks } from './task-claims.js';
import { afterTheSprint, AFTER_WINDOWS } from '../domain/after-sprint.js';
import { csvRowsOf, mentorsAndReviewers, type CsvRow, type Report, type ReportAfter } from '../domain/report.js';
import { scoringSentence } from '../domain/scoring.js';
import { frozenReport, type EventRecord } from '../store/events.js';
import { laterWork, sprintContributors } from '../store/follow-up.js';
import { loadReportSections, loadTotals, streamCsvRows } from '../store/report-rows.js';
import { transaction, type Store } from '../store/store.js';

/**
 * The event's report: as frozen when an organizer closed the event, else as the data reads now. What
 * became of the sprinters afterwards is never frozen: it is still happening when the event closes.
 */
export function buildReport(db: Store, event: EventRecord, now = new Date()): Report {
  if (event.closedAt !== null) {
    const frozen = frozenReport(db, event.id) as Report | null;
    if (frozen) return { ...frozen, after: afterOf(db, event, now) };
  }
  return buildLiveReport(db, event, now);
}

export function buildLiveReport(db: Store, event: EventRecord, now = new Date()): Report {
  const ranking = { scoring: event.scoring, rankLeaders: event.rankLeaders };
  // One read transaction: the sections and the totals come from the same snapshot.
  const { sections, totals, tasks, after } = transaction(db, () => ({
    sections: loadReportSections(db, event.id, ranking),
    totals: loadTotals(db, event.id),
    tasks: reportTasks(db, event, now),
    after: afterOf(db, event, now),
  }));
  return {
    event: {
      slug: event.slug,
      name: event.name,
      starts_at: event.startsAt,
      ends_at: event.endsAt,
      time_zone: event.timeZone,
    },
    totals,
    first_time_contributors: sections.firstTimers,
    projects: sections.projects,
    other_contributions: sections.other,
    tasks,
    scoring: { mode: event.scoring, formula: scoringSentence(event.scoring) },
    sprinters: sections.sprinters,
    mentors: mentorsAndReviewers(sections.projects, (login) => {
      const leader = findSprinterByLogin(db, login);
      return leader && !leader.hidden ? leader.displayName : null;
    }),
    after,
  };
}

/** Followed as far as the longest window reaches (the follow-up horizon bounds what polling fetches). */
function afterOf(db: Store, event: EventRecord, now: Date): ReportAfter {
  const until = new Date(Date.parse(event.endsAt) + Math.max(...AFTER_WINDOWS) * 86_400_000).toISOString();
  return afterTheSprint({
    endsAt: event.endsAt,
    now,
    contributors: sprintContributors(db, event.id),
    work: laterWork(db, event, until),
  });
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
