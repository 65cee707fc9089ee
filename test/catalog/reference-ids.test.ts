import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { REFERENCE_DIR } from './helpers.js';

const CATALOGS = path.join(REFERENCE_DIR, 'catalogs');
const REFERENCE_FILES: Record<string, string> = {
  'hipaa-security': 'hipaa-security-rule.ids.json',
  'pci-dss-4.0.1': 'pci-dss-4.0.1.ids.json',
  'soc2-2017': 'soc2-tsc-2017.ids.json',
  'iso27001-2022': 'iso27001-2022.ids.json',
};
interface RefItem {
  id: string;
  parent: string | null;
  service_provider_only?: boolean;
  required?: string | null;
}

describe.skipIf(!existsSync(CATALOGS))('framework identifiers against the reference lists (needs ../shared/reference)', () => {
  it.each(Object.entries(REFERENCE_FILES))('%s uses only reference ids, with the reference parents', async (id, file) => {
    const ref = JSON.parse(await readFile(path.join(CATALOGS, file), 'utf8')) as { items: RefItem[] };
    const items = new Map(ref.items.map((i) => [i.id, i]));
    const framework = (await loadCatalog()).frameworks.find((f) => f.id === id)!;
    expect(framework).toBeDefined();
    expect(framework.requirements.map((r) => r.id).filter((rid) => !items.has(rid))).toEqual([]);
    for (const r of framework.requirements) {
      expect(r.parent ?? null, r.id).toBe(items.get(r.id)?.parent ?? null);
      if (id === 'pci-dss-4.0.1' && r.assessable) expect(r.properties?.['service-provider-only'] === 'true', r.id).toBe(items.get(r.id)?.service_provider_only ?? false);
      if (id === 'hipaa-security' && r.properties?.['hipaa-type']) {
        expect(r.properties?.['hipaa-type'], r.id).toBe(items.get(r.id)?.required === 'Required' ? 'required' : 'addressable');
      }
    }
    if (id === 'hipaa-security') expect(framework.requirements.map((r) => r.id)).toEqual(ref.items.map((i) => i.id));
  });
});

const MANAGED_RULES = path.join(REFERENCE_DIR, 'aws-config', 'managed-rules.json');
describe.skipIf(!existsSync(MANAGED_RULES))('frameworks/aws-config-managed-rules.json (needs ../shared/reference)', () => {
  it('is what src/tools/import-managed-rules.ts makes of the reference list', async () => {
    const { toManagedRulesFile } = await import('../../src/tools/import-managed-rules.js');
    const shipped = await readFile(new URL('../../frameworks/aws-config-managed-rules.json', import.meta.url), 'utf8');
    expect(shipped).toBe(toManagedRulesFile(JSON.parse(await readFile(MANAGED_RULES, 'utf8'))));
  });
});
