import { adapterOfRow } from '../sources/registry.js';
import { isOrganizersWord, NOBODY_NAMED, type Credit } from '../domain/attribution.js';
import type { ContributionKind, ContributionSource } from '../domain/contribution.js';
import type { GatheredFacts } from '../domain/decide.js';
import { isPartOfCountedPullRequest, listCredits } from '../store/contributions.js';
import { isPendingProject } from '../store/projects.js';
import { leadsOnPagure } from '../store/roles.js';
import type { Store } from '../store/store.js';
import { nameSprinters, type AuthorMemo } from './name-sprinters.js';

/** The row a decision is about: stored (with its id) or about to be written for the first time. */
export interface DecisionSubject {
  id: number | null;
  eventId: number;
  projectId: number | null;
  kind: ContributionKind;
  forge: string;
  key: string;
  source: ContributionSource;
  authorId: number | null;
  authorLogin: string | null;
  authorEmail: string | null;
}

export interface SubjectLinks {
  /** A commit's `Co-authored-by:` e-mails. */
  coAuthorEmails: string[];
  /** Pull request numbers a commit's message says it merges. */
  mergesPullRequests: number[];
  /** Credits an organizer gives an imported or hand-entered row now; left out, its stored ones. */
  given?: Credit[];
  /** Whether its project is pending, where the caller read it already; left out, it is read here. */
  projectPending?: boolean;
}

/**
 * Gathers every fact beyond the row itself that the decision reads (decideContribution): whether a
 * counted pull request holds a commit's work, whether a Pagure commenter leads the project, the sprinters
 * its identities name, and an organizer's credits. Reads only; the decision is made from what it returns.
 */
export function gatherFacts(db: Store, c: DecisionSubject, links: SubjectLinks, memo?: AuthorMemo): GatheredFacts {
  const organizersWord = isOrganizersWord(c.source);
  return {
    partOfCountedPullRequest:
      c.kind === 'commit' &&
      c.projectId !== null &&
      isPartOfCountedPullRequest(db, c.eventId, c.projectId, c.key, links.mergesPullRequests),
    reviewsOnlyFromLeaders: c.kind === 'review' && Boolean(adapterOfRow(c.forge)?.reviewsOnlyFromLeaders),
    reviewerLeadsProject:
      c.kind === 'review' &&
      Boolean(adapterOfRow(c.forge)?.reviewsOnlyFromLeaders) &&
      c.projectId !== null &&
      c.authorLogin !== null &&
      leadsOnPagure(db, c.projectId, c.authorLogin),
    projectPending: links.projectPending ?? (c.projectId !== null && isPendingProject(db, c.projectId)),
    named: organizersWord
      ? NOBODY_NAMED
      : nameSprinters(
          db,
          {
            id: c.id,
            eventId: c.eventId,
            projectId: c.projectId,
            forge: c.forge,
            authorId: c.authorId,
            authorLogin: c.authorLogin,
            authorEmail: c.authorEmail,
            coAuthorEmails: links.coAuthorEmails,
          },
          memo,
        ),
    given: organizersWord ? (links.given ?? (c.id !== null ? listCredits(db, c.id) : [])) : [],
  };
}
