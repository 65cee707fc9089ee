/**
 * `srmap collect --artifact-from FILE`: read a listing saved by hand (parse-artifact-listing.ts)
 * and put its reports and agreements in the snapshot, marked `origin: 'import'`, so the officer
 * gets the citations without Artifact API access.
 */
import { readFile } from 'node:fs/promises';
import { SrmapError } from '../../domain/errors.js';
import type { ArtifactSink, CollectArtifactSummary } from './collect-artifact.js';
import { parseArtifactListing } from './parse-artifact-listing.js';
import type { ArtifactListing } from './parse-artifact-listing.js';

export async function readArtifactListing(path: string): Promise<ReturnType<typeof parseArtifactListing>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SrmapError('ARTIFACT_LISTING_NOT_FOUND', `Cannot read the AWS Artifact listing ${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}`, {
      hint: 'pass the JSON file you saved from `aws artifact list-reports` / `list-customer-agreements` (see README.md)',
      cause: err,
    });
  }
  return parseArtifactListing(text, path);
}

/** Import a listing read by readArtifactListing from `path` (named in the progress line). */
export async function importArtifactListing(sink: Pick<ArtifactSink, 'write' | 'addSource'>, listing: ArtifactListing, path: string, progress: (m: string) => void = () => {}): Promise<CollectArtifactSummary> {
  const reports = [...(listing.reports ?? [])].sort((a, b) => a.series.localeCompare(b.series) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id) || a.version - b.version);
  const agreements = [...(listing.agreements ?? [])].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const r of reports) await sink.write('artifactReports', r);
  for (const a of agreements) await sink.write('artifactAgreements', a);
  sink.addSource({ source: 'aws-artifact', status: 'collected', counts: { reports: reports.length, agreements: agreements.length, imported: 1 } });
  progress(`AWS Artifact: imported ${reports.length} reports and ${agreements.length} agreements from ${path}`);
  return { reports: reports.length, agreements: agreements.length, downloaded: 0, skipped: 0, gaps: [] };
}
