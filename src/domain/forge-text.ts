/** Text and links that forges and sprinters provide, made safe to keep and to show. */

export const MAX_TITLE_LENGTH = 500;

// C0 and C1 controls (tab and line breaks fold into spaces first), and the Unicode bidirectional
// embeddings, overrides and isolates that can make a title read backwards ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text with the bidirectional controls dropped, line breaks kept (a CSV cell may hold several lines). */
export function withoutBidi(text: string): string {
  return text.replace(BIDI, '');
}

/** One line of visible text: whitespace folded, controls and bidi overrides dropped. */
export function visibleText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
}

/** A title as stored: visible text, at most 500 characters, the cut marked with an ellipsis. */
export function capTitle(text: string): string {
  const clean = visibleText(text.length > MAX_TITLE_LENGTH * 4 ? text.slice(0, MAX_TITLE_LENGTH * 4) : text);
  if (clean.length <= MAX_TITLE_LENGTH) return clean;
  // Cut at a code point boundary, so a surrogate pair is never split.
  return (
    Array.from(clean)
      .slice(0, MAX_TITLE_LENGTH - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/**
 * Whether a contribution's link points into its own project: same scheme and host as the project's URL,
 * under its path. A forge that hands us a link elsewhere (a Pagure `full_url`, a crafted payload) is refused,
 * so nothing a sprinter controls becomes a link to somewhere else in a report.
 */
export function isUnderProject(url: string, projectUrl: string): boolean {
  let link: URL;
  let project: URL;
  try {
    link = new URL(url);
    project = new URL(projectUrl);
  } catch {
    return false;
  }
  if (link.username || link.password || link.protocol !== project.protocol || link.host !== project.host) return false;
  const base = project.pathname.replace(/\/+$/, '').toLowerCase();
  return link.pathname.toLowerCase().startsWith(`${base}/`);
}
