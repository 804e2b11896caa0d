import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Contribution } from '../../src/domain/contribution.js';
import { editEvent } from '../../src/services/edit-event.js';
import { joinEvent } from '../../src/services/join-event.js';
import { leaveEvent } from '../../src/services/membership.js';
import { moderateContribution } from '../../src/services/moderate-contribution.js';
import { recordContribution } from '../../src/services/record-contribution.js';
import { rejudgeEvent } from '../../src/services/rejudge-event.js';
import { getEvent, type EventRecord } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { findMember } from '../../src/store/sprinters.js';
import { closeStore, openStore, type Store } from '../../src/store/store.js';
import { aggregateMismatches } from '../../src/store/verify-aggregates.js';
import { aCommit, aContribution } from '../helpers/builders.js';
import { createEvent } from '../../src/store/events.js';
import { sql } from '../helpers/sql.js';

// Three windows an organizer moves between, and instants before, inside each and after them.
const WINDOWS = [
  { startsAt: '2024-05-10T03:30:00.000Z', endsAt: '2024-05-11T12:30:00.000Z' },
  { startsAt: '2024-05-12T03:30:00.000Z', endsAt: '2024-05-13T12:30:00.000Z' },
  { startsAt: '2024-05-09T00:00:00.000Z', endsAt: '2024-05-12T00:00:00.000Z' },
];
const INSTANTS = [
  '2024-05-08T10:00:00.000Z',
  '2024-05-10T06:00:00.000Z',
  '2024-05-11T20:00:00.000Z',
  '2024-05-12T06:00:00.000Z',
  '2024-05-14T10:00:00.000Z',
];
const PEOPLE = [
  { login: 'ana', id: 101 },
  { login: 'bo', id: 102 },
  { login: 'cy', id: 103 },
];
const shaOf = (n: number) => `${n}`.repeat(40).slice(0, 40);

type Step =
  | { do: 'pull request'; number: number; person: number; at: number; state: 'open' | 'merged' | 'closed' }
  | { do: 'commit'; n: number; person: number; at: number; onDefaultBranch: boolean; merges: number | null }
  | { do: 'move window'; window: number; followUpDays: number }
  | { do: 'join'; person: number }
  | { do: 'leave'; person: number }
  | { do: 'moderate'; pick: number; exclude: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    do: fc.constant('pull request' as const),
    number: fc.integer({ min: 1, max: 3 }),
    person: fc.integer({ min: 0, max: 2 }),
    at: fc.integer({ min: 0, max: INSTANTS.length - 1 }),
    state: fc.constantFrom('open' as const, 'merged' as const, 'closed' as const),
  }),
  fc.record({
    do: fc.constant('commit' as const),
    n: fc.integer({ min: 1, max: 4 }),
    person: fc.integer({ min: 0, max: 2 }),
    at: fc.integer({ min: 0, max: INSTANTS.length - 1 }),
    onDefaultBranch: fc.boolean(),
    merges: fc.option(fc.integer({ min: 1, max: 3 })),
  }),
  fc.record({
    do: fc.constant('move window' as const),
    window: fc.integer({ min: 0, max: WINDOWS.length - 1 }),
    followUpDays: fc.constantFrom(0, 1, 90),
  }),
  fc.record({ do: fc.constant('join' as const), person: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ do: fc.constant('leave' as const), person: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ do: fc.constant('moderate' as const), pick: fc.nat(), exclude: fc.boolean() }),
);

let db: Store;
let event: EventRecord;
let repo: string;
let runs = 0;
let clock: number;
beforeEach(() => {
  db = openStore(':memory:');
});
afterEach(() => closeStore(db));

/** Each run its own event and repository in the same database, so no run sees another's work. */
function freshEvent(): void {
  runs += 1;
  repo = `o/r${runs}`;
  event = createEvent(db, { slug: `prop-${runs}`, name: 'Prop', ...WINDOWS[0]!, timeZone: 'UTC' });
  addProject(db, { eventId: event.id, forge: 'github', fullName: repo, url: `https://github.com/${repo}` });
  clock = Date.parse('2024-05-10T00:00:00.000Z');
}

/** Each delivery a little later than the last, as the forge's own update times are. */
const tick = () => new Date((clock += 60_000));

function apply(s: Step): void {
  const person = PEOPLE[(s as { person?: number }).person ?? 0]!;
  const author = { login: person.login, id: person.id, email: null, name: null, isBot: false };
  const current = getEvent(db, event.id)!;
  switch (s.do) {
    case 'pull request': {
      const merged = s.state === 'merged';
      const pr: Contribution = aContribution({
        repo,
        key: String(s.number),
        url: `https://github.com/${repo}/pull/${s.number}`,
        author,
        createdAt: INSTANTS[s.at]!,
        state: s.state,
        mergedAt: merged ? INSTANTS[s.at]! : null,
        mergeCommitSha: merged ? shaOf(s.number) : null,
        sourceUpdatedAt: tick().toISOString(),
      });
      recordContribution(db, pr, new Date(clock));
      return;
    }
    case 'commit': {
      const commit = aCommit({
        repo,
        key: shaOf(s.n),
        url: `https://github.com/${repo}/commit/${shaOf(s.n)}`,
        author,
        createdAt: INSTANTS[s.at]!,
        onDefaultBranch: s.onDefaultBranch,
        landedAt: s.onDefaultBranch ? INSTANTS[s.at]! : null,
        mergesPullRequests: s.merges === null ? [] : [s.merges],
      });
      recordContribution(db, commit, tick());
      return;
    }
    case 'move window':
      editEvent(db, current, { ...WINDOWS[s.window]!, followUpDays: s.followUpDays }, tick());
      return;
    case 'join':
      joinEvent(db, event.id, { displayName: person.login, githubLogin: person.login, githubId: person.id }, tick());
      return;
    case 'leave': {
      const member = findMember(db, event.id, { githubId: person.id });
      if (member !== null) leaveEvent(db, current, member, tick());
      return;
    }
    case 'moderate': {
      const ids = sql(db)
        .prepare('SELECT id FROM contributions WHERE event_id = ? ORDER BY id')
        .pluck()
        .all(event.id) as number[];
      if (ids.length === 0) return;
      const id = ids[s.pick % ids.length]!;
      moderateContribution(db, id, s.exclude ? { exclude: 'not sprint work' } : { include: true }, tick());
      return;
    }
  }
}

describe('one decision from stored facts', () => {
  test('after any sequence of deliveries, window edits, joins, leaves and moderations, the stored verdicts and counters are what deciding from scratch gives', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        freshEvent();
        for (const s of steps) {
          apply(s);
          // Deciding everything again from the stored facts changes nothing...
          expect(
            rejudgeEvent(db, event.id, new Date(clock)).map((c) => [c.contributionId, c.before, c.reason]),
          ).toEqual([]);
          // ...and every counter equals a recount of the rows.
          expect(aggregateMismatches(db)).toEqual([]);
        }
      }),
      { numRuns: 150, seed: 20241204 },
    );
  });
});
