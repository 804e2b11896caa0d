/** `18–19 February 2017` style ranges in the event's own time zone. */
export function formatDateRange(startsAt: string, endsAt: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  // The window's end is exclusive: a sprint ending at midnight ended the day before.
  const end = new Date(Date.parse(endsAt) - 1);
  // Intl puts thin spaces around the dash; plain ones paste better into blog editors.
  return format.formatRange(new Date(startsAt), end).replace(/[\u2009\u202f]/g, ' ');
}

/**
 * What the room's screen says of the sprint's time: "starts in 40 min", "2 h 05 min left", or that it is
 * over (closed by its organizers or past its end). Minutes are rounded up, so "1 min left" means less than one.
 */
export function sprintCountdown(
  event: { startsAt: string; endsAt: string; closedAt: string | null },
  now: Date,
): string {
  const t = now.getTime();
  if (event.closedAt !== null && t >= Date.parse(event.closedAt)) return 'The sprint is over';
  const starts = Date.parse(event.startsAt);
  if (t < starts) return `Starts in ${spanOf(starts - t)}`;
  const ends = Date.parse(event.endsAt);
  return t < ends ? `${spanOf(ends - t)} left` : 'The sprint is over';
}

function spanOf(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.round(hours / 24)} days`;
}
