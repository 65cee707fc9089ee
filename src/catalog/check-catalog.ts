/**
 * Cross-reference checks over the parsed catalog files. Pure. Every problem is located (file, line,
 * column, path) and carries a hint. A check that depends on a file that failed to parse is skipped,
 * so one broken file does not drown the report in follow-on problems.
 */
import { ControlSchema, FrameworkSchema, RequirementSchema, type ControlFile, type ControlFileOverlay, type FrameworkOverlay, type PropertyDeclaration, type Requirement } from '../domain/catalog.js';
import { pushAll } from '../domain/arrays.js';
import { isUnderAny } from '../domain/applicability.js';
import { allowsAlternative } from '../domain/requirement-properties.js';
import type { Problem } from '../domain/errors.js';
import { checkNarrative } from './check-narrative.js';
import { countGroups, templateGroups } from '../domain/citations.js';
import { OWN_SHEET_DEFAULTS, sheetNameProblem } from '../domain/workbook-sheet-names.js';
import {
  formatPath,
  nearest,
  type EvidenceKindsFile,
  type Locator,
  type ManagedRulesFile,
  type ParsedFile,
  type PathSegment,
} from './parse-catalog.js';

/**
 * A parsed catalog file and the layer it belongs to: 0 (or absent) for the base catalog, 1, 2, ...
 * for the overlays laid over it, in order. An overlay adds items, or replaces an item of the base
 * catalog by id; two overlays that define or replace the same item conflict.
 */
export type LayeredFile<T> = ParsedFile<T> & { layer?: number };

/** The parsed files of one catalog directory and its overlays. Files that failed to parse have `value: undefined`. */
export interface CatalogFiles {
  controlFiles: readonly LayeredFile<ControlFileOverlay>[];
  frameworks: readonly LayeredFile<FrameworkOverlay>[];
  evidenceKinds: ParsedFile<EvidenceKindsFile> | undefined;
  /** evidence-kinds.yaml of each overlay that has one. */
  evidenceKindOverlays?: readonly LayeredFile<EvidenceKindsFile>[];
  managedRules: ParsedFile<ManagedRulesFile> | undefined;
}

/** Where an item was defined, for conflict messages. */
interface Origin {
  file: string;
  line: number | undefined;
  layer: number;
}

const whereOf = (o: Origin): string => `${o.file}${o.line !== undefined ? ` line ${String(o.line)}` : ''}`;

/**
 * Claims an id for a definition: new; a replacement of the base catalog's item by an overlay (once);
 * or a duplicate (same layer) / conflict (two overlays) naming where it was first defined.
 */
function claimId(seen: Map<string, Origin>, replaced: Map<string, Origin>, id: string, origin: Origin): { result: 'new' | 'replace' } | { result: 'duplicate' | 'conflict'; prev: Origin } {
  const prev = seen.get(id);
  if (prev === undefined) {
    seen.set(id, origin);
    return { result: 'new' };
  }
  const earlier = replaced.get(id);
  if (prev.layer === 0 && origin.layer > 0 && earlier === undefined) {
    replaced.set(id, origin);
    return { result: 'replace' };
  }
  if (origin.layer === 0 || origin.layer === (earlier ?? prev).layer) return { result: 'duplicate', prev: earlier ?? prev };
  return { result: 'conflict', prev: earlier ?? prev };
}

const conflictHint = (what: string, prev: Origin): string =>
  `It is already ${prev.layer === 0 ? 'defined' : 'defined or changed by another overlay'} in ${whereOf(prev)}: two overlays may not define or change the same ${what}; keep one, or give yours a new id.`;

function at(file: string, locate: Locator, path: readonly PathSegment[], message: string, hint: string): Problem {
  return { file, ...locate(path), path: formatPath(path), message, hint };
}

function upperSnake(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function nearHint(word: string, candidates: Iterable<string>): string {
  const near = nearest(word, candidates);
  return near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}? ` : '';
}

type ControlValue = ControlFile['controls'][number];

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function rawItems(raw: unknown, key: string): unknown[] {
  return isRecord(raw) && Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
}

function rawId(item: unknown): string | undefined {
  return isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
}

/**
 * The controls of a file: all of them when it parsed; otherwise those that pass the schema on their
 * own (the rest were reported by the parser), so their references are still checked.
 */
function controlsToCheck(cf: ParsedFile<ControlFile>): { index: number; control: ControlValue }[] {
  if (cf.value) return cf.value.controls.map((control, index) => ({ index, control }));
  return rawItems(cf.raw, 'controls').flatMap((item, index) => {
    const r = ControlSchema.safeParse(item);
    return r.success ? [{ index, control: r.data }] : [];
  });
}

function requirementsToCheck(ff: ParsedFile<FrameworkOverlay>): { index: number; req: Requirement }[] {
  if (ff.value) return ff.value.requirements.map((req, index) => ({ index, req }));
  return rawItems(ff.raw, 'requirements').flatMap((item, index) => {
    const r = RequirementSchema.safeParse(item);
    return r.success ? [{ index, req: r.data }] : [];
  });
}

function fileBase(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function checkCatalog(files: CatalogFiles): Problem[] {
  const problems: Problem[] = [];
  const kinds = files.evidenceKinds?.value;
  const rules = files.managedRules?.value;

  // Evidence kinds: unique ids, usable match expressions; an overlay replaces a kind by id.
  const manualKinds = new Set<string>();
  const attestationKinds = new Set<string>();
  const kindFiles: LayeredFile<EvidenceKindsFile>[] = [...(kinds && files.evidenceKinds ? [files.evidenceKinds] : []), ...(files.evidenceKindOverlays ?? [])];
  const seenKinds = new Map<string, Origin & { type: 'manual' | 'attestations' }>();
  const replacedKinds = new Map<string, Origin>();
  for (const kf of kindFiles) {
    const value = kf.value;
    if (!value) continue;
    const { file, locate } = kf;
    const layer = kf.layer ?? 0;
    const claimKind = (type: 'manual' | 'attestations', k: { id: string }, i: number): void => {
      const origin = { file, line: locate([type, i, 'id']).line, layer, type };
      const prev = seenKinds.get(k.id);
      if (prev !== undefined && prev.type !== type) {
        problems.push(at(file, locate, [type, i, 'id'], `duplicate evidence kind id '${k.id}'`, `It is already ${prev.type === 'manual' ? 'a manual' : 'an attestation'} kind in ${whereOf(prev)}; ids must be unique across manual and attestation kinds.`));
        return;
      }
      const claim = claimId(seenKinds as Map<string, Origin>, replacedKinds, k.id, origin);
      if (claim.result === 'new') seenKinds.set(k.id, origin);
      if (claim.result === 'duplicate') problems.push(at(file, locate, [type, i, 'id'], `duplicate evidence kind id '${k.id}'`, `It is already defined in ${whereOf(claim.prev)}; ids must be unique across manual and attestation kinds.`));
      if (claim.result === 'conflict') problems.push(at(file, locate, [type, i, 'id'], `evidence kind '${k.id}' conflicts with another overlay`, conflictHint('evidence kind', claim.prev)));
    };
    value.manual.forEach((k, i) => {
      claimKind('manual', k, i);
      manualKinds.add(k.id);
    });
    value.attestations.forEach((k, i) => {
      claimKind('attestations', k, i);
      attestationKinds.add(k.id);
      const fields = Object.entries(k.match).filter(([, v]) => v !== undefined);
      if (fields.length === 0) {
        problems.push(at(file, locate, ['attestations', i, 'match'], `attestation kind '${k.id}' has an empty match`, 'Give at least one of name, category, series (reports) or name, agreementType (agreements).'));
      }
      for (const [field, pattern] of fields) {
        const allowed = k.type === 'report' ? ['name', 'category', 'series'] : ['name', 'agreementType'];
        if (!allowed.includes(field)) {
          problems.push(at(file, locate, ['attestations', i, 'match', field], `'${field}' does not apply to a ${k.type}`, `A ${k.type} is matched on ${allowed.join(', ')}.`));
        }
        try {
          new RegExp(pattern ?? '', 'i');
        } catch (e) {
          problems.push(at(file, locate, ['attestations', i, 'match', field], `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`, 'Match fields are case-insensitive JavaScript regular expressions.'));
        }
      }
    });
  }

  // Managed rules: identifier and the upper-snake form of each rule name.
  const ruleIds = new Set<string>();
  const byNameForm = new Map<string, string>();
  for (const r of rules?.rules ?? []) {
    ruleIds.add(r.identifier);
    byNameForm.set(upperSnake(r.name), r.identifier);
  }

  // Controls: unique ids across files, evidence that exists, narratives that compile.
  const controlOrigins = new Map<string, Origin>();
  const replacedControls = new Map<string, Origin>();
  /** The evidence of every control that passed the schema (an overlay's replacement wins), for the requirement checks. */
  const controlValues = new Map<string, ControlValue>();
  /** Every control id written in the files, valid or not: a reference to a control that failed the schema is not reported again. */
  const rawControlIds = new Set<string>();
  /** Controls with a problem of their own: what requirements decide on them is not checked again (one fault, one problem). */
  const faultyControls = new Set<string>();
  const allControlsRead = files.controlFiles.every((f) => f.raw !== undefined);
  const families = new Map<string, { file: string; title: string | undefined; layer: number }>();
  for (const cf of files.controlFiles) {
    const { file, locate } = cf;
    const layer = cf.layer ?? 0;
    const family = cf.value?.family ?? (isRecord(cf.raw) && typeof cf.raw.family === 'string' ? cf.raw.family : undefined);
    if (family !== undefined) {
      const prevFamily = families.get(family);
      const title = cf.value?.title;
      if (prevFamily === undefined) families.set(family, { file, title, layer });
      else if (prevFamily.layer === layer) problems.push(at(file, locate, ['family'], `duplicate control family '${family}'`, `It is already used by ${prevFamily.file}: one file per family.`));
      else if (title !== undefined && prevFamily.title !== undefined && title !== prevFamily.title) {
        problems.push(at(file, locate, ['title'], `family '${family}' is titled '${prevFamily.title}' in ${prevFamily.file}`, `An overlay may add controls to a family of the catalog below it under the same title: write '${prevFamily.title}', or use a new family id.`));
      }
    }
    for (const item of rawItems(cf.raw, 'controls')) {
      const id = rawId(item);
      if (id !== undefined) rawControlIds.add(id);
    }

    for (const { index: i, control: c } of controlsToCheck(cf)) {
      const base: PathSegment[] = ['controls', i];
      const problemsBefore = problems.length;
      const claim = claimId(controlOrigins, replacedControls, c.id, { file, line: locate([...base, 'id']).line, layer });
      if (claim.result === 'duplicate') {
        problems.push(at(file, locate, [...base, 'id'], `duplicate control id '${c.id}'`, `It is already defined in ${whereOf(claim.prev)}; control ids are unique across every file in controls/.`));
      } else if (claim.result === 'conflict') {
        problems.push(at(file, locate, [...base, 'id'], `control '${c.id}' conflicts with another overlay`, conflictHint('control', claim.prev)));
      } else {
        controlValues.set(c.id, c);
      }
      const ev = c.evidence;
      if (ev.configRules.length + ev.attestations.length + ev.manual.length === 0) {
        problems.push(at(file, locate, [...base, 'evidence'], `control '${c.id}' names no evidence`, 'Name at least one Config rule, attestation or manual evidence kind, or nothing can ever decide its status.'));
      }
      if (c.responsibility.model === 'inherited' && ev.attestations.length === 0) {
        problems.push(at(file, locate, [...base, 'evidence', 'attestations'], `inherited control '${c.id}' cites no AWS attestation`, 'An inherited control must cite the AWS Artifact report that attests it (e.g. aws-soc2-type2).'));
      }
      const services = new Set<string>();
      (c.responsibility.services ?? []).forEach((s, j) => {
        if (services.has(s.service)) problems.push(at(file, locate, [...base, 'responsibility', 'services', j, 'service'], `service '${s.service}' is listed twice`, 'Give one split per service kind.'));
        services.add(s.service);
      });

      const dup = (list: readonly string[], key: string): void => {
        const seen = new Set<string>();
        list.forEach((x, j) => {
          if (seen.has(x)) problems.push(at(file, locate, [...base, 'evidence', key, j], `'${x}' is listed twice`, 'Remove the duplicate.'));
          seen.add(x);
        });
      };
      dup(ev.configRules, 'configRules');
      dup(ev.attestations, 'attestations');
      dup(ev.manual, 'manual');

      if (rules) {
        ev.configRules.forEach((r, j) => {
          if (ruleIds.has(r)) return;
          const byName = byNameForm.get(r);
          const hint = byName
            ? `The managed rule named '${r.toLowerCase().replace(/_/g, '-')}' has the identifier '${byName}': name rules by Source.SourceIdentifier.`
            : `${nearHint(r, ruleIds)}Use the managed rule's Source.SourceIdentifier from frameworks/aws-config-managed-rules.json; deployed rule names (conformance packs add a suffix, Security Hub a prefix) and rule names differ from identifiers (restricted-ssh is INCOMING_SSH_DISABLED).`;
          problems.push(at(file, locate, [...base, 'evidence', 'configRules', j], `'${r}' is not a known AWS Config managed-rule identifier`, hint));
        });
      }
      if (kinds) {
        ev.manual.forEach((k, j) => {
          if (manualKinds.has(k)) return;
          const hint = attestationKinds.has(k)
            ? `'${k}' is an attestation kind: move it to evidence.attestations.`
            : `${nearHint(k, manualKinds)}Define it under manual: in frameworks/evidence-kinds.yaml, or fix the spelling.`;
          problems.push(at(file, locate, [...base, 'evidence', 'manual', j], `unknown manual evidence kind '${k}'`, hint));
        });
        ev.attestations.forEach((k, j) => {
          if (attestationKinds.has(k)) return;
          const hint = manualKinds.has(k)
            ? `'${k}' is a manual evidence kind: move it to evidence.manual.`
            : `${nearHint(k, attestationKinds)}Define it under attestations: in frameworks/evidence-kinds.yaml, or fix the spelling.`;
          problems.push(at(file, locate, [...base, 'evidence', 'attestations', j], `unknown attestation kind '${k}'`, hint));
        });
      }
      for (const issue of checkNarrative(c.narrative)) {
        problems.push({
          ...at(file, locate, [...base, 'narrative'], `narrative of '${c.id}': ${issue.message}${issue.line !== undefined ? ` (template line ${String(issue.line)})` : ''}`, 'Narratives may use only the fields of the narrative context (organisation, asOf, status, responsibility, ruleCount, compliant, evaluated, failing, rules, manual, attestations) with {{#if}}, {{#unless}} and {{#each}}.'),
        });
      }
      if (problems.length > problemsBefore) faultyControls.add(c.id);
    }
  }
  const isFaulty = (id: string): boolean => faultyControls.has(id) || (rawControlIds.has(id) && !controlValues.has(id));

  // Controls an overlay removes: each a control of the catalog below, of the family the file names,
  // removed once and not also defined by an overlay.
  /** Removed control id -> the file that removes it. */
  const removedControls = new Map<string, string>();
  for (const cf of files.controlFiles) {
    const layer = cf.layer ?? 0;
    const family = cf.value?.family;
    (cf.value?.remove ?? []).forEach((rm, j) => {
      const path: PathSegment[] = ['remove', j, 'id'];
      const prev = controlOrigins.get(rm.id);
      const ofFamily = (id: string): string | undefined => [...files.controlFiles].find((f) => (f.layer ?? 0) === 0 && f.value?.controls.some((c) => c.id === id))?.value?.family;
      if (prev === undefined || prev.layer !== 0) {
        const shipped = [...controlOrigins].filter(([, o]) => o.layer === 0).map(([id]) => id);
        problems.push(at(cf.file, cf.locate, path, `cannot remove '${rm.id}': it is not a control of the catalog below`, `${nearHint(rm.id, shipped)}remove: takes out a control of the catalog below by its id; your own controls you simply leave out.`));
        return;
      }
      const home = ofFamily(rm.id);
      if (home !== undefined && home !== family) {
        problems.push(at(cf.file, cf.locate, path, `control '${rm.id}' is in family '${home}', not '${family ?? ''}'`, `Remove it in a file with family: ${home}, so the removal says what it takes out.`));
        return;
      }
      const claim = claimId(controlOrigins, replacedControls, rm.id, { file: cf.file, line: cf.locate(path).line, layer });
      if (claim.result !== 'replace') {
        const other = 'prev' in claim ? claim.prev : undefined;
        problems.push(at(cf.file, cf.locate, path, `control '${rm.id}' is removed and also defined or changed by an overlay`, other ? conflictHint('control', other) : 'Keep the removal or the definition, not both.'));
        return;
      }
      removedControls.set(rm.id, cf.file);
    });
  }

  // Frameworks: unique ids, a sound tree, known controls. An overlay's file adds a framework, or
  // changes one of the base catalog by id (requirements added or replaced whole).
  const frameworkOrigins = new Map<string, Origin>();
  const replacedFrameworks = new Map<string, Origin>();
  /** The requirement ids (and parents) of each base framework, for the overlays that change it. */
  const baseTree = new Map<string, Map<string, string | undefined>>();
  /** The property declarations of each base framework, for the overlays that change it. */
  const baseProperties = new Map<string, Declared>();
  /** The requirements of each framework of the base catalog, for the properties an overlay's declarations must keep. */
  const baseRequirements = new Map<string, readonly Requirement[]>();
  /** `framework-id\0requirement-id` replaced by an overlay, and where. */
  const replacedRequirements = new Map<string, Origin>();
  for (const ff of files.frameworks) {
    const { file, locate } = ff;
    const layer = ff.layer ?? 0;
    const fwId = ff.value?.id ?? rawId(ff.raw);
    let below: Map<string, string | undefined> | undefined;
    if (fwId !== undefined) {
      const prev = frameworkOrigins.get(fwId);
      if (prev === undefined) frameworkOrigins.set(fwId, { file, line: locate(['id']).line, layer });
      if (prev !== undefined && prev.layer === 0 && layer > 0) {
        below = baseTree.get(fwId);
        replacedFrameworks.set(fwId, { file, line: locate(['id']).line, layer });
      } else if (prev !== undefined && prev.layer === layer) {
        problems.push(at(file, locate, ['id'], `duplicate framework id '${fwId}'`, `It is already used by ${prev.file}.`));
      } else if (prev !== undefined) {
        problems.push(at(file, locate, ['id'], `framework '${fwId}' conflicts with another overlay`, conflictHint('framework', prev)));
      }
      if (fileBase(file) !== `${fwId}.yaml`) {
        problems.push(at(file, locate, ['id'], `framework id '${fwId}' does not match the file name '${fileBase(file)}'`, `Name the file ${fwId}.yaml (the loader finds frameworks by file name).`));
      }
      if (below === undefined && ff.value) {
        const missing = (['name', 'version', 'publisher', 'description'] as const).filter((k) => ff.value?.[k] === undefined);
        if (missing.length > 0) {
          const known = [...baseTree.keys()];
          problems.push(at(file, locate, ['id'], `new framework '${fwId}' has no ${missing.join(', ')}`, `A new framework gives name, version, publisher and description. ${known.length > 0 ? `${nearHint(fwId, known)}To change a framework of the catalog below instead, use its id (${known.join(', ')}).` : ''}`.trim()));
        }
      }
    }

    // Every id in the file (valid or not) can be a parent, and so can the framework's it changes.
    const allIds = new Set<string>(below?.keys() ?? []);
    for (const item of rawItems(ff.raw, 'requirements')) {
      const id = rawId(item);
      if (id !== undefined) allIds.add(id);
    }
    const parentOf = new Map<string, string | undefined>(below ?? []);
    for (const item of rawItems(ff.raw, 'requirements')) {
      const id = rawId(item);
      if (id !== undefined) parentOf.set(id, isRecord(item) && typeof item.parent === 'string' ? item.parent : undefined);
    }
    if (layer === 0 && fwId !== undefined && !baseTree.has(fwId)) baseTree.set(fwId, new Map(parentOf));
    // The properties its requirements may carry: this file's declarations, else (a file that changes
    // a framework below and declares none) those of the framework it changes.
    const ownProperties = declaredProperties(ff);
    const declared = ownProperties ?? (below !== undefined && fwId !== undefined ? baseProperties.get(fwId) : undefined);
    if (layer === 0 && fwId !== undefined && !baseProperties.has(fwId)) baseProperties.set(fwId, ownProperties);
    if (layer === 0 && fwId !== undefined && !baseRequirements.has(fwId)) baseRequirements.set(fwId, ff.value?.requirements ?? []);
    pushAll(problems, checkPropertyDeclarations(ownProperties, (path, message, hint) => at(file, locate, path, message, hint)));
    pushAll(problems, checkCitations(ff.value?.citations ?? [], (path, message, hint) => at(file, locate, path, message, hint)));

    pushAll(problems, checkWorkbookSheets(ff.value?.workbookSheets ?? [], allIds, (path, message, hint) => at(file, locate, path, message, hint)));

    (ff.value?.reporting?.notExcludable ?? []).forEach((id, j) => {
      if (!allIds.has(id)) problems.push(at(file, locate, ['reporting', 'notExcludable', j], `unknown requirement '${id}' in notExcludable`, `${nearHint(id, allIds)}Name a requirement id of this file.`));
    });
    pushAll(problems, checkApplicabilityHint(ff, allIds, parentOf, declared, fwId !== undefined ? baseRequirements.get(fwId) : undefined));

    // Requirements of the framework below that this file removes (each with everything under it).
    const removedHere = new Set<string>();
    const removals = ff.value?.remove ?? [];
    if (removals.length > 0 && below === undefined) {
      problems.push(at(file, locate, ['remove'], 'remove: only takes requirements out of a framework of the catalog below', `${fwId ?? 'This framework'} is not one of them: leave the requirements out of the file instead.`));
    }
    if (below !== undefined && fwId !== undefined) {
      const given = new Set(rawItems(ff.raw, 'requirements').map(rawId));
      removals.forEach((rm, j) => {
        const path: PathSegment[] = ['remove', j, 'id'];
        if (!below?.has(rm.id)) {
          problems.push(at(file, locate, path, `cannot remove '${rm.id}': it is not a requirement of '${fwId}'`, `${nearHint(rm.id, below?.keys() ?? [])}Name a requirement id of the framework as the catalog below writes it.`));
          return;
        }
        if (given.has(rm.id)) {
          problems.push(at(file, locate, path, `requirement '${rm.id}' is both removed and given in requirements:`, 'Keep the removal or the replacement, not both.'));
          return;
        }
        const key = `${fwId}\0${rm.id}`;
        const prev = replacedRequirements.get(key);
        if (prev) {
          problems.push(at(file, locate, path, `requirement '${rm.id}' of '${fwId}' is changed by two overlays`, conflictHint('requirement', prev)));
          return;
        }
        replacedRequirements.set(key, { file, line: locate(path).line, layer });
        removedHere.add(rm.id);
      });
      // Everything under a removed requirement goes with it.
      for (let grew = true; grew; ) {
        grew = false;
        for (const [id, parent] of below) {
          if (parent !== undefined && removedHere.has(parent) && !removedHere.has(id)) {
            removedHere.add(id);
            grew = true;
          }
        }
      }
    }
    // Declarations this file replaces must still declare what the requirements it leaves in place carry.
    if (below !== undefined && fwId !== undefined && ownProperties !== undefined) {
      const given = new Set(rawItems(ff.raw, 'requirements').map(rawId));
      const kept = (baseRequirements.get(fwId) ?? []).filter((r) => !given.has(r.id) && !removedHere.has(r.id));
      pushAll(problems, checkKeptProperties(kept, fwId, ownProperties, (path, message, hint) => at(file, locate, path, message, hint)));
    }
    if (below === undefined && ff.value && layer > 0 && ff.value.requirements.length === 0) {
      problems.push(at(file, locate, ['requirements'], `new framework '${fwId ?? ''}' has no requirements`, 'A new framework lists its requirements; remove: applies only to a framework of the catalog below.'));
    }

    const reqs = requirementsToCheck(ff);
    const seenIds = new Map<string, number>();
    for (const { index: i, req: r } of reqs) {
      const base: PathSegment[] = ['requirements', i];
      const first = seenIds.get(r.id);
      if (first !== undefined) {
        problems.push(at(file, locate, [...base, 'id'], `duplicate requirement id '${r.id}'`, `It is already defined at requirements[${String(first)}].`));
      } else seenIds.set(r.id, i);
      if (below?.has(r.id) && fwId !== undefined && first === undefined) {
        const key = `${fwId}\0${r.id}`;
        const prev = replacedRequirements.get(key);
        if (prev) problems.push(at(file, locate, [...base, 'id'], `requirement '${r.id}' of '${fwId}' is changed by two overlays`, conflictHint('requirement', prev)));
        else replacedRequirements.set(key, { file, line: locate([...base, 'id']).line, layer });
      }
      if (r.parent !== undefined && removedHere.has(r.parent)) {
        problems.push(at(file, locate, [...base, 'parent'], `the parent '${r.parent}' of requirement '${r.id}' is removed by this file`, 'Put it under a requirement that stays, or keep the parent.'));
      } else if (r.parent !== undefined) {
        if (!allIds.has(r.parent)) {
          problems.push(at(file, locate, [...base, 'parent'], `unknown parent '${r.parent}' of requirement '${r.id}'`, `${nearHint(r.parent, allIds)}The parent must be a requirement id of this file${below ? ` or of the framework '${fwId ?? ''}' it changes` : ''}.`));
        } else {
          // Walk up: a cycle never reaches a root.
          const seen = new Set<string>([r.id]);
          let p: string | undefined = r.parent;
          while (p !== undefined) {
            if (seen.has(p)) {
              problems.push(at(file, locate, [...base, 'parent'], `requirement '${r.id}' is in a parent cycle`, 'Parents must form a tree.'));
              break;
            }
            seen.add(p);
            p = parentOf.get(p);
          }
        }
      }
      // An assessable requirement that maps no control is allowed: nothing decides it, so it is
      // shown as needs-evidence (assessed by hand), never met.
      if (!r.assessable && r.controls.length > 0) {
        problems.push(at(file, locate, [...base, 'controls'], `requirement '${r.id}' is not assessable but maps controls`, 'Headings are not assessed: remove the controls or set assessable: true.'));
      }
      pushAll(problems, checkRequirementProperties(r, fwId ?? '', declared, (path, message, hint) => at(file, locate, [...base, ...path], message, hint)));
      const seen = new Set<string>();
      for (const key of ['controls', 'supportedBy'] as const) {
        (r[key] ?? []).forEach((c, j) => {
          if (seen.has(c)) problems.push(at(file, locate, [...base, key, j], `control '${c}' is listed twice`, key === 'supportedBy' ? 'A control either decides the requirement (controls) or supports it (supportedBy), not both.' : 'Remove the duplicate.'));
          seen.add(c);
          const removedBy = removedControls.get(c);
          if (removedBy !== undefined && layer > 0) {
            problems.push(at(file, locate, [...base, key, j], `control '${c}' is removed by ${removedBy}`, 'Map a control that stays, or keep the control.'));
          } else if (allControlsRead && !controlValues.has(c) && !rawControlIds.has(c)) {
            problems.push(at(file, locate, [...base, key, j], `unknown control '${c}'`, `${nearHint(c, controlValues.keys())}Control ids are defined in controls/*.yaml of the catalog or of an overlay.`));
          }
        });
      }
      // A requirement of the base catalog whose control an overlay replaced is not checked against
      // the replacement: what it loses is recorded as a change (to-catalog.ts), not a problem in a
      // file the user does not own.
      const changedBelow = layer === 0 && r.controls.some((c) => replacedControls.has(c));
      const lostControl = layer > 0 && r.controls.some((c) => removedControls.has(c));
      if (allControlsRead && !changedBelow && !lostControl && !r.controls.some(isFaulty)) {
        pushAll(problems, checkDeciding(r, controlValues, ruleIds, (path, message, hint) => at(file, locate, [...base, ...path], message, hint)));
      }
    }
  }

  return problems;
}

type At = (path: PathSegment[], message: string, hint: string) => Problem;

/**
 * The example srmap init writes for the framework in applicability.yaml must be a declaration the
 * working folder accepts: a requirement of the framework, not one the framework makes mandatory
 * (reporting.notExcludable), and for decision: alternative one whose property value admits it.
 */
function checkApplicabilityHint(ff: ParsedFile<FrameworkOverlay>, ids: ReadonlySet<string>, parentOf: ReadonlyMap<string, string | undefined>, declared: Declared, below: readonly Requirement[] | undefined): Problem[] {
  const hint = ff.value?.applicabilityHint;
  if (!hint) return [];
  const at = (key: string, message: string, help: string) => [{ file: ff.file, ...ff.locate(['applicabilityHint', key]), path: `applicabilityHint.${key}`, message, hint: help }];
  if (!ids.has(hint.requirement)) return at('requirement', `unknown requirement '${hint.requirement}'`, `${nearHint(hint.requirement, ids)}Name a requirement id of this framework.`);
  if (hint.decision === 'not-applicable') {
    const roots = new Set(ff.value?.reporting?.notExcludable ?? []);
    return isUnderAny(hint.requirement, roots, parentOf) ? at('requirement', `'${hint.requirement}' may not be declared not applicable (reporting.notExcludable)`, 'Name a requirement the framework lets organisations declare not applicable.') : [];
  }
  const req = ff.value?.requirements.find((r) => r.id === hint.requirement) ?? below?.find((r) => r.id === hint.requirement);
  return req && req.assessable && allowsAlternative(declared, req.properties) ? [] : at('decision', `'${hint.requirement}' does not admit a documented alternative`, 'decision: alternative needs a requirement whose property value declares alternative: true (e.g. an addressable specification); or use decision: not-applicable.');
}

type Declared = Readonly<Record<string, PropertyDeclaration>> | undefined;

/** A framework file's property declarations: parsed with the file, or (a file that failed elsewhere) on their own when they are sound. */
function declaredProperties(ff: ParsedFile<FrameworkOverlay>): Declared {
  if (ff.value) return ff.value.properties;
  const raw = isRecord(ff.raw) ? ff.raw.properties : undefined;
  const r = FrameworkSchema.shape.properties.safeParse(raw);
  return r.success ? r.data : undefined;
}

/** Two properties may not fill the same requirements.csv column. */
function checkPropertyDeclarations(declared: Declared, at: At): Problem[] {
  const problems: Problem[] = [];
  const columns = new Map<string, string>();
  for (const [name, d] of Object.entries(declared ?? {})) {
    if (d.column === undefined) continue;
    const other = columns.get(d.column);
    if (other !== undefined) problems.push(at(['properties', name, 'column'], `properties '${other}' and '${name}' both fill the requirements.csv column '${d.column}'`, 'A column carries one property: remove column from one of them.'));
    else columns.set(d.column, name);
  }
  return problems;
}

/** Each citation pattern compiles, and its id template names only groups the pattern has. */
function checkCitations(citations: NonNullable<FrameworkOverlay['citations']>, at: At): Problem[] {
  const problems: Problem[] = [];
  citations.forEach((c, i) => {
    let groups: number;
    try {
      groups = countGroups(c.pattern);
    } catch (e) {
      problems.push(at(['citations', i, 'pattern'], `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`, "Citation patterns are JavaScript regular expressions; in YAML write them in single quotes so backslashes stay as they are."));
      return;
    }
    const named = templateGroups(c.id);
    const missing = named.filter((n) => n === 0 || n > groups);
    if (missing.length > 0) {
      problems.push(at(['citations', i, 'id'], `id template '${c.id}' names group ${missing.map((n) => `$${String(n)}`).join(', ')}, which the pattern does not have`, `The pattern has ${String(groups)} capture group${groups === 1 ? '' : 's'}: use $1${groups > 1 ? ` to $${String(groups)}` : ''}, or add a group ( ... ) around the identifier.`));
    } else if (named.length === 0) {
      problems.push(at(['citations', i, 'id'], `id template '${c.id}' names no group of the pattern`, 'Every match would name the same requirement: build the id from the groups ($1, $2 ...), e.g. id: A.$1.'));
    }
  });
  return problems;
}

/** A requirement's properties must be declared by its framework, each with one of its declared values. */
/** The framework's own workbook sheets: names Excel and srmap's own sheets allow, once each; headings that exist. */
function checkWorkbookSheets(sheets: NonNullable<FrameworkOverlay['workbookSheets']>, ids: ReadonlySet<string>, at: At): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  sheets.forEach((sheet, i) => {
    const name = sheet.name ?? OWN_SHEET_DEFAULTS[sheet.kind].name;
    const path: PathSegment[] = sheet.name === undefined ? ['workbookSheets', i] : ['workbookSheets', i, 'name'];
    const wrong = sheetNameProblem(name);
    if (wrong !== undefined) problems.push(at(path, `sheet name '${name}' ${wrong}`, 'Give the sheet another name: name: (at most 31 characters).'));
    const first = names.get(name.toLowerCase());
    if (first !== undefined) problems.push(at(path, `sheet name '${name}' is used twice`, `It is already the name of workbookSheets[${String(first)}]: give each sheet its own name:.`));
    else names.set(name.toLowerCase(), i);
    (sheet.under ?? []).forEach((id, j) => {
      if (!ids.has(id)) problems.push(at(['workbookSheets', i, 'under', j], `unknown requirement '${id}' in under`, `${nearHint(id, ids)}Name a heading of this framework: the sheet lists the requirements under it.`));
    });
  });
  return problems;
}

/**
 * A change file that replaces the framework's properties: declarations leaves the requirements below
 * it does not replace or remove as they are: every value they carry must still be declared. One
 * problem per property value, at the file's properties:, naming the requirements.
 */
function checkKeptProperties(kept: readonly Requirement[], frameworkId: string, declared: Declared, at: At): Problem[] {
  const carriers = new Map<string, string[]>();
  for (const r of kept) {
    for (const [name, value] of Object.entries(r.properties ?? {})) {
      const d = declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
      if (d !== undefined && Object.hasOwn(d.values, value)) continue;
      const key = `${name}: ${value}`;
      carriers.set(key, [...(carriers.get(key) ?? []), r.id]);
    }
  }
  return [...carriers].map(([key, ids]) =>
    at(
      ['properties'],
      `${String(ids.length)} requirement${ids.length === 1 ? '' : 's'} of '${frameworkId}' this file leaves in place carr${ids.length === 1 ? 'ies' : 'y'} ${key}, which this file's properties: do not declare${ids.length > 3 ? ` (${ids.slice(0, 3).join(', ')} ...)` : ` (${ids.join(', ')})`}`,
      'Keep that property and value under properties:, or give those requirements in requirements: without it (or remove them).',
    ),
  );
}

function checkRequirementProperties(r: Requirement, frameworkId: string, declared: Declared, at: At): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(declared ?? {});
  for (const [name, value] of Object.entries(r.properties ?? {})) {
    const d = declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (d === undefined) {
      problems.push(at(['properties', name], `property '${name}' of requirement '${r.id}' is not declared by framework '${frameworkId}'`, `${nearHint(name, names)}Declare it under properties: at the top of the framework file (title and allowed values)${names.length > 0 ? `; declared: ${names.join(', ')}` : ''}.`));
      continue;
    }
    if (!Object.hasOwn(d.values, value)) {
      problems.push(at(['properties', name], `'${value}' is not a value of property '${name}'`, `${nearHint(value, Object.keys(d.values))}Allowed: ${Object.keys(d.values).join(', ')} (properties.${name}.values of the framework file).`));
    }
  }
  return problems;
}

/**
 * What decides a requirement must come from its controls, and every deciding control must decide
 * something: `decides` narrows the controls' evidence, it never adds to it, and a control none of
 * whose evidence tests the requirement belongs under supportedBy.
 */
function checkDeciding(r: Requirement, controls: ReadonlyMap<string, ControlValue>, ruleIds: ReadonlySet<string>, at: At): Problem[] {
  const problems: Problem[] = [];
  const mapped = r.controls.map((id) => controls.get(id)).filter((c): c is ControlValue => c !== undefined);
  const rules = new Set(mapped.flatMap((c) => c.evidence.configRules));
  const manual = new Set(mapped.flatMap((c) => c.evidence.manual));
  const ruleFilter = r.decides?.configRules;
  const manualFilter = r.decides?.manual;
  const hint = (what: string) => `decides narrows the evidence of the requirement's controls: add the ${what} to one of them (${r.controls.join(', ') || 'none mapped'}), or map the control that has it.`;
  ruleFilter?.forEach((rule, j) => {
    if (!rules.has(rule)) problems.push(at(['decides', 'configRules', j], `deciding rule '${rule}' is not evidence of any control of requirement '${r.id}'`, hint('rule')));
  });
  manualFilter?.forEach((kind, j) => {
    if (!manual.has(kind)) problems.push(at(['decides', 'manual', j], `deciding manual evidence '${kind}' is not evidence of any control of requirement '${r.id}'`, hint('manual evidence kind')));
  });
  const attestations = new Set(mapped.filter((c) => c.responsibility.model !== 'customer').flatMap((c) => c.evidence.attestations));
  const attestationFilter = r.decides?.attestations;
  attestationFilter?.forEach((kind, j) => {
    if (!attestations.has(kind)) problems.push(at(['decides', 'attestations', j], `deciding attestation '${kind}' is not an AWS-side attestation of any control of requirement '${r.id}'`, hint('attestation')));
  });
  const deciding = new Set(ruleFilter ?? rules);
  (r.supportingRules ?? []).forEach((rule, j) => {
    if (deciding.has(rule)) problems.push(at(['supportingRules', j], `'${rule}' both decides and supports requirement '${r.id}'`, 'A rule that tests the requirement decides it: remove it from supportingRules.'));
    else if (ruleIds.size > 0 && !ruleIds.has(rule)) problems.push(at(['supportingRules', j], `'${rule}' is not a known AWS Config managed-rule identifier`, `${nearHint(rule, ruleIds)}Use the managed rule's Source.SourceIdentifier.`));
  });
  mapped.forEach((c) => {
    const decidesRule = c.evidence.configRules.some((x) => ruleFilter === undefined || ruleFilter.includes(x));
    const decidesManual = c.evidence.manual.some((x) => manualFilter === undefined || manualFilter.includes(x));
    const decidesAwsSide = c.responsibility.model !== 'customer' && c.evidence.attestations.some((x) => attestationFilter === undefined || attestationFilter.includes(x));
    if (!decidesRule && !decidesManual && !decidesAwsSide) {
      problems.push(at(['controls', r.controls.indexOf(c.id)], `control '${c.id}' decides nothing for requirement '${r.id}'`, `None of its evidence is left by decides: move it to supportedBy, or name what of it tests the requirement.`));
    }
  });
  return problems;
}
