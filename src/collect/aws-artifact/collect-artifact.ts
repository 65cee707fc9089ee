/**
 * AWS Artifact -> snapshot: the report listing (name, category, series, version, period) and the
 * customer agreements (a BAA's state), as ArtifactReportRecord / ArtifactAgreementRecord, with a
 * SourceStatus for 'aws-artifact' and a Gap for anything that could not be collected.
 *
 * Report documents are downloaded only with `acceptTerms` (the user's explicit
 * --accept-artifact-terms): GetReportMetadata -> GetTermForReport -> GetReport -> the presigned URL.
 * A document is stored in the snapshot under a content-addressed name with its sha256, and its
 * record says who downloaded it and when. Packs cite documents, never embed them: Artifact reports
 * are AWS confidential and their terms restrict redistribution.
 */
import type { ArtifactAgreementRecord, ArtifactReportRecord, Gap, RecordKind, RecordTypes, SnapshotFile, SourceStatus } from '../../domain/snapshot.js';
import { call, paginate, unwrap } from '../collect-paging.js';
import type { RetrySettings } from '../collect-retry.js';
import {
  GetReportCommand,
  GetReportMetadataCommand,
  GetTermForReportCommand,
  ListCustomerAgreementsCommand,
  ListReportsCommand,
} from './artifact-client.js';
import type { ArtifactClient, CustomerAgreementSummary, ReportSummary } from './artifact-client.js';
import { artifactErrorCode, toArtifactGap } from './artifact-errors.js';
import { documentExtension, fetchDocument } from './fetch-document.js';
import type { FetchDocumentOptions } from './fetch-document.js';

/** Where the collector writes: the snapshot writer has this shape. */
export interface ArtifactSink {
  write<K extends RecordKind>(kind: K, record: RecordTypes[K]): Promise<void>;
  addSource(source: SourceStatus): void;
  addGap(gap: Gap): void;
  addFile(name: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<SnapshotFile>;
}

/** How to recognise a report worth downloading: case-insensitive regexes, every given one must match. */
export interface ReportMatch {
  name?: string;
  category?: string;
  series?: string;
}

export interface CollectArtifactOptions {
  client: ArtifactClient;
  /** srmap's one retry policy (collect-retry.ts). */
  retry: RetrySettings;
  /** The user accepted the Artifact report terms (--accept-artifact-terms): download documents. */
  acceptTerms?: boolean;
  /** Which reports to download (the latest report matching each); all listed reports when absent. */
  download?: readonly ReportMatch[];
  /** Recorded with each download: the caller's ARN or account id. Default 'unknown'. */
  downloadedBy?: string;
  /** Page size for the list calls (1-300). */
  pageSize?: number;
  /** Document fetch settings; `allowHosts` is for tests only. */
  documents?: FetchDocumentOptions;
  now?: () => Date;
}

export type ArtifactProgress = (message: string) => void;

export interface CollectArtifactSummary {
  reports: number;
  agreements: number;
  downloaded: number;
  skipped: number;
  gaps: Gap[];
}

function iso(d: Date | undefined): string | undefined {
  return d === undefined ? undefined : d.toISOString().replace('.000Z', 'Z');
}

/** A listed report as a record; undefined when a field the evaluation needs is missing. */
export function toReportRecord(r: ReportSummary): ArtifactReportRecord | undefined {
  const periodStart = iso(r.periodStart);
  const periodEnd = iso(r.periodEnd);
  if (!r.id || !r.name || !r.category || !r.series || r.version === undefined || !Number.isInteger(r.version) || r.version < 0 || !periodStart || !periodEnd) return undefined;
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    series: r.series,
    version: r.version,
    periodStart,
    periodEnd,
    ...(r.state ? { state: r.state } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.arn ? { arn: r.arn } : {}),
    origin: 'api',
  };
}

const AGREEMENT_STATES = new Set(['ACTIVE', 'CUSTOMER_TERMINATED', 'AWS_TERMINATED']);

export function toAgreementRecord(a: CustomerAgreementSummary): ArtifactAgreementRecord | undefined {
  const effectiveStart = iso(a.effectiveStart);
  if (!a.id || !a.name || !a.type || !a.state || !AGREEMENT_STATES.has(a.state) || !effectiveStart) return undefined;
  const effectiveEnd = iso(a.effectiveEnd);
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    state: a.state as ArtifactAgreementRecord['state'],
    ...(a.awsAccountId && /^\d{12}$/.test(a.awsAccountId) ? { awsAccountId: a.awsAccountId } : {}),
    effectiveStart,
    ...(effectiveEnd ? { effectiveEnd } : {}),
    ...(a.description !== undefined ? { description: a.description } : {}),
    origin: 'api',
  };
}

function matches(pattern: string | undefined, value: string): boolean {
  return pattern === undefined || new RegExp(pattern, 'i').test(value);
}

/** The reports to download: for each match, the latest report (period end, then version); unique. Pure. */
export function selectDownloads(reports: readonly ArtifactReportRecord[], wanted: readonly ReportMatch[] | undefined): ArtifactReportRecord[] {
  if (wanted === undefined) return [...reports];
  const chosen = new Map<string, ArtifactReportRecord>();
  for (const m of wanted) {
    const latest = reports
      .filter((r) => matches(m.name, r.name) && matches(m.category, r.category) && matches(m.series, r.series))
      .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.version - a.version)[0];
    if (latest) chosen.set(`${latest.id}@${latest.version}`, latest);
  }
  return [...chosen.values()];
}

function isExpiredTerm(err: unknown): boolean {
  const e = unwrap(err);
  return artifactErrorCode(e) === 'ValidationException' && /expired/i.test((e as Error).message ?? '');
}

export async function collectArtifact(sink: ArtifactSink, options: CollectArtifactOptions, progress: ArtifactProgress = () => {}): Promise<CollectArtifactSummary> {
  const { client, retry } = options;
  const pageSize = options.pageSize ?? 300;
  const now = options.now ?? (() => new Date());
  const gaps: Gap[] = [];
  const gap = (g: Gap) => {
    gaps.push(g);
    sink.addGap(g);
  };
  let skipped = 0;

  progress('AWS Artifact: listing reports');
  let reports: ArtifactReportRecord[] | undefined;
  try {
    const found: ArtifactReportRecord[] = [];
    await paginate(
      'ListReports',
      retry,
      async (token) => {
        const out = await client.send(new ListReportsCommand({ maxResults: pageSize, ...(token ? { nextToken: token } : {}) }));
        return { items: out.reports, next: out.nextToken };
      },
      (items) => {
        for (const r of items) {
          const rec = toReportRecord(r);
          if (rec) found.push(rec);
          else skipped++;
        }
      },
    );
    reports = found;
    reports.sort((a, b) => a.series.localeCompare(b.series) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id) || a.version - b.version);
  } catch (err) {
    gap(toArtifactGap(unwrap(err), 'artifact:ListReports', 'The AWS Artifact report listing could not be collected'));
  }

  progress('AWS Artifact: listing customer agreements');
  let agreements: ArtifactAgreementRecord[] | undefined;
  try {
    const found: ArtifactAgreementRecord[] = [];
    await paginate(
      'ListCustomerAgreements',
      retry,
      async (token) => {
        const out = await client.send(new ListCustomerAgreementsCommand({ maxResults: pageSize, ...(token ? { nextToken: token } : {}) }));
        return { items: out.customerAgreements, next: out.nextToken };
      },
      (items) => {
        for (const a of items) {
          const rec = toAgreementRecord(a);
          if (rec) found.push(rec);
          else skipped++;
        }
      },
    );
    agreements = found;
    agreements.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  } catch (err) {
    gap(toArtifactGap(unwrap(err), 'artifact:ListCustomerAgreements', 'The AWS Artifact customer agreements could not be collected'));
  }

  if (skipped > 0) {
    gap({ source: 'aws-artifact', code: 'ArtifactRecordIncomplete', message: `${skipped} listed report(s) or agreement(s) lacked an id, name, category, series, version, state or period and were left out` });
  }

  let downloaded = 0;
  if (reports && options.acceptTerms) {
    const targets = new Set(selectDownloads(reports, options.download));
    for (const [i, report] of reports.entries()) {
      if (!targets.has(report)) continue;
      progress(`AWS Artifact: downloading ${report.name} (version ${report.version}) under its accepted terms`);
      const done = await downloadReport(sink, options, report, now, gap);
      if (done) {
        reports[i] = done;
        downloaded++;
      }
    }
  }

  for (const r of reports ?? []) await sink.write('artifactReports', r);
  for (const a of agreements ?? []) await sink.write('artifactAgreements', a);
  if (reports !== undefined || agreements !== undefined) {
    sink.addSource({
      source: 'aws-artifact',
      status: 'collected',
      counts: { reports: reports?.length ?? 0, agreements: agreements?.length ?? 0, documents: downloaded },
    });
  } else {
    sink.addSource({ source: 'aws-artifact', status: 'gap' });
  }
  progress(`AWS Artifact: ${reports?.length ?? 0} reports, ${agreements?.length ?? 0} agreements, ${downloaded} documents downloaded`);
  return { reports: reports?.length ?? 0, agreements: agreements?.length ?? 0, downloaded, skipped, gaps };
}

async function downloadReport(
  sink: ArtifactSink,
  options: CollectArtifactOptions,
  report: ArtifactReportRecord,
  now: () => Date,
  gap: (g: Gap) => void,
): Promise<ArtifactReportRecord | undefined> {
  const { client, retry } = options;
  const what = `${report.name} (${report.id}, version ${report.version}) could not be downloaded`;
  const ids = { reportId: report.id, reportVersion: report.version };
  let step = 'artifact:GetReportMetadata';
  try {
    const meta = await call('GetReportMetadata', retry, () => client.send(new GetReportMetadataCommand(ids)));
    const termArn = meta.reportDetails?.termArn;
    step = 'artifact:GetTermForReport';
    let term = await call('GetTermForReport', retry, () => client.send(new GetTermForReportCommand(ids)));
    step = 'artifact:GetReport';
    let got;
    try {
      got = await call('GetReport', retry, () => client.send(new GetReportCommand({ ...ids, termToken: term.termToken ?? '' })));
    } catch (err) {
      if (!isExpiredTerm(err)) throw err;
      // A term token is short-lived: accept the terms once more and try again, once.
      step = 'artifact:GetTermForReport';
      term = await call('GetTermForReport', retry, () => client.send(new GetTermForReportCommand(ids)));
      step = 'artifact:GetReport';
      got = await call('GetReport', retry, () => client.send(new GetReportCommand({ ...ids, termToken: term.termToken ?? '' })));
    }
    if (!got.documentPresignedUrl) {
      gap({ source: 'aws-artifact', code: 'ArtifactDocumentUrlMissing', message: `${what}: GetReport returned no document URL`, action: 'artifact:GetReport' });
      return undefined;
    }
    step = 'document';
    const doc = await fetchDocument(got.documentPresignedUrl, options.documents);
    const name = `artifact-${doc.sha256}.${documentExtension(doc)}`;
    await sink.addFile(name, doc.bytes);
    return {
      ...report,
      documentSha256: doc.sha256,
      documentFile: name,
      downloadedAt: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      downloadedBy: options.downloadedBy && options.downloadedBy.trim() !== '' ? options.downloadedBy : 'unknown',
      ...(termArn ? { termArn } : {}),
    };
  } catch (err) {
    if (step === 'document') {
      gap({ source: 'aws-artifact', code: artifactErrorCode(err), message: `${what}: ${(err as Error).message}`, action: 'artifact:GetReport' });
    } else {
      gap(toArtifactGap(unwrap(err), step, what));
    }
    return undefined;
  }
}
