/**
 * Data tests for the SOC 2 and ISO/IEC 27001 catalogs (after cdk-nag's pinned pack lists): every
 * identifier of the reference lists, with the reference tree; every assessable requirement mapped;
 * deciding rules only where a Config rule tests the requirement (the rest of its controls' rules
 * support it), and a note where none does; the governance, privacy, processing-integrity and
 * confidentiality controls each used and each carrying the customer's side in words.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { MAX_DECIDING_RULES } from '../../src/catalog/to-catalog-stats.js';
import type { Catalog, Framework, Requirement } from '../../src/domain/catalog.js';
import { toRequirementEvidence } from '../../src/domain/requirement-evidence.js';
import { REFERENCE_DIR } from './helpers.js';

const catalog: Catalog = await loadCatalog();
const framework = (id: string): Framework => {
  const f = catalog.frameworks.find((x) => x.id === id);
  if (!f) throw new Error(`framework ${id} not in the catalog`);
  return f;
};
const soc2 = framework('soc2-2017');
const iso = framework('iso27001-2022');

/** Config rule identifiers that decide a requirement (they test it). */
function rulesOf(r: Requirement): string[] {
  return toRequirementEvidence(catalog, r).rules.map((x) => x.id).sort();
}
/** Config rule identifiers a requirement shows: deciding and supporting. */
function reachedOf(r: Requirement): string[] {
  const ev = toRequirementEvidence(catalog, r);
  return [...ev.rules.map((x) => x.id), ...ev.supportingRules].sort();
}
function byId(f: Framework, id: string): Requirement {
  const r = f.requirements.find((x) => x.id === id);
  if (!r) throw new Error(`${id} not in ${f.id}`);
  return r;
}

interface RefItem {
  id: string;
  parent: string | null;
  level: string;
}
const CATALOGS = path.join(REFERENCE_DIR, 'catalogs');
const REFERENCES = [
  ['soc2-2017', 'soc2-tsc-2017.ids.json'],
  ['iso27001-2022', 'iso27001-2022.ids.json'],
] as const;

describe.skipIf(!existsSync(CATALOGS))('SOC 2 and ISO/IEC 27001 identifiers are exactly the reference lists (needs ../shared/reference)', () => {
  it.each(REFERENCES)('%s holds every reference id, no other, with the reference parents', async (id, file) => {
    const ref = JSON.parse(await readFile(path.join(CATALOGS, file), 'utf8')) as { items: RefItem[] };
    const f = framework(id);
    expect(f.requirements.map((r) => r.id).sort()).toEqual(ref.items.map((i) => i.id).sort());
    const parentOf = new Map(f.requirements.map((r) => [r.id, r.parent ?? null]));
    for (const item of ref.items) expect(parentOf.get(item.id), item.id).toBe(item.parent);
  });

  it.each(REFERENCES)('%s: a node is a heading exactly when the reference gives it children', async (id, file) => {
    const ref = JSON.parse(await readFile(path.join(CATALOGS, file), 'utf8')) as { items: RefItem[] };
    const parents = new Set(ref.items.map((i) => i.parent).filter((p): p is string => p !== null));
    const headings = framework(id).requirements.filter((r) => !r.assessable).map((r) => r.id).sort();
    expect(headings).toEqual([...parents].sort());
  });
});

describe('the shape of each framework', () => {
  it('SOC 2 assesses the 61 criteria: 33 common criteria, 3 availability, 2 confidentiality, 5 processing integrity, 18 privacy', () => {
    const assessable = soc2.requirements.filter((r) => r.assessable).map((r) => r.id);
    expect(assessable).toHaveLength(61);
    const count = (re: RegExp) => assessable.filter((x) => re.test(x)).length;
    expect([count(/^CC\d\./), count(/^A1\./), count(/^C1\./), count(/^PI1\./), count(/^P\d\./)]).toEqual([33, 3, 2, 5, 18]);
  });

  it('ISO/IEC 27001 assesses all 93 Annex A controls (37 / 8 / 14 / 34) and the clause requirements 4-10', () => {
    const assessable = iso.requirements.filter((r) => r.assessable).map((r) => r.id);
    const annex = assessable.filter((x) => x.startsWith('A.'));
    expect(annex).toHaveLength(93);
    expect(['A.5.', 'A.6.', 'A.7.', 'A.8.'].map((t) => annex.filter((x) => x.startsWith(t)).length)).toEqual([37, 8, 14, 34]);
    const clauses = assessable.filter((x) => !x.startsWith('A.'));
    for (const c of ['4', '5', '6', '7', '8', '9', '10']) expect(clauses.some((x) => x.startsWith(`${c}.`)), `clause ${c}`).toBe(true);
    expect(clauses).toHaveLength(30);
  });

  it.each([soc2, iso].flatMap((f) => f.requirements.map((r) => [f.id, r] as const)))('%s %s: titled, mapped when assessable, every control known', (_f, r) => {
    expect(r.title.trim().length).toBeGreaterThan(3);
    if (r.assessable) expect(r.controls.length).toBeGreaterThan(0);
    for (const c of r.controls) expect(catalog.controls.has(c), c).toBe(true);
  });
});

describe('automated evidence through the common controls', () => {
  // Requirements a Config rule can evidence, with a rule each must show (deciding or supporting): a mapping change shows here.
  it.each([
    ['soc2-2017', 'CC6.1', 'ROOT_ACCOUNT_MFA_ENABLED'],
    ['soc2-2017', 'CC6.6', 'INCOMING_SSH_DISABLED'],
    ['soc2-2017', 'CC6.7', 'S3_BUCKET_SSL_REQUESTS_ONLY'],
    ['soc2-2017', 'CC7.2', 'CLOUD_TRAIL_ENABLED'],
    ['soc2-2017', 'CC7.2', 'GUARDDUTY_ENABLED_CENTRALIZED'],
    ['soc2-2017', 'CC8.1', 'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK'],
    ['soc2-2017', 'A1.2', 'DYNAMODB_PITR_ENABLED'],
    ['soc2-2017', 'C1.1', 'MACIE_STATUS_CHECK'],
    ['soc2-2017', 'PI1.3', 'LAMBDA_DLQ_CHECK'],
    ['soc2-2017', 'P4.2', 'S3_VERSION_LIFECYCLE_POLICY_CHECK'],
    ['iso27001-2022', 'A.8.24', 'ENCRYPTED_VOLUMES'],
    ['iso27001-2022', 'A.8.24', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION'],
    ['iso27001-2022', 'A.8.5', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS'],
    ['iso27001-2022', 'A.8.13', 'DYNAMODB_PITR_ENABLED'],
    ['iso27001-2022', 'A.8.15', 'MULTI_REGION_CLOUD_TRAIL_ENABLED'],
    ['iso27001-2022', 'A.8.16', 'GUARDDUTY_ENABLED_CENTRALIZED'],
    ['iso27001-2022', 'A.8.20', 'INCOMING_SSH_DISABLED'],
    ['iso27001-2022', 'A.5.28', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED'],
    ['iso27001-2022', '9.1', 'SECURITYHUB_ENABLED'],
  ] as const)('%s %s reaches %s', (f, id, rule) => {
    expect(catalog.managedRules.has(rule), `${rule} is a known managed rule`).toBe(true);
    expect(reachedOf(byId(framework(f), id))).toContain(rule);
  });

  // What tests the core of a broad requirement decides it; related rules only support it.
  it.each([
    ['soc2-2017', 'CC6.1', 'ROOT_ACCOUNT_MFA_ENABLED', true],
    ['soc2-2017', 'CC6.1', 'S3_BUCKET_PUBLIC_READ_PROHIBITED', true],
    ['soc2-2017', 'CC6.1', 'RDS_STORAGE_ENCRYPTED', true],
    ['soc2-2017', 'CC6.1', 'EC2_INSTANCE_NO_PUBLIC_IP', false],
    ['soc2-2017', 'CC6.1', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', false],
    ['soc2-2017', 'CC6.6', 'INCOMING_SSH_DISABLED', true],
    ['soc2-2017', 'CC6.6', 'ALB_WAF_ENABLED', false],
    ['soc2-2017', 'CC6.7', 'S3_BUCKET_SSL_REQUESTS_ONLY', true],
    ['soc2-2017', 'CC7.2', 'CLOUD_TRAIL_ENABLED', true],
    ['soc2-2017', 'CC8.1', 'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK', true],
    ['soc2-2017', 'CC2.1', 'CLOUD_TRAIL_ENABLED', false],
    ['soc2-2017', 'CC4.1', 'SECURITYHUB_ENABLED', false],
    ['soc2-2017', 'A1.2', 'DYNAMODB_PITR_ENABLED', true],
    ['soc2-2017', 'A1.2', 'EBS_IN_BACKUP_PLAN', false],
    ['iso27001-2022', 'A.8.24', 'ENCRYPTED_VOLUMES', true],
    ['iso27001-2022', 'A.8.24', 'S3_BUCKET_SSL_REQUESTS_ONLY', true],
    ['iso27001-2022', 'A.8.24', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', false],
    ['iso27001-2022', 'A.8.24', 'DYNAMODB_TABLE_ENCRYPTED_KMS', false],
    ['iso27001-2022', 'A.8.20', 'INCOMING_SSH_DISABLED', true],
    ['iso27001-2022', 'A.8.20', 'EC2_INSTANCE_NO_PUBLIC_IP', false],
    ['iso27001-2022', 'A.8.3', 'S3_BUCKET_PUBLIC_READ_PROHIBITED', true],
    ['iso27001-2022', 'A.5.3', 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', false],
    ['iso27001-2022', 'A.8.2', 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', true],
    ['iso27001-2022', '9.1', 'SECURITYHUB_ENABLED', false],
  ] as const)('%s %s: %s decides it: %s', (f, id, rule, decides) => {
    const r = byId(framework(f), id);
    expect(reachedOf(r)).toContain(rule);
    expect(rulesOf(r).includes(rule)).toBe(decides);
  });

  it.each([soc2, iso])(`$id: no requirement is decided by more than ${String(MAX_DECIDING_RULES)} rules`, (f) => {
    for (const r of f.requirements.filter((x) => x.assessable)) expect(rulesOf(r).length, r.id).toBeLessThanOrEqual(MAX_DECIDING_RULES);
  });

  it('governance is decided by manual evidence: ISO clauses 4-10 and SOC 2 CC1-CC5 and CC9 by no rule', () => {
    const decided = (rs: Requirement[]) => rs.filter((r) => r.assessable && rulesOf(r).length > 0).map((r) => r.id);
    expect(decided(iso.requirements.filter((r) => !r.id.startsWith('A.')))).toEqual([]);
    expect(decided(soc2.requirements.filter((r) => /^CC[1-59]\./.test(r.id)))).toEqual([]);
  });

  it.each([soc2, iso].flatMap((f) => f.requirements.filter((r) => r.assessable).map((r) => [f.id, r] as const)))(
    '%s %s: a requirement no Config rule reaches says so in its mappingNotes, and only such a requirement claims it',
    (_f, r) => {
      const automated = rulesOf(r).length > 0;
      const claimsNone = /no (AWS Config|Config) rule|not by a Config rule|not visible to an AWS Config/i.test(r.mappingNotes ?? '');
      if (!automated) {
        expect(r.mappingNotes, 'explain how it is evidenced instead').toBeDefined();
        expect(r.mappingNotes).toMatch(/manual evidence|attestations/);
      }
      if (claimsNone && automated) {
        // A note may say no rule shows part of it only when it names what the rules do show.
        expect(r.mappingNotes).toMatch(/via |rules? under|alongside/);
      }
    },
  );

  it('pins which SOC 2 CC6-CC8 and ISO A.8 requirements no rule decides', () => {
    const manualOnly = (rs: Requirement[]) => rs.filter((r) => r.assessable && rulesOf(r).length === 0).map((r) => r.id);
    // CC6.4, CC6.5: physical access and disposal (AWS's attestations, the organisation's own records);
    // CC7.4, CC7.5: responding to and recovering from incidents (plans, tests, records).
    expect(manualOnly(soc2.requirements.filter((r) => /^CC[6-8]/.test(r.id)))).toEqual(['CC6.4', 'CC6.5', 'CC7.4', 'CC7.5']);
    // Endpoints, deletion, masking, time sources, utilities, software installation, web filtering,
    // the development life cycle, environments and test data: processes and devices no Config rule tests.
    expect(manualOnly(iso.requirements.filter((r) => r.id.startsWith('A.8')))).toEqual([
      'A.8.1', 'A.8.10', 'A.8.11', 'A.8.17', 'A.8.18', 'A.8.19', 'A.8.23', 'A.8.25', 'A.8.26', 'A.8.27', 'A.8.28', 'A.8.29', 'A.8.30', 'A.8.31', 'A.8.33', 'A.8.34',
    ]);
  });
});

describe('the ISMS, privacy, processing-integrity and confidentiality controls', () => {
  const families = ['isms-management', 'privacy', 'processing-integrity', 'confidentiality'];
  const own = [...catalog.controls.values()].filter((c) => families.includes(c.family));
  const used = new Set([soc2, iso].flatMap((f) => f.requirements.flatMap((r) => r.controls)));

  it('exist in every family', () => {
    expect(new Set(own.map((c) => c.family))).toEqual(new Set(families));
  });

  it.each(own.map((c) => [c.id, c] as const))('%s is used by SOC 2 or ISO, says what AWS does not do, and names evidence', (id, c) => {
    expect(used.has(id)).toBe(true);
    expect(c.responsibility.aws.length).toBeGreaterThan(20);
    expect(c.responsibility.customer).toMatch(/^Your? /);
    if (c.family === 'isms-management' || c.family === 'privacy') expect(c.responsibility.model).toBe('customer');
    if (c.responsibility.model !== 'customer') expect(c.evidence.attestations.length).toBeGreaterThan(0);
    expect(c.evidence.manual.length + c.evidence.configRules.length).toBeGreaterThan(0);
    for (const k of c.evidence.manual) expect(catalog.manualKinds.get(k)?.reviewEveryDays, k).toBeGreaterThan(0);
  });

  it('every privacy criterion P1-P8 reaches a privacy control', () => {
    const privacy = new Set(own.filter((c) => c.family === 'privacy').map((c) => c.id));
    for (const r of soc2.requirements.filter((x) => x.parent === 'P')) expect(r.controls.some((c) => privacy.has(c)), r.id).toBe(true);
  });

  it('every ISO clause 4-10 requirement reaches an ISMS or governance control, never a technical one alone', () => {
    for (const r of iso.requirements.filter((x) => x.assessable && !x.id.startsWith('A.'))) {
      const fams = r.controls.map((c) => catalog.controls.get(c)?.family);
      expect(fams.some((f) => f === 'isms-management' || f === 'governance' || f === 'risk-management'), r.id).toBe(true);
    }
  });
});
