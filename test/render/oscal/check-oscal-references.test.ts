/** srmap's identity check of OSCAL documents: what the JSON Schema cannot see. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkOscalReferences, oscalModelOf } from '../../../src/render/oscal/check-oscal-references.js';
import { SHARED_OSCAL_SCHEMA, VENDORED_OSCAL_SCHEMA } from '../../helpers/oscal-schema.js';
import { existsSync } from 'node:fs';

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const metadata = { title: 't', 'last-modified': '2026-09-30T00:00:00Z', version: '1', 'oscal-version': '1.1.2', roles: [{ id: 'provider', title: 'P' }], parties: [{ uuid: U(1), type: 'organization', name: 'AWS' }] };
const catalog = { catalog: { uuid: U(10), metadata, controls: [{ id: 'req-1.1', title: 'One', parts: [{ id: 'req-1.1_smt', name: 'statement', prose: 'x' }] }] } };
const profile = { profile: { uuid: U(11), metadata, imports: [{ href: './c.json', 'include-controls': [{ 'with-ids': ['req-1.1'] }] }] } };
const ssp = (ir: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  'system-security-plan': {
    uuid: U(12),
    metadata,
    'import-profile': { href: './p.json' },
    'system-implementation': { users: [{ uuid: U(13), 'role-ids': ['provider'] }], components: [{ uuid: U(14), type: 'this-system', title: 'S', description: 'S', status: { state: 'operational' } }] },
    'control-implementation': { description: 'd', 'implemented-requirements': [{ uuid: U(15), 'control-id': 'req-1.1', ...ir }] },
    ...extra,
  },
});
const check = (docs: Record<string, unknown>) => checkOscalReferences(new Map(Object.entries(docs)));

describe('checkOscalReferences', () => {
  it('passes a chain of documents whose references all resolve', () => {
    const r = check({ 'c.json': catalog, 'p.json': profile, 's.json': ssp({ 'by-components': [{ 'component-uuid': U(14), uuid: U(16), description: 'd', 'responsible-roles': [{ 'role-id': 'provider', 'party-uuids': [U(1)] }] }] }) });
    expect(r).toEqual({ problems: [], notes: [] });
    expect(oscalModelOf(catalog)).toBe('catalog');
    expect(oscalModelOf({ files: [] })).toBeUndefined();
  });

  it('names each reference that resolves to nothing, with its JSON pointer', () => {
    const r = check({
      'c.json': catalog,
      'p.json': profile,
      's.json': ssp({
        'control-id': 'req-9.9',
        'by-components': [{
          'component-uuid': U(99),
          uuid: U(16),
          description: 'd',
          satisfied: [{ uuid: U(17), 'responsibility-uuid': U(98), description: 'd' }],
          'responsible-roles': [{ 'role-id': 'auditor', 'party-uuids': [U(97)] }],
          props: [{ name: 'deciding-observation', ns: 'urn:srmap:oscal', value: U(96) }],
        }],
      }),
    });
    expect(r.problems.map((p) => `${p.file} ${p.path}`).sort()).toEqual([
      's.json /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/component-uuid',
      's.json /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/props/0/value',
      's.json /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/responsible-roles/0/party-uuids/0',
      's.json /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/responsible-roles/0/role-id',
      's.json /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/satisfied/0/responsibility-uuid',
      's.json /system-security-plan/control-implementation/implemented-requirements/0/control-id',
    ]);
  });

  it('finds a uuid used twice and a control id used twice', () => {
    const dup = { catalog: { ...catalog.catalog, uuid: U(1), controls: [...catalog.catalog.controls, { id: 'req-1.1', title: 'Again' }] } };
    const r = check({ 'c.json': dup });
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/uuid 00000000-0000-4000-8000-000000000001 is also used/),
      expect.stringMatching(/control or group id req-1.1 is also used/),
    ]);
  });

  it('says what it could not check when an imported document is not given', () => {
    const r = check({ 's.json': ssp({ 'by-components': [{ 'component-uuid': U(14), uuid: U(16), description: 'd' }] }) });
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual(['s.json: imports ./p.json, which was not given: references into it are not checked']);
  });
});

describe('the OSCAL JSON Schema srmap ships', () => {
  it('is NIST\'s 1.1.2 schema, byte for byte the team\'s reference copy', async () => {
    const vendored = await readFile(VENDORED_OSCAL_SCHEMA);
    expect((JSON.parse(vendored.toString('utf8')) as { $id: string }).$id).toBe('http://csrc.nist.gov/ns/oscal/1.0/1.1.2/oscal-complete-schema.json');
    if (existsSync(SHARED_OSCAL_SCHEMA)) expect(vendored.equals(await readFile(SHARED_OSCAL_SCHEMA))).toBe(true);
    else console.log(`${SHARED_OSCAL_SCHEMA} is not here: the vendored copy is checked by its $id only`);
  });
});
