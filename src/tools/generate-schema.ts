/**
 * Writes the JSON Schema of the catalog files into frameworks/schema/ (editor completion via the
 * `# yaml-language-server: $schema=...` comment at the top of each YAML file).
 *
 *   npx tsx src/tools/generate-schema.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonSchemaFiles } from '../catalog/to-json-schema.js';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'frameworks', 'schema');
await mkdir(outDir, { recursive: true });
for (const [name, text] of Object.entries(toJsonSchemaFiles())) {
  await writeFile(path.join(outDir, name), text);
  console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, name))}`);
}
