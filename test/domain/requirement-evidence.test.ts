import { describe, expect, it } from 'vitest';
import { toRequirementEvidence } from '../../src/domain/requirement-evidence.js';
import { catalogOf, control, framework } from '../evaluate/fixtures.js';

const fw = framework([{ id: '1', title: 'r', assessable: true, controls: [] }]);
const catalog = catalogOf(
  [
    control('enc', { rules: ['S3_RULE', 'RDS_RULE'], attestations: ['aws-soc2-type2'], model: 'shared' }),
    control('docs', { manual: ['policy', 'training'] }),
    control('dc', { attestations: ['aws-soc2-type2'], model: 'inherited' }),
    control('iam', { rules: ['IAM_RULE'] }),
  ],
  fw,
);

describe('what decides a requirement', () => {
  it('without decides: every rule and manual kind of its controls, and the attestations of their AWS side', () => {
    const ev = toRequirementEvidence(catalog, { id: '1', title: 'r', assessable: true, controls: ['enc', 'docs'] });
    expect(ev.rules).toEqual([{ id: 'S3_RULE', controlId: 'enc' }, { id: 'RDS_RULE', controlId: 'enc' }]);
    expect(ev.manual.map((m) => m.id)).toEqual(['policy', 'training']);
    expect(ev.attestations).toEqual([{ id: 'aws-soc2-type2', controlId: 'enc' }]);
    expect(ev.supportingRules).toEqual([]);
    expect(ev.responsibility).toBe('shared');
  });

  it('decides narrows; what it leaves out of the controls, the supporting controls and supportingRules support', () => {
    const ev = toRequirementEvidence(catalog, {
      id: '1', title: 'r', assessable: true, controls: ['enc', 'docs'],
      decides: { configRules: ['RDS_RULE'], manual: ['policy'], attestations: [] },
      supportedBy: ['iam'], supportingRules: ['S3_RULE', 'X_RULE'],
    });
    expect(ev.rules.map((r) => r.id)).toEqual(['RDS_RULE']);
    expect(ev.manual.map((m) => m.id)).toEqual(['policy']);
    expect(ev.attestations).toEqual([]);
    expect(ev.supportingRules).toEqual(['IAM_RULE', 'S3_RULE', 'X_RULE']);
    expect(ev.responsibility).toBe('customer');
  });

  it('attestations alone: inherited; customer evidence alone: customer', () => {
    expect(toRequirementEvidence(catalog, { id: '1', title: 'r', assessable: true, controls: ['dc'] }).responsibility).toBe('inherited');
    expect(toRequirementEvidence(catalog, { id: '1', title: 'r', assessable: true, controls: ['iam'] }).responsibility).toBe('customer');
    expect(toRequirementEvidence(catalog, { id: '1', title: 'r', assessable: true, controls: ['dc', 'docs'] }).responsibility).toBe('shared');
  });
});
