/**
 * "How often ...?" from the evidence register: the period a current record of the practice is valid
 * for is the cadence the organisation keeps (a quarterly access review is valid for about 90 days).
 * "How long ...?" (retention) is a duration no record states: it goes to review. Pure.
 */
import { daysBetween } from '../domain/dates.js';
import type { ControlResult } from '../domain/result.js';
import { asksAboutDocument, isDocumentOfIntent } from './judge-requirement.js';

export interface FrequencyAnswer {
  answer: string;
  response: string;
  internal: string;
  found: boolean;
}

export function cadenceOf(days: number): string {
  if (days <= 2) return 'Daily';
  if (days <= 9) return 'Weekly';
  if (days <= 35) return 'Monthly';
  if (days <= 100) return 'Quarterly';
  if (days <= 200) return 'Every six months';
  if (days <= 400) return 'Annually';
  return `Every ${Math.round(days / 30)} months`;
}

const DURATION = /^how long\b|\bretention\b|\bretain(ed)?\b|\bkept\b/i;

export function answerFrequency(question: string, controls: readonly ControlResult[]): FrequencyAnswer {
  if (DURATION.test(question) && !/\bhow often|how frequently\b/i.test(question)) {
    return { answer: 'Needs review', response: '', internal: 'A retention period or duration: no evidence record states it. Answer from the retention settings or policy.', found: false };
  }
  const wantDocument = asksAboutDocument(question);
  for (const c of controls) {
    const records = c.manual.filter((m) => m.record && (m.status === 'current' || m.status === 'expiring') && isDocumentOfIntent(m.kind) === wantDocument);
    const m = records[0];
    if (!m?.record) continue;
    const days = daysBetween(m.record.collectedOn, m.record.validUntil);
    const cadence = cadenceOf(days);
    return {
      answer: cadence,
      response: `${cadence}. The most recent: ${m.record.title} (${m.record.collectedOn}).`,
      internal: `Cadence from ${m.record.id} (${m.kind}, ${c.title}): collected ${m.record.collectedOn}, valid until ${m.record.validUntil} (${days} days), ${m.status}.`,
      found: true,
    };
  }
  return {
    answer: 'Needs review',
    response: '',
    internal: `No current ${wantDocument ? 'document' : 'record of the practice'} for ${controls.map((c) => c.title).join(', ') || 'the matched controls'} in the evidence register states a cadence.`,
    found: false,
  };
}
