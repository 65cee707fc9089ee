/** The shared-responsibility matrix: every requirement with its controls and status, each control's split said once. */
import { describe, expect, it } from 'vitest';
import { toPdfContext } from '../../../src/render/pdf/pdf-blocks.js';
import { toMatrixSection } from '../../../src/render/pdf/matrix-section.js';
import { makePackInput } from '../../fixtures/pack-input.js';

function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'style' && k !== 'id' && k !== 'color' && k !== 'outlineText' && k !== 'alignment') texts(v, out);
  return out;
}

interface Table { table: { body: unknown[][] } }

describe('the shared-responsibility matrix', () => {
  const input = makePackInput();
  const section = toMatrixSection(toPdfContext(input));
  const tables = section.filter((c): c is Table & typeof c => typeof c === 'object' && c !== null && 'table' in c) as unknown as Table[];
  const [requirements, controls] = tables;
  const rowText = (row: unknown[]) => row.map((cell) => texts(cell).join(''));

  it('has one row per assessable requirement: id, title, responsibility, its deciding controls and status', () => {
    const rows = (requirements?.table.body ?? []).slice(1).map(rowText).filter((r) => r[1] !== '');
    const assessable = input.result.requirements.filter((r) => r.assessable);
    expect(rows.map((r) => r[0])).toEqual(assessable.map((r) => r.requirementId));
    for (const [i, r] of assessable.entries()) {
      const mapped = r.controls.filter((id) => input.result.controls.has(id));
      expect(rows[i]?.[3], r.requirementId).toBe(mapped.length > 0 ? mapped.join(', ') : 'No common control mapped.');
      expect(rows[i]?.[1]).toBe(r.title);
    }
  });

  it('states each control\'s split once: what AWS does and what the customer does, and how many requirements map it', () => {
    const rows = (controls?.table.body ?? []).slice(1).map(rowText);
    const named = [...new Set(input.result.requirements.filter((r) => r.assessable).flatMap((r) => r.controls))].filter((id) => input.result.controls.has(id)).sort();
    expect(rows.map((r) => r[0]?.split('\n')[0])).toEqual(named);
    const all = texts(section).join('\n');
    for (const [i, id] of named.entries()) {
      const c = input.result.controls.get(id);
      expect(rows[i]?.[2]).toBe(c?.aws);
      expect(rows[i]?.[3]).toBe(c?.customer);
      // Said once in the whole section, however many requirements map the control.
      expect(all.split(c?.aws ?? '').length - 1, id).toBe(1);
      expect(rows[i]?.[4]).toBe(String(input.result.requirements.filter((r) => r.assessable && r.controls.includes(id)).length));
    }
  });
});
