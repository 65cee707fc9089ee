/**
 * Parse one catalog file (YAML, or JSON, which is YAML) against its strict zod schema. Pure: text in,
 * value and located problems out. Every problem names the file, the line and column of the YAML node
 * at the path, the path itself (`requirements[3].controls[0]`) and a hint. All problems are
 * gathered, never just the first.
 */
import type { z } from 'zod';
import {
  ControlFileOverlaySchema,
  ControlFileSchema,
  EvidenceKindsFileSchema,
  EvidenceKindsOverlaySchema,
  FrameworkOverlaySchema,
  FrameworkSchema,
  ManagedRulesFileSchema,
  type ControlFile,
  type ControlFileOverlay,
  type Framework,
  type FrameworkOverlay,
} from '../domain/catalog.js';
import { parseYamlFile, type ParsedFile } from '../domain/parse-yaml.js';

export { editDistance, formatPath, nearest, parseYamlFile as parseCatalogFile } from '../domain/parse-yaml.js';
export type { Locator, ParsedFile, PathSegment, Position } from '../domain/parse-yaml.js';

export type EvidenceKindsFile = z.output<typeof EvidenceKindsFileSchema>;
export type ManagedRulesFile = z.output<typeof ManagedRulesFileSchema>;

export function parseControlFile(text: string, file: string): ParsedFile<ControlFile> {
  return parseYamlFile(ControlFileSchema, text, file);
}

export function parseFrameworkFile(text: string, file: string): ParsedFile<Framework> {
  return parseYamlFile(FrameworkSchema, text, file);
}

/** A control file of a catalog overlay: `controls` may be empty when it only removes (`remove:`). */
export function parseControlFileOverlay(text: string, file: string): ParsedFile<ControlFileOverlay> {
  return parseYamlFile(ControlFileOverlaySchema, text, file);
}

/** A framework file of a catalog overlay: a new framework, or changes by id to one below it. */
export function parseFrameworkOverlayFile(text: string, file: string): ParsedFile<FrameworkOverlay> {
  return parseYamlFile(FrameworkOverlaySchema, text, file);
}

/** evidence-kinds.yaml of a catalog overlay: either list may be absent. */
export function parseEvidenceKindsOverlayFile(text: string, file: string): ParsedFile<EvidenceKindsFile> {
  return parseYamlFile(EvidenceKindsOverlaySchema, text, file);
}

export function parseEvidenceKindsFile(text: string, file: string): ParsedFile<EvidenceKindsFile> {
  return parseYamlFile(EvidenceKindsFileSchema, text, file);
}

export function parseManagedRulesFile(text: string, file: string): ParsedFile<ManagedRulesFile> {
  return parseYamlFile(ManagedRulesFileSchema, text, file);
}
