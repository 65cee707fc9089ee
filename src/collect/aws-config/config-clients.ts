/**
 * AWS Config and STS clients with srmap's retry strategy and call counter. Credentials come from the
 * standard chain (environment, shared config and SSO profiles, web identity, instance and container
 * roles); endpoints from --endpoint-url or the SDK's AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_CONFIG_SERVICE /
 * AWS_ENDPOINT_URL_STS variables, which the SDK reads itself.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CallCounts } from '../collect-calls.js';
import { countCalls } from '../collect-calls.js';
import type { RetrySettings } from '../collect-retry.js';
import { isThrottling, toRetryStrategy } from '../collect-retry.js';

export interface ClientSettings {
  profile?: string;
  endpointUrl?: string;
  retry: RetrySettings;
  calls: CallCounts;
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
      retryStrategy: toRetryStrategy(this.settings.retry),
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
