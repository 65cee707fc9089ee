/**
 * `srmap validate --snapshot DIR` checks hashes and records, not signatures: for a signed snapshot it
 * says so in one line and points to `srmap verify`, so that "snapshot OK" is not read as "signature
 * checked"; an unsigned snapshot gets no such line. Run in process (no build, no child process).
 */
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/cli/commands/validate.js';
import { keyIdOf, signManifest } from '../../src/sign/manifest-signature.js';
import { REPO_ROOT } from '../helpers/run-srmap.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-validate-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function validate(snapshot: string): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runValidate({ snapshot }, { out: (l) => out.push(l), err: () => undefined });
  return { code, out };
}

describe('validate --snapshot', () => {
  it('a signed snapshot: OK from its hashes, and one line saying the signature is for srmap verify', async () => {
    const snap = join(work, 'signed');
    await cp(join(REPO_ROOT, 'evidence', 'sample'), snap, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    const manifest = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8')) as object;
    await writeFile(join(snap, 'manifest.json'), JSON.stringify(signManifest(manifest, privateKey), null, 2));
    const r = await validate(snap);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^snapshot OK: /);
    const lines = r.out.filter((l) => l.includes('srmap verify'));
    expect(lines).toEqual([`  signed by key ${keyIdOf(privateKey)}: the signature was not checked here; check it with \`srmap verify ${snap} --public-key FILE\``]);
  });

  it('an unsigned snapshot: no signature line', async () => {
    const r = await validate(join(REPO_ROOT, 'evidence', 'sample'));
    expect(r.code).toBe(0);
    expect(r.out.some((l) => /signed|srmap verify/.test(l))).toBe(false);
  });
});
