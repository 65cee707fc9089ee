/**
 * The AWS Artifact source of `srmap collect`: options (--artifact, --artifact-only, --artifact-from,
 * --accept-artifact-terms) to settings, and one run into the snapshot being written: the API
 * (listing, agreements, documents under accepted terms) or a listing saved by hand.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SrmapError } from '../../domain/errors.js';
import type { SnapshotManifest } from '../../domain/snapshot.js';
import { errorCode } from '../aws-errors.js';
import { call, unwrap } from '../collect-paging.js';
import type { RetrySettings } from '../collect-retry.js';
import { ARTIFACT_DEFAULT_REGION, ArtifactClient } from './artifact-client.js';
import { collectArtifact } from './collect-artifact.js';
import type { ArtifactSink, CollectArtifactSummary, ReportMatch } from './collect-artifact.js';
import { importArtifactListing, readArtifactListing } from './import-artifact-listing.js';
import type { ArtifactListing } from './parse-artifact-listing.js';

export interface ArtifactArgs {
  artifact?: boolean;
  'artifact-only'?: boolean;
  'artifact-from'?: string;
  'accept-artifact-terms'?: boolean;
}

export interface ArtifactSettings {
  /** Collect from the Artifact API, or import a listing saved by hand. */
  mode: 'api' | 'import';
  /** Artifact alone: no AWS Config collection. */
  only: boolean;
  from?: string;
  acceptTerms: boolean;
  /** The listing saved by hand, read and checked by prepareArtifactSource before anything is collected. */
  listing?: ArtifactListing;
}

/** Test only: host:port list the document fetch may use besides AWS hosts (a local fake endpoint). */
export const TEST_DOCUMENT_HOSTS_ENV = 'SRMAP_TEST_ONLY_ARTIFACT_DOCUMENT_HOSTS';

/** The Artifact part of collect's options; undefined when Artifact is not asked for. */
export function toArtifactSettings(args: ArtifactArgs): ArtifactSettings | undefined {
  const from = args['artifact-from'];
  const only = args['artifact-only'] === true;
  const wanted = args.artifact === true || only || from !== undefined;
  if (args['accept-artifact-terms'] && !wanted) {
    throw new SrmapError('USAGE', '--accept-artifact-terms needs --artifact or --artifact-only.', { hint: 'Add --artifact to collect AWS Artifact reports (and, with the terms accepted, their documents).' });
  }
  if (!wanted) return undefined;
  if (from !== undefined && from.trim() === '') {
    throw new SrmapError('USAGE', '--artifact-from needs a file.', { hint: 'Pass the JSON file saved from `aws artifact list-reports` / `list-customer-agreements` (see README.md).' });
  }
  if (from !== undefined && args['accept-artifact-terms']) {
    throw new SrmapError('USAGE', '--accept-artifact-terms downloads documents through the Artifact API; --artifact-from imports a listing saved by hand instead.', { hint: 'Give one of them. A document you downloaded yourself can be cited with documentSha256 in the listing.' });
  }
  return { mode: from !== undefined ? 'import' : 'api', only, ...(from !== undefined ? { from } : {}), acceptTerms: args['accept-artifact-terms'] === true };
}

export interface ArtifactRunContext {
  profile?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** srmap's one retry policy (collect-retry.ts). */
  retry: RetrySettings;
  /** The caller's ARN, when the collect run knows it (sts:GetCallerIdentity); recorded with downloads. */
  callerArn?: string;
  /** The reports worth downloading (the catalog's attestation kinds). */
  download?: readonly ReportMatch[];
  note: (line: string) => void;
  now?: () => Date;
}

/** Read and check a listing saved by hand first, so a mistake in it stops collect before any AWS call. */
export async function prepareArtifactSource(settings: ArtifactSettings): Promise<ArtifactSettings> {
  if (settings.mode !== 'import' || settings.listing) return settings;
  return { ...settings, listing: await readArtifactListing(settings.from ?? '') };
}

export async function runArtifactSource(sink: ArtifactSink, settings: ArtifactSettings, ctx: ArtifactRunContext): Promise<CollectArtifactSummary> {
  if (settings.mode === 'import') {
    const path = settings.from ?? '';
    return importArtifactListing(sink, settings.listing ?? (await readArtifactListing(path)), path, ctx.note);
  }
  const credentials = fromNodeProviderChain(ctx.profile ? { profile: ctx.profile } : {});
  const client = new ArtifactClient({ env: ctx.env, credentials });
  const testHosts = (ctx.env[TEST_DOCUMENT_HOSTS_ENV] ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '');
  if (settings.acceptTerms) ctx.note('AWS Artifact: the report terms are accepted on your behalf (--accept-artifact-terms); documents stay in the snapshot and are never copied into a pack');
  const downloadedBy = ctx.callerArn ?? (settings.acceptTerms ? await identifyCaller(credentials, ctx) : undefined);
  return collectArtifact(
    sink,
    {
      client,
      retry: ctx.retry,
      acceptTerms: settings.acceptTerms,
      ...(ctx.download ? { download: ctx.download } : {}),
      ...(downloadedBy ? { downloadedBy } : {}),
      ...(testHosts.length > 0 ? { documents: { allowHosts: testHosts } } : {}),
      ...(ctx.now ? { now: ctx.now } : {}),
    },
    ctx.note,
  );
}

/**
 * Who is downloading (--artifact-only has no AWS Config run to say it): sts:GetCallerIdentity with the
 * same credentials, in Artifact's region. The record of who downloaded which report is the point, so
 * a failure here does not stop the collection: the downloads are recorded as by "unknown" and the
 * progress line says why.
 */
async function identifyCaller(credentials: ReturnType<typeof fromNodeProviderChain>, ctx: ArtifactRunContext): Promise<string | undefined> {
  const sts = new STSClient({ region: ARTIFACT_DEFAULT_REGION, credentials, maxAttempts: 1 });
  try {
    const id = await call('GetCallerIdentity', ctx.retry, () => sts.send(new GetCallerIdentityCommand({})));
    if (id.Arn) return id.Arn;
    ctx.note('AWS Artifact: sts:GetCallerIdentity returned no ARN; downloads are recorded as by "unknown"');
  } catch (err) {
    ctx.note(`AWS Artifact: could not identify the caller (sts:GetCallerIdentity: ${errorCode(unwrap(err))}); downloads are recorded as by "unknown"`);
  } finally {
    sts.destroy();
  }
  return undefined;
}

/** Summary lines for the console. */
export function formatArtifactSummary(s: CollectArtifactSummary, settings: ArtifactSettings, m: SnapshotManifest): string[] {
  const lines = [
    `  AWS Artifact${settings.mode === 'import' ? ` (imported from ${settings.from ?? ''})` : ''}: ${s.reports} reports, ${s.agreements} agreements${settings.mode === 'api' ? `, ${s.downloaded} documents downloaded${settings.acceptTerms ? '' : ' (pass --accept-artifact-terms to download the reports relied upon)'}` : ''}`,
  ];
  const gaps = m.gaps.filter((g) => g.source === 'aws-artifact');
  for (const g of gaps.slice(0, 10)) lines.push(`    ${g.code}${g.action ? ` (needs ${g.action})` : ''}: ${g.message}`);
  return lines;
}
