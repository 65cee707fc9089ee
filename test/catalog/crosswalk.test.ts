import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { toCrosswalk, toCrosswalkTable } from '../../src/catalog/to-crosswalk.js';
import { crosswalkFrameworks } from '../../src/cli/commands/frameworks.js';
import { SrmapError } from '../../src/domain/errors.js';

const catalog = await loadCatalog();

function memoryIo(): { out: string[]; err: string[]; io: { out(l: string): void; err(l: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

describe('crosswalk', () => {
  it('lists every control once, with exactly the requirements that map it in each framework', () => {
    const cw = toCrosswalk(catalog);
    expect(cw.rows.map((r) => r.controlId).sort()).toEqual([...catalog.controls.keys()].sort());
    for (const f of catalog.frameworks) {
      for (const r of f.requirements.filter((x) => x.assessable)) {
        for (const c of r.controls) expect(cw.rows.find((x) => x.controlId === c)?.requirements.get(f.id), `${f.id} ${r.id} ${c}`).toContain(r.id);
      }
    }
    const key = cw.rows.find((r) => r.controlId === 'key-management')!;
    expect(key.requirements.get('pci-dss-4.0.1')).toEqual(expect.arrayContaining(['3.6.1', '3.7.1', '3.7.4']));
    expect(key.requirements.get('hipaa-security')).toContain('164.312(a)(2)(iv)');
  });

  it('writes a CSV with the documented columns that parses back to the same table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'srmap-crosswalk-'));
    try {
      const file = path.join(dir, 'crosswalk.csv');
      const m = memoryIo();
      expect(await crosswalkFrameworks(catalog, 'csv', file, m.io)).toBe(0);
      const text = await readFile(file, 'utf8');
      expect(text.startsWith('\uFEFFcontrol_id,control_title,family,responsibility,hipaa-security,pci-dss-4.0.1,soc2-2017,iso27001-2022,nist-csf-2.0\r\n')).toBe(true);
      const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
      const table = toCrosswalkTable(toCrosswalk(catalog));
      expect(rows).toHaveLength(table.rows.length);
      const enc = rows.find((r) => r.control_id === 'encrypt-data-at-rest')!;
      expect(enc.responsibility).toBe('shared');
      expect(enc['pci-dss-4.0.1']?.split(';')).toEqual(expect.arrayContaining(['3.5.1', '3.3.2']));
      // The same bytes on stdout.
      const s = memoryIo();
      await crosswalkFrameworks(catalog, 'csv', undefined, s.io);
      expect(`${s.out.join('\n')}\r\n`).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never writes --out over a file srmap did not write; an earlier crosswalk is replaced', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'srmap-crosswalk-'));
    try {
      const mine = path.join(dir, 'controls.csv');
      await writeFile(mine, 'control_id,my notes\r\nkey-management,rotate yearly\r\n');
      const err = await crosswalkFrameworks(catalog, 'csv', mine, memoryIo().io).catch((e: unknown) => e);
      expect((err as SrmapError).code).toBe('OUT_NOT_REPLACEABLE');
      expect(await readFile(mine, 'utf8')).toBe('control_id,my notes\r\nkey-management,rotate yearly\r\n');
      const earlier = path.join(dir, 'crosswalk.csv');
      expect(await crosswalkFrameworks(catalog, 'csv', earlier, memoryIo().io)).toBe(0);
      expect(await crosswalkFrameworks(catalog, 'csv', earlier, memoryIo().io)).toBe(0);
      expect((await readFile(earlier, 'utf8')).startsWith('\uFEFFcontrol_id,')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses --out with the text format, saying what to do', async () => {
    const m = memoryIo();
    const err = await crosswalkFrameworks(catalog, 'text', '/tmp/x.csv', m.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).hint).toMatch(/--format csv/);
  });
});
