/**
 * Rows of the pack's CSVs. evidence.csv's requirement columns come from an index made before the
 * evaluation (so the CSV is written while the snapshot is read): it must name exactly the
 * requirements the evaluation says each rule decides and supports, for every framework, where AWS
 * Config was collected in the framework's scope and where it was not. gaps.csv ends with the
 * collection route's stated limits.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { FrameworkResult } from '../../../src/domain/result.js';
import type { WorkingFolder } from '../../../src/collect/manual/read-working-folder.js';
import { evaluateSnapshot } from '../../../src/pipeline/evaluate-snapshot.js';
import { collectedIn } from '../../../src/evaluate/evaluate-control.js';
import type { CollectionLimit } from '../../../src/domain/snapshot.js';
import { makePackInput } from '../../fixtures/pack-input.js';
import { GAPS_COLUMNS, REQUIREMENTS_COLUMNS, toGapRows, toRequirementIndex, toRequirementRows } from '../../../src/render/csv/to-csv-tables.js';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'evidence', 'sample');
const catalog = await loadCatalog();

/** What the evaluation says, rule by rule: the requirements each rule decides and supports, `;`-joined in catalog order. */
function fromResult(result: FrameworkResult) {
  const deciding = new Map<string, string[]>();
  const supporting = new Map<string, string[]>();
  const add = (index: Map<string, string[]>, rule: string, req: string) => {
    const list = index.get(rule) ?? [];
    if (!list.includes(req)) list.push(req);
    index.set(rule, list);
  };
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    for (const p of req.deciding) if (p.kind === 'rule') add(deciding, p.id, req.requirementId);
    for (const p of req.supporting) add(supporting, p.id, req.requirementId);
  }
  const join = (index: Map<string, string[]>) => new Map([...index].map(([rule, reqs]) => [rule, reqs.join(';')]));
  return { deciding: join(deciding), supporting: join(supporting) };
}

async function check(working: WorkingFolder | undefined, configCollected: boolean) {
  const evaluated = await evaluateSnapshot({ catalog, snapshotDir: SAMPLE, frameworks: catalog.frameworks, failingCap: 0, ...(working ? { working } : {}) });
  expect(evaluated.length).toBe(catalog.frameworks.length);
  for (const [i, { result, evidence }] of evaluated.entries()) {
    const framework = catalog.frameworks[i];
    if (!framework) throw new Error('one result per framework');
    expect(result.framework.id).toBe(framework.id);
    expect(collectedIn(evidence.manifest, evidence.scope, 'aws-config')).toBe(configCollected);
    const index = toRequirementIndex(framework, catalog, configCollected);
    const expected = fromResult(result);
    expect(index.deciding, result.framework.id).toEqual(expected.deciding);
    expect(index.supporting, result.framework.id).toEqual(expected.supporting);
    expect(index.deciding.size).toBeGreaterThan(0);
    if (configCollected) expect(index.supporting.size).toBeGreaterThan(0);
  }
}

describe('toRequirementIndex', () => {
  it('names what the evaluation decides and supports with, for every framework, over the whole sample', async () => {
    await check(undefined, true);
  });

  it('shows no supporting rules where AWS Config was not collected in the scope, as the evaluation does', async () => {
    const scope = { regions: ['ap-south-2'] };
    const working: WorkingFolder = { dir: '.', config: { scope: Object.fromEntries(catalog.frameworks.map((f) => [f.id, scope])) } as WorkingFolder['config'], inputs: [] };
    await check(working, false);
  });
});

const col = (name: (typeof GAPS_COLUMNS)[number]) => GAPS_COLUMNS.indexOf(name);

describe('requirements.csv property columns', () => {
  const col = (name: (typeof REQUIREMENTS_COLUMNS)[number]) => REQUIREMENTS_COLUMNS.indexOf(name);

  it('carry the value of the framework property declared with that column, and nothing for a framework without one', async () => {
    const evaluated = await evaluateSnapshot({ catalog, snapshotDir: SAMPLE, frameworks: catalog.frameworks, failingCap: 0 });
    const tally = new Map<string, string>();
    for (const { result, evidence } of evaluated) {
      const base = makePackInput();
      const rows = toRequirementRows({ ...base, result, evidence });
      const count = (c: number) => {
        const values = rows.map((r) => String(r[c] ?? '')).filter((v) => v !== '');
        return [...new Set(values)].sort().map((v) => `${v}:${String(values.filter((x) => x === v).length)}`).join(' ');
      };
      tally.set(result.framework.id, `${count(col('hipaa_type'))} | ${count(col('service_provider_only'))}`);
    }
    expect(Object.fromEntries(tally)).toEqual({
      'hipaa-security': 'addressable:22 required:25 | ',
      'pci-dss-4.0.1': ' | true:18',
      'soc2-2017': ' | ',
      'iso27001-2022': ' | ',
      'nist-csf-2.0': ' | ',
    });
  });

  it('read the declaration, not the property name: a property declared without a column fills none', () => {
    const input = makePackInput();
    const rows = toRequirementRows(input);
    const row = (id: string) => rows.find((r) => r[col('requirement_id')] === id);
    expect([row('164.308(a)(5)(ii)(A)')?.[col('hipaa_type')], row('164.312(e)(1)')?.[col('service_provider_only')]]).toEqual(['addressable', 'false']);
    const { 'hipaa-type': hipaa, ...others } = input.result.framework.properties ?? {};
    const withoutColumn = { ...input, result: { ...input.result, framework: { ...input.result.framework, properties: { ...others, ...(hipaa ? { 'hipaa-type': { title: hipaa.title, values: hipaa.values } } : {}) } } } };
    expect(toRequirementRows(withoutColumn).find((r) => r[col('requirement_id')] === '164.308(a)(5)(ii)(A)')?.[col('hipaa_type')]).toBe('');
  });
});

describe('gaps.csv rows', () => {
  it('end with one row per stated limit of the collection route, its code and what it asks of the reader', () => {
    const input = makePackInput();
    const limits: CollectionLimit[] = [
      { source: 'aws-config', route: 'aggregator', code: 'AggregateComplianceTypes', effect: 'not-collected', complianceTypes: ['NOT_APPLICABLE'], message: 'NOT_APPLICABLE cannot be had.' },
      { source: 'aws-config', route: 'account', code: 'NoCountOfCompliant', effect: 'not-checked', message: 'No count.' },
    ];
    const rows = toGapRows({ ...input, evidence: { ...input.evidence, manifest: { ...input.evidence.manifest, limits } } });
    const limitRows = rows.filter((r) => r[col('gap_type')] === 'limit');
    expect(limitRows.map((r) => r[col('error_code')])).toEqual(['AggregateComplianceTypes', 'NoCountOfCompliant']);
    expect(limitRows[0]?.[col('reason')]).toBe('aws-config through the aggregator route, not-collected (NOT_APPLICABLE): NOT_APPLICABLE cannot be had.');
    expect(limitRows[0]?.[col('remediation')]).toMatch(/^Absent from this snapshot/);
    expect(limitRows[1]?.[col('remediation')]).toMatch(/Nothing to do/);
    expect(rows.slice(-2)).toEqual(limitRows);
    for (const r of rows) expect(r).toHaveLength(GAPS_COLUMNS.length);
  });

  it('hold no limit row for a snapshot that states none', () => {
    const input = makePackInput();
    const { limits: _none, ...manifest } = input.evidence.manifest;
    expect(toGapRows({ ...input, evidence: { ...input.evidence, manifest } }).some((r) => r[0] === 'limit')).toBe(false);
  });
});
