import { readFileSync } from 'node:fs';
import { demoListPath } from '../paths.js';
import { parseContributionList } from '../sources/tsv/parse-list.js';
import { transaction, type Store } from '../store/store.js';
import { createEvent, findEventBySlug, type EventRecord } from '../store/events.js';
import { importList, type ImportSummary } from './import-list.js';

export const DEMO_SLUG = 'pycon-pune-2017';

/** The PyCon Pune 2017 devsprint (18–19 February 2017, Pune), from the organizers' published list. */
export function loadDemo(db: Store, now = new Date()): { event: EventRecord; summary: ImportSummary | null } {
  const existing = findEventBySlug(db, DEMO_SLUG);
  if (existing) return { event: existing, summary: null };
  return transaction(db, () => {
    const event = createEvent(
      db,
      {
        slug: DEMO_SLUG,
        name: 'PyCon Pune 2017 devsprint',
        startsAt: '2017-02-18T03:30:00.000Z',
        endsAt: '2017-02-19T12:30:00.000Z',
        timeZone: 'Asia/Kolkata',
        venue: 'Pune, India',
      },
      now,
    );
    const summary = importList(db, event, parseContributionList(readFileSync(demoListPath, 'utf8')).rows, now);
    return { event, summary };
  });
}
