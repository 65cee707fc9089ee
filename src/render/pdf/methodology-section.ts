/**
 * "Methodology": how the evidence was collected and evaluated, what deciding and supporting
 * evidence mean, what each status means in srmap's words (domain/status.ts) and in the framework's
 * own reporting terms (its file's `reporting:` block), the responsibility model, and, when catalog
 * overlays were laid over the shipped catalog, their files and what they changed for the framework. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { RESPONSIBILITIES, RESPONSIBILITY_COLOURS, RESPONSIBILITY_DEFINITIONS, RESPONSIBILITY_LABELS, STATUS_DEFINITIONS, STATUS_DISPLAY_ORDER } from '../../domain/status.js';
import type { CatalogItemKind } from '../../domain/catalog.js';
import { PORTRAIT_WIDTH, heading, statusText, t, table, token, type Ctx } from './pdf-blocks.js';

const ITEM_WORDS: Readonly<Record<CatalogItemKind, string>> = {
  framework: 'framework',
  requirement: 'requirement',
  control: 'common control',
  family: 'control family',
  'manual-kind': 'manual evidence kind',
  'attestation-kind': 'attestation kind',
  'cuec-set': 'CUEC set',
};

/**
 * The catalog overlays laid over the shipped catalog (each file with its SHA-256, as in the
 * manifest's catalogOverlays) and what they added, replaced or removed for this framework, and the
 * requirements a replaced or removed control affected. Nothing when the shipped catalog was used alone.
 */
function catalogChanges(ctx: Ctx): Content[] {
  const { result } = ctx.input;
  const changed = result.catalogChanges;
  if (changed === undefined) return [];
  const fw = t(result.framework.name);
  const files = changed.overlays.flatMap((o, i) => o.files.map((f, j): TableCell[] => [{ text: j === 0 ? `${String(i + 1)}. ${t(o.dir)}` : '' }, token(f.path), token(f.sha256, { fontSize: 6.5 })]));
  // A change's file as the files table names it: its path in its overlay folder, and which overlay.
  const fileOf = (file: string): string => {
    for (const [i, o] of changed.overlays.entries()) {
      const rel = file.startsWith(`${o.dir}/`) || file.startsWith(`${o.dir}\\`) ? file.slice(o.dir.length + 1) : undefined;
      if (rel !== undefined && o.files.some((f) => f.path === rel.replace(/\\/g, '/'))) return `${rel.replace(/\\/g, '/')} (${String(i + 1)})`;
    }
    return file;
  };
  const rows = changed.changes.map((c): TableCell[] => [
    { text: c.change, bold: true },
    { text: ITEM_WORDS[c.kind] },
    token(c.id),
    { text: t(c.note ?? '') },
    token(fileOf(c.file)),
  ]);
  const n = changed.overlays.length;
  return [
    { text: 'The catalog: overlays and what they change', style: 'h3' },
    {
      text: `The requirements, common controls and evidence kinds are srmap's shipped catalog with ${n === 1 ? 'one catalog overlay' : `${String(n)} catalog overlays`} laid over it, in this order (srmap.yaml catalog: or --catalog). Each file read is listed with its SHA-256, as in the pack's manifest.json (catalogOverlays).`,
      style: 'body',
      margin: [0, 1, 0, 2],
    },
    table(ctx, ['Overlay folder', 'File', 'SHA-256'], files, [130, 110, 250], PORTRAIT_WIDTH, { fontSize: 7 }),
    { text: `What they change for ${fw}: an added or replaced item is used as the overlay wrote it; a removed one is gone with its reason; an affected requirement maps a control an overlay replaced or removed.`, style: 'body', margin: [0, 1, 0, 2] },
    table(ctx, ['Change', 'Item', 'Id', 'Note', 'Overlay file'], rows, [48, 70, 90, 180, 110], PORTRAIT_WIDTH, { fontSize: 7, empty: `They change nothing ${fw} uses.` }),
  ];
}

export function toMethodologySection(ctx: Ctx): Content[] {
  const { result, evidence } = ctx.input;
  const reporting = result.reporting;
  const fw = t(result.framework.name);
  const collected = (evidence.manifest.limits ?? []).some((l) => l.route === 'aggregator') ? 'through an AWS Config aggregator' : 'from each account and region';
  return [
    heading('Methodology', 'h1', 'sec-methodology', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'How the evidence was collected', style: 'h3' },
    {
      ul: [
        `AWS Config: the rules deployed and every evaluation result they hold (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA), read ${collected} with read-only calls. srmap does not change the estate and does not run checks of its own: a result is AWS Config's.`,
        'AWS Artifact: the reports and agreements AWS offers for its side of the shared responsibility model, cited by name, id, version and period; a report downloaded under accepted terms is identified by its SHA-256 and never embedded.',
        'The working folder: the manual evidence register (policies, plans, records no API shows, each with owner, dates, location and SHA-256), owners (RACI), exceptions and applicability declarations.',
        'Everything is written once into an immutable snapshot whose files are hashed (Appendix B); this pack is rebuilt from it byte for byte. What could not be collected is recorded as a collection gap, never silence.',
      ],
      style: 'body',
      margin: [0, 1, 0, 4],
    },
    { text: 'How it was evaluated', style: 'h3' },
    {
      ul: [
        `Each requirement of ${fw} is mapped to common controls; each control names the evidence that shows it works.`,
        'Deciding evidence is what tests the requirement: the AWS Config rules, manual evidence and AWS attestations that say whether it holds. Only deciding evidence decides its status.',
        'Supporting evidence is related evidence that does not test the requirement (a rule of the same control that checks something else, or a rule AWS\'s conformance packs pair with it). It is shown beside the requirement and never changes its status.',
        'Only evidence inside the declared scope decides; evidence outside it is listed and decides nothing. A collection gap inside the scope lowers every status it could hide: missing evidence never raises a status.',
        'Every resource a deciding rule evaluated counts: the population is every resource in scope, with no sampling (Population, next section).',
        'A current, approved exception turns the failing results or requirement it covers into accepted risk; an expired one is listed and never applied. An applicability declaration (not applicable, or a documented alternative) carries its justification, approver and date.',
      ],
      style: 'body',
      margin: [0, 1, 0, 4],
    },
    ...catalogChanges(ctx),
    { text: reporting ? `What each status means, in srmap's words and in ${fw}'s (${t(reporting.vocabulary)})` : 'What each status means', style: 'h3' },
    table(
      ctx,
      reporting ? ['Status', `${fw} term`, 'Definition'] : ['Status', 'Definition'],
      STATUS_DISPLAY_ORDER.map((s): TableCell[] =>
        reporting ? [statusText(s), { text: t(reporting.terms[s]) }, { text: STATUS_DEFINITIONS[s] }] : [statusText(s), { text: STATUS_DEFINITIONS[s] }],
      ),
      reporting ? [80, 110, 300] : [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8 },
    ),
    ...(reporting?.notes ? [{ text: t(reporting.notes), style: 'small', margin: [0, 0, 0, 6] } as Content] : []),
    { text: 'Responsibility', style: 'h3' },
    table(
      ctx,
      ['Responsibility', 'Definition'],
      RESPONSIBILITIES.map((r): TableCell[] => [{ text: RESPONSIBILITY_LABELS[r], bold: true, color: RESPONSIBILITY_COLOURS[r] }, { text: RESPONSIBILITY_DEFINITIONS[r] }]),
      [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8 },
    ),
  ];
}
