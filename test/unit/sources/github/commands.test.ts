import { describe, expect, test } from '@jest/globals';
import { parseSprintCommand } from '../../../../src/sources/github/commands.js';

describe('parseSprintCommand', () => {
  test.each([
    ['LGTM\n/sprint exclude duplicate of #3', { verb: 'exclude', reason: 'duplicate of #3' }],
    ['/sprint include', { verb: 'include' }],
    ['/Sprint credit @octo-cat', { verb: 'credit', login: 'octo-cat' }],
    ['/sprint exclude', { verb: 'invalid', problem: expect.stringContaining('needs a reason') }],
    ['/sprint credit not a login', { verb: 'invalid', problem: expect.stringContaining('one GitHub login') }],
    ['/sprint dance', { verb: 'invalid', problem: expect.stringContaining('unknown command "dance"') }],
    ['no command here; /sprint in the middle', null],
  ])('%j', (body, expected) => {
    expect(parseSprintCommand(body)).toEqual(expected);
  });
});
