/**
 * Data tests over the common control library and the HIPAA and PCI DSS catalogs (after cdk-nag's
 * pinned pack lists): identifiers pinned against the reference lists, the mapping's reach of AWS's
 * conformance-pack rules, and what every control must carry. Tests that need ../shared/reference
 * (not shipped) are skipped, with the reason in their name, when it is absent.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { MAX_DECIDING_RULES, readmeBlock, requirementResponsibility, rulesOf, toFrameworkStats, toRecall } from '../../src/catalog/to-catalog-stats.js';
import { catalogStatsMarkdown, readReferencePairs, REPO_ROOT } from '../../src/tools/catalog-stats.js';
import { REFERENCE_DIR } from './helpers.js';

const catalog = await loadCatalog();
const pci = catalog.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
const hipaa = catalog.frameworks.find((f) => f.id === 'hipaa-security')!;
const HAS_REFERENCE = existsSync(path.join(REFERENCE_DIR, 'aws-config'));
if (!HAS_REFERENCE) console.info(`skipping reference-based catalog tests: ${REFERENCE_DIR} is absent (it is not shipped)`);

interface PciRefItem {
  id: string;
  parent: string | null;
  level: 'principal_requirement' | 'appendix' | 'section' | 'requirement';
  service_provider_only: boolean;
}

describe.skipIf(!existsSync(path.join(REFERENCE_DIR, 'catalogs')))('PCI DSS 4.0.1 identifiers pinned to the reference list (needs ../shared/reference)', () => {
  it('holds every reference id, in order, with its parent, and nothing else', async () => {
    const ref = JSON.parse(await readFile(path.join(REFERENCE_DIR, 'catalogs', 'pci-dss-4.0.1.ids.json'), 'utf8')) as { items: PciRefItem[] };
    expect(pci.requirements.map((r) => r.id)).toEqual(ref.items.map((i) => i.id));
    expect(pci.requirements.map((r) => r.parent ?? null)).toEqual(ref.items.map((i) => i.parent));
    expect(ref.items.filter((i) => i.level === 'requirement')).toHaveLength(280);
  });

  it('assesses exactly the numbered requirements, with the service-provider-only flag', async () => {
    const ref = JSON.parse(await readFile(path.join(REFERENCE_DIR, 'catalogs', 'pci-dss-4.0.1.ids.json'), 'utf8')) as { items: PciRefItem[] };
    const byId = new Map(ref.items.map((i) => [i.id, i]));
    for (const r of pci.requirements) {
      const item = byId.get(r.id);
      expect(r.assessable, r.id).toBe(item?.level === 'requirement');
      expect(r.properties?.['service-provider-only'] === 'true', r.id).toBe(item?.service_provider_only ?? false);
    }
  });
});

describe('PCI DSS 4.0.1 catalog (shipped data alone)', () => {
  it('has the 12 principal requirements, 3 appendices and 280 numbered requirements', () => {
    const roots = pci.requirements.filter((r) => r.parent === undefined).map((r) => r.id);
    expect(roots).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', 'A1', 'A2', 'A3']);
    expect(pci.requirements.filter((r) => r.assessable)).toHaveLength(280);
  });

  it('flags the service-provider-only requirements (pinned)', () => {
    expect(pci.requirements.filter((r) => r.properties?.['service-provider-only'] === 'true').map((r) => r.id)).toEqual([
      '3.6.1.1', '3.7.9', '8.2.3', '8.3.10', '8.3.10.1', '10.7.1', '11.4.6', '11.4.7', '11.5.1.1',
      '12.4.1', '12.4.2', '12.4.2.1', '12.5.2.1', '12.5.3', '12.9.1', '12.9.2', 'A2.1.2', 'A2.1.3',
    ]);
  });
});

describe('HIPAA Security Rule catalog', () => {
  it('gives every implementation specification its Required / Addressable type and no standard one', () => {
    for (const r of hipaa.requirements) {
      const isSpec = r.parent !== undefined && hipaa.requirements.find((p) => p.id === r.parent)?.parent !== undefined;
      if (isSpec) expect(r.properties?.['hipaa-type'], r.id).toMatch(/^(required|addressable)$/);
      else expect(r.properties?.['hipaa-type'], r.id).toBeUndefined();
    }
    expect(hipaa.requirements.filter((r) => r.properties?.['hipaa-type'])).toHaveLength(47);
  });
});

describe.each([
  ['hipaa-security', hipaa],
  ['pci-dss-4.0.1', pci],
] as const)('%s mapping', (_id, framework) => {
  it('maps every assessable requirement to known controls, and no heading to any', () => {
    for (const r of framework.requirements) {
      if (r.assessable) expect(r.controls.length, r.id).toBeGreaterThan(0);
      else expect(r.controls, r.id).toEqual([]);
      for (const c of r.controls) expect(catalog.controls.has(c), `${r.id} -> ${c}`).toBe(true);
    }
  });

  it('says so in mappingNotes when no AWS Config rule can evidence a requirement', () => {
    const manualOnly = framework.requirements.filter((r) => r.assessable && rulesOf(catalog, r).size === 0);
    expect(manualOnly.length).toBeGreaterThan(0);
    for (const r of manualOnly) expect(r.mappingNotes ?? '', r.id).toMatch(/No AWS Config rule can evidence this requirement/);
    // ...and never claims it of a requirement that does have a rule.
    for (const r of framework.requirements.filter((x) => x.assessable && rulesOf(catalog, x).size > 0)) {
      expect(r.mappingNotes ?? '', r.id).not.toMatch(/No AWS Config rule can evidence/);
    }
  });
});

describe.skipIf(!HAS_REFERENCE)("recall of AWS's conformance-pack mappings (needs ../shared/reference)", () => {
  it.each(['hipaa-security', 'pci-dss-4.0.1'])('%s reaches at least 95% of the requirement -> rule pairs, and explains each pair it leaves out', async (id) => {
    const pairs = (await readReferencePairs(REFERENCE_DIR))?.get(id) ?? [];
    expect(pairs.length).toBeGreaterThan(500);
    const framework = catalog.frameworks.find((f) => f.id === id)!;
    const recall = toRecall(catalog, framework, pairs);
    expect(recall.reached / recall.total).toBeGreaterThanOrEqual(0.95);
    for (const m of recall.missed) {
      const req = framework.requirements.find((r) => r.id === m.requirementId);
      expect(req, `${m.requirementId} is in the AWS mapping but not in the catalog`).toBeDefined();
      expect(req?.mappingNotes ?? '', `${m.requirementId} -> ${m.rule} is not reached and not explained`).toContain(m.rule);
    }
  });

  it.each([
    ['hipaa-security', 564],
    ['pci-dss-4.0.1', 742],
  ] as const)('%s: deciding pairs at most AWS\'s own count (%i), none above 25 rules per requirement', (id, awsPairs) => {
    const framework = catalog.frameworks.find((f) => f.id === id)!;
    const stats = toFrameworkStats(catalog, framework);
    expect(stats.decidingPairs).toBeLessThanOrEqual(awsPairs);
    expect(stats.overLimit, `${stats.mostDeciding.requirementId} is decided by ${stats.mostDeciding.rules} rules`).toBe(0);
  });

  it('resolves HIPAA alias spellings (164.308(a)(1) is 164.308(a)(1)(i))', async () => {
    const pairs = (await readReferencePairs(REFERENCE_DIR))?.get('hipaa-security') ?? [];
    const ids = new Set(hipaa.requirements.map((r) => r.id));
    expect(pairs.filter((p) => !ids.has(p.requirementId))).toEqual([]);
    expect(pairs.some((p) => p.rule === 'AWS_CONFIG_PROCESS_CHECK')).toBe(false);
  });

  it('README.md carries exactly what `npm run catalog-stats` prints', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readmeBlock(readme), 'run `npm run catalog-stats -- --write-readme`').toBe(await catalogStatsMarkdown(REFERENCE_DIR));
  });
});

describe('common control library', () => {
  const controls = [...catalog.controls.values()];

  it('holds on the order of 100-150 controls, each used by a requirement', () => {
    expect(controls.length).toBeGreaterThanOrEqual(100);
    expect(controls.length).toBeLessThanOrEqual(150);
    // As the catalog check counts it: a control a requirement names as deciding or as supporting.
    const used = new Set(catalog.frameworks.flatMap((f) => f.requirements.flatMap((r) => [...r.controls, ...(r.supportedBy ?? [])])));
    expect(controls.filter((c) => !used.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('names only verified managed-rule identifiers, each known', () => {
    for (const c of controls) {
      for (const r of c.evidence.configRules) {
        expect(catalog.managedRules.has(r), `${c.id}: ${r}`).toBe(true);
        expect(catalog.managedRules.get(r)?.verified, `${c.id}: ${r} is not a verified identifier`).toBe(true);
      }
    }
  });

  it('gives a non-customer control an attestation for the AWS side, and a review cadence to every manual kind', () => {
    for (const c of controls.filter((x) => x.responsibility.model !== 'customer')) expect(c.evidence.attestations.length, c.id).toBeGreaterThan(0);
    for (const k of catalog.manualKinds.values()) expect(k.reviewEveryDays, k.id).toBeGreaterThan(0);
  });

  it('splits responsibility per service where it moves with the kind of service (pinned)', () => {
    const services = (id: string): string[] => (catalog.controls.get(id)?.responsibility.services ?? []).map((s) => s.service).sort();
    expect(services('patch-management')).toEqual(['containers-on-ec2', 'ec2', 'fargate', 'lambda', 'rds']);
    expect(services('encrypt-data-at-rest')).toEqual(['dynamodb', 'ebs-efs', 'rds', 's3']);
    expect(services('backup-data')).toEqual(['dynamodb', 'ec2', 'rds']);
    expect(services('restrict-inbound-traffic')).toEqual(['ec2', 'fargate', 'lambda']);
    expect(services('malware-protection')).toEqual(['ec2', 'lambda']);
    expect(services('harden-container-workloads')).toEqual(['containers-on-ec2', 'fargate']);
    expect(services('time-synchronisation')).toEqual(['containers-on-ec2', 'ec2', 'fargate', 'lambda', 'rds']);
    expect(services('encrypt-data-in-transit')).toEqual(['network-edge', 's3']);
    expect(services('application-logging')).toEqual(['lambda']);
  });

  it.each([
    ['hipaa-security', '164.310(a)(1)'],
    ['pci-dss-4.0.1', '9.4.6'],
    ['iso27001-2022', 'A.7.14'],
    ['soc2-2017', 'CC6.4'],
  ] as const)('%s %s keeps the organisation\'s own premises, paper and devices: not inherited', (fw, id) => {
    const req = catalog.frameworks.find((f) => f.id === fw)?.requirements.find((r) => r.id === id);
    expect(req).toBeDefined();
    expect(requirementResponsibility(catalog, req!)).not.toBe('inherited');
  });

  it.each(['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022'])('%s: no requirement is decided by more than 25 rules', (id) => {
    const stats = toFrameworkStats(catalog, catalog.frameworks.find((f) => f.id === id)!);
    expect(MAX_DECIDING_RULES).toBe(25);
    expect(stats.overLimit, `${stats.mostDeciding.requirementId} is decided by ${stats.mostDeciding.rules} rules`).toBe(0);
  });

  it('keeps the AWS data-centre controls inherited and gives the organisation its own premises, paper and media', () => {
    const physical = controls.filter((c) => c.family === 'physical-and-environmental');
    const inherited = physical.filter((c) => c.responsibility.model === 'inherited');
    expect(inherited.map((c) => c.id).sort()).toEqual(['data-centre-physical-access', 'environmental-protection', 'hardware-maintenance', 'media-sanitisation', 'virtualisation-isolation']);
    for (const c of inherited) {
      // An inherited control says where the customer's own part lives, and that control is the customer's.
      const pointed = [...c.responsibility.customer.matchAll(/[a-z]+(?:-[a-z]+)+/g)].map((m) => m[0]).filter((id) => catalog.controls.has(id));
      if (c.id === 'virtualisation-isolation') continue;
      expect(pointed.length, c.id).toBeGreaterThan(0);
      for (const id of pointed) expect(catalog.controls.get(id)?.responsibility.model, `${c.id} -> ${id}`).toBe('customer');
    }
    for (const id of ['facility-access-control', 'visitor-management', 'media-protection', 'media-destruction', 'site-equipment-protection']) {
      expect(catalog.controls.get(id)?.responsibility.model, id).toBe('customer');
    }
  });
});
