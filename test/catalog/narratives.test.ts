import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { checkNarrative, NARRATIVE_FIELDS, SAMPLE_NARRATIVE_CONTEXT } from '../../src/catalog/check-narrative.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';

const catalog = await loadCatalog();
const controls = [...catalog.controls.values()];

describe('control narratives', () => {
  it('the sample context has exactly the narrative fields', () => {
    expect(Object.keys(SAMPLE_NARRATIVE_CONTEXT).sort()).toEqual(Object.keys(NARRATIVE_FIELDS).sort());
  });

  it.each(controls.map((c) => [c.id, c.narrative]))('%s compiles and renders in strict mode', (_id, narrative) => {
    const hbs = Handlebars.create();
    const render = hbs.compile(narrative, { strict: true, noEscape: true });
    const full = render(SAMPLE_NARRATIVE_CONTEXT);
    expect(full).toContain(SAMPLE_NARRATIVE_CONTEXT.organisation);
    expect(full).not.toMatch(/\{\{|\}\}/);
    // And with nothing collected yet: empty lists, zero counts.
    const empty = render({ ...SAMPLE_NARRATIVE_CONTEXT, ruleCount: 0, compliant: 0, evaluated: 0, failing: 0, rules: [], manual: [], attestations: [] });
    expect(empty.trim().length).toBeGreaterThan(0);
  });
});

describe('checkNarrative', () => {
  it.each([
    ['{{organisation}} encrypts data.', []],
    ['{{#if evaluated}}{{compliant}} of {{evaluated}}{{/if}}', []],
    ['{{#each rules}}{{identifier}} {{total}} {{@index}} {{../organisation}}{{/each}}', []],
    ['{{#if evalauted}}x{{/if}}', ["unknown field 'evalauted'"]],
    ['{{#each rules}}{{title}}{{/each}}', ["unknown field 'title'"]],
    ['{{#each organisation}}x{{/each}}', ["'organisation' is not a list"]],
    ['{{#with rules}}x{{/with}}', ['unsupported block']],
    ['{{> partial}}', ['partials']],
    ['{{lookup rules 0}}', ['helper calls']],
    ['{{#if status}}unclosed', ['does not compile as Handlebars']],
  ] as const)('%s', (src, expected) => {
    const issues = checkNarrative(src).map((i) => i.message);
    expect(issues).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(issues[i]).toContain(e));
  });
});
