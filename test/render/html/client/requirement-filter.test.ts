import { describe, expect, it } from 'vitest';
import type { PageRequirement } from '../../../../src/render/html/page-data.js';
import { filterFromParams, matches, sortRequirements } from '../../../../src/render/html/client/requirement-filter.js';

function req(id: string, over: Partial<PageRequirement> = {}): PageRequirement {
  return { id, title: `Title ${id}`, status: 'met', frameworkStatus: 'In Place', responsibility: 'customer', reasons: [], controls: [], supportingControls: [], deciding: [], supporting: [], families: [], owners: [], properties: [], ...over };
}

const rows = [
  req('10.2.1', { status: 'not-met', owners: ['Platform'], families: ['Logging'], reasons: ['CloudTrail is off'] }),
  req('2.1', { status: 'partial', responsibility: 'shared', owners: ['Platform', 'Security'] }),
  req('8.3.4', { status: 'not-met', responsibility: 'shared', families: ['Identity'], title: 'Lockout after failed attempts' }),
];

describe('the requirement filter', () => {
  it('keeps the requirements that match every filter and every word', () => {
    const f = filterFromParams(new URLSearchParams('status=not-met'));
    expect(rows.filter((r) => matches(r, f)).map((r) => r.id)).toEqual(['10.2.1', '8.3.4']);
    expect(rows.filter((r) => matches(r, { ...f, responsibility: 'shared' })).map((r) => r.id)).toEqual(['8.3.4']);
    expect(rows.filter((r) => matches(r, filterFromParams(new URLSearchParams('owner=Security')))).map((r) => r.id)).toEqual(['2.1']);
    expect(rows.filter((r) => matches(r, filterFromParams(new URLSearchParams('q=cloudtrail  OFF')))).map((r) => r.id)).toEqual(['10.2.1']);
    expect(rows.filter((r) => matches(r, filterFromParams(new URLSearchParams('q=lockout&family=Identity')))).map((r) => r.id)).toEqual(['8.3.4']);
  });

  it('counts an option over the other filters only', () => {
    const f = filterFromParams(new URLSearchParams('status=not-met&responsibility=customer'));
    expect(rows.filter((r) => matches(r, f, 'responsibility')).map((r) => r.id)).toEqual(['10.2.1', '8.3.4']);
  });

  it('sorts ids naturally, statuses in the given order, and keeps catalog order by default', () => {
    expect(sortRequirements(rows, 'id', false, []).map((r) => r.id)).toEqual(['2.1', '8.3.4', '10.2.1']);
    expect(sortRequirements(rows, 'id', true, []).map((r) => r.id)).toEqual(['10.2.1', '8.3.4', '2.1']);
    expect(sortRequirements(rows, 'status', false, ['not-met', 'partial']).map((r) => r.id)).toEqual(['10.2.1', '8.3.4', '2.1']);
    expect(sortRequirements(rows, 'catalog', false, []).map((r) => r.id)).toEqual(['10.2.1', '2.1', '8.3.4']);
  });
});
