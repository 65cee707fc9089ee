/**
 * Catalog overlays: a folder of a user's frameworks, controls and evidence kinds laid over the
 * shipped catalog. New items are added, shipped items are replaced by id (and the change recorded),
 * conflicts between overlays and dangling references are located problems.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCatalog, toCatalogLayers, defaultCatalogDir } from '../../src/catalog/load-catalog.js';
import { formatProblem } from '../../src/domain/errors.js';
import { toRequirementEvidence } from '../../src/domain/requirement-evidence.js';
import { FRAMEWORKS_DIR } from './helpers.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** An overlay folder holding `files` (relative path -> text). */
async function overlay(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'srmap-overlay-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const FRAMEWORK = `id: acme-baseline
name: ACME security baseline
version: "2026"
publisher: ACME Corp
description: Our own baseline.
requirements:
  - id: "1"
    title: Storage
    assessable: false
  - id: "1.1"
    parent: "1"
    title: Buckets keep old versions
    controls: [acme-bucket-versioning]
  - id: "1.2"
    parent: "1"
    title: Data is encrypted at rest
    controls: [encrypt-data-at-rest]
  - id: "1.3"
    parent: "1"
    title: Storage owners review access each quarter
`;

const CONTROL = `family: acme
title: ACME controls
controls:
  - id: acme-bucket-versioning
    title: Buckets keep old versions
    objective: Every bucket keeps earlier versions of its objects.
    responsibility:
      model: customer
      aws: AWS provides S3 versioning.
      customer: We turn versioning on for every bucket.
    evidence:
      configRules: [S3_BUCKET_VERSIONING_ENABLED]
    narrative: "{{organisation}} keeps earlier versions of every bucket's objects."
    remediation: Turn on versioning for the bucket.
`;

describe('a catalog overlay', () => {
  it('adds a framework and a control to the shipped catalog, and records what it added with each file hash', async () => {
    const dir = await overlay({ 'acme-baseline.yaml': FRAMEWORK, 'acme-controls.yaml': CONTROL });
    const result = await readCatalog(undefined, [dir]);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const catalog = result.catalog!;
    expect(catalog.frameworks.map((f) => f.id)).toEqual(['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0', 'acme-baseline']);
    expect(catalog.controls.get('acme-bucket-versioning')?.family).toBe('acme');
    expect(catalog.controls.size).toBeGreaterThan(100);
    expect(catalog.changes?.map((c) => `${c.kind} ${c.id} ${c.change}`)).toEqual(['framework acme-baseline added', 'family acme added', 'control acme-bucket-versioning added']);
    expect(catalog.overlays?.[0]?.files.map((f) => f.path).sort()).toEqual(['acme-baseline.yaml', 'acme-controls.yaml']);
    expect(catalog.overlays?.[0]?.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    const acme = catalog.frameworks.find((f) => f.id === 'acme-baseline')!;
    expect(toRequirementEvidence(catalog, acme.requirements[1]!).rules.map((r) => r.id)).toEqual(['S3_BUCKET_VERSIONING_ENABLED']);
    // Unmapped: nothing decides it, so it can only be needs-evidence.
    expect(toRequirementEvidence(catalog, acme.requirements[3]!).controls).toEqual([]);
  });

  it('changes shipped items by id: a control replaced whole, a requirement replaced and one added under its parent', async () => {
    const dir = await overlay({
      'controls/data-protection.yaml': `family: data-protection
title: Data protection and cryptography
controls:
  - id: encrypt-data-at-rest
    title: Encrypt data at rest (ours)
    objective: Every store is encrypted with our keys.
    responsibility:
      model: customer
      aws: AWS provides KMS.
      customer: We encrypt every store with a customer managed key.
    evidence:
      configRules: [S3_DEFAULT_ENCRYPTION_KMS]
    narrative: "{{organisation}} encrypts every store."
    remediation: Encrypt the store.
`,
      'pci-dss-4.0.1.yaml': `id: pci-dss-4.0.1
requirements:
  - id: "8.2.8"
    parent: "8.2"
    title: Sessions idle for 15 minutes lock (our wording)
    controls: [session-timeout]
  - id: "8.2.9"
    parent: "8.2"
    title: An extra requirement of ours
`,
    });
    const result = await readCatalog(undefined, [dir]);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const catalog = result.catalog!;
    expect(catalog.controls.get('encrypt-data-at-rest')?.evidence.configRules).toEqual(['S3_DEFAULT_ENCRYPTION_KMS']);
    const pci = catalog.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
    const ids = pci.requirements.map((r) => r.id);
    expect(pci.requirements.find((r) => r.id === '8.2.8')?.title).toMatch(/our wording/);
    // Added after the last requirement under 8.2, before 8.3.
    expect(ids.indexOf('8.2.9')).toBe(ids.indexOf('8.3') - 1);
    expect(pci.name).toMatch(/PCI/);
    expect(catalog.changes?.filter((c) => c.change !== 'affected').map((c) => `${c.kind} ${c.frameworkId ?? ''}:${c.id} ${c.change}`)).toEqual([
      'requirement pci-dss-4.0.1:8.2.8 replaced',
      'requirement pci-dss-4.0.1:8.2.9 added',
      'control :encrypt-data-at-rest replaced',
    ]);
    // A shipped requirement that decided on rules the replacement dropped says so; they decide nothing now.
    const hipaa = catalog.changes?.find((c) => c.frameworkId === 'hipaa-security' && c.id === '164.312(a)(2)(iv)');
    expect(hipaa?.change).toBe('affected');
    expect(hipaa?.note).toMatch(/no longer decided by ENCRYPTED_VOLUMES, RDS_STORAGE_ENCRYPTED/);
    const req = catalog.frameworks.find((f) => f.id === 'hipaa-security')!.requirements.find((r) => r.id === '164.312(a)(2)(iv)')!;
    expect(toRequirementEvidence(catalog, req).rules.map((r) => r.id)).not.toContain('ENCRYPTED_VOLUMES');
  });

  it('dangling references are located problems with a hint: an unknown control, rule, kind and parent', async () => {
    const dir = await overlay({
      'acme-baseline.yaml': FRAMEWORK.replace('controls: [acme-bucket-versioning]', 'controls: [acme-bucket-versoning]').replace('parent: "1"\n    title: Data', 'parent: "9"\n    title: Data'),
      'acme-controls.yaml': CONTROL.replace('S3_BUCKET_VERSIONING_ENABLED]', 'S3_BUCKET_VERSIONING_ENABLED, S3_VERSIONING]\n      manual: [acme-review]'),
    });
    const { problems } = await readCatalog(undefined, [dir]);
    const byMessage = new Map(problems.map((p) => [p.message, p]));
    expect([...byMessage.keys()].sort()).toEqual(
      ["'S3_VERSIONING' is not a known AWS Config managed-rule identifier", "unknown control 'acme-bucket-versoning'", "unknown manual evidence kind 'acme-review'", "unknown parent '9' of requirement '1.2'"].sort(),
    );
    const control = byMessage.get("unknown control 'acme-bucket-versoning'")!;
    expect(control.file).toMatch(/acme-baseline\.yaml$/);
    expect(control.line).toBe(FRAMEWORK.split('\n').findIndex((l) => l.includes('acme-bucket-versioning')) + 1);
    expect(control.path).toBe('requirements[1].controls[0]');
    expect(control.hint).toMatch(/Did you mean 'acme-bucket-versioning'/);
    expect(byMessage.get("unknown manual evidence kind 'acme-review'")?.file).toMatch(/acme-controls\.yaml$/);
  });

  it('two overlays that define the same control or change the same requirement conflict, naming the first', async () => {
    const a = await overlay({ 'acme-controls.yaml': CONTROL, 'pci-dss-4.0.1.yaml': 'id: pci-dss-4.0.1\nrequirements:\n  - id: "8.2.8"\n    parent: "8.2"\n    title: One\n' });
    const b = await overlay({ 'more.yaml': CONTROL, 'pci-dss-4.0.1.yaml': 'id: pci-dss-4.0.1\nrequirements:\n  - id: "8.2.8"\n    parent: "8.2"\n    title: Two\n' });
    const { problems, catalog } = await readCatalog(undefined, [a, b]);
    expect(catalog).toBeUndefined();
    const messages = problems.map((p) => `${path.basename(p.file)}: ${p.message}`).sort();
    expect(messages).toEqual(["more.yaml: control 'acme-bucket-versioning' conflicts with another overlay", "pci-dss-4.0.1.yaml: requirement '8.2.8' of 'pci-dss-4.0.1' is changed by two overlays"]);
    expect(problems.find((p) => p.message.includes('conflicts'))?.hint).toContain(path.join(path.basename(a), 'acme-controls.yaml'));
  });

  it('a new framework without its name and publisher says what it needs, and a misspelt shipped id is suggested', async () => {
    const dir = await overlay({ 'pci-dss-4.0.yaml': 'id: pci-dss-4.0\nrequirements:\n  - id: "8.2.8"\n    title: One\n' });
    const { problems } = await readCatalog(undefined, [dir]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe("new framework 'pci-dss-4.0' has no name, version, publisher, description");
    expect(problems[0]?.hint).toMatch(/Did you mean 'pci-dss-4\.0\.1'/);
    expect(problems[0]?.line).toBe(1);
  });

  it('a missing or empty overlay folder is a problem, and a whole catalog replaces the shipped one instead of adding to it', async () => {
    const empty = await overlay({});
    const missing = path.join(empty, 'nope');
    const { problems } = await readCatalog(undefined, [empty, missing]);
    expect(problems.map((p) => p.message)).toEqual(['no catalog files (*.yaml) in the overlay folder', 'catalog overlay folder not found']);
    expect(await toCatalogLayers([empty, FRAMEWORKS_DIR])).toEqual({ base: path.resolve(FRAMEWORKS_DIR), overlays: [empty] });
    expect((await toCatalogLayers([empty])).base).toBe(defaultCatalogDir());
  });
});

describe('an overlay removes shipped items explicitly, each with its reason', () => {
  it('a requirement (a heading with everything under it) and a control; requirements mapping the control no longer do', async () => {
    const shipped = (await readCatalog()).catalog!;
    const pci = shipped.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
    const underA1 = pci.requirements.filter((r) => r.id.startsWith('A1.')).length;
    const users = shipped.frameworks.flatMap((f) => f.requirements.filter((r) => [...r.controls, ...(r.supportedBy ?? [])].includes('ddos-protection')).map((r) => `${f.id}:${r.id}`));
    expect(users.length).toBeGreaterThan(0);
    const dir = await overlay({
      'pci-dss-4.0.1.yaml': 'id: pci-dss-4.0.1\nremove:\n  - id: "12.5.2.1"\n    reason: Not a service provider.\n  - id: A1\n    reason: Not a multi-tenant service provider.\n',
      'controls/removed.yaml': 'family: network-security\ntitle: Network security\nremove:\n  - id: ddos-protection\n    reason: Served only inside a private network.\n',
    });
    const result = await readCatalog(undefined, [dir]);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const catalog = result.catalog!;
    const after = catalog.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
    expect(after.requirements.length).toBe(pci.requirements.length - 2 - underA1);
    expect(after.requirements.some((r) => r.id === '12.5.2.1' || r.id === 'A1' || r.id.startsWith('A1.'))).toBe(false);
    expect(catalog.controls.has('ddos-protection')).toBe(false);
    for (const f of catalog.frameworks) for (const r of f.requirements) expect([...r.controls, ...(r.supportedBy ?? [])], `${f.id}:${r.id}`).not.toContain('ddos-protection');
    const changes = catalog.changes ?? [];
    expect(changes.filter((c) => c.change === 'removed').map((c) => `${c.kind} ${c.id}: ${c.note ?? ''}`)).toEqual([
      'requirement 12.5.2.1: Not a service provider.',
      `requirement A1: Not a multi-tenant service provider. (with the ${String(underA1)} requirements under it)`,
      'control ddos-protection: Served only inside a private network.',
    ]);
    expect(changes.filter((c) => c.change === 'affected').map((c) => `${c.frameworkId ?? ''}:${c.id}`).sort()).toEqual([...users].sort());
  });

  it('what cannot be removed is a located problem: an unknown id, a control of another family, a removal from a new framework, a removed parent still used', async () => {
    const dir = await overlay({
      'pci-dss-4.0.1.yaml': 'id: pci-dss-4.0.1\nrequirements:\n  - id: "A1.9"\n    parent: A1\n    title: Ours\nremove:\n  - id: "12.5.2.9"\n    reason: typo\n  - id: A1\n    reason: Not a multi-tenant service provider.\n',
      'controls/removed.yaml': 'family: identity-and-access\ntitle: Identity and access\nremove:\n  - id: ddos-protection\n    reason: wrong family\n  - id: no-such-control\n    reason: typo\n',
      'acme-baseline.yaml': `${FRAMEWORK}remove:\n  - id: "1.3"\n    reason: not ours\n`,
      'acme-controls.yaml': CONTROL,
    });
    const result = await readCatalog(undefined, [dir]);
    expect(result.catalog).toBeUndefined();
    const messages = result.problems.map((p) => `${path.basename(p.file)} ${p.path ?? ''}: ${p.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      "removed.yaml remove[0].id: control 'ddos-protection' is in family 'network-security', not 'identity-and-access'",
      "removed.yaml remove[1].id: cannot remove 'no-such-control': it is not a control of the catalog below",
      "pci-dss-4.0.1.yaml remove[0].id: cannot remove '12.5.2.9': it is not a requirement of 'pci-dss-4.0.1'",
      "pci-dss-4.0.1.yaml requirements[0].parent: the parent 'A1' of requirement 'A1.9' is removed by this file",
      'acme-baseline.yaml remove: remove: only takes requirements out of a framework of the catalog below',
    ]));
    expect(result.problems.find((p) => p.message.startsWith("cannot remove '12.5.2.9'"))?.hint).toMatch(/Did you mean '12\.5\.2\.1'/);
  });

  it("a change file that replaces properties: must still declare what the requirements it leaves in place carry", async () => {
    const props = (values: string) => `id: hipaa-security\nproperties:\n  hipaa-type:\n    title: HIPAA implementation specification\n    column: hipaa_type\n    values: {${values}}\n`;
    const dropped = await overlay({ 'hipaa-security.yaml': props('required: {label: HIPAA Required}') });
    const result = await readCatalog(undefined, [dropped]);
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ['properties', expect.stringMatching(/^22 requirements of 'hipaa-security' this file leaves in place carry hipaa-type: addressable, which this file's properties: do not declare \(164\.\S+, \S+, \S+ \.\.\.\)$/)],
    ]);
    expect(result.problems[0]?.line).toBe(3);
    expect(result.problems[0]?.hint).toMatch(/Keep that property and value under properties:/);
    // Declaring both values again (labels changed) is a clean change.
    const relabelled = await overlay({ 'hipaa-security.yaml': props('required: {label: Required}, addressable: {label: Addressable, alternative: true}') });
    expect((await readCatalog(undefined, [relabelled])).problems).toEqual([]);
  });
});
