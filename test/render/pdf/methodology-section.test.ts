/** The methodology states the catalog overlays and what they changed for the framework, when there are any. */
import { describe, expect, it } from 'vitest';
import type { PackInput } from '../../../src/domain/result.js';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { renderPdfBuffer } from '../../../src/render/pdf/write-pdf.js';
import { makePackInput } from '../../fixtures/pack-input.js';
import { readPdf, squash } from '../../helpers/read-pdf.js';

const SHA = 'ab'.repeat(32);

function withOverlay(): PackInput {
  const input = makePackInput();
  return {
    ...input,
    result: {
      ...input.result,
      catalogChanges: {
        overlays: [{ dir: 'catalog', files: [{ path: 'hipaa-security.yaml', sha256: SHA }, { path: 'controls/network.yaml', sha256: 'cd'.repeat(32) }] }],
        changes: [
          { kind: 'requirement', id: '164.310(d)(2)(iii)', frameworkId: 'hipaa-security', change: 'removed', file: 'catalog/hipaa-security.yaml', note: 'No removable media in scope.' },
          { kind: 'requirement', id: '164.312(b)', frameworkId: 'hipaa-security', change: 'replaced', file: 'catalog/hipaa-security.yaml' },
          { kind: 'control', id: 'ddos-protection', change: 'removed', file: 'catalog/controls/network.yaml', note: 'Our CDN provider carries it.' },
          { kind: 'requirement', id: '164.308(a)(1)(ii)(B)', frameworkId: 'hipaa-security', change: 'affected', file: 'catalog/controls/network.yaml', note: 'maps ddos-protection, removed by an overlay: no longer decided or supported by it', controls: ['ddos-protection'] },
        ],
      },
    },
  };
}

async function methodology(input: PackInput): Promise<string> {
  const pdf = await readPdf(await renderPdfBuffer(toPdfDocument(input, { generatedBy: 'srmap test' })));
  const start = pdf.pages.findIndex((p) => p.includes('How the evidence was collected'));
  expect(start).toBeGreaterThan(0);
  return squash(pdf.pages.slice(start, start + 2).join('\n'));
}

describe('the methodology: catalog overlays', () => {
  it('lists each overlay file with its SHA-256, and each change for the framework with its note and file', async () => {
    const page = await methodology(withOverlay());
    expect(page).toContain(squash('The catalog: overlays and what they change'));
    expect(page).toContain(squash("srmap's shipped catalog with one catalog overlay laid over it"));
    for (const s of ['1. catalog', 'hipaa-security.yaml', SHA, 'controls/network.yaml', 'cd'.repeat(32)]) expect(page).toContain(squash(s));
    for (const s of ['removed', '164.310(d)(2)(iii)', 'No removable media in scope.', 'hipaa-security.yaml (1)', 'replaced', '164.312(b)', 'common control', 'ddos-protection', 'Our CDN provider carries it.', 'controls/network.yaml (1)', 'affected', '164.308(a)(1)(ii)(B)', 'no longer decided or supported by it']) {
      expect(page).toContain(squash(s));
    }
  });

  it('says so when the overlays change nothing the framework uses, and says nothing of a catalog without overlays', async () => {
    const input = withOverlay();
    const none: PackInput = { ...input, result: { ...input.result, catalogChanges: { overlays: input.result.catalogChanges?.overlays ?? [], changes: [] } } };
    expect(await methodology(none)).toContain(squash('They change nothing HIPAA Security Rule uses.'));
    expect(await methodology(makePackInput())).not.toContain(squash('overlays and what they change'));
  });
});
