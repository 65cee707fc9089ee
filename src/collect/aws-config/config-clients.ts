/**
 * AWS Config and STS clients with srmap's call counter. Credentials come from the standard chain
 * (environment, shared config and SSO profiles, web identity, instance and container roles);
 * endpoints from --endpoint-url or the SDK's AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_CONFIG_SERVICE /
 * AWS_ENDPOINT_URL_STS variables, which the SDK reads itself.
 *
 * Each client makes ONE attempt per call (`maxAttempts: 1`): retries are srmap's one policy
 * (collect-retry.ts, through collect-paging.ts), the same for every client. Every request has a
 * deadline, so an endpoint that stops answering costs a retry, never a hang.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { isThrottling } from '../aws-errors.js';
import type { CallCounts } from '../collect-calls.js';
import { countCalls } from '../collect-calls.js';

/** Per request: connecting, and the whole answer. AWS Config answers a page in well under a second. */
export const CONNECT_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;

export interface ClientSettings {
  profile?: string;
  endpointUrl?: string;
  calls: CallCounts;
  /** Overrides REQUEST_TIMEOUT_MS (tests of a slow endpoint). */
  requestTimeoutMs?: number;
}

export class AwsClients {
  readonly credentials: AwsCredentialIdentityProvider;
  private readonly config = new Map<string, ConfigServiceClient>();
  private readonly sts = new Map<string, STSClient>();

  constructor(private readonly settings: ClientSettings) {
    this.credentials = fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
  }

  private common(region: string) {
    return {
      region,
      credentials: this.credentials,
      maxAttempts: 1,
      // throwOnRequestTimeout: without it the handler only logs a warning and the request waits forever.
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: this.settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
      ...(this.settings.endpointUrl ? { endpoint: this.settings.endpointUrl } : {}),
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
    };
  }

  configService(region: string): ConfigServiceClient {
    let c = this.config.get(region);
    if (!c) {
      c = new ConfigServiceClient(this.common(region));
      countCalls(c, this.settings.calls, isThrottling);
      this.config.set(region, c);
    }
    return c;
  }

  stsClient(region: string): STSClient {
    let c = this.sts.get(region);
    if (!c) {
      c = new STSClient(this.common(region));
      countCalls(c, this.settings.calls, isThrottling);
      this.sts.set(region, c);
    }
    return c;
  }

  destroy(): void {
    for (const c of this.config.values()) c.destroy();
    for (const c of this.sts.values()) c.destroy();
  }
}

/** The region of the profile or environment (AWS_REGION, AWS_DEFAULT_REGION, ~/.aws/config), if any. */
export async function resolveDefaultRegion(profile: string | undefined): Promise<string | undefined> {
  const c = new ConfigServiceClient(profile ? { profile } : {});
  try {
    const r = await c.config.region();
    return r || undefined;
  } catch {
    return undefined;
  } finally {
    c.destroy();
  }
}
