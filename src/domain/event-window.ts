/** An event's sprint window: [startsAt, endsAt), both instants in UTC, displayed in the event's time zone. */
export interface EventWindow {
  startsAt: string;
  endsAt: string;
  /** Days after the end during which work begun in the window still lands (merges, pushes): 90 unless the event says. */
  followUpDays?: number;
}

export const DEFAULT_FOLLOW_UP_DAYS = 90;

/** An event's window, built in this one place from its stored times and follow-up days. */
export function windowOf(event: { startsAt: string; endsAt: string; followUpDays: number }): EventWindow {
  return { startsAt: event.startsAt, endsAt: event.endsAt, followUpDays: event.followUpDays };
}

/** The end of the follow-up horizon: work of the window that lands later than this no longer counts. */
export function horizonOf(window: EventWindow): number {
  return Date.parse(window.endsAt) + (window.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS) * 86_400_000;
}

/**
 * When a commit's work was done: its author time, unless that time cannot be true (after the push that
 * landed it, beyond a few minutes of clock skew, or before the repository existed); then the push time.
 */
export function commitWorkTime(
  authoredAt: string,
  landedAt: string | null,
  repoCreatedAt: string | null,
): { at: string; trusted: boolean } {
  const authored = Date.parse(authoredAt);
  const future = landedAt !== null && authored > Date.parse(landedAt) + 10 * 60_000;
  const beforeRepository = repoCreatedAt !== null && authored < Date.parse(repoCreatedAt);
  if ((future || beforeRepository) && landedAt !== null) return { at: landedAt, trusted: false };
  return { at: authoredAt, trusted: true };
}

export type EventPhase = 'upcoming' | 'live' | 'past';

/**
 * Where an event stands at `now`: the home page groups by it, and joining closes once it is past. An
 * event its organizers closed is over from then on, whatever its end time says.
 */
export function eventPhase(window: EventWindow & { closedAt?: string | null }, now: Date): EventPhase {
  const t = now.getTime();
  if (window.closedAt && t >= Date.parse(window.closedAt)) return 'past';
  if (t < Date.parse(window.startsAt)) return 'upcoming';
  return t < Date.parse(window.endsAt) ? 'live' : 'past';
}

export function isInsideWindow(instant: string, window: EventWindow): boolean {
  const t = Date.parse(instant);
  return t >= Date.parse(window.startsAt) && t < Date.parse(window.endsAt);
}

/** Accepts an ISO 8601 instant with an explicit offset or `Z`; local times are refused because they are ambiguous. */
export function parseInstant(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Formats an instant as wall-clock time in the event's zone, e.g. `18 Feb 2017, 09:30 GMT+5:30`. */
export function formatInZone(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** `2024-05-10T09:00` on the clocks of `Asia/Kolkata` → the UTC instant; null if it is not a wall time. */
export function wallTimeToInstant(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match || !isValidTimeZone(timeZone)) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(guess).getUTCDate() !== d) return null;
  // Two passes settle the offset across a DST change.
  let instant = guess - zoneOffsetMs(guess, timeZone);
  instant = guess - zoneOffsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The inverse, for filling a datetime-local field: the instant as the event's clocks show it. */
export function instantToWallTime(instant: string, timeZone: string): string {
  const ms = Date.parse(instant) + zoneOffsetMs(Date.parse(instant), timeZone);
  return new Date(ms).toISOString().slice(0, 16);
}
