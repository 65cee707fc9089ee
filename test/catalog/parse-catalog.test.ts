import { describe, expect, it } from 'vitest';
import { formatPath, nearest, parseControlFile, parseFrameworkFile } from '../../src/catalog/parse-catalog.js';

const FRAMEWORK = `id: demo
name: Demo
version: "1"
publisher: Us
description: A demo.
requirements:
  - id: "1"
    title: Heading
    assessable: false
  - id: "1.1"
    parent: "1"
    title: Thing
    controls: [encrypt-data-at-rest]
`;

describe('parseFrameworkFile', () => {
  it('parses a valid file and applies defaults', () => {
    const r = parseFrameworkFile(FRAMEWORK, 'demo.yaml');
    expect(r.problems).toEqual([]);
    expect(r.value?.requirements[1]).toMatchObject({ id: '1.1', assessable: true, controls: ['encrypt-data-at-rest'] });
    expect(r.value?.requirements[0]?.controls).toEqual([]);
  });

  it('locates every schema problem, not just the first', () => {
    const text = FRAMEWORK.replace('version: "1"', 'version: 1').replace('    title: Thing', '    title: Thing\n    assessable: maybe\n    colour: red');
    const r = parseFrameworkFile(text, 'demo.yaml');
    expect(r.value).toBeUndefined();
    expect(r.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['version', 3, 10],
      ['requirements[1].assessable', 13, 17],
      ['requirements[1].colour', 14, 5],
    ]);
    expect(r.problems[1]?.hint).toBe('Write a value of type boolean.');
  });

  it('reports a missing key at its parent, a duplicate key and an empty file', () => {
    const missing = parseFrameworkFile(FRAMEWORK.replace('publisher: Us\n', ''), 'demo.yaml');
    expect(missing.problems).toMatchObject([{ path: 'publisher', message: "missing required key 'publisher'", line: 1, column: 1 }]);
    const dup = parseFrameworkFile(FRAMEWORK.replace('name: Demo\n', 'name: Demo\nname: Again\n'), 'demo.yaml');
    expect(dup.problems).toHaveLength(1);
    expect(dup.problems[0]).toMatchObject({ file: 'demo.yaml', line: 3 });
    expect(dup.problems[0]?.hint).toMatch(/only once/);
    expect(parseFrameworkFile('', 'demo.yaml').problems[0]?.message).toBe('the file is empty');
  });

  it('keeps the raw data of a file that fails the schema', () => {
    const r = parseControlFile('family: x\ntitle: X\ncontrols: []\n', 'x.yaml');
    expect(r.problems[0]?.message).toMatch(/expected array to have >=1 items/);
    expect(r.raw).toEqual({ family: 'x', title: 'X', controls: [] });
  });
});

describe('helpers', () => {
  it('formatPath', () => {
    expect(formatPath(['requirements', 3, 'controls', 0])).toBe('requirements[3].controls[0]');
    expect(formatPath([])).toBe('');
  });
  it('nearest', () => {
    expect(nearest('ENCRYPTED_VOLUME', ['ENCRYPTED_VOLUMES', 'EFS_ENCRYPTED_CHECK', 'X'])).toEqual(['ENCRYPTED_VOLUMES']);
  });
});
