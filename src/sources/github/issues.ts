import { z } from 'zod';
import type { GithubClient } from './client.js';

export interface ForgeIssue {
  number: number;
  title: string;
  url: string;
  state: 'open' | 'closed';
}

const issue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: z.string().regex(/^https:\/\//),
  state: z.enum(['open', 'closed']),
  pull_request: z.unknown().optional(),
});

/** Open issues of a repository carrying a label (pull requests, which the endpoint also lists, left out); at most 500. */
export async function labeledIssues(octokit: GithubClient, fullName: string, label: string): Promise<ForgeIssue[]> {
  const [owner = '', repo = ''] = fullName.split('/');
  const found: ForgeIssue[] = [];
  for (let page = 1; page <= 5; page += 1) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      labels: label,
      state: 'open',
      per_page: 100,
      page,
    });
    const items = Array.isArray(data) ? data : [];
    for (const item of items) {
      const parsed = issue.safeParse(item);
      if (parsed.success && parsed.data.pull_request === undefined)
        found.push({
          number: parsed.data.number,
          title: parsed.data.title,
          url: parsed.data.html_url,
          state: parsed.data.state,
        });
    }
    if (items.length < 100) break;
  }
  return found;
}

/** Whether an issue is still open; null when GitHub does not know it. */
export async function issueState(
  octokit: GithubClient,
  fullName: string,
  number: number,
): Promise<'open' | 'closed' | null> {
  const [owner = '', repo = ''] = fullName.split('/');
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: number,
    });
    const parsed = issue.safeParse(data);
    return parsed.success ? parsed.data.state : null;
  } catch (error) {
    if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 410) return null;
    throw error;
  }
}
