/**
 * A user's own framework, end to end, as a user runs srmap: a working folder whose srmap.yaml names
 * an overlay folder holding only a small framework file and one new control; `collect` against the
 * local AWS Config endpoint collects the results of that control's rule; `report` builds the pack
 * of the new framework, decided by that rule; the pack manifest records the overlay and its hashes.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, startFakeAws, type FakeAws, type FakeEstate } from '../helpers/fake-config-endpoint.js';
import { readPdf, squash } from '../helpers/read-pdf.js';
import { runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

const ACCOUNT = '111122223333';
const KEY = `AKID${ACCOUNT}`;

const FRAMEWORK = `# ACME's own baseline: a framework file a user writes, laid over the shipped catalog.
id: acme-baseline
name: ACME storage baseline
version: "2026.1"
publisher: ACME Corp
description: The storage rules ACME's board signed off.
requirements:
  - id: "ST"
    title: Storage
    assessable: false
  - id: "ST-1"
    parent: "ST"
    title: Buckets keep earlier versions of their objects
    controls: [acme-bucket-versioning]
  - id: "ST-2"
    parent: "ST"
    title: Storage owners review who can read each bucket every quarter
`;

const CONTROL = `family: acme
title: ACME controls
controls:
  - id: acme-bucket-versioning
    title: Buckets keep earlier versions
    objective: Every bucket keeps earlier versions of its objects, so an overwrite can be undone.
    responsibility:
      model: customer
      aws: AWS provides S3 versioning.
      customer: ACME turns versioning on for every bucket.
    evidence:
      configRules: [S3_BUCKET_VERSIONING_ENABLED]
    narrative: "{{organisation}} turns on versioning for every bucket ({{compliant}} of {{evaluated}} compliant)."
    remediation: Turn on versioning for the bucket.
`;

const at = '2026-11-20T10:00:00Z';
const estate: FakeEstate = {
  accounts: { [KEY]: ACCOUNT },
  regions: [
    {
      account: ACCOUNT,
      region: 'us-east-1',
      recorder: 'on',
      packs: [],
      resourceCounts: [{ resourceType: 'AWS::S3::Bucket', count: 2 }],
      rules: [
        {
          name: 'acme-s3-versioning',
          owner: 'AWS',
          identifier: 'S3_BUCKET_VERSIONING_ENABLED',
          results: [
            { resourceType: 'AWS::S3::Bucket', resourceId: 'acme-invoices', complianceType: 'COMPLIANT', recordedAt: at },
            { resourceType: 'AWS::S3::Bucket', resourceId: 'acme-scratch', complianceType: 'NON_COMPLIANT', recordedAt: at },
          ],
        },
        {
          name: 'cloudtrail-on',
          owner: 'AWS',
          identifier: 'CLOUD_TRAIL_ENABLED',
          results: [{ resourceType: 'AWS::::Account', resourceId: ACCOUNT, complianceType: 'COMPLIANT', recordedAt: at }],
        },
      ],
    },
  ],
};

let work: string;
let fake: FakeAws;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-overlay-cli-'));
  fake = await startFakeAws(estate);
  await mkdir(join(work, 'catalog'), { recursive: true });
  await writeFile(join(work, 'catalog', 'acme-baseline.yaml'), FRAMEWORK);
  await writeFile(join(work, 'catalog', 'acme-controls.yaml'), CONTROL);
  await writeFile(
    join(work, 'srmap.yaml'),
    ['organisation: ACME Corp', 'frameworks: [acme-baseline]', 'regions: [us-east-1]', 'catalog: [catalog]', 'paths:', '  snapshots: snapshots', '  out: pack', ''].join('\n'),
  );
});
afterAll(async () => {
  await fake.close();
  await rm(work, { recursive: true, force: true });
});

const csv = async (path: string) => parse(await readFile(path, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];

describe("a user's framework in an overlay folder", () => {
  it(
    'collects for its control, and builds its pack decided by that control\'s rule; the manifest records the overlay',
    async () => {
      const env = fakeAwsEnv(fake, KEY);
      const collected = await runSrmap(['collect', '--quiet'], { cwd: work, env });
      expect(collected.code, collected.stderr).toBe(0);
      const snapshot = collected.stdout.trim();
      expect(snapshot.startsWith(join(work, 'snapshots'))).toBe(true);

      const report = await runSrmap(['report', '--quiet'], { cwd: work, env });
      expect(report.code, report.stderr).toBe(0);
      const pack = join(work, 'pack');
      const rows = await csv(join(pack, 'acme-baseline', 'requirements.csv'));
      const byId = new Map(rows.map((r) => [r.requirement_id, r]));
      expect(byId.get('ST-1')?.status).toBe('not-met');
      expect(byId.get('ST-1')?.config_rules).toBe('S3_BUCKET_VERSIONING_ENABLED');
      expect(byId.get('ST-1')?.controls).toBe('acme-bucket-versioning');
      // Mapped to nothing: nothing decides it, so it needs evidence (assessed by hand), never met.
      expect(byId.get('ST-2')?.status).toBe('needs-evidence');
      const evidence = await csv(join(pack, 'acme-baseline', 'evidence.csv'));
      expect(evidence.filter((e) => e.rule_identifier === 'S3_BUCKET_VERSIONING_ENABLED').map((e) => `${e.resource_id} ${e.compliance_type}`).sort()).toEqual(['acme-invoices COMPLIANT', 'acme-scratch NON_COMPLIANT']);

      const packManifest = JSON.parse(await readFile(join(pack, 'manifest.json'), 'utf8')) as { catalogOverlays?: { overlays: { dir: string; files: { path: string; sha256: string }[] }[]; changes: { kind: string; id: string; change: string }[] } };
      const files = packManifest.catalogOverlays?.overlays[0]?.files ?? [];
      expect(files.map((f) => f.path).sort()).toEqual(['acme-baseline.yaml', 'acme-controls.yaml']);
      const { createHash } = await import('node:crypto');
      expect(files.find((f) => f.path === 'acme-baseline.yaml')?.sha256).toBe(createHash('sha256').update(FRAMEWORK).digest('hex'));
      expect(packManifest.catalogOverlays?.changes.map((c) => `${c.kind} ${c.id} ${c.change}`)).toEqual(['framework acme-baseline added', 'family acme added', 'control acme-bucket-versioning added']);
      // The PDF says so too: the overlay's files with their sha256, and the framework it added.
      const pdf = squash((await readPdf(await readFile(join(pack, 'acme-baseline', 'acme-baseline-pack.pdf')))).pages.join('\n'));
      for (const s of ['The catalog: overlays and what they change', 'acme-controls.yaml', files.find((f) => f.path === 'acme-controls.yaml')?.sha256 ?? '-', 'added framework acme-baseline', 'common control acme-bucket-versioning']) expect(pdf).toContain(squash(s));

      const show = await runSrmapInProcess(['frameworks', 'show', 'acme-baseline'], { cwd: work });
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toMatch(/ACME storage baseline 2026\.1 \(acme-baseline\) - ACME Corp {2}\[added by overlay/);
      expect(show.stdout).toMatch(/ST-2 {2}Storage owners review[^\n]*\n\s+no control mapped: needs evidence, assessed by hand/);
    },
    timeoutFor(8),
  );

  it(
    'a dangling reference in the overlay stops collect before any AWS call and report alike: exit 2, file, line, hint',
    async () => {
      const dir = join(work, 'broken');
      await mkdir(join(dir, 'catalog'), { recursive: true });
      await writeFile(join(dir, 'catalog', 'acme-baseline.yaml'), FRAMEWORK.replace('controls: [acme-bucket-versioning]', 'controls: [acme-bucket-versoning]'));
      await writeFile(join(dir, 'catalog', 'acme-controls.yaml'), CONTROL);
      await writeFile(join(dir, 'srmap.yaml'), 'organisation: ACME Corp\ncatalog: [catalog]\n');
      const before = fake.stats.requests;
      const collected = await runSrmapInProcess(['collect', '--regions', 'us-east-1', '--out', join(dir, 'snap')], { cwd: dir, env: fakeAwsEnv(fake, KEY) });
      expect(collected.code).toBe(2);
      expect(fake.stats.requests).toBe(before);
      const line = FRAMEWORK.split('\n').findIndex((l) => l.includes('controls: [acme-bucket-versioning]')) + 1;
      expect(collected.stderr).toContain(`catalog/acme-baseline.yaml: line ${line}, column 16: requirements[1].controls[0]: unknown control 'acme-bucket-versoning'`);
      expect(collected.stderr).toMatch(/hint: Did you mean 'acme-bucket-versioning'\?/);
      const validate = await runSrmapInProcess(['validate'], { cwd: dir });
      expect(validate.code).toBe(2);
      expect(validate.stderr).toContain("unknown control 'acme-bucket-versoning'");
    },
    timeoutFor(4),
  );

  it(
    "init --framework-template writes a commented framework and control that check clean and show as the user's",
    async () => {
      const dir = join(work, 'template');
      const init = await runSrmap(['init', dir, '--framework-template', 'acme-policy']);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/add `catalog: \[catalog\]`/);
      const framework = await readFile(join(dir, 'catalog', 'acme-policy.yaml'), 'utf8');
      expect(framework).toMatch(/^id: acme-policy$/m);
      expect(framework.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(15);
      const validate = await runSrmapInProcess(['validate', '--catalog', join(dir, 'catalog')]);
      expect(validate.code, validate.stderr).toBe(0);
      expect(validate.stdout).toMatch(/catalog overlay OK: .*2 files, 3 items added, 0 replaced/);
      const show = await runSrmapInProcess(['frameworks', 'show', 'acme-policy', '--catalog', join(dir, 'catalog')]);
      expect(show.stdout).toMatch(/1\.2 {2}Buckets keep earlier versions of their objects {2}\[customer\]\n\s+controls: acme-policy-bucket-versioning \(added by overlay\)\n\s+decided by rules: S3_BUCKET_VERSIONING_ENABLED/);
      const again = await runSrmapInProcess(['init', dir, '--framework-template', 'acme-policy']);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already has acme-policy\.yaml, acme-policy-controls\.yaml/);
      const shipped = await runSrmapInProcess(['init', dir, '--framework-template', 'pci-dss-4.0.1']);
      expect(shipped.code).toBe(2);
      expect(shipped.stderr).toMatch(/already a framework of the catalog/);
      const bad = await runSrmapInProcess(['init', dir, '--framework-template', 'Acme Policy']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/is not a framework id/);
    },
    timeoutFor(6),
  );
});
