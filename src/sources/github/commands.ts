/** `/sprint exclude REASON`, `/sprint include`, `/sprint credit @login`: one command per comment, on its own line. */
export type SprintCommand =
  | { verb: 'exclude'; reason: string }
  | { verb: 'include' }
  | { verb: 'credit'; login: string }
  | { verb: 'invalid'; problem: string };

export function parseSprintCommand(body: string): SprintCommand | null {
  const line = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /^\/sprint\b/i.test(l));
  if (!line) return null;
  const [, verb = '', rest = ''] = /^\/sprint\s*(\S*)\s*(.*)$/i.exec(line) ?? [];
  switch (verb.toLowerCase()) {
    case 'exclude':
      return rest
        ? { verb: 'exclude', reason: rest.slice(0, 200) }
        : { verb: 'invalid', problem: '`/sprint exclude` needs a reason, e.g. `/sprint exclude duplicate of #12`' };
    case 'include':
      return { verb: 'include' };
    case 'credit': {
      const login = /^@?([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})$/i.exec(rest)?.[1];
      return login
        ? { verb: 'credit', login }
        : { verb: 'invalid', problem: '`/sprint credit` needs one GitHub login, e.g. `/sprint credit @octocat`' };
    }
    default:
      return {
        verb: 'invalid',
        problem: `unknown command "${verb}": use /sprint exclude REASON, /sprint include or /sprint credit @login`,
      };
  }
}
