/** The catalog's complementary user entity controls: the shipped list, and every problem located (file, line, field). */
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogDir, loadCatalog } from '../../src/catalog/load-catalog.js';
import { parseCuecs, readCuecs } from '../../src/catalog/read-cuecs.js';
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
    const cuecs = await readCuecs(defaultCatalogDir(), catalog);
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
    const twice = GOOD.replace('[access-lifecycle]', '[access-lifecycle, access-lifecycle]');
    const { problems } = parseCuecs([{ file: 'cuecs/a.yaml', text: GOOD }, { file: 'cuecs/b.yaml', text: twice }], catalog);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'cuecs/b.yaml', line: 3, path: 'cuecs[0].id', message: "duplicate CUEC id 'CUEC-01'", hint: 'It is already used at cuecs/a.yaml: cuecs[0]; give each CUEC its own id.' }),
      expect.objectContaining({ file: 'cuecs/b.yaml', path: 'cuecs[0].controls[1]', message: "control 'access-lifecycle' is named twice" }),
    ]);
  });
});

describe('readCuecs', () => {
  it('a catalog folder without cuecs/ has none', async () => {
    expect(await readCuecs(work, catalog)).toEqual([]);
  });

  it('reads every cuecs/*.yaml in name order, and stops on a problem with CATALOG_INVALID naming the file', async () => {
    const dir = path.join(work, 'cat');
    await mkdir(path.join(dir, 'cuecs'), { recursive: true });
    await writeFile(path.join(dir, 'cuecs', 'b.yaml'), GOOD.replace('CUEC-01', 'CUEC-02'));
    await writeFile(path.join(dir, 'cuecs', 'a.yaml'), GOOD);
    await writeFile(path.join(dir, 'cuecs', 'notes.txt'), 'not read');
    expect((await readCuecs(dir, catalog)).map((c) => c.id)).toEqual(['CUEC-01', 'CUEC-02']);
    await writeFile(path.join(dir, 'cuecs', 'b.yaml'), GOOD.replace('access-lifecycle', 'no-such-control'));
    const e = await readCuecs(dir, catalog).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SrmapError);
    expect((e as SrmapError).code).toBe('CATALOG_INVALID');
    expect((e as SrmapError).problems).toEqual([
      expect.objectContaining({ file: path.join(dir, 'cuecs', 'b.yaml'), line: 3, path: 'cuecs[0].id', message: "duplicate CUEC id 'CUEC-01'" }),
      expect.objectContaining({ file: path.join(dir, 'cuecs', 'b.yaml'), line: 6, path: 'cuecs[0].controls[0]', message: "unknown control 'no-such-control'" }),
    ]);
  });

  it('the shipped file copied into a whole catalog reads the same', async () => {
    const dir = path.join(work, 'whole');
    await cp(defaultCatalogDir(), dir, { recursive: true });
    expect(await readCuecs(dir, catalog)).toEqual(await readCuecs(defaultCatalogDir(), catalog));
  });
});
