/** What the overlays changed for each framework: its own items, the controls and kinds it uses, the removals that affected it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/domain/catalog.js';
import { toFrameworkCatalogChanges } from '../../src/domain/framework-catalog-changes.js';

let dir: string;
let catalog: Catalog;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'srmap-fw-changes-'));
  await writeFile(path.join(dir, 'pci-dss-4.0.1.yaml'), 'id: pci-dss-4.0.1\nremove:\n  - id: "12.5.2.1"\n    reason: Not a service provider.\nrequirements:\n  - id: "1.1.1"\n    parent: "1.1"\n    title: Our own policy wording\n    controls: [information-security-policy]\n');
  await writeFile(path.join(dir, 'network.yaml'), 'family: network-security\ntitle: Network security\nremove:\n  - id: ddos-protection\n    reason: Our CDN provider carries it.\n');
  await writeFile(
    path.join(dir, 'acme-baseline.yaml'),
    'id: acme-baseline\nname: ACME\nversion: "1"\npublisher: ACME\ndescription: Ours.\nrequirements:\n  - id: "1"\n    title: Storage\n    controls: [encrypt-data-at-rest]\n  - id: "2"\n    title: Reviews\n',
  );
  catalog = await loadCatalog(undefined, [dir]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const changesOf = (id: string) => {
  const f = catalog.frameworks.find((x) => x.id === id);
  if (!f) throw new Error(id);
  return toFrameworkCatalogChanges(catalog, f)?.changes.map((c) => `${c.change} ${c.kind} ${c.id}`);
};

describe('toFrameworkCatalogChanges', () => {
  it('nothing without overlays', async () => {
    const shipped = await loadCatalog();
    expect(toFrameworkCatalogChanges(shipped, shipped.frameworks[0]!)).toBeUndefined();
  });

  it("a framework's own requirements removed and replaced; a removed control only where it was mapped, with the requirements it affected", () => {
    expect(changesOf('pci-dss-4.0.1')).toEqual(['removed requirement 12.5.2.1', 'replaced requirement 1.1.1']);
    expect(changesOf('soc2-2017')).toEqual(['removed control ddos-protection', 'affected requirement CC6.6']);
    const affected = catalog.changes?.find((c) => c.id === 'CC6.6');
    expect(affected?.controls).toEqual(['ddos-protection']);
  });

  it('a framework an overlay added is one change, not one per requirement; the overlay files come with it', () => {
    expect(changesOf('acme-baseline')).toEqual(['added framework acme-baseline']);
    const f = catalog.frameworks.find((x) => x.id === 'acme-baseline')!;
    expect(toFrameworkCatalogChanges(catalog, f)?.overlays[0]?.files.map((x) => x.path).sort()).toEqual(['acme-baseline.yaml', 'network.yaml', 'pci-dss-4.0.1.yaml']);
  });
});
