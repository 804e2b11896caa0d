/** `18–19 February 2017` style ranges in the event's own time zone. */
export function formatDateRange(startsAt: string, endsAt: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  // The window's end is exclusive: a sprint ending at midnight ended the day before.
  const end = new Date(Date.parse(endsAt) - 1);
  // Intl puts thin spaces around the dash; plain ones paste better into blog editors.
  return format.formatRange(new Date(startsAt), end).replace(/[\u2009\u202f]/g, ' ');
}
