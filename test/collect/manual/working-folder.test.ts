import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { parseRegister, REGISTER_COLUMNS } from '../../../src/collect/manual/parse-register.js';
import { parseApplicability, parseExceptions, parseOwners, parseWorkingConfig } from '../../../src/collect/manual/parse-working-files.js';
import { checkRegisterFiles, readWorkingFolder, toWorkingContext, type WorkingFolder } from '../../../src/collect/manual/read-working-folder.js';
import type { Catalog } from '../../../src/domain/catalog.js';
import { SrmapError } from '../../../src/domain/errors.js';
import { writeSampleWorkspace } from '../../../src/tools/sample/workspace.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});
const registerCtx = () => ({ kinds: new Set(catalog.manualKinds.keys()), controls: toWorkingContext(catalog).controls });
const HEADER = REGISTER_COLUMNS.join(',');

describe('parseRegister', () => {
  it('reports five different faults as five located problems, and keeps the good rows', () => {
    const text = [
      HEADER,
      'ev-1,information-security-policy,Policy,CISO,2026-01-10,2027-01-10,docs/policy.pdf,',
      'ev-2,no-such-kind,Thing,CISO,2026-01-10,2027-01-10,docs/x.pdf,',
      'ev-3,risk-assessment,Risk,CISO,2026-13-40,2027-01-10,docs/risk.pdf,',
      'ev-1,access-review,Review,,2026-01-10,2026-04-10,docs/review.pdf,',
      'ev-5,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,docs/s.pdf,abc123',
      'ev-6,encrypt-data-at-rest,Encryption standard,CISO,2026-02-01,2027-02-01,docs/enc.pdf,',
    ].join('\n');
    const { rows, problems } = parseRegister(text, 'register.csv', registerCtx());
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [3, 2, 'supports'],
      [4, 5, 'collected_on'],
      [5, 4, 'owner'],
      [5, 1, 'evidence_id'],
      [6, 8, 'sha256'],
    ]);
    for (const p of problems) {
      expect(p.file).toBe('register.csv');
      expect(p.hint).toBeTruthy();
    }
    expect(rows.map((r) => [r.record.id, r.record.kind])).toEqual([
      ['ev-1', 'information-security-policy'],
      ['ev-6', 'control:encrypt-data-at-rest'],
    ]);
  });

  it('a missing column stops the file with one problem per column; init rows left blank are skipped', () => {
    const missing = parseRegister('evidence_id,supports,title\nx,risk-assessment,Risk\n', 'r.csv', registerCtx());
    expect(missing.problems.map((p) => p.message)).toEqual(['missing column owner', 'missing column collected_on', 'missing column valid_until', 'missing column location']);
    const blank = parseRegister(`${HEADER}\n,risk-assessment,Risk assessment,,,,,\n`, 'r.csv', registerCtx());
    expect(blank).toEqual({ rows: [], problems: [] });
  });
});

describe('owners, exceptions and srmap.yaml', () => {
  it('owners: unknown scope and a scope assigned twice are located', () => {
    const yaml = 'owners:\n  - { scope: governance, responsible: A, accountable: B }\n  - { scope: nowhere, responsible: A, accountable: B }\n  - { scope: governance, responsible: C, accountable: D }\n';
    const { owners, problems } = parseOwners(yaml, 'owners.yaml', toWorkingContext(catalog));
    expect(owners).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [3, 'owners[1].scope', 'unknown control or family nowhere'],
      [4, 'owners[2].scope', 'governance is assigned twice'],
    ]);
  });

  it('exceptions: rule + resource or requirement, known rule and requirement, sensible dates', () => {
    const base = 'reason: r\n    compensatingControl: c\n    approver: a\n    approvedOn: 2026-01-01\n    expiresOn: 2026-12-31';
    const yaml = `exceptions:
  - id: E1
    rule: S3_BUCKET_LOGGING_ENABLED
    resource: "bucket-*"
    ${base}
  - id: E2
    requirement: pci-dss-4.0.1:11.4.1
    ${base}
  - id: E3
    rule: NOT_A_RULE
    resource: x
    ${base}
  - id: E4
    requirement: pci-dss-4.0.1:99.9
    ${base}
  - id: E5
    ${base}
`;
    const { exceptions, problems } = parseExceptions(yaml, 'exceptions.yaml', toWorkingContext(catalog));
    expect(exceptions.map((e) => [e.id, e.ruleIdentifier ?? e.requirement])).toEqual([['E1', 'S3_BUCKET_LOGGING_ENABLED'], ['E2', 'pci-dss-4.0.1:11.4.1']]);
    expect(problems.map((p) => p.message)).toEqual(['unknown AWS Config managed rule NOT_A_RULE', 'unknown requirement pci-dss-4.0.1:99.9', 'the exception covers nothing']);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });

  it('applicability: known requirement, one declaration each, alternatives only where the framework admits one, mandatory clauses not excludable', () => {
    const base = 'justification: j\n    approver: a\n    approvedOn: 2026-01-01';
    const yaml = `declarations:
  - requirement: pci-dss-4.0.1:4.2.1.2
    decision: not-applicable
    ${base}
  - requirement: hipaa-security:164.312(a)(2)(iii)
    decision: alternative
    alternative: Badge lock on shared workstations.
    ${base}
    reviewBy: 2027-01-01
  - requirement: pci-dss-4.0.1:4.2.1.2
    decision: not-applicable
    ${base}
  - requirement: pci-dss-4.0.1:8.2.8
    decision: alternative
    alternative: x
    ${base}
  - requirement: hipaa-security:164.312(a)(2)(iv)
    decision: alternative
    ${base}
  - requirement: iso27001-2022:6.1.2
    decision: not-applicable
    ${base}
  - requirement: pci-dss-4.0.1:1.1.1
    decision: not-applicable
    ${base}
    reviewBy: 2025-12-31
`;
    const { declarations, problems } = parseApplicability(yaml, 'applicability.yaml', toWorkingContext(catalog));
    expect(declarations.map((d) => [d.requirement, d.decision])).toEqual([
      ['pci-dss-4.0.1:4.2.1.2', 'not-applicable'],
      ['hipaa-security:164.312(a)(2)(iii)', 'alternative'],
    ]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [14, 'pci-dss-4.0.1:4.2.1.2 is declared twice'],
      [20, 'pci-dss-4.0.1:8.2.8 does not admit a documented alternative'],
      [26, 'an alternative declaration names no alternative measure'],
      [31, 'iso27001-2022:6.1.2 may not be declared not applicable'],
      [40, 'reviewBy 2025-12-31 is before approvedOn 2026-01-01'],
    ]);
  });

  it('applicability: a decision that is neither not-applicable nor alternative is located', () => {
    const { declarations, problems } = parseApplicability('declarations:\n  - requirement: soc2-2017:CC1.1\n    decision: maybe\n    justification: j\n    approver: a\n    approvedOn: 2026-01-01\n', 'applicability.yaml', toWorkingContext(catalog));
    expect(declarations).toEqual([]);
    expect(problems.map((p) => [p.line, p.path])).toEqual([[3, 'declarations[0].decision']]);
  });

  it('srmap.yaml: a scope for an unknown framework, and a scope account the organisation does not list', () => {
    const yaml = "organisation: X\naccounts: ['111111111111']\nscope:\n  pci-dss-4.0.1:\n    accounts: ['222222222222']\n    tags: { cde: 'true' }\n  nist-csf:\n    accounts: ['111111111111']\n";
    const { problems } = parseWorkingConfig(yaml, 'srmap.yaml', new Set(['pci-dss-4.0.1']));
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [8, 'scope.nist-csf', 'scope for unknown framework nist-csf'],
      [5, 'scope.pci-dss-4.0.1.accounts[0]', 'account 222222222222 is in the pci-dss-4.0.1 scope but not in accounts'],
    ]);
  });

  it('srmap.yaml: an unknown framework and an unknown key are located', () => {
    const { config, problems } = parseWorkingConfig('organisation: X\nframeworks: [hipaa-security, nist-csf]\ncolour: blue\n', 'srmap.yaml', new Set(['hipaa-security']));
    expect(config).toBeUndefined();
    expect(problems.map((p) => [p.line, p.message])).toEqual([[3, "unknown key 'colour'"], [2, 'unknown framework nist-csf']]);
  });
});

describe('the files a register points to', () => {
  it('verified, changed since registered, missing, or a URL not fetched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-register-'));
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs', 'a.txt'), 'policy v1');
    await writeFile(join(dir, 'docs', 'b.txt'), 'review, edited');
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const rec = (id: string, location: string, sha256?: string) => ({ id, kind: 'k', title: id, owner: 'o', collectedOn: '2026-01-01', validUntil: '2027-01-01', location, ...(sha256 ? { sha256 } : {}) });
    const out = await checkRegisterFiles([rec('a', 'docs/a.txt'), rec('b', 'docs/b.txt', sha('review')), rec('c', 'docs/gone.txt'), rec('d', 'https://example.com/x')], dir);
    expect(out.map((r) => r.integrity)).toEqual(['verified', 'mismatch', 'file-missing', 'not-checked']);
    expect(out[0]?.sha256).toBe(sha('policy v1'));
  });
});

describe('readWorkingFolder', () => {
  let working: WorkingFolder;
  it('reads the sample working folder: rows checked, owners, exceptions, and the hash of every input', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srmap-ws-')), 'ws');
    await writeSampleWorkspace(dir);
    working = await readWorkingFolder({ config: join(dir, 'srmap.yaml') }, catalog);
    expect(working.manualEvidence?.filter((r) => r.integrity === 'mismatch').map((r) => r.id)).toEqual(['ev-vendor-review-2026']);
    expect(working.owners?.length).toBeGreaterThan(5);
    expect(working.exceptions?.map((e) => e.id)).toEqual(['EXC-2026-004', 'EXC-2025-011', 'EXC-2026-009', 'EXC-2026-010']);
    expect(working.inputs.map((i) => i.path)).toEqual(['srmap.yaml', 'evidence-register.csv', 'owners.yaml', 'exceptions.yaml', 'applicability.yaml']);
  });

  it('problems in several files are all reported at once, and nothing is returned', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srmap-ws-')), 'ws');
    await writeSampleWorkspace(dir);
    const reg = join(dir, 'evidence-register.csv');
    await writeFile(reg, (await readFile(reg, 'utf8')).replace('2026-06-02', '02/06/2026'));
    await writeFile(join(dir, 'owners.yaml'), 'owners:\n  - { scope: nope, responsible: a, accountable: b }\n');
    const err = await readWorkingFolder({ config: join(dir, 'srmap.yaml') }, catalog).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).problems.map((p) => p.file.split('/').at(-1))).toEqual(['evidence-register.csv', 'owners.yaml']);
  });

  it('file flags without srmap.yaml, and a flag overriding the path srmap.yaml gives', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srmap-ws-')), 'ws');
    await writeSampleWorkspace(dir);
    const alone = await readWorkingFolder({ register: join(dir, 'evidence-register.csv'), owners: join(dir, 'owners.yaml') }, catalog);
    expect(alone.config).toBeUndefined();
    expect(alone.exceptions).toBeUndefined();
    expect(alone.manualEvidence?.length).toBeGreaterThan(10);
    expect(alone.inputs.map((i) => i.path.split('/').at(-1))).toEqual(['evidence-register.csv', 'owners.yaml']);
    const other = join(dir, 'other-exceptions.yaml');
    await writeFile(other, 'exceptions: []\n');
    const overridden = await readWorkingFolder({ config: join(dir, 'srmap.yaml'), exceptions: other }, catalog);
    expect(overridden.exceptions).toEqual([]);
    expect(overridden.inputs.map((i) => i.path)).toEqual(['srmap.yaml', 'evidence-register.csv', 'owners.yaml', 'other-exceptions.yaml', 'applicability.yaml']);
  });

  it('the committed sample working folder is what the generator writes', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srmap-ws-')), 'ws');
    await writeSampleWorkspace(dir);
    for (const f of ['srmap.yaml', 'evidence-register.csv', 'owners.yaml', 'exceptions.yaml', 'documents/third-party/vendor-risk-review-2026.md']) {
      expect(await readFile(join(dir, f), 'utf8'), f).toBe(await readFile(join(process.cwd(), 'evidence', 'sample-workspace', f), 'utf8'));
    }
  });
});
