/**
 * Imports the AWS Config managed-rule list from the shared reference data into
 * frameworks/aws-config-managed-rules.json (ManagedRulesFileSchema), sorted by identifier, so the
 * catalog check and the demo work without the reference folder.
 *
 *   npx tsx src/tools/import-managed-rules.ts [path/to/managed-rules.json]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ManagedRulesFileSchema, type ManagedRule } from '../domain/catalog.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultSource = path.resolve(repoRoot, '../shared/reference/aws-config/managed-rules.json');
const target = path.join(repoRoot, 'frameworks', 'aws-config-managed-rules.json');

const ReferenceSchema = z.object({
  note: z.string(),
  rules: z.array(
    z.object({
      name: z.string(),
      identifier: z.string(),
      identifierVerified: z.boolean(),
      resourceTypes: z.array(z.string()).default([]),
    }),
  ),
});

export function toManagedRulesFile(reference: unknown): string {
  const ref = ReferenceSchema.parse(reference);
  const byId = new Map<string, ManagedRule>();
  for (const r of ref.rules) {
    if (byId.has(r.identifier)) throw new Error(`duplicate identifier ${r.identifier} in the reference list`);
    byId.set(r.identifier, {
      identifier: r.identifier,
      name: r.name,
      verified: r.identifierVerified,
      resourceTypes: [...new Set(r.resourceTypes)].sort(),
    });
  }
  const rules = [...byId.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  const file = ManagedRulesFileSchema.parse({
    note:
      `${ref.note} Imported by src/tools/import-managed-rules.ts from the shared reference list ` +
      `(${rules.length} rules); verified=false marks an identifier derived from the rule name.`,
    rules,
  });
  return `${JSON.stringify(file, null, 2)}\n`;
}

async function main(): Promise<void> {
  const source = path.resolve(process.argv[2] ?? defaultSource);
  const text = toManagedRulesFile(JSON.parse(await readFile(source, 'utf8')));
  await writeFile(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)} from ${source}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
