import { describe, expect, it } from 'vitest';
import { parseRoute, toRoute } from '../../../../src/render/html/client/page-state.js';

describe('the page location in the URL fragment', () => {
  it('round-trips a view, its id and its parameters', () => {
    const hash = `#/${toRoute('requirements', { status: 'not-met', responsibility: 'customer', q: 'key rotation', page: 2, owner: '' })}`;
    const r = parseRoute(hash);
    expect(r.view).toBe('requirements');
    expect(Object.fromEntries(r.params)).toEqual({ status: 'not-met', responsibility: 'customer', q: 'key rotation', page: '2' });
    expect(parseRoute(`#/${toRoute('requirement', {}, '164.308(a)(1)(ii)(A)')}`)).toMatchObject({ view: 'requirement', id: '164.308(a)(1)(ii)(A)' });
    expect(parseRoute(`#/${toRoute('rule', {}, 'A/B?c#d')}`)).toMatchObject({ view: 'rule', id: 'A/B?c#d' });
  });

  it('opens the overview for an empty, unknown or foreign fragment, and keeps a malformed id as text', () => {
    expect(parseRoute('').view).toBe('overview');
    expect(parseRoute('#main').view).toBe('overview');
    expect(parseRoute('#/nonsense?x=1').view).toBe('overview');
    expect(parseRoute('#/requirement/%E0%A4%A').id).toBe('%E0%A4%A');
  });
});
