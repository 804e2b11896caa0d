import { loginFromNoreply } from '../domain/identity.js';
import type { Db } from '../store/database.js';
import { getContribution, listCredits, manualCreditSprinters, replaceCredits, setCounted, type Credit, type StoredContribution } from '../store/contributions.js';
import { findMember } from '../store/sprinters.js';

/**
 * Credits a stored contribution to the event's sprinters its identity names (author, then co-authors)
 * and sets whether it counts, which it returns. Imported rows keep the credit the organizer gave them.
 * The aggregates are the caller's: it wraps this in withStats.
 */
export function attributeContribution(db: Db, contribution: StoredContribution | number): boolean {
  const c = typeof contribution === 'number' ? getContribution(db, contribution)! : contribution;
  const before = listCredits(db, c.id);
  const credits = c.source === 'import' || c.source === 'manual' ? before : creditsFromIdentity(db, c);
  const counted = !c.excluded && (credits.length > 0 || c.source === 'import' || c.source === 'manual');
  if (!sameCredits(before, credits)) replaceCredits(db, c.id, credits);
  if (counted !== c.counted) setCounted(db, c.id, counted);
  return counted;
}

function creditsFromIdentity(db: Db, c: StoredContribution): Credit[] {
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
  for (const coAuthor of [...coAuthors, ...manualCreditSprinters(db, c.id)]) {
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
