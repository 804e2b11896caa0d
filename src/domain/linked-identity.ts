import type { Forge } from './contribution.js';

/**
 * An account a sprinter holds besides their GitHub one: what a claim is made for and a proof settles.
 * `sprinter-login`: the one login a sprinter has on a forge of one site (Pagure); `instance-account`: an
 * account on an instance of a forge (GitLab, Forgejo), as the operator listed the instance.
 */
export type LinkedIdentity =
  | { kind: 'sprinter-login'; forge: Forge; username: string }
  | { kind: 'email'; email: string }
  | { kind: 'instance-account'; forge: Forge; instanceUrl: string; username: string };
