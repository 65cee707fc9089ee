/** The thin writer of an OSCAL set: each document as JSON in a folder (inside an output being built under a temporary name). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toOscalJson, type OscalDocument } from '../render/oscal/to-oscal-set.js';

export async function writeOscalDocuments(dir: string, docs: readonly OscalDocument[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const d of docs) await writeFile(join(dir, d.name), toOscalJson(d));
}
