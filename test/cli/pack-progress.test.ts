/** report/demo progress: a bar on a terminal, plain lines elsewhere, nothing when quiet. */
import { describe, expect, it } from 'vitest';
import { createPackProgress, type PackProgressMode } from '../../src/cli/pack-progress.js';
import type { PdfEvent } from '../../src/render/pdf/write-pdf-in-worker.js';

const layout = (frameworkId: string, section: string, index: number, page: number): PdfEvent => ({ kind: 'layout', frameworkId, file: `${frameworkId}.pdf`, section, index, sections: 4, page });
const EVENTS: PdfEvent[] = [
  { kind: 'start', frameworkIds: ['pci', 'soc2'] },
  layout('pci', 'Cover', 1, 1),
  layout('soc2', 'Cover', 1, 1),
  layout('pci', 'Summary', 2, 2),
  layout('pci', 'Requirement detail', 3, 3),
  layout('pci', 'Requirement detail', 3, 4),
  layout('pci', 'Appendix', 4, 5),
  { kind: 'written', frameworkId: 'pci', file: 'pci.pdf', pages: 5, bytes: 100 },
];

function run(mode: PackProgressMode, clock: number[] = []): string {
  let out = '';
  let t = 0;
  const p = createPackProgress({ mode, write: (s) => (out += s), columns: 100, now: () => clock[t++] ?? 1e9 });
  p.note('Laying out 2 PDFs');
  for (const e of EVENTS) p.pdf(e);
  p.note('done');
  p.done();
  return out;
}

describe('createPackProgress', () => {
  it('plain lines: one per framework each time its layout enters a section, with the page, and one per PDF written', () => {
    expect(run('lines').split('\n')).toEqual([
      'Laying out 2 PDFs',
      'pci: Cover (section 1 of 4), page 1',
      'soc2: Cover (section 1 of 4), page 1',
      'pci: Summary (section 2 of 4), page 2',
      'pci: Requirement detail (section 3 of 4), page 3',
      'pci: Appendix (section 4 of 4), page 5',
      'pci: PDF written, 5 pages',
      'done',
      '',
    ]);
  });

  it('a bar on a terminal: the PDFs written and each framework\'s section and page, redrawn on a section change, lines above it, cleared at the end', () => {
    const out = run('bar');
    expect(out.startsWith('Laying out 2 PDFs\n\r\x1b[2K[....................] 0/2 PDFs')).toBe(true);
    const draws = out.split('\r\x1b[2K').filter((s) => s.startsWith('['));
    expect(draws).toContain('[#####...............] 0/2 PDFs  pci Requirement detail 3/4 p.3 | soc2 Cover 1/4 p.1');
    // Written: a line above the bar, and the bar counts it (pci whole, soc2 at its first section: 1/2).
    expect(out).toContain('\r\x1b[2Kpci: PDF written, 5 pages\n\r\x1b[2K[##########..........] 1/2 PDFs  soc2 Cover 1/4 p.1');
    expect(out.endsWith('done\n\r\x1b[2K[##########..........] 1/2 PDFs  soc2 Cover 1/4 p.1\r\x1b[2K')).toBe(true);
    for (const d of draws) expect(d.length).toBeLessThanOrEqual(99);
  });

  it('a page within the same section redraws at most every 150 ms', () => {
    // Clock: each draw asks the time once; the page-4 event comes 10 ms after the page-3 one.
    const out = run('bar', [0, 0, 1000, 1200, 1400, 1410, 1600, 1800, 2000]);
    expect(out).not.toContain('p.4');
  });

  it('nothing at all when quiet', () => {
    expect(run('quiet')).toBe('');
  });
});
