/**
 * "Methodology": how the evidence was collected and evaluated, what deciding and supporting
 * evidence mean, what each status means in srmap's words (domain/status.ts) and in the framework's
 * own reporting terms (its file's `reporting:` block), and the responsibility model. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { RESPONSIBILITIES, RESPONSIBILITY_COLOURS, RESPONSIBILITY_DEFINITIONS, RESPONSIBILITY_LABELS, STATUS_DEFINITIONS, STATUS_DISPLAY_ORDER } from '../../domain/status.js';
import { PORTRAIT_WIDTH, heading, statusText, t, table, type Ctx } from './pdf-blocks.js';

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
