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

describe('formatError says a problem once', () => {
  it('one problem the headline already states (file, line, path and words) is not printed again, and one hint is given', () => {
    const err = new SrmapError('SNAPSHOT_TAMPERED', 'evaluations.ndjson.gz does not match the manifest: truncated: expected 107214 bytes, found 8', {
      hint: 'restore it from the original snapshot',
      problems: [{ file: 'evaluations.ndjson.gz', message: 'truncated: expected 107214 bytes, found 8', hint: 'the snapshot was edited or damaged' }],
    });
    expect(formatError(err).text).toBe('srmap: error [SNAPSHOT_TAMPERED]: evaluations.ndjson.gz does not match the manifest: truncated: expected 107214 bytes, found 8\nhint: restore it from the original snapshot');
    const located = new SrmapError('SNAPSHOT_INVALID', 'owners.ndjson: line 3: too long', { problems: [{ file: 'owners.ndjson', line: 3, message: 'too long', hint: 'collect again' }] });
    expect(formatError(located).text).toBe('srmap: error [SNAPSHOT_INVALID]: owners.ndjson: line 3: too long\nhint: collect again');
  });

  it('a problem with a place or words the headline lacks is printed', () => {
    const elsewhere = new SrmapError('SNAPSHOT_INVALID', 'owners.ndjson: too long', { problems: [{ file: 'owners.ndjson', line: 3, message: 'too long' }] });
    expect(formatError(elsewhere).text).toBe('srmap: error [SNAPSHOT_INVALID]: owners.ndjson: too long\n  owners.ndjson: line 3: too long');
    const summary = new SrmapError('WORKING_FOLDER_INVALID', '1 problem(s) in the working folder w.', { problems: [{ file: 'srmap.yaml', message: 'bad' }] });
    expect(formatError(summary).text).toBe('srmap: error [WORKING_FOLDER_INVALID]: 1 problem(s) in the working folder w.\n  srmap.yaml: bad');
  });
});
