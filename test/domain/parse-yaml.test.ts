import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlFile } from '../../src/domain/parse-yaml.js';

describe('parseYamlFile', () => {
  it('a "billion laughs" file of nested aliases is one located problem, not an exception', () => {
    const levels = 'abcdefghi'.split('');
    const yaml = levels.map((l, i) => (i === 0 ? `${l}: &${l} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `${l}: &${l} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`)).join('\n');
    const parsed = parseYamlFile(z.record(z.string(), z.unknown()), yaml, 'exceptions.yaml');
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems).toEqual([
      expect.objectContaining({ file: 'exceptions.yaml', line: 2, column: 8, message: expect.stringMatching(/aliases .* expand to more than 100 copies/), hint: expect.stringMatching(/no anchors/) }),
    ]);
  });

  it('a few aliases are still read', () => {
    const parsed = parseYamlFile(z.record(z.string(), z.unknown()), 'a: &x [1, 2]\nb: *x\n', 'owners.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({ a: [1, 2], b: [1, 2] });
  });
});
