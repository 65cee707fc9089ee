/**
 * A listing of AWS Artifact reports and agreements saved by hand (`srmap collect --artifact-from
 * FILE`), for an organisation without Artifact API access. Pure: text in, records or located
 * problems out (file, line, column, path, hint), every problem gathered.
 *
 * The format is what the AWS CLI prints, so `aws artifact list-reports` and
 * `aws artifact list-customer-agreements` output can be saved and merged as is (JSON; YAML is read
 * too): `{ "reports": [...], "customerAgreements": [...] }`, either key optional but not both.
 * Dates may be ISO-8601 date-times or plain YYYY-MM-DD. A report the officer downloaded from the
 * console may carry `documentSha256` (and `downloadedAt`, `downloadedBy`) so the pack can cite it.
 * Unknown fields (companyName, acceptanceType, ...) are ignored.
 */
import { z } from 'zod';
import { SrmapError } from '../../domain/errors.js';
import type { Problem } from '../../domain/errors.js';
import { parseYamlFile } from '../../domain/parse-yaml.js';
import type { ArtifactAgreementRecord, ArtifactReportRecord } from '../../domain/snapshot.js';

const HINT = 'see "AWS Artifact listing saved by hand" in README.md for the format';

const dateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'an ISO-8601 date-time (2026-06-30T23:59:59Z) or a date (2026-06-30)' });
const text = z.string().trim().min(1);

const ReportSchema = z.object({
  id: text,
  name: text,
  category: text,
  series: text,
  version: z.number().int().nonnegative(),
  periodStart: dateTime,
  periodEnd: dateTime,
  state: text.optional(),
  description: z.string().optional(),
  arn: text.optional(),
  documentSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits (sha256)').optional(),
  downloadedAt: dateTime.optional(),
  downloadedBy: text.optional(),
});

const AgreementSchema = z.object({
  id: text,
  name: text,
  type: text,
  state: z.enum(['ACTIVE', 'CUSTOMER_TERMINATED', 'AWS_TERMINATED']),
  awsAccountId: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
  effectiveStart: dateTime,
  effectiveEnd: dateTime.optional(),
  description: z.string().optional(),
});

export const ArtifactListingSchema = z
  .object({
    reports: z.array(ReportSchema).optional(),
    customerAgreements: z.array(AgreementSchema).optional(),
  })
  .refine((l) => l.reports !== undefined || l.customerAgreements !== undefined, { message: 'the listing has neither "reports" nor "customerAgreements"' });

export interface ArtifactListing {
  /** Undefined when the file has no "reports" key (reports were not part of the listing). */
  reports?: ArtifactReportRecord[];
  agreements?: ArtifactAgreementRecord[];
}

function toIso(value: string, endOfDay: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z`;
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

export function parseArtifactListing(source: string, file: string): ArtifactListing {
  const parsed = parseYamlFile(ArtifactListingSchema, source, file);
  // The shared parser's fallback hints point at the catalog's JSON Schema: ours is the README.
  const problems: Problem[] = parsed.problems.map((p) => ({ ...p, hint: p.hint && !p.hint.includes('frameworks/schema') ? `${p.hint} (${HINT})` : HINT }));
  const value = parsed.value;
  if (value) {
    value.reports?.forEach((r, i) => {
      if (toIso(r.periodEnd, true) < toIso(r.periodStart, false)) {
        problems.push({ file, ...parsed.locate(['reports', i, 'periodEnd']), path: `reports[${i}].periodEnd`, message: `the period ends (${r.periodEnd}) before it starts (${r.periodStart})`, hint: 'swap periodStart and periodEnd' });
      }
    });
  }
  if (problems.length > 0 || !value) {
    throw new SrmapError('ARTIFACT_LISTING_INVALID', `${file} is not a valid AWS Artifact listing (${problems.length} problem${problems.length === 1 ? '' : 's'})`, {
      hint: HINT,
      problems,
    });
  }
  const out: ArtifactListing = {};
  if (value.reports) {
    out.reports = value.reports.map((r): ArtifactReportRecord => ({
      id: r.id,
      name: r.name,
      category: r.category,
      series: r.series,
      version: r.version,
      periodStart: toIso(r.periodStart, false),
      periodEnd: toIso(r.periodEnd, true),
      ...(r.state ? { state: r.state } : {}),
      ...(r.description !== undefined ? { description: r.description } : {}),
      ...(r.arn ? { arn: r.arn } : {}),
      ...(r.documentSha256 ? { documentSha256: r.documentSha256.toLowerCase() } : {}),
      ...(r.downloadedAt ? { downloadedAt: toIso(r.downloadedAt, false) } : {}),
      ...(r.downloadedBy ? { downloadedBy: r.downloadedBy } : {}),
      origin: 'import',
    }));
  }
  if (value.customerAgreements) {
    out.agreements = value.customerAgreements.map((a): ArtifactAgreementRecord => ({
      id: a.id,
      name: a.name,
      type: a.type,
      state: a.state,
      ...(a.awsAccountId ? { awsAccountId: a.awsAccountId } : {}),
      effectiveStart: toIso(a.effectiveStart, false),
      ...(a.effectiveEnd ? { effectiveEnd: toIso(a.effectiveEnd, true) } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      origin: 'import',
    }));
  }
  return out;
}
