/** An event's sprint window: [startsAt, endsAt), both instants in UTC, displayed in the event's time zone. */
export interface EventWindow {
  startsAt: string;
  endsAt: string;
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
