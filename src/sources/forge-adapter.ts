import type { Contribution, Forge } from '../domain/contribution.js';
import type { GithubClient } from './github/client.js';
import type { ForgeIssue } from './github/issues.js';
import type { PagedApiOptions } from './paged-api.js';
import type { PagureClientOptions } from './pagure/client.js';

/**
 * The clients a forge's API calls are given: GitHub's (null without credentials), and how far the
 * open forges (read without credentials) may be reached: the operator's FORGE_HOSTS, timeouts and sizes.
 */
export interface ForgeClients {
  github: { octokit: GithubClient } | null;
  open: PagureClientOptions;
}

/** Where a project lives on its forge: its name there and the instance (null: the forge has one site). */
export interface ForgeHome {
  fullName: string;
  instanceUrl: string | null;
}

/**
 * How a forge is followed where no web-hook reaches us. Each kind is one job of the polling table:
 * `search` packs repositories and authors into paced search queries (GitHub); `per-author` asks each
 * project for each member's pull requests (Pagure); `project-activity` reads each project's requests and
 * default-branch commits of the window (GitLab, Forgejo).
 */
export type PollingKind = 'search' | 'per-author' | 'project-activity';

/** A forge's REST reading of one project, for the `project-activity` job. */
export interface ProjectActivityApi {
  defaultBranch(base: string, fullName: string, api: PagedApiOptions): Promise<string | null>;
  /**
   * Pull (merge) requests of the window: by one author where the forge filters by author, else every
   * request newest first (the job stops once the pages are older than the event).
   */
  requests:
    | {
        byAuthor: true;
        pages(
          base: string,
          fullName: string,
          projectUrl: string,
          author: string,
          since: string,
          api: PagedApiOptions,
        ): AsyncGenerator<Contribution[]>;
      }
    | {
        byAuthor: false;
        pages(base: string, fullName: string, projectUrl: string, api: PagedApiOptions): AsyncGenerator<Contribution[]>;
      };
  commits(
    base: string,
    fullName: string,
    projectUrl: string,
    branch: string,
    since: string,
    until: string,
    api: PagedApiOptions,
  ): AsyncGenerator<Contribution[]>;
}

/**
 * A forge read per author, for the `per-author` job: each project's requests by one member, newest first,
 * with the reviews each carries (the job stops once a page reaches before the event).
 */
export interface PerAuthorApi {
  defaultBranch(base: string, fullName: string, open: PagureClientOptions): Promise<string | null>;
  pages(base: string, fullName: string, author: string, open: PagureClientOptions): AsyncGenerator<Contribution[]>;
}

/** An instance's OAuth2 code flow, for linking an account there by signing in. */
export interface InstanceSignIn {
  authorizePath: string;
  tokenPath: string;
  userPath: string;
  /** The scope asked for, where the instance needs one to read the user. */
  scope: string | null;
  /** The field of the user answer that holds the username. */
  usernameField: 'username' | 'login';
}

/** Tasks read from a forge's issues: the open ones under a label, and one issue's state. */
export interface IssueTracker {
  labeled(home: ForgeHome, label: string, clients: ForgeClients): Promise<ForgeIssue[]>;
  /** `open`, `closed` (any case), or null for an issue the forge does not know. */
  status(home: ForgeHome, number: number, clients: ForgeClients): Promise<string | null>;
}

/**
 * What an identity on the forge is, which decides where a sprinter's account is kept and how work is
 * matched to it: `sign-in-account` (the account people sign in to the app with: one site, ids that survive
 * renames), `sprinter-login` (one login per sprinter,
 * the forge's own site or instance), `instance-account` (accounts on any instance, with their ids).
 */
export type IdentityKind = 'sign-in-account' | 'sprinter-login' | 'instance-account';

/**
 * Everything the tracker knows of one forge. Only adapters (`src/sources/<forge>/adapter.ts`) and the
 * registry name forges; the rest of the code asks the adapter of a project's or a contribution's forge.
 */
export interface ForgeAdapter {
  readonly forge: Forge;
  readonly label: string;
  /** Where a project lives when its registration names no instance; GitHub's only site. */
  readonly defaultInstance: string;
  /** Whether projects may live on an instance of the operator's choosing (all but GitHub). */
  readonly hasInstances: boolean;
  /** Whether pages and reports may leave the forge unsaid (GitHub's links are the common case). */
  readonly impliedInText: boolean;
  /** How the forge writes a pull request's number in text (GitLab's merge requests are `!N`). */
  readonly requestMark: '#' | '!';
  /** The form of a project's name, for error messages: `OWNER/REPO`. */
  readonly nameForm: string;
  /** A project's name as its links spell it (Pagure's fork links `fork/user/name` name the project forked). */
  projectOfLinkPath(path: string): string;
  /** Why `fullName` cannot name a project on this forge, or null. */
  projectNameError(fullName: string): string | null;
  /** A project's web address on its instance (or the forge's default). */
  projectUrl(home: ForgeHome): string;
  /** A person's page on an instance (or the forge's default). */
  profileUrl(instanceUrl: string | null, login: string): string;
  /** An issue of a project by its number. */
  issueUrl(projectUrl: string, number: string | number): string;
  /** Where `owner/repo#12` in a pull request's text points, on forges that write other repositories' issues so. */
  readonly crossRepositoryIssues: string | null;
  readonly identity: IdentityKind;
  /** Whether a review counts only when a project leader gives it (Pagure's reviews are comments anyone may write). */
  readonly reviewsOnlyFromLeaders: boolean;
  /** The form a project's web-hook key takes on the forge's settings page, where it is checked. */
  readonly webhookKey: { pattern: RegExp; message: string } | null;
  /**
   * How a leader sets up a project's web-hook on the forge, for the project page: the settings page, the
   * events to send, and the key the form asks for. Null where the app's installation sends deliveries.
   */
  readonly webhookSetup: { where: string; events: string | null; key: string } | null;
  /** Whether projects are followed by a web-hook of their own, with its key, at `/api/<forge>/webhooks`. */
  readonly projectWebhooks: boolean;
  /** Whether a leader's repository permission, read with their sign-in, proves a registration. */
  readonly permissionProvesLeaders: boolean;
  /** Whether the bot can greet and answer on its pull requests. */
  readonly hasBot: boolean;
  /** Whether its API calls need credentials the operator gives (they are skipped without them). */
  readonly needsCredentials: boolean;
  readonly polling: PollingKind;
  readonly activity: ProjectActivityApi | null;
  readonly perAuthor: PerAuthorApi | null;
  readonly signIn: InstanceSignIn | null;
  readonly issues: IssueTracker | null;
  /**
   * One listed pull request or commit as the forge describes it (for a list's rows); null when the forge
   * has no such one. Throws an Error whose message says what happened where the forge could not tell.
   */
  describe(
    home: ForgeHome,
    kind: 'pull_request' | 'commit',
    key: string,
    clients: ForgeClients,
  ): Promise<Contribution | null>;
}
