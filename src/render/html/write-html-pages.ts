/**
 * Writes the pack's HTML pages: OUT/<framework>/index.html per framework and OUT/index.html. The
 * pack is written in a temporary directory and renamed into place whole (build-packs.ts), so a
 * page is never seen half-written.
 */
import { writeFile } from 'node:fs/promises';
import type { PackFormat } from '../../domain/pack-formats.js';
import type { PackInput } from '../../domain/result.js';
import type { EvidenceDigest } from '../evidence-digest.js';
import { clientScript } from './client-bundle.js';
import { toFrameworkPage } from './to-framework-page.js';
import { toIndexPage, type IndexPageInput } from './to-index-page.js';
import { toPageData } from './to-page-data.js';

export const HTML_PAGE = 'index.html';

export async function writeFrameworkPage(path: string, input: PackInput, evidence: EvidenceDigest, generatedBy: string, formats?: readonly PackFormat[]): Promise<void> {
  await writeFile(path, toFrameworkPage(toPageData(input, evidence, { generatedBy }), await clientScript(), formats));
}

export async function writeIndexPage(path: string, input: IndexPageInput): Promise<void> {
  await writeFile(path, toIndexPage(input));
}
