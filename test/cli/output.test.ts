import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/cli/output.js';
import { SrmapError } from '../../src/domain/errors.js';

describe('formatError', () => {
  it('a permission, read-only or full-disk error names the path and is exit 2, without a stack', () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/srv/packs/.out.lock'"), { code: 'EACCES', syscall: 'open', path: '/srv/packs/.out.lock' });
    const { text, exitCode } = formatError(err);
    expect(exitCode).toBe(2);
    expect(text).toBe('srmap: error [EACCES]: cannot open /srv/packs/.out.lock: permission denied\nhint: fix the permissions or free space there, or point srmap elsewhere (--out, --snapshot, --config).');
  });

  it('anything else unexpected stays an internal error (exit 1) with its stack', () => {
    const { text, exitCode } = formatError(new TypeError('x is undefined'));
    expect(exitCode).toBe(1);
    expect(text).toMatch(/internal error: x is undefined\nTypeError/);
  });

  it('caps the problems it prints', () => {
    const problems = Array.from({ length: 200 }, (_, i) => ({ file: 'r.csv', line: i, message: 'bad' }));
    const { text } = formatError(new SrmapError('WORKING_FOLDER_INVALID', '200 problem(s)', { problems }));
    expect(text.split('\n')).toHaveLength(52);
    expect(text).toMatch(/\.\.\. and 150 more problems \(150 in r\.csv\)/);
  });
});
