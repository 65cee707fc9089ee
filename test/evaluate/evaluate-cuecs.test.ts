/** A CUEC's status is its mapped controls' statuses from the framework's own evaluation, combined by the one rule. */
import { describe, expect, it } from 'vitest';
import type { Cuec } from '../../src/domain/cuec.js';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import { evaluateCuecs } from '../../src/evaluate/evaluate-cuecs.js';
import { evaluateControl, toControlContext } from '../../src/evaluate/evaluate-control.js';
import type { ManualEvidenceRecord } from '../../src/domain/snapshot.js';
import { catalogOf, control, evidenceOf, framework } from './fixtures.js';

const manualRecord = (kind: string, over: Partial<ManualEvidenceRecord> = {}): ManualEvidenceRecord => ({ id: 'M1', kind, title: 'Policy v3', owner: 'CISO', collectedOn: '2026-01-10', validUntil: '2027-01-10', location: 'x.pdf', ...over });

const controls = [
  control('with-policy', { manual: ['policy'] }),
  control('with-training', { manual: ['training'] }),
  control('not-named', { manual: ['policy'] }),
];
const fw = framework([
  { id: '1', title: 'Policy', assessable: true, controls: ['with-policy'] },
  { id: '2', title: 'Training', assessable: true, controls: ['with-training'] },
]);
const cuec = (id: string, ids: string[]): Cuec => ({ id, area: 'Area', topic: `Topic ${id}`, controls: ids, attestation: 'aws-soc2-type2' });

describe('evaluateCuecs', () => {
  it('combines the controls\' statuses of the framework\'s result; a control the framework does not name comes from the lookup', () => {
    const evidence = evidenceOf([], { manualEvidence: [manualRecord('policy')] });
    const catalog = catalogOf(controls, fw);
    const result = evaluateFramework(fw, catalog, evidence);
    expect(result.controls.get('with-policy')?.status).toBe('met');
    expect(result.controls.get('with-training')?.status).toBe('needs-evidence');
    const asked: string[] = [];
    const other = (id: string) => {
      asked.push(id);
      const c = catalog.controls.get(id);
      return c ? evaluateControl(c, toControlContext(catalog, evidence)) : undefined;
    };
    const out = evaluateCuecs([cuec('CUEC-01', ['with-policy']), cuec('CUEC-02', ['with-policy', 'with-training']), cuec('CUEC-03', ['not-named'])], result, other);
    expect(out.map((c) => [c.id, c.status])).toEqual([['CUEC-01', 'met'], ['CUEC-02', 'partial'], ['CUEC-03', 'met']]);
    expect(out[1]?.controls).toEqual([
      { controlId: 'with-policy', title: 'Control with-policy', responsibility: 'customer', status: 'met', inFramework: true },
      { controlId: 'with-training', title: 'Control with-training', responsibility: 'customer', status: 'needs-evidence', inFramework: true },
    ]);
    expect(out[2]?.controls[0]).toMatchObject({ controlId: 'not-named', status: 'met', inFramework: false });
    expect(asked).toEqual(['not-named']);
    expect(out[0]).toMatchObject({ area: 'Area', topic: 'Topic CUEC-01', attestation: 'aws-soc2-type2' });
  });

  it('a failing control fails the CUEC; no CUECs, none', () => {
    const evidence = evidenceOf([], { manualEvidence: [manualRecord('policy', { validUntil: '2026-01-01' })] });
    const result = evaluateFramework(fw, catalogOf(controls, fw), evidence);
    expect(result.controls.get('with-policy')?.status).toBe('not-met');
    expect(evaluateCuecs([cuec('CUEC-01', ['with-policy', 'with-training'])], result, () => undefined)[0]?.status).toBe('not-met');
    expect(evaluateCuecs([], result, () => undefined)).toEqual([]);
  });
});
