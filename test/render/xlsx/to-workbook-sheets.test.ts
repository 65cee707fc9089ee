/** The framework's own workbook sheets are what its file declares (workbookSheets): no framework id in code. */
import { describe, expect, it } from 'vitest';
import type { PackInput } from '../../../src/domain/result.js';
import { toWorkbookPlan } from '../../../src/render/xlsx/to-workbook-sheets.js';
import { makePackInput } from '../../fixtures/pack-input.js';

const withSheets = (sheets: NonNullable<PackInput['result']['framework']['workbookSheets']>): PackInput => {
  const input = makePackInput();
  return { ...input, result: { ...input.result, framework: { ...input.result.framework, workbookSheets: sheets } } };
};
const planOf = (input: PackInput) => toWorkbookPlan(input, {}, 'srmap test', { rows: 0, shown: 0, failing: 0, frameworkId: 'hipaa-security' });
const names = (input: PackInput) => planOf(input).before.map((s) => s.name);

describe("the framework's own sheets", () => {
  it('none unless the framework file asks: the sheets after Requirements are the pack\'s', () => {
    expect(names(makePackInput())).toEqual(['About', 'Requirements', 'How each status was computed', 'Responsibility matrix', 'Gaps', 'Exceptions', 'Attestations', 'Manual evidence']);
  });

  it('a Statement of Applicability over the requirements under the declared headings, with the framework\'s column words, named and described as declared', () => {
    const input = withSheets([{ kind: 'statement-of-applicability', under: ['164.310', '164.312'], headers: { id: 'specification', parent: 'safeguard' }, name: 'SoA', description: 'Physical and technical safeguards' }]);
    const plan = planOf(input);
    expect(plan.before.map((s) => s.name).slice(0, 3)).toEqual(['About', 'Requirements', 'SoA']);
    const soa = plan.before[2];
    expect(soa?.columns.slice(0, 4).map((c) => c.header)).toEqual(['specification', 'title', 'safeguard', 'applicable']);
    expect(soa?.rows.map((r) => r.cells[0])).toEqual(['164.310(a)(1)', '164.310(c)', '164.310(d)(2)(i)', '164.312(a)(2)(iv)', '164.312(b)', '164.312(e)(1)']);
    expect(soa?.rows[0]?.cells[2]).toBe('164.310 Physical safeguards');
    const about = plan.before[0]?.rows.find((r) => r.cells[0] === 'SoA');
    expect(about?.cells[1]).toBe('Physical and technical safeguards');
  });

  it('a responsibility summary of every requirement by default, headings as section rows; defaults for name and description; both sheets in the declared order', () => {
    const input = withSheets([{ kind: 'responsibility-summary' }, { kind: 'statement-of-applicability' }]);
    const plan = planOf(input);
    expect(plan.before.map((s) => s.name).slice(1, 4)).toEqual(['Requirements', 'Responsibility summary', 'Statement of Applicability']);
    const summary = plan.before[2];
    expect(summary?.columns[0]?.header).toBe('requirement');
    expect(summary?.rows.map((r) => [r.cells[0], r.heading === true])).toEqual(input.result.requirements.map((r) => [r.requirementId, !r.assessable]));
    expect(plan.before[0]?.rows.find((r) => r.cells[0] === 'Responsibility summary')?.cells[1]).toMatch(/^Each requirement: AWS, shared or customer/);
    expect(plan.before[3]?.columns[0]?.header).toBe('requirement');
  });

  it('a Statement of Applicability with nothing to list is left out', () => {
    expect(names(withSheets([{ kind: 'statement-of-applicability', under: ['164.999'] }]))).not.toContain('Statement of Applicability');
  });
});
