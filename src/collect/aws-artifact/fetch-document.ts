/**
 * Fetch an Artifact report document from the presigned URL GetReport returns: a plain, unsigned
 * GET. Only https to an AWS host (*.amazonaws.com, *.amazonaws.com.cn) is followed; no redirect is
 * followed (one could leave AWS); the size is capped. Tests may allow their local endpoint with
 * `allowHosts` (host:port, http allowed for those only): the CLI never fills it from user input.
 */
import { createHash } from 'node:crypto';

export interface FetchDocumentOptions {
  /** Test only: host:port pairs allowed besides AWS hosts, http included. */
  allowHosts?: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
}

export interface FetchedDocument {
  bytes: Buffer;
  sha256: string;
  contentType: string;
}

export class DocumentUrlError extends Error {
  override readonly name = 'ArtifactDocumentUrlRejected';
}

export class DocumentFetchError extends Error {
  override readonly name = 'ArtifactDocumentDownloadFailed';
}

const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/i;
export const DEFAULT_MAX_DOCUMENT_BYTES = 200 * 1024 * 1024;

/** Is this presigned URL one srmap may fetch? Returns the reason when not. Pure. */
export function checkDocumentUrl(raw: string, allowHosts: readonly string[] = []): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the presigned URL is not a URL';
  }
  if (allowHosts.includes(url.host) && (url.protocol === 'http:' || url.protocol === 'https:')) return undefined;
  if (url.protocol !== 'https:') return `the presigned URL is not https (${url.protocol})`;
  if (url.username || url.password) return 'the presigned URL carries user information';
  if (!AWS_HOST.test(url.hostname)) return `the presigned URL points to ${url.hostname}, not an AWS host (*.amazonaws.com)`;
  return undefined;
}

export async function fetchDocument(raw: string, options: FetchDocumentOptions = {}): Promise<FetchedDocument> {
  const rejected = checkDocumentUrl(raw, options.allowHosts);
  if (rejected) throw new DocumentUrlError(rejected);
  const max = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  let response: Response;
  try {
    response = await fetch(raw, { redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
  } catch (err) {
    throw new DocumentFetchError(`the document could not be fetched: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!response.ok || !response.body) {
    throw new DocumentFetchError(`the document URL answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new DocumentFetchError(`the document is ${declared} bytes, more than the ${max} allowed`);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw new DocumentFetchError(`the document is more than the ${max} bytes allowed`);
    hash.update(chunk);
    chunks.push(Buffer.from(chunk));
  }
  return { bytes: Buffer.concat(chunks), sha256: hash.digest('hex'), contentType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '' };
}

/** File extension for a stored document, from its content type (or its first bytes). */
export function documentExtension(doc: Pick<FetchedDocument, 'bytes' | 'contentType'>): string {
  if (doc.contentType === 'application/pdf' || doc.bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (doc.contentType === 'application/zip' || doc.bytes.subarray(0, 2).toString('latin1') === 'PK') return 'zip';
  return 'bin';
}
