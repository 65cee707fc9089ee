/**
 * srmap init writes each framework's scope hint and applicability example from its framework file:
 * a user's framework carries its own, and only the chosen frameworks are named.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../../../src/cli/commands/init.js';
import { readWorkingConfig, toWorkingContext } from '../../../src/collect/manual/read-working-folder.js';
import { parseApplicability } from '../../../src/collect/manual/parse-working-files.js';
import { loadCatalogFor } from '../../../src/cli/catalog-options.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-init-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const framework = (id: string, hint: string) => `id: ${id}
name: ${id}
version: "1"
publisher: ACME Corp
description: Ours.
${hint}requirements:
  - id: "1"
    title: Buckets keep earlier versions
`;

describe('srmap init: the scope to fill in', () => {
  it("writes the framework file's scopeHint (description and example tags), a generic line for a file without one, and it validates once uncommented", async () => {
    const overlay = join(work, 'catalog');
    await mkdir(overlay);
    await writeFile(join(overlay, 'acme-baseline.yaml'), framework('acme-baseline', "scopeHint:\n  description: Payment systems and what connects to them\n  tags: {data-class: restricted, Owner: \"payments' team\"}\n"));
    await writeFile(join(overlay, 'acme-plain.yaml'), framework('acme-plain', ''));
    const dir = join(work, 'folder');
    const out: string[] = [];
    const code = await runInit(
      { dir, organisation: 'ACME', framework: ['acme-baseline', 'acme-plain', 'pci-dss-4.0.1'], region: ['us-east-1'], account: ['111122223333'], catalog: [overlay], force: false },
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    );
    expect(code).toBe(0);
    const text = await readFile(join(dir, 'srmap.yaml'), 'utf8');
    expect(text).toContain([
      '  # acme-baseline:',
      '  #   description: "Payment systems and what connects to them"',
      "  #   accounts: ['111122223333']",
      '  #   regions: [us-east-1]',
      "  #   tags: { data-class: 'restricted', Owner: 'payments'' team' }",
      '  # acme-plain:',
      '  #   description: "The systems this framework covers"',
      "  #   accounts: ['111122223333']",
      '  #   regions: [us-east-1]',
      '  # pci-dss-4.0.1:',
      '  #   description: "Cardholder data environment and the systems connected to it"',
      "  #   accounts: ['111122223333']",
      '  #   regions: [us-east-1]',
      "  #   tags: { cde: 'true' }",
      '  {}',
    ].join('\n'));
    // Uncommented, it is the scope srmap.yaml declares.
    await writeFile(join(dir, 'srmap.yaml'), `${text.replace(/^ {2}# /gm, '  ').replace(/^ {2}\{\}$/m, '')}catalog: [${overlay}]\n`);
    const { config } = await readWorkingConfig(join(dir, 'srmap.yaml'), new Set(['acme-baseline', 'acme-plain', 'pci-dss-4.0.1']));
    expect(config.scope?.['acme-baseline']).toEqual({ description: 'Payment systems and what connects to them', accounts: ['111122223333'], regions: ['us-east-1'], tags: { 'data-class': 'restricted', Owner: "payments' team" } });
    expect(config.scope?.['pci-dss-4.0.1']?.tags).toEqual({ cde: 'true' });
  });
});

describe('srmap init: the applicability examples', () => {
  const init = async (name: string, framework: string[], catalog?: string[]) => {
    const dir = join(work, name);
    const code = await runInit({ dir, organisation: 'ACME', framework, region: ['us-east-1'], account: [], ...(catalog ? { catalog } : {}), force: false }, { out: () => undefined, err: () => undefined });
    expect(code).toBe(0);
    return readFile(join(dir, 'applicability.yaml'), 'utf8');
  };
  /** The commented examples made live: what a user gets by deleting the `# ` of each example line. */
  const uncommented = (text: string) => `declarations:\n${[...text.matchAll(/^# {3}(.*)$/gm)].map((m) => `  ${m[1] ?? ''}`).filter((l) => /^ {2}(- | {2})\w+:/.test(l)).join('\n')}\n`;
  const requirementsOf = (text: string) => [...text.matchAll(/^# {3}- requirement: "([^"]+)"$/gm)].map((m) => m[1]);

  it("names only the chosen frameworks: a user's framework alone gets its own example, no PCI DSS or HIPAA one", async () => {
    const overlay = join(work, 'catalog-app');
    await mkdir(overlay);
    await writeFile(join(overlay, 'acme-own.yaml'), framework('acme-own', 'applicabilityHint:\n  requirement: "1"\n  justification: "We keep no buckets: every store is a database."\n'));
    const text = await init('own', ['acme-own'], [overlay]);
    expect(requirementsOf(text)).toEqual(['acme-own:1']);
    expect(text).toContain('#     justification: "We keep no buckets: every store is a database."');
    expect(text).not.toMatch(/\b(pci|hipaa|iso|soc|nist)\b|alternative/i);
    const { declarations, problems } = parseApplicability(uncommented(text), 'applicability.yaml', toWorkingContext((await loadCatalogFor({ catalog: [overlay] })).catalog));
    expect(problems).toEqual([]);
    expect(declarations.map((d) => [d.requirement, d.decision])).toEqual([['acme-own:1', 'not-applicable']]);
  });

  it("a framework file without a hint: its first requirement that may be declared, the justification left to write", async () => {
    const overlay = join(work, 'catalog-plain');
    await mkdir(overlay);
    await writeFile(join(overlay, 'acme-plain.yaml'), framework('acme-plain', ''));
    const text = await init('plain', ['acme-plain'], [overlay]);
    expect(requirementsOf(text)).toEqual(['acme-plain:1']);
    expect(text).toContain('#     justification: "Why 1 (Buckets keep earlier versions) does not apply here, as your assessor will read it."');
  });

  it('each shipped framework chosen gives its own example, its own terms and its own mandatory requirements, and every example is accepted once uncommented', async () => {
    const { catalog } = await loadCatalogFor({});
    const iso = await init('iso', ['iso27001-2022']);
    expect(requirementsOf(iso)).toEqual(['iso27001-2022:A.8.30']);
    expect(iso).toContain('#   ISO/IEC 27001: "Excluded (justified)"');
    expect(iso).toContain('# Mandatory, never declared not applicable: ISO/IEC 27001: 4, 5, 6, 7, 8, 9, 10');
    expect(iso).not.toMatch(/\b(pci|hipaa)\b|alternative/i);
    const all = await init('all', catalog.frameworks.map((f) => f.id));
    expect(requirementsOf(all)).toEqual(catalog.frameworks.map((f) => `${f.id}:${f.applicabilityHint?.requirement ?? ''}`));
    expect(all).toContain('#     decision: alternative');
    const { declarations, problems } = parseApplicability(uncommented(all), 'applicability.yaml', toWorkingContext(catalog));
    expect(problems).toEqual([]);
    expect(declarations).toHaveLength(catalog.frameworks.length);
  });

  it("srmap.yaml and README.md name no framework that was not chosen: serviceProvider and the alternative measure only when a chosen framework has them", async () => {
    const overlay = join(work, 'catalog-words');
    await mkdir(overlay);
    await writeFile(join(overlay, 'acme-words.yaml'), framework('acme-words', ''));
    const dir = join(work, 'words');
    expect(await runInit({ dir, organisation: 'ACME', framework: ['acme-words'], region: ['us-east-1'], account: [], catalog: [overlay], force: false }, { out: () => undefined, err: () => undefined })).toBe(0);
    const own = `${await readFile(join(dir, 'srmap.yaml'), 'utf8')}${await readFile(join(dir, 'README.md'), 'utf8')}`;
    expect(own).not.toMatch(/\b(pci|hipaa|iso|soc|nist)\b|ePHI|cardholder|cde|serviceProvider|alternative/i);
    const both = join(work, 'words-both');
    expect(await runInit({ dir: both, organisation: 'ACME', framework: ['pci-dss-4.0.1', 'hipaa-security'], region: ['us-east-1'], account: [], force: false }, { out: () => undefined, err: () => undefined })).toBe(0);
    expect(await readFile(join(both, 'srmap.yaml'), 'utf8')).toContain('serviceProvider: false  # true makes the requirements for service providers apply (PCI DSS: Service providers only)\n');
    expect(await readFile(join(both, 'README.md'), 'utf8')).toContain('(or, for HIPAA Addressable requirements, a documented alternative measure)');
  });
});
