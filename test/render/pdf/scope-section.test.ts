import { describe, expect, it } from 'vitest';
import type { PackInput } from '../../../src/domain/result.js';
import type { CollectionLimit } from '../../../src/domain/snapshot.js';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { renderPdfBuffer } from '../../../src/render/pdf/write-pdf.js';
import { makePackInput } from '../../fixtures/pack-input.js';
import { readPdf, squash } from '../../helpers/read-pdf.js';

const LIMITS: CollectionLimit[] = [
  { source: 'aws-config', route: 'aggregator', code: 'AggregateComplianceTypes', effect: 'not-collected', complianceTypes: ['NOT_APPLICABLE'], message: 'NOT_APPLICABLE results cannot be had through an aggregator.' },
  { source: 'aws-config', route: 'aggregator', code: 'AggregateRecorderState', effect: 'unknown', message: 'Members\' recorders are not visible.' },
  { source: 'aws-config', route: 'aggregator', code: 'NoCountOfCompliant', effect: 'not-checked', complianceTypes: ['COMPLIANT'], message: 'No count of COMPLIANT results.' },
];

function withLimits(limits: CollectionLimit[] | undefined): PackInput {
  const input = makePackInput();
  const manifest = { ...input.evidence.manifest };
  if (limits) manifest.limits = limits;
  else delete manifest.limits;
  return { ...input, evidence: { ...input.evidence, manifest } };
}

async function scopePage(input: PackInput): Promise<string> {
  const pdf = await readPdf(await renderPdfBuffer(toPdfDocument(input, { generatedBy: 'srmap test' })));
  const start = pdf.pages.findIndex((p) => p.includes('What this pack assesses'));
  expect(start).toBeGreaterThan(0);
  return squash(pdf.pages.slice(start, start + 2).join('\n'));
}

describe('the scope page', () => {
  it('states the limits of the collection route, each with its effect and compliance types', async () => {
    const page = await scopePage(withLimits(LIMITS));
    expect(page).toContain(squash('Limits of the collection route'));
    expect(page).toContain(squash('2 of 3 leave data out of the snapshot or a state unseen'));
    for (const s of ['AggregateComplianceTypes', 'not collected', 'NOT_APPLICABLE', 'AggregateRecorderState', 'state not visible', 'NoCountOfCompliant', 'count not checkable']) expect(page).toContain(squash(s));
  });

  it('says nothing of limits when the snapshot states none', async () => {
    expect(await scopePage(withLimits(undefined))).not.toContain(squash('Limits of the collection route'));
  });
});
