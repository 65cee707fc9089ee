/** srmap init writes each framework's scope hint from its framework file: a user's framework carries its own. */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../../../src/cli/commands/init.js';
import { readWorkingConfig } from '../../../src/collect/manual/read-working-folder.js';

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
