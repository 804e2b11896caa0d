import { windowOf } from '../domain/event-window.js';
import { contributionsPage, creditsOf } from '../store/contributions.js';
import { getEvent } from '../store/events.js';
import { transaction, type Store } from '../store/store.js';
import { decideAgain, type Pass, type RedecidedChange } from './decide-again.js';

const PAGE = 500;

/**
 * Decides every contribution of an event again from its stored facts, in one transaction: after its
 * window or follow-up horizon changed, or after a release whose rules changed. Returns what changed;
 * on a healthy database, after no change of input, nothing does.
 *
 * Pull requests go first, a page of rows at a time; the rest only then, so each commit is decided once,
 * after its pull request's new verdict is stored (deciding a row writes no other row here).
 */
export function rejudgeEvent(db: Store, eventId: number, now: Date): RedecidedChange[] {
  return transaction(db, () => {
    const event = getEvent(db, eventId);
    if (!event) return [];
    // Every commit is decided after every pull request, so no pull request needs to settle its commits.
    const pass: Pass = {
      window: windowOf(event),
      authors: new Map(),
      pendingProjects: new Map(),
      settleCommits: false,
    };
    const changes: RedecidedChange[] = [];
    for (const pullRequests of [true, false]) {
      for (let afterId = 0; ;) {
        const page = contributionsPage(db, eventId, pullRequests, afterId, PAGE);
        if (page.length === 0) break;
        pass.credits = creditsOf(
          db,
          page.map((c) => c.id),
        );
        for (const stored of page) {
          const change = decideAgain(db, stored, {}, now, pass);
          if (change.changed) changes.push(change);
        }
        afterId = page.at(-1)!.id;
      }
    }
    return changes;
  });
}
