/**
 * Progress of `report` and `demo` while the pack PDFs are laid out: one bar on a terminal (the PDFs
 * done, and each framework's section and page), plain lines elsewhere (CI logs, pipes: a line each
 * time a framework's layout enters a section, and one when its PDF is written), nothing with
 * --quiet. The pipeline's own messages print as lines above the bar. Writes only through the
 * function it is given (stderr), like collect's progress.
 */
import type { PdfEvent } from '../render/pdf/write-pdf-in-worker.js';

export type PackProgressMode = 'bar' | 'lines' | 'quiet';

export interface PackProgress {
  /** A line worth keeping in the log (the pipeline's messages). */
  note(line: string): void;
  /** A PDF thread's event. */
  pdf(event: PdfEvent): void;
  /** Clear the bar (before the summary is printed). */
  done(): void;
}

export interface PackProgressOptions {
  mode: PackProgressMode;
  write: (text: string) => void;
  /** Terminal width for the bar. */
  columns?: number;
  now?: () => number;
}

interface Layout {
  section: string;
  index: number;
  sections: number;
  page: number;
  pages?: number;
}

const BAR_WIDTH = 20;
const REDRAW_MS = 150;

export function createPackProgress(options: PackProgressOptions): PackProgress {
  const now = options.now ?? Date.now;
  let order: string[] = [];
  const layouts = new Map<string, Layout>();
  let barShown = false;
  let last = 0;

  const bar = (): string => {
    const total = Math.max(order.length, layouts.size);
    let done = 0;
    let filled = 0;
    for (const l of layouts.values()) {
      if (l.pages !== undefined) {
        done += 1;
        filled += 1;
      } else filled += (l.index - 1) / Math.max(1, l.sections);
    }
    const n = total > 0 ? Math.round((filled / total) * BAR_WIDTH) : 0;
    const active = [...layouts.entries()].filter(([, l]) => l.pages === undefined).map(([id, l]) => `${id} ${l.section} ${l.index}/${l.sections} p.${l.page}`);
    const line = `[${'#'.repeat(n)}${'.'.repeat(BAR_WIDTH - n)}] ${done}/${total} PDFs${active.length > 0 ? `  ${active.join(' | ')}` : ''}`;
    const cols = options.columns ?? 100;
    return line.length > cols - 1 ? line.slice(0, cols - 1) : line;
  };
  const clear = () => {
    if (barShown) options.write('\r\x1b[2K');
    barShown = false;
  };
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - last < REDRAW_MS) return;
    last = t;
    options.write(`\r\x1b[2K${bar()}`);
    barShown = true;
  };
  const line = (text: string) => {
    if (options.mode === 'quiet') return;
    clear();
    options.write(`${text}\n`);
    if (options.mode === 'bar' && order.length > 0) draw(true);
  };

  return {
    note: line,
    pdf(e) {
      if (options.mode === 'quiet') return;
      if (e.kind === 'start') {
        order = e.frameworkIds;
        if (options.mode === 'bar') draw(true);
        return;
      }
      if (e.kind === 'written') {
        const l = layouts.get(e.frameworkId);
        layouts.set(e.frameworkId, { ...(l ?? { section: '', index: 0, sections: 0, page: e.pages }), pages: e.pages });
        line(`${e.frameworkId}: PDF written, ${e.pages.toLocaleString('en-US')} pages`);
        return;
      }
      const before = layouts.get(e.frameworkId);
      layouts.set(e.frameworkId, { section: e.section, index: e.index, sections: e.sections, page: e.page });
      if (options.mode === 'lines') {
        if (before?.index !== e.index) options.write(`${e.frameworkId}: ${e.section} (section ${e.index} of ${e.sections}), page ${e.page}\n`);
      } else draw(before?.index !== e.index);
    },
    done() {
      clear();
    },
  };
}
