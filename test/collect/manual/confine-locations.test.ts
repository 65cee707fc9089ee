/** A register row may only make srmap read a document inside the working folder (or an allowed root). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { REGISTER_COLUMNS } from '../../../src/collect/manual/parse-register.js';
import { confineLocations, isInside } from '../../../src/collect/manual/confine-locations.js';
import { readWorkingFolder } from '../../../src/collect/manual/read-working-folder.js';
import type { Catalog } from '../../../src/domain/catalog.js';
import { SrmapError } from '../../../src/domain/errors.js';

let catalog: Catalog;
let root: string;
beforeAll(async () => {
  catalog = await loadCatalog();
  root = await mkdtemp(join(tmpdir(), 'srmap-confine-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const row = (line: number, location: string) => ({ line, record: { id: `ev-${line}`, kind: 'sanction-policy', title: 't', owner: 'o', collectedOn: '2026-01-01', validUntil: '2027-01-01', location } });

describe('confineLocations', () => {
  it('keeps paths inside the folder and URLs; refuses absolute paths, ../ escapes and links that lead out', async () => {
    const ws = join(root, 'ws');
    await mkdir(join(ws, 'docs'), { recursive: true });
    await writeFile(join(ws, 'docs', 'policy.pdf'), 'policy');
    await symlink('/etc/passwd', join(ws, 'docs', 'innocent.pdf'));
    await symlink('/etc', join(ws, 'etc-link'));
    const rows = [
      row(2, 'docs/policy.pdf'),
      row(3, 'https://intranet.example/policy'),
      row(4, '/etc/shadow'),
      row(5, '../../../../etc/passwd'),
      row(6, 'docs/innocent.pdf'),
      row(7, 'etc-link/hostname'),
      row(8, 'docs/not-yet-there.pdf'),
      row(9, `${ws}/docs/policy.pdf`),
    ];
    const { rows: kept, problems } = await confineLocations(rows, ws, [ws], 'register.csv');
    expect(kept.map((r) => r.line)).toEqual([2, 3, 8, 9]);
    expect(problems.map((p) => [p.line, p.path, p.message.replace(ws, 'WS')])).toEqual([
      [4, 'location', 'location /etc/shadow is outside the working folder (WS): srmap did not read it'],
      [5, 'location', 'location ../../../../etc/passwd is outside the working folder (WS): srmap did not read it'],
      [6, 'location', 'location docs/innocent.pdf leads through a link to /etc/passwd, outside the working folder (WS): srmap did not read it'],
      [7, 'location', 'location etc-link/hostname leads through a link to /etc/hostname, outside the working folder (WS): srmap did not read it'],
    ]);
    expect(problems[0]?.hint).toMatch(/allowedDocumentRoots/);
  });

  it('isInside: a sibling with the same prefix is not inside', () => {
    expect(isInside('/a/ws', '/a/ws')).toBe(true);
    expect(isInside('/a/ws', '/a/ws/x')).toBe(true);
    expect(isInside('/a/ws', '/a/ws-other/x')).toBe(false);
    expect(isInside('/a/ws', '/a')).toBe(false);
  });
});

describe('readWorkingFolder', () => {
  it('a register naming /etc/shadow is an error (it used to be read, hashed and reported); allowedDocumentRoots lets a folder in', async () => {
    const ws = join(root, 'ws2');
    const share = join(root, 'share');
    await mkdir(ws, { recursive: true });
    await mkdir(share, { recursive: true });
    await writeFile(join(share, 'plan.pdf'), 'plan');
    const register = [REGISTER_COLUMNS.join(','), 'ev-1,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,/etc/shadow,', `ev-2,risk-assessment,Risk,CISO,2026-01-10,2027-01-10,../share/plan.pdf,`].join('\n');
    await writeFile(join(ws, 'evidence-register.csv'), `${register}\n`);
    await writeFile(join(ws, 'srmap.yaml'), 'organisation: Test (fictional)\npaths:\n  register: evidence-register.csv\n');
    const err = await readWorkingFolder({ config: join(ws, 'srmap.yaml') }, catalog).catch((e: unknown) => e as SrmapError);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).problems.map((p) => [p.line, p.message.split(' is ')[0]])).toEqual([
      [2, 'location /etc/shadow'],
      [3, 'location ../share/plan.pdf'],
    ]);
    await writeFile(join(ws, 'srmap.yaml'), 'organisation: Test (fictional)\nallowedDocumentRoots: [../share]\npaths:\n  register: evidence-register.csv\n');
    await writeFile(join(ws, 'evidence-register.csv'), `${register.split('\n').filter((l) => !l.includes('shadow')).join('\n')}\n`);
    const ok = await readWorkingFolder({ config: join(ws, 'srmap.yaml') }, catalog);
    expect(ok.manualEvidence?.map((r) => [r.id, r.integrity])).toEqual([['ev-2', 'verified']]);
  });
});
