import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGlob, createExceptionMatcher, matchesEverything } from '../../src/domain/exceptions.js';
import type { ExceptionRecord } from '../../src/domain/snapshot.js';
import { timeoutFor } from '../helpers/run-srmap.js';

/** The meaning of a glob, written the obvious (backtracking) way: only for short inputs. */
function reference(pattern: string, text: string): boolean {
  const body = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's').test(text);
}

describe('compileGlob', () => {
  it.each([
    ['arn:aws:s3:::public-*', 'arn:aws:s3:::public-assets', true],
    ['arn:aws:s3:::public-*', 'arn:aws:s3:::private', false],
    ['*', '', true],
    ['**', 'anything', true],
    ['a*a', 'a', false],
    ['ab*b', 'ab', false],
    ['ab*b', 'abb', true],
    ['*.example.*', 'www.example.com', true],
    ['sg-0ba5', 'sg-0ba5', true],
    ['sg-0ba5', 'sg-0ba57', false],
    ['a.c', 'abc', false],
    ['*(x)*', 'f(x)=1', true],
    ['*a*b*c', 'xaxbxcxc', true],
  ])('%s on %s is %s', (pattern, text, expected) => {
    expect(compileGlob(pattern)(text)).toBe(expected);
    expect(reference(pattern, text)).toBe(expected);
  });

  it('agrees with the reference meaning on every short pattern and text over a small alphabet', () => {
    const words = (n: number, alphabet: string): string[] => (n === 0 ? [''] : words(n - 1, alphabet).flatMap((w) => [...alphabet].map((c) => w + c)));
    const patterns = [0, 1, 2, 3, 4].flatMap((n) => words(n, 'ab*'));
    const texts = [0, 1, 2, 3, 4, 5].flatMap((n) => words(n, 'ab'));
    for (const p of patterns) {
      const m = compileGlob(p);
      for (const t of texts) if (m(t) !== reference(p, t)) throw new Error(`${p} on ${t}`);
    }
  });

  it('a glob of 20 stars against a 64-character id answers at once (a backtracking regular expression never finishes)', () => {
    // In a child process so that a regression shows as a kill, not a hung test run: after the suite's
    // slack over the second the child takes idle (tsx and the module), not a fixed 30 s a busy machine can spend.
    const module = fileURLToPath(new URL('../../src/domain/exceptions.ts', import.meta.url));
    const script = `const { createExceptionMatcher } = await import(${JSON.stringify(module)});
      const ex = { id: 'X', ruleIdentifier: 'R', resourcePattern: '*a'.repeat(20) + '*b', reason: 'r', compensatingControl: 'c', approver: 'a', approvedOn: '2026-01-01', expiresOn: '2026-12-31' };
      const match = createExceptionMatcher([ex], '2026-06-01');
      process.stdout.write(JSON.stringify(match('R', 'arn:aws:s3:::' + 'a'.repeat(51))));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: timeoutFor(1), encoding: 'utf8' });
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.stdout)).toEqual({ lapsed: [] });
  });

  it('matchesEverything: only a pattern of stars', () => {
    expect(['*', '**', ' * '].map(matchesEverything)).toEqual([true, true, true]);
    expect(['*-prod', 'arn:*', ''].map(matchesEverything)).toEqual([false, false, false]);
  });
});

describe('createExceptionMatcher', () => {
  const base: ExceptionRecord = { id: 'EX-1', ruleIdentifier: 'S3_RULE', resourcePattern: 'arn:aws:s3:::logs-*', reason: 'r', compensatingControl: 'c', approver: 'a', approvedOn: '2026-01-01', expiresOn: '2026-12-31' };
  it('names the current exception first (by id) and lists lapsed ones', () => {
    const m = createExceptionMatcher([base, { ...base, id: 'EX-0', expiresOn: '2026-02-01' }, { ...base, id: 'EX-2' }], '2026-06-01');
    expect(m('S3_RULE', 'arn:aws:s3:::logs-1')).toEqual({ current: 'EX-1', lapsed: ['EX-0'] });
    expect(m('S3_RULE', 'arn:aws:s3:::data')).toEqual({ lapsed: [] });
    expect(m('OTHER', 'arn:aws:s3:::logs-1')).toEqual({ lapsed: [] });
  });
});
