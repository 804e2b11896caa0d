import { loginFromNoreply } from '../domain/identity.js';
import type { Store } from '../store/store.js';
import { getContribution, listCredits, manualCreditSprinters, replaceCredits, setCounted, type Credit, type StoredContribution } from '../store/contributions.js';
import { findMember } from '../store/sprinters.js';

export interface Attribution {
  counted: boolean;
  credits: Credit[];
}

/** What attribution reads of a contribution; a row about to be written for the first time has no id yet. */
export type AttributionSubject = Pick<StoredContribution, 'eventId' | 'forge' | 'authorId' | 'authorLogin' | 'authorEmail' | 'coAuthorEmails' | 'source' | 'excluded'>
  & { id: number | null };

/**
 * Credits a stored contribution to the event's sprinters its identity names (author, then co-authors)
 * and sets whether it counts; returns both. The aggregates are the caller's: it wraps this in
 * withStats, or applies the change itself.
 */
export function attributeContribution(db: Store, contribution: StoredContribution | number): Attribution {
  const c = typeof contribution === 'number' ? getContribution(db, contribution)! : contribution;
  const before = listCredits(db, c.id);
  const attribution = decideAttribution(db, c, before);
  if (!sameCredits(before, attribution.credits)) replaceCredits(db, c.id, attribution.credits);
  if (attribution.counted !== c.counted) setCounted(db, c.id, attribution.counted);
  return attribution;
}

/**
 * Who a contribution is credited to, and whether it counts, without writing anything: so a new row is
 * written once, already counted or not. Imported and hand-entered rows keep the credit they were given.
 */
export function decideAttribution(db: Store, c: AttributionSubject, creditsNow: Credit[]): Attribution {
  const credits = c.source === 'import' || c.source === 'manual' ? creditsNow : creditsFromIdentity(db, c);
  return { credits, counted: !c.excluded && (credits.length > 0 || c.source === 'import' || c.source === 'manual') };
}

function creditsFromIdentity(db: Store, c: AttributionSubject): Credit[] {
  const credits: Credit[] = [];
  const author = findMember(db, c.eventId, {
    githubId: c.forge === 'github' ? c.authorId : null,
    githubLogin: c.forge === 'github' ? c.authorLogin ?? (c.authorEmail ? loginFromNoreply(c.authorEmail) : null) : null,
    pagureUsername: c.forge === 'pagure' ? c.authorLogin : null,
    email: c.authorEmail,
  });
  if (author !== null) credits.push({ sprinterId: author, role: 'author' });
  const coAuthors = c.coAuthorEmails.map((email) => findMember(db, c.eventId, { email, githubLogin: loginFromNoreply(email) }));
  // Credit a leader gave by hand counts like a co-author's, and survives every later delivery.
  const manual = c.id === null ? [] : manualCreditSprinters(db, c.id);
  for (const coAuthor of [...coAuthors, ...manual]) {
    if (coAuthor !== null && !credits.some((k) => k.sprinterId === coAuthor)) credits.push({ sprinterId: coAuthor, role: 'co-author' });
  }
  return credits;
}

function sameCredits(a: Credit[], b: Credit[]): boolean {
  if (a.length !== b.length) return false;
  const key = (k: Credit): string => `${k.sprinterId}:${k.role}`;
  const set = new Set(a.map(key));
  return b.every((k) => set.has(key(k)));
}
