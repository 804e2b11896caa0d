import type { NamedSprinters } from '../domain/attribution.js';
import { loginFromNoreply } from '../domain/identity.js';
import { manualCreditSprinters } from '../store/contributions.js';
import { findMemberMatch, type IdentityProbe, type MemberMatch } from '../store/sprinters.js';
import { instanceOfProject } from '../store/forge-accounts.js';
import { adapterOf, adapterOfRow, defaultInstanceOf, isForge } from '../sources/registry.js';
import type { Store } from '../store/store.js';

/** Author lookups already made in one pass over an event's contributions, by identity. */
export type AuthorMemo = Map<string, MemberMatch | null>;

/** What identifies the people behind a contribution; a row about to be written for the first time has no id yet. */
export interface IdentitySubject {
  id: number | null;
  eventId: number;
  forge: string;
  /** Where the contribution was recorded: a GitLab or Forgejo account is matched on the project's instance. */
  projectId: number | null;
  authorId: number | null;
  authorLogin: string | null;
  authorEmail: string | null;
  coAuthorEmails: string[];
}

/**
 * The event's sprinters a contribution names: its author (GitHub id first, it survives renames; then
 * login, Pagure name, e-mail), each co-author by e-mail or noreply login, and anyone a leader credited by
 * hand. Attribution then decides from these without querying.
 */
export function nameSprinters(db: Store, c: IdentitySubject, memo?: AuthorMemo): NamedSprinters {
  const identity = adapterOfRow(c.forge)?.identity ?? null;
  const lookUp = () =>
    findMemberMatch(db, c.eventId, {
      githubId: identity === 'sign-in-account' ? c.authorId : null,
      githubLogin:
        identity === 'sign-in-account'
          ? (c.authorLogin ?? (c.authorEmail ? loginFromNoreply(c.authorEmail) : null))
          : null,
      pagureUsername: identity === 'sprinter-login' ? c.authorLogin : null,
      email: c.authorEmail,
      forgeAccount: forgeAccountOf(db, c),
    });
  let author: MemberMatch | null;
  if (memo) {
    // The same author identity names the same member within one pass over an event (nobody joins mid-pass).
    const key = `${c.eventId}\u0000${c.forge}\u0000${c.projectId}\u0000${c.authorId}\u0000${c.authorLogin}\u0000${c.authorEmail}`;
    const known = memo.get(key);
    author = known === undefined ? lookUp() : known;
    if (known === undefined) memo.set(key, author);
  } else {
    author = lookUp();
  }
  const coAuthors = c.coAuthorEmails.map((email) =>
    findMemberMatch(db, c.eventId, { email, githubLogin: loginFromNoreply(email) }),
  );
  const manual = c.id === null ? [] : manualCreditSprinters(db, c.id);
  return {
    author: author?.id ?? null,
    coAuthors: coAuthors.map((m) => m?.id ?? null),
    manual,
    unproven: onlyClaimed([author, ...coAuthors], manual),
  };
}

/** Sprinters named only through claims: a proven identity or a leader's hand anywhere on the row proves them. */
function onlyClaimed(matches: Array<MemberMatch | null>, manual: number[]): number[] {
  const proven = new Set(manual);
  for (const m of matches) if (m?.proven) proven.add(m.id);
  const claimed = new Set<number>();
  for (const m of matches) if (m && !proven.has(m.id)) claimed.add(m.id);
  return [...claimed];
}

function forgeAccountOf(db: Store, c: IdentitySubject): IdentityProbe['forgeAccount'] {
  const forge = c.forge;
  if (!isForge(forge) || adapterOf(forge).identity !== 'instance-account' || c.projectId === null) return null;
  const instanceUrl = instanceOfProject(db, c.projectId, forge) ?? defaultInstanceOf(forge);
  return { forge, instanceUrl, userId: c.authorId, username: c.authorLogin };
}
