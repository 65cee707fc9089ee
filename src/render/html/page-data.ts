/**
 * The data one framework's HTML page embeds (as JSON in a `<script type="application/json">` tag)
 * and its client reads: the pack's own evaluation (FrameworkResult), flattened to plain values, and
 * the framework's rows of evidence.csv that the page lists (failing results) or counts (results by
 * account and region). Types only: shared by the writer (Node) and the client (browser).
 */
import type { EvidencePart } from '../../domain/result.js';
import type { DigestFailing, DigestLocation, DigestRule } from '../evidence-digest.js';
import type { Responsibility, Status } from '../../domain/status.js';

export const PAGE_FORMAT = 'srmap-page/1';

export interface PageStatus {
  id: Status;
  label: string;
  definition: string;
}

export interface PageRequirement {
  id: string;
  parent?: string;
  title: string;
  status: Status;
  /** The framework's own term for the status. */
  frameworkStatus: string;
  responsibility: Responsibility;
  reasons: string[];
  /** Deciding controls. */
  controls: string[];
  supportingControls: string[];
  deciding: EvidencePart[];
  supporting: EvidencePart[];
  /** Families of the deciding controls (unique, sorted). */
  families: string[];
  /** Responsible owners of the deciding controls (requirements.csv `responsible`). */
  owners: string[];
  /** The framework's own attributes of the requirement (declared by its framework file): title and the value as the file labels it. */
  properties: { title: string; value: string }[];
  exceptionId?: string;
  /** The applicability declaration applied, in one line. */
  declaration?: string;
}

export interface PageManualEvidence {
  kind: string;
  title: string;
  status: string;
  record?: { id: string; title: string; owner: string; collectedOn: string; validUntil: string; location: string; sha256?: string; integrity?: string };
}

export interface PageAttestation {
  kind: string;
  title: string;
  status: string;
  reason: string;
  /** The AWS Artifact report relied on, cited (never embedded). */
  report?: { id: string; name: string; version: number; periodStart: string; periodEnd: string };
  agreement?: { id: string; name: string; state: string };
}

export interface PageControl {
  id: string;
  title: string;
  family: string;
  responsibility: Responsibility;
  aws: string;
  customer: string;
  services: { service: string; model: string; aws: string; customer: string }[];
  status: Status;
  remediation: string;
  owner?: { responsible: string; accountable: string; consulted?: string; informed?: string };
  manual: PageManualEvidence[];
  attestations: PageAttestation[];
}

/** A rule's results by account and region, a rule, a failing result: evidence.csv's digest (render/evidence-digest.ts). */
export type PageLocation = DigestLocation;
export type PageRule = DigestRule;
export type PageFailing = DigestFailing;

export interface PageGap {
  source: string;
  account: string;
  region: string;
  code: string;
  message: string;
  action: string;
  inScope: boolean;
}

/** A stated limit of the route the snapshot was collected by (manifest.limits; gaps.csv gap_type limit). */
export interface PageLimit {
  source: string;
  route: string;
  code: string;
  effect: string;
  /** The effect in words (LIMIT_EFFECT_LABELS). */
  effectLabel: string;
  /** True when it leaves data out of the snapshot or a state unseen (every effect but not-checked). */
  leavesOut: boolean;
  complianceTypes: string[];
  message: string;
}

export interface PageHistoryPoint {
  asOf: string;
  snapshotId: string;
  byStatus: Record<Status, number>;
  failingResults: number;
  gaps: number;
}

export interface PageChanges {
  since: string;
  previousSnapshotId: string;
  /** This framework's requirements whose status changed (unchanged ones left out). */
  requirements: { id: string; title: string; before: string; after: string; change: string; reason: string }[];
  resources: { newlyFailing: number; newlyFixed: number; noLongerEvaluated: number; stillFailing: number };
}

export interface PageData {
  format: typeof PAGE_FORMAT;
  generatedBy: string;
  framework: { id: string; name: string; version: string; publisher: string };
  organisation: string;
  asOf: string;
  snapshotId: string;
  statuses: PageStatus[];
  responsibilities: Responsibility[];
  reporting?: { vocabulary: string; terms: Record<Status, string> };
  counts: { byStatus: Record<Status, number>; byResponsibility: Record<Responsibility, number>; assessable: number };
  scope: {
    declared: boolean;
    description?: string;
    accounts?: string[];
    regions?: string[];
    tags?: string[];
    results: { inScope: number; outOfScope: number };
    accountsOutOfScope: string[];
    regionsOutOfScope: string[];
  };
  gaps: PageGap[];
  /** What the collection route cannot give, as the snapshot states it. */
  limits: PageLimit[];
  /** Assessable requirements, in catalog order. */
  requirements: PageRequirement[];
  controls: Record<string, PageControl>;
  rules: PageRule[];
  /** Every failing result, sorted by rule, account, region, resource. */
  failing: PageFailing[];
  history?: PageHistoryPoint[];
  changes?: PageChanges;
}
