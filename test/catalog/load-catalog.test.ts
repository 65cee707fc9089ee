import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog, readCatalog } from '../../src/catalog/load-catalog.js';
import { SrmapError, formatProblem } from '../../src/domain/errors.js';
import { SERVICE_KINDS } from '../../src/domain/catalog.js';
import { copyCatalog, edit, lineOf } from './helpers.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function broken(): Promise<string> {
  const dir = await copyCatalog();
  temps.push(dir);
  return dir;
}

describe('the shipped catalog', () => {
  it('loads with no problems', async () => {
    const result = await readCatalog();
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.catalog).toBeDefined();
  });

  it('lists the frameworks in the stable order and keeps requirement order', async () => {
    const catalog = await loadCatalog();
    expect(catalog.frameworks.map((f) => f.id)).toEqual(['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0']);
    const hipaa = catalog.frameworks[0]!;
    expect(hipaa.requirements[0]?.id).toBe('164.308');
    expect(hipaa.requirements.at(-1)?.id).toBe('164.316(b)(2)(iii)');
  });

  it('covers the whole HIPAA Security Rule: 5 sections, 22 standards, 47 implementation specifications', async () => {
    const hipaa = (await loadCatalog()).frameworks.find((f) => f.id === 'hipaa-security')!;
    const sections = hipaa.requirements.filter((r) => !r.assessable);
    const specs = hipaa.requirements.filter((r) => r.properties?.['hipaa-type'] !== undefined);
    const standards = hipaa.requirements.filter((r) => r.assessable && r.properties?.['hipaa-type'] === undefined);
    expect([sections.length, standards.length, specs.length]).toEqual([5, 22, 47]);
    expect(specs.filter((r) => r.properties?.['hipaa-type'] === 'addressable').length).toBeGreaterThan(0);
  });

  it('has the mix of responsibility and evidence every pack status needs', async () => {
    const controls = [...(await loadCatalog()).controls.values()];
    const has = (pred: (c: (typeof controls)[number]) => boolean): boolean => controls.some(pred);
    expect(has((c) => c.responsibility.model === 'inherited' && c.evidence.attestations.length > 0)).toBe(true);
    expect(has((c) => c.responsibility.model === 'customer' && c.evidence.configRules.length === 0 && c.evidence.manual.length > 0)).toBe(true);
    expect(has((c) => c.responsibility.model === 'shared' && c.evidence.configRules.length > 0 && c.evidence.attestations.length > 0)).toBe(true);
    expect(has((c) => c.evidence.configRules.length > 0 && c.evidence.manual.length > 0)).toBe(true);
    const services = new Set(controls.flatMap((c) => (c.responsibility.services ?? []).map((s) => s.service)));
    expect([...SERVICE_KINDS].filter((s) => !services.has(s))).toEqual([]);
  });

  it('maps every assessable requirement of the shipped frameworks, and uses every shipped control (a user catalog need not)', async () => {
    const catalog = await loadCatalog();
    const unmapped = catalog.frameworks.flatMap((f) => f.requirements.filter((r) => r.assessable && r.controls.length === 0).map((r) => `${f.id}:${r.id}`));
    expect(unmapped).toEqual([]);
    const used = new Set(catalog.frameworks.flatMap((f) => f.requirements.flatMap((r) => [...r.controls, ...(r.supportedBy ?? [])])));
    expect([...catalog.controls.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it('gives every control the family of its file', async () => {
    const catalog = await loadCatalog();
    expect(catalog.controls.get('encrypt-data-at-rest')?.family).toBe('data-protection');
    expect(catalog.controls.get('data-centre-physical-access')?.family).toBe('physical-and-environmental');
    for (const c of catalog.controls.values()) expect(catalog.families.has(c.family)).toBe(true);
  });

  it('flags at least two PCI DSS requirements as service-provider-only', async () => {
    const pci = (await loadCatalog()).frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
    expect(pci.requirements.filter((r) => r.properties?.['service-provider-only'] === 'true').length).toBeGreaterThanOrEqual(2);
  });

  it('maps controls to Config identifiers that AWS names differently from the rule', async () => {
    const catalog = await loadCatalog();
    expect(catalog.controls.get('restrict-inbound-traffic')?.evidence.configRules).toContain('INCOMING_SSH_DISABLED');
    expect(catalog.controls.get('log-api-activity')?.evidence.configRules).toContain('CLOUD_TRAIL_ENABLED');
  });
});

describe('loadCatalog on a broken catalog', () => {
  it('throws CATALOG_INVALID with every problem', async () => {
    const dir = await broken();
    await edit(dir, 'controls/governance.yaml', '  - id: sanctions-for-policy-violations', '  - id: information-security-policy');
    const err = await loadCatalog(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SrmapError);
    const e = err as SrmapError;
    expect(e.code).toBe('CATALOG_INVALID');
    expect(e.message).toMatch(/^\d+ problem\(s\) in the catalog at /);
    expect(e.hint).toBeTruthy();
    expect(e.problems.some((p) => p.message === "duplicate control id 'information-security-policy'")).toBe(true);
  });

  it('reports a missing directory as problems, not a crash', async () => {
    const result = await readCatalog(path.join(await broken(), 'nope'));
    expect(result.catalog).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('reports duplicate framework ids and requirement ids', async () => {
    const dir = await broken();
    await edit(dir, 'soc2-2017.yaml', 'id: soc2-2017', 'id: iso27001-2022');
    await edit(dir, 'iso27001-2022.yaml', '  - id: "A.5.2"', '  - id: "A.5.1"');
    const { problems } = await readCatalog(dir);
    const messages = problems.map((p) => p.message);
    expect(messages).toContain("duplicate framework id 'iso27001-2022'");
    expect(messages).toContain("duplicate requirement id 'A.5.1'");
    const dupReq = problems.find((p) => p.message === "duplicate requirement id 'A.5.1'")!;
    expect(dupReq.path).toMatch(/^requirements\[\d+\]\.id$/);
    expect(dupReq.line).toBeGreaterThan(await lineOf(dir, 'iso27001-2022.yaml', '  - id: "A.5.1"'));
  });
});
