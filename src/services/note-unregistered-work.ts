import type { Contribution } from '../domain/contribution.js';
import type { SprinterRecord } from '../store/sprinters.js';
import { noteUnregisteredWork } from '../store/unregistered-work.js';
import type { Store } from '../store/store.js';

/**
 * A pull request or issue a member of the event opened in a repository nobody registered for it: noted
 * (it counts for nothing) so their page can say why, and organizers see where their sprinters went.
 * Matched by GitHub's numeric id first, as attribution does.
 */
export function noteIfUnregistered(
  db: Store,
  eventId: number,
  members: SprinterRecord[],
  registered: Set<string>,
  c: Contribution,
  now: Date,
): boolean {
  if (registered.has(c.repo.toLowerCase()) || (c.kind !== 'pull_request' && c.kind !== 'issue') || c.author.isBot)
    return false;
  const login = c.author.login?.toLowerCase();
  const member =
    (c.author.id !== null ? members.find((m) => m.githubId === c.author.id) : undefined) ??
    (login ? members.find((m) => m.githubId === null && m.githubLogin?.toLowerCase() === login) : undefined);
  if (!member) return false;
  return noteUnregisteredWork(
    db,
    eventId,
    member.id,
    { url: c.url, repo: c.repo, kind: c.kind, title: c.title, createdAt: c.createdAt },
    now,
  );
}
