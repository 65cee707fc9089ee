/** The catalog's complementary user entity controls: the shipped list, CUEC sets in overlays, and every problem located (file, line, field). */
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogDir, loadCatalog, readCatalog } from '../../src/catalog/load-catalog.js';
import { parseCuecs } from '../../src/catalog/check-cuecs.js';
import type { Catalog } from '../../src/domain/catalog.js';
import { SrmapError } from '../../src/domain/errors.js';

let catalog: Catalog;
let work: string;
beforeAll(async () => {
  catalog = await loadCatalog();
  work = await mkdtemp(path.join(tmpdir(), 'srmap-cuecs-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the shipped CUECs of AWS\'s SOC 2 report', () => {
  it('are 20, numbered in order, each mapped to controls of the catalog, and cover what AWS leaves to its customers', async () => {
    const cuecs = catalog.cuecs ?? [];
    expect(cuecs.map((c) => c.id)).toEqual(Array.from({ length: 20 }, (_, i) => `CUEC-${String(i + 1).padStart(2, '0')}`));
    for (const c of cuecs) {
      expect(c.attestation).toBe('aws-soc2-type2');
      expect(c.controls.length, c.id).toBeGreaterThan(0);
      for (const id of c.controls) expect(catalog.controls.has(id), `${c.id} ${id}`).toBe(true);
    }
    const mapped = new Set(cuecs.flatMap((c) => c.controls));
    // Identities and credentials, encryption, security groups and network ACLs, logging, backups, guest OS patching, incident response.
    for (const id of ['unique-user-identification', 'credential-management', 'multi-factor-authentication', 'encrypt-data-at-rest', 'key-management', 'restrict-inbound-traffic', 'log-api-activity', 'backup-data', 'patch-management', 'incident-response']) {
      expect(mapped, id).toContain(id);
    }
  });
});

const GOOD = `attestation: aws-soc2-type2
cuecs:
  - id: CUEC-01
    area: Identity
    topic: Manage identities.
    controls: [access-lifecycle]
`;

describe('parseCuecs: every problem with file, line, field and a hint', () => {
  it('a control that does not exist, with the nearest id', () => {
    const text = `attestation: aws-soc2-type2
cuecs:
  - id: CUEC-01
    area: Identity
    topic: Manage identities.
    controls: [access-lifecycle, encrypt-data-at-rst]
`;
    const { cuecs, problems } = parseCuecs([{ file: 'cuecs/a.yaml', text }], catalog);
    expect(cuecs).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'cuecs/a.yaml', line: 6, path: 'cuecs[0].controls[1]', message: "unknown control 'encrypt-data-at-rst'", hint: expect.stringMatching(/^Did you mean 'encrypt-data-at-rest'/) }),
    ]);
  });

  it('an unknown key, a missing topic, a malformed id and an unknown attestation kind', () => {
    const text = `attestation: aws-soc3
cuecs:
  - id: CUEC-1
    area: Identity
    title: Manage identities.
    controls: [access-lifecycle]
`;
    const { problems } = parseCuecs([{ file: 'cuecs/b.yaml', text }], catalog);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(byPath['cuecs[0].id']).toMatchObject({ file: 'cuecs/b.yaml', line: 3 });
    expect(byPath['cuecs[0].topic']?.message).toMatch(/missing|required/i);
    expect(problems.some((p) => p.line === 5 && /title/.test(`${p.path ?? ''} ${p.message}`))).toBe(true);
    // The schema failed: the cross-references of that file are not checked on top.
    expect(problems.some((p) => p.path === 'attestation')).toBe(false);
    const wrongKind = parseCuecs([{ file: 'cuecs/c.yaml', text: GOOD.replace('aws-soc2-type2', 'aws-soc2-typ2') }], catalog).problems;
    expect(wrongKind).toEqual([expect.objectContaining({ file: 'cuecs/c.yaml', line: 1, path: 'attestation', message: "unknown attestation kind 'aws-soc2-typ2'", hint: expect.stringMatching(/^Did you mean 'aws-soc2-type2'/) })]);
  });

  it('a CUEC id used twice across files, and a control named twice', () => {
    const twice = GOOD.replace('[access-lifecycle]', '[access-lifecycle, access-lifecycle]').replace('aws-soc2-type2', 'aws-pci-dss-aoc');
    const { problems } = parseCuecs([{ file: 'cuecs/a.yaml', text: GOOD }, { file: 'cuecs/b.yaml', text: twice }], catalog);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'cuecs/b.yaml', line: 3, path: 'cuecs[0].id', message: "duplicate CUEC id 'CUEC-01'", hint: 'It is already used at cuecs/a.yaml: cuecs[0]; give each CUEC its own id.' }),
      expect.objectContaining({ file: 'cuecs/b.yaml', path: 'cuecs[0].controls[1]', message: "control 'access-lifecycle' is named twice" }),
    ]);
  });
});

describe('CUECs in the catalog folder and its overlays', () => {
  it('a catalog folder without cuecs/ has none', async () => {
    const dir = path.join(work, 'bare');
    await cp(defaultCatalogDir(), dir, { recursive: true });
    await rm(path.join(dir, 'cuecs'), { recursive: true });
    const read = await readCatalog(dir);
    expect(read.problems).toEqual([]);
    expect(read.catalog?.cuecs).toBeUndefined();
  });

  it('reads every cuecs/*.yaml in name order, one set per attestation, and reports a problem with the file, line and field', async () => {
    const dir = path.join(work, 'cat');
    await cp(defaultCatalogDir(), dir, { recursive: true });
    await rm(path.join(dir, 'cuecs'), { recursive: true });
    await mkdir(path.join(dir, 'cuecs'), { recursive: true });
    await writeFile(path.join(dir, 'cuecs', 'b.yaml'), GOOD.replace('CUEC-01', 'CUEC-02').replace('aws-soc2-type2', 'aws-pci-dss-aoc'));
    await writeFile(path.join(dir, 'cuecs', 'a.yaml'), GOOD);
    await writeFile(path.join(dir, 'cuecs', 'notes.txt'), 'not read');
    expect((await readCatalog(dir)).catalog?.cuecs?.map((c) => c.id)).toEqual(['CUEC-01', 'CUEC-02']);
    await writeFile(path.join(dir, 'cuecs', 'b.yaml'), GOOD.replace('access-lifecycle', 'no-such-control'));
    await writeFile(path.join(dir, 'cuecs', 'c.yaml'), GOOD.replace('CUEC-01', 'CUEC-03').replace('aws-soc2-type2', 'aws-pci-dss-aoc').replace('access-lifecycle', 'no-such-control'));
    const read = await readCatalog(dir);
    expect(read.catalog).toBeUndefined();
    expect(read.problems).toEqual([
      expect.objectContaining({ file: path.join(dir, 'cuecs', 'b.yaml'), line: 1, path: 'attestation', message: "a second CUEC set for 'aws-soc2-type2'", hint: expect.stringContaining('a.yaml already lists the CUECs of that report') }),
      expect.objectContaining({ file: path.join(dir, 'cuecs', 'c.yaml'), line: 6, path: 'cuecs[0].controls[0]', message: "unknown control 'no-such-control'" }),
    ]);
    const e = await loadCatalog(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SrmapError);
    expect((e as SrmapError).code).toBe('CATALOG_INVALID');
  });

  it("an overlay's set for a new attestation is added, one for a shipped attestation replaces it whole; each is a catalog change with the overlay file's hash", async () => {
    const overlay = path.join(work, 'overlay');
    await mkdir(path.join(overlay, 'cuecs'), { recursive: true });
    await writeFile(path.join(overlay, 'cuecs', 'soc2.yaml'), GOOD.replace('CUEC-01', 'CUEC-90'));
    await writeFile(path.join(overlay, 'cuecs', 'pci.yaml'), GOOD.replace('CUEC-01', 'CUEC-91').replace('aws-soc2-type2', 'aws-pci-dss-aoc'));
    const read = await readCatalog(undefined, [overlay]);
    expect(read.problems).toEqual([]);
    expect(read.catalog?.cuecs?.map((c) => `${c.attestation} ${c.id}`)).toEqual(['aws-soc2-type2 CUEC-90', 'aws-pci-dss-aoc CUEC-91']);
    expect(read.catalog?.changes?.map((c) => `${c.kind} ${c.id} ${c.change}: ${c.note ?? ''}`)).toEqual(['cuec-set aws-pci-dss-aoc added: 1 CUEC: CUEC-91', 'cuec-set aws-soc2-type2 replaced: 1 CUEC: CUEC-90']);
    expect(read.catalog?.overlays?.[0]?.files.map((f) => f.path)).toEqual(['cuecs/pci.yaml', 'cuecs/soc2.yaml']);
  });

  it('two overlays replacing one set conflict; a CUEC of an overlay naming an unknown control, or an id the shipped set keeps, is located in the overlay file', async () => {
    const one = path.join(work, 'one');
    const two = path.join(work, 'two');
    for (const d of [one, two]) await mkdir(path.join(d, 'cuecs'), { recursive: true });
    await writeFile(path.join(one, 'cuecs', 'soc2.yaml'), GOOD.replace('CUEC-01', 'CUEC-90'));
    await writeFile(path.join(two, 'cuecs', 'soc2.yaml'), GOOD.replace('CUEC-01', 'CUEC-91'));
    await writeFile(path.join(two, 'cuecs', 'pci.yaml'), GOOD.replace('aws-soc2-type2', 'aws-pci-dss-aoc').replace('CUEC-01', 'CUEC-05').replace('access-lifecycle', 'acces-lifecycle'));
    const read = await readCatalog(undefined, [one, two]);
    expect(read.problems.map((p) => [path.relative(work, p.file), p.line, p.path, p.message])).toEqual([
      ['two/cuecs/soc2.yaml', 1, 'attestation', "CUEC set 'aws-soc2-type2' conflicts with another overlay"],
      ['two/cuecs/pci.yaml', 6, 'cuecs[0].controls[0]', "unknown control 'acces-lifecycle'"],
    ]);
    expect(read.problems[0]?.hint).toBe(`${path.join(one, 'cuecs', 'soc2.yaml')} already replaced it: keep one of them.`);
    // Adding a set beside the shipped one: its ids must not repeat the shipped set's.
    const read2 = await readCatalog(undefined, [two]);
    expect(read2.problems.map((p) => p.message)).toEqual(["unknown control 'acces-lifecycle'"]);
    await writeFile(path.join(two, 'cuecs', 'soc2.yaml'), GOOD.replace('aws-soc2-type2', 'aws-iso27001-certificate'));
    const read3 = await readCatalog(undefined, [two]);
    expect(read3.problems.map((p) => [path.relative(work, p.file), p.path, p.message])).toEqual([
      ['two/cuecs/pci.yaml', 'cuecs[0].id', "duplicate CUEC id 'CUEC-05'"],
      ['two/cuecs/pci.yaml', 'cuecs[0].controls[0]', "unknown control 'acces-lifecycle'"],
      ['two/cuecs/soc2.yaml', 'cuecs[0].id', "duplicate CUEC id 'CUEC-01'"],
    ]);
    expect(read3.problems[0]?.hint).toMatch(/already used at .*aws-soc2-type2\.yaml: cuecs\[4\]/);
  });

  it('the shipped file copied into a whole catalog reads the same', async () => {
    const dir = path.join(work, 'whole');
    await cp(defaultCatalogDir(), dir, { recursive: true });
    expect((await loadCatalog(dir)).cuecs).toEqual(catalog.cuecs);
  });
});
