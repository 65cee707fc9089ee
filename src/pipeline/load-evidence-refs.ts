/**
 * The evidence references of one run (domain/evidence-refs.ts), numbered before the first
 * evaluation result from what the snapshot's small record kinds hold (every deployed rule, the
 * Artifact records) and the register in effect (the working folder's when there is one): the same
 * numbering for every framework and every output of the run, the pack and the OSCAL export alike.
 */
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import { toEvidenceRefs, type EvidenceRefs } from '../domain/evidence-refs.js';
import type { EvaluationSinks, SnapshotContext } from './load-evidence.js';

export function toRunEvidenceRefs(context: SnapshotContext, working: WorkingFolder | undefined): EvidenceRefs {
  return toEvidenceRefs({
    configRules: context.configRules,
    manualEvidence: working?.manualEvidence ?? context.manualEvidence,
    artifactReports: context.artifactReports,
    artifactAgreements: context.artifactAgreements,
  });
}

/** Sinks that only take the run's references from the snapshot context (for an evaluation that writes no evidence.csv). */
export function captureEvidenceRefs(working: WorkingFolder | undefined): { sinks: EvaluationSinks; refs(): EvidenceRefs } {
  let refs: EvidenceRefs | undefined;
  return {
    sinks: (context) => {
      refs = toRunEvidenceRefs(context, working);
      return [];
    },
    refs() {
      if (!refs) throw new Error('the evidence references are numbered when the snapshot is read: evaluate first');
      return refs;
    },
  };
}
