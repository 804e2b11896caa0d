/** Server-rendered SVG charts: no client script, they print, and every label is escaped text. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

const HOUR = 3_600_000;

export interface HourBucket {
  start: string;
  count: number;
}

/**
 * Counts per hour of the sprint window on the event's clocks, including empty hours so the chart shows
 * the quiet night too. Hours start where the room's clocks say (09:00 in Pune is 03:30 UTC), so zones
 * with half-hour and 45-minute offsets get whole local hours.
 */
export function bucketByHour(instants: string[], startsAt: string, endsAt: string, timeZone = 'UTC'): HourBucket[] {
  const first = Date.parse(startsAt);
  const clock = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(first))
      .map((p) => [p.type, p.value]),
  );
  const start = first - (Number(clock.minute) * 60 + Number(clock.second)) * 1000 - (first % 1000);
  const end = Date.parse(endsAt);
  const hours = Math.max(1, Math.ceil((end - start) / HOUR));
  const counts = new Array<number>(Math.min(hours, 24 * 14)).fill(0);
  for (const instant of instants) {
    const index = Math.floor((Date.parse(instant) - start) / HOUR);
    if (index >= 0 && index < counts.length) counts[index]! += 1;
  }
  return counts.map((count, i) => ({ start: new Date(start + i * HOUR).toISOString(), count }));
}

/**
 * Each chart is drawn twice, for wide screens and for phones, and CSS shows one: an SVG scales its text
 * with its width, so one drawing legible at 720 px would shrink its labels to 5 px on a phone. The narrow
 * one is drawn at about a phone's width, so its 11-unit labels show at about 11 px.
 */
export type ChartWidth = 'wide' | 'narrow';
const WIDTH: Record<ChartWidth, number> = { wide: 720, narrow: 340 };

export function hourlyChart(buckets: HourBucket[], timeZone: string, size: ChartWidth = 'wide'): string {
  const width = WIDTH[size];
  const height = size === 'wide' ? 220 : 200;
  const pad = { top: 16, right: 8, bottom: 40, left: 28 };
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const barW = plotW / buckets.length;
  const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const labelEvery = Math.max(1, Math.ceil(buckets.length / (size === 'wide' ? 12 : 5)));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const parts: string[] = [];
  buckets.forEach((b, i) => {
    const h = (b.count / max) * plotH;
    const x = pad.left + i * barW;
    const label = `${dayFormat.format(new Date(b.start))} ${hourFormat.format(new Date(b.start))}: ${b.count}`;
    if (b.count > 0) {
      parts.push(
        `<rect class="bar" x="${(x + 1).toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeXml(label)}</title></rect>`,
      );
    }
    if (i % labelEvery === 0) {
      parts.push(
        `<text class="tick" x="${(x + barW / 2).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${escapeXml(hourFormat.format(new Date(b.start)))}</text>`,
      );
    }
    // A new day starts wherever the local date changes (zones with half-hour offsets never show 00:00).
    const day = dayFormat.format(new Date(b.start));
    if (i === 0 || day !== dayFormat.format(new Date(buckets[i - 1]!.start))) {
      parts.push(`<text class="day" x="${(x + 2).toFixed(1)}" y="${height - 6}">${escapeXml(day)}</text>`);
    }
  });
  // The drawing for the other width is hidden, so the two may share one accessible name without repeating it.
  return (
    `<svg class="chart chart-${size}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="hourly-title-${size} hourly-desc-${size}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="hourly-title-${size}">Contributions per hour</title><desc id="hourly-desc-${size}">${total} contributions across ${buckets.length} hours, most in one hour: ${max === 1 && total === 0 ? 0 : max}. Times in ${escapeXml(timeZone)}.</desc>` +
    `<line class="axis" x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}"/>` +
    `<text class="tick" x="${pad.left - 6}" y="${pad.top + 4}" text-anchor="end">${max}</text>` +
    `<text class="tick" x="${pad.left - 6}" y="${pad.top + plotH}" text-anchor="end">0</text>` +
    parts.join('') +
    '</svg>'
  );
}

/** Bars by size, largest first, whatever order the report's sections take. */
export function projectChart(projects: Array<{ name: string; count: number }>, size: ChartWidth = 'wide'): string {
  const sorted = [...projects].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const rowH = 26;
  const labelW = size === 'wide' ? 230 : 150;
  const longest = size === 'wide' ? 32 : 21;
  const width = WIDTH[size];
  const height = Math.max(1, sorted.length) * rowH + 8;
  const max = Math.max(1, ...sorted.map((p) => p.count));
  const barSpace = width - labelW - 36;
  const rows = sorted.map((p, i) => {
    const y = 4 + i * rowH;
    const w = (p.count / max) * barSpace;
    const name = p.name.length > longest ? `${p.name.slice(0, longest - 1)}…` : p.name;
    return (
      `<text class="label" x="${labelW - 8}" y="${y + 17}" text-anchor="end">${escapeXml(name)}</text>` +
      `<rect class="bar" x="${labelW}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 8}"><title>${escapeXml(`${p.name}: ${p.count}`)}</title></rect>` +
      `<text class="value" x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}">${p.count}</text>`
    );
  });
  return (
    `<svg class="chart chart-${size}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="projects-title-${size}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="projects-title-${size}">Contributions per project</title>${rows.join('')}</svg>`
  );
}
