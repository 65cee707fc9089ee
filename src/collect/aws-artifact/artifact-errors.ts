/**
 * AWS Artifact errors as srmap sees them: the AWS error code, the IAM action that was refused, and
 * a hint that says what to do next. Pure. Works on the SDK's error shape (name, $metadata), so it
 * fits the official client's exceptions as well as ours.
 */
import { SrmapError } from '../../domain/errors.js';
import type { Gap } from '../../domain/snapshot.js';

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const HINTS: Record<string, (action: string) => string> = {
  AccessDeniedException: (a) => `grant ${a} to the identity srmap runs as (AWS Artifact needs its own IAM permissions; the AWSArtifactReportsReadOnlyAccess managed policy covers reports), or import a listing saved by hand with --artifact-from FILE`,
  ResourceNotFoundException: () => 'the report or version is no longer published: collect again to list the current version',
  ThrottlingException: () => 'AWS Artifact kept throttling after every retry: run the collection again later (SRMAP_MAX_ATTEMPTS raises the number of attempts)',
  ValidationException: (a) => (a === 'artifact:GetReport' ? 'AWS refused the term token (expired or not accepted): run again with --accept-artifact-terms to accept the report terms afresh' : 'AWS refused the request as invalid: this is likely a bug in srmap, please report it with the message'),
  ConflictException: () => 'the request conflicts with the state of the resource in AWS Artifact: try again later',
  ServiceQuotaExceededException: () => 'an AWS Artifact quota was exceeded: try again later or ask AWS Support',
  InternalServerException: () => 'AWS Artifact failed on its side after every retry: try again later',
  InvalidSignatureException: () => 'the request signature was refused: check the clock of this machine and the secret access key of the credentials',
  UnrecognizedClientException: () => 'the credentials are not recognised: refresh them (aws sso login, or a new access key)',
  ExpiredTokenException: () => 'the session credentials have expired: refresh them (aws sso login) and run again',
  CredentialsProviderError: () => 'no AWS credentials were found: set AWS_PROFILE (or run aws sso login), or import a listing saved by hand with --artifact-from FILE',
  NetworkingError: () => 'AWS Artifact did not answer: check the network, a proxy, or AWS_ENDPOINT_URL_ARTIFACT / AWS_ENDPOINT_URL',
};

export function artifactErrorCode(err: unknown): string {
  const e = err as AwsLikeError | undefined;
  return typeof e?.name === 'string' && e.name !== '' && e.name !== 'Error' ? e.name : 'ArtifactError';
}

export function artifactErrorHint(err: unknown, action: string): string {
  const code = artifactErrorCode(err);
  return HINTS[code]?.(action) ?? `AWS Artifact answered ${code}: see the message, then run the collection again`;
}

function messageOf(err: unknown): string {
  const e = err as AwsLikeError | undefined;
  const m = typeof e?.message === 'string' && e.message !== '' ? e.message : String(err);
  const status = e?.$metadata?.httpStatusCode;
  return status !== undefined ? `${m} (HTTP ${status})` : m;
}

/** A collection gap for an Artifact call that failed: lowers the results that needed it. */
export function toArtifactGap(err: unknown, action: string, what: string): Gap {
  return {
    source: 'aws-artifact',
    code: artifactErrorCode(err),
    message: `${what}: ${messageOf(err)}. Hint: ${artifactErrorHint(err, action)}`,
    action,
  };
}

/** The same failure as an SrmapError, for a caller that must stop (e.g. --artifact-only with nothing collected). */
export function toArtifactError(err: unknown, action: string, what: string): SrmapError {
  const code = artifactErrorCode(err);
  return new SrmapError(`ARTIFACT_${code.replace(/Exception$/, '').replace(/[a-z](?=[A-Z])/g, (c) => `${c}_`).toUpperCase()}`, `${what}: AWS Artifact answered ${code}: ${messageOf(err)}`, {
    hint: artifactErrorHint(err, action),
    kind: 'input',
    cause: err,
  });
}
