/**
 * The library surface of the `srmap` package (package.json "exports"): what the CLI does, callable
 * from code, and the snapshot and catalog formats it reads. Everything else under dist/ is internal
 * and may change in any release.
 *
 *   import { loadCatalog, buildPacks } from 'srmap';
 *   const catalog = await loadCatalog();
 *   await buildPacks({ catalog, snapshotDir, outDir, toolVersion: 'my-tool 1.0' });
 */
export { runCli, type Io } from './cli/run-cli.js';
export { loadCatalog, readCatalog, type CatalogReadResult } from './catalog/load-catalog.js';
export { readManifest, readRecords } from './store/read-snapshot.js';
export { verifySnapshot, type VerifyResult } from './store/verify-snapshot.js';
export { buildPacks, type BuildPacksOptions, type PackSummary, type PackFileEntry } from './pipeline/build-packs.js';
export { diffSnapshots, type DiffOptions } from './pipeline/diff-snapshots.js';
export { diffToDirectory } from './pipeline/write-diff.js';
export { SrmapError, type Problem } from './domain/errors.js';
export { STATUSES, COMPLIANCE_TYPES, type Status, type ComplianceType, type Responsibility } from './domain/status.js';
export { SNAPSHOT_FORMAT, RECORD_FILES } from './domain/snapshot.js';
export type {
  SnapshotManifest,
  RecordKind,
  RecordTypes,
  EvaluationRecord,
  ConfigRuleRecord,
  Gap,
} from './domain/snapshot.js';
export type { Catalog, Framework, Requirement, Control } from './domain/catalog.js';
export type { FrameworkResult, RequirementResult, ControlResult } from './domain/result.js';
export type { SnapshotDiff } from './domain/changes.js';
