/**
 * The SSP's leveraged authorizations name AWS Artifact reports and agreements: AWS text, shown
 * literally (in a code span, control and invisible characters visible) like all AWS text in OSCAL.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { hasHiddenCharacters } from '../../../src/domain/visible-text.js';
import { toOscalJson, toOscalSet } from '../../../src/render/oscal/to-oscal-set.js';
import { makePackInput } from '../../fixtures/pack-input.js';

const HOSTILE_NAME = ' \u202E{{title}}\u0000\u200B<b>x</b>';

describe('SSP leveraged authorizations', () => {
  it('show an Artifact report or agreement name with a bidi override, NUL or zero-width space escaped, never raw (found by the attack run)', async () => {
    const base = makePackInput();
    // The evaluation's reason names the report as AWS gave it ("<name> (version 3) covers ...").
    const controls = new Map([...base.result.controls].map(([id, c]) => [id, { ...c, attestations: c.attestations.map((a) => ({ ...a, reason: `${a.reason}${HOSTILE_NAME}` })) }]));
    const pack = {
      ...base,
      result: { ...base.result, controls },
      evidence: {
        ...base.evidence,
        artifactReports: base.evidence.artifactReports.map((r) => ({ ...r, name: `${r.name}${HOSTILE_NAME}` })),
        artifactAgreements: base.evidence.artifactAgreements.map((a) => ({ ...a, name: `${a.name}${HOSTILE_NAME}` })),
      },
    };
    const set = toOscalSet({ pack, catalog: await loadCatalog(), toolVersion: '9.9.9', snapshotManifestSha256: 'ab'.repeat(32), workingInputs: [] });
    const ssp = set.find((d) => d.name.endsWith('_ssp.json'));
    if (!ssp) throw new Error('no SSP');
    const text = toOscalJson(ssp);
    const ssp1 = (JSON.parse(text) as { 'system-security-plan': { 'system-implementation': { 'leveraged-authorizations'?: { remarks: string }[] } } })['system-security-plan'];
    const remarks = (ssp1['system-implementation']['leveraged-authorizations'] ?? []).map((l) => l.remarks);
    expect(remarks.length).toBeGreaterThan(0);
    expect(remarks.some((r) => r.includes('\\u{202E}{{title}}\\u{0000}\\u{200B}<b>x</b>'))).toBe(true);
    for (const d of set) expect(hasHiddenCharacters(toOscalJson(d)), d.name).toBe(false);
  });
});
