import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecretBox } from '../../secrets.js';
import { GITLAB_EVENTS, normalizeGitlabPush, normalizeMergeRequest } from '../../sources/gitlab/normalize.js';
import { findHookTargets } from '../../store/projects.js';
import type { BodyBudget } from '../read-limited-body.js';
import { recordSharedSecretDelivery, type SharedSecretDeps } from '../shared-secret-delivery.js';
import { answer, parseJson, readDelivery } from '../webhook-http.js';

export const GITLAB_WEBHOOK_PATH = '/api/gitlab/webhooks';

export interface GitlabWebhookDeps extends SharedSecretDeps {
  bodies: BodyBudget;
  /** Opens the projects' web-hook keys, which are stored sealed. */
  secrets: SecretBox;
}

const REQUIRED_HEADERS = ['x-gitlab-token', 'x-gitlab-event'] as const;

/** Equal in constant time whatever the lengths: both sides are hashed first, so a guess's length tells nothing either. */
function sameToken(given: string, key: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(key));
}

function projectNameOf(payload: unknown): string | null {
  const project = (payload as { project?: { path_with_namespace?: unknown } } | null)?.project;
  return typeof project?.path_with_namespace === 'string' ? project.path_with_namespace : null;
}

/**
 * GitLab web-hooks: GitLab sends the project's secret token as it is (`X-Gitlab-Token`), unsigned, so it
 * is compared in constant time with the key of each registered project of that path. Merge Request Hook
 * and Push Hook are recorded; other hooks are acknowledged and ignored (GitLab disables a web-hook that
 * keeps failing). Deliveries are deduplicated on the web-hook's and the event's UUIDs.
 */
export function gitlabWebhookEndpoint(deps: GitlabWebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readDelivery(req, res, 'GitLab', REQUIRED_HEADERS, deps.bodies);
    if (!body) return;
    const payload = parseJson(body);
    if (payload === undefined) return answer(res, 400, { error: 'the body is not valid JSON' });
    const fullName = projectNameOf(payload);
    if (fullName === null)
      return answer(res, 400, { error: 'malformed payload: project.path_with_namespace: required' });
    const token = req.headers['x-gitlab-token'] as string;
    const targets = findHookTargets(deps.db, 'gitlab', fullName).filter((t) => {
      const key = t.webhookKey && deps.secrets.open(t.webhookKey);
      return key ? sameToken(token, key) : false;
    });
    if (targets.length === 0)
      return answer(res, 403, {
        error: `the token does not match the web-hook key of any registered GitLab project at "${fullName}"`,
      });
    const event = req.headers['x-gitlab-event'] as string;
    const eventUuid =
      typeof req.headers['x-gitlab-event-uuid'] === 'string' ? req.headers['x-gitlab-event-uuid'] : null;
    const hookUuid =
      typeof req.headers['x-gitlab-webhook-uuid'] === 'string' ? req.headers['x-gitlab-webhook-uuid'] : '';
    // Releases before the UUID headers: the exact bytes identify a redelivery just as well.
    const id = `gitlab:${hookUuid}:${eventUuid ?? createHash('sha256').update(body).digest('hex')}`;
    const action =
      event === 'Merge Request Hook'
        ? actionOf((payload as { object_attributes?: { action?: unknown } }).object_attributes?.action)
        : null;
    await recordSharedSecretDelivery(deps, res, { id, source: 'gitlab', event, action }, targets, (t) => {
      if (!GITLAB_EVENTS.has(event)) return { ok: true, contributions: [] };
      return event === 'Merge Request Hook'
        ? normalizeMergeRequest(payload, t.projectUrl)
        : normalizeGitlabPush(payload, t.projectUrl, deps.now());
    });
  };
}

/** The merge request's action as logged beside the delivery: text only, whatever the payload holds there. */
function actionOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
