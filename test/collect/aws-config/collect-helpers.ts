/** In-process collection against the fake endpoint, into memory. */
import { vi } from 'vitest';
import { collectAwsConfig, planAwsConfig } from '../../../src/collect/aws-config/collect-aws-config.js';
import type { AwsConfigPlan } from '../../../src/collect/aws-config/collect-aws-config.js';
import { createProgress } from '../../../src/collect/collect-progress.js';
import type { CollectProgress } from '../../../src/collect/collect-progress.js';
import { toRetrySettings } from '../../../src/collect/collect-retry.js';
import type { EvidenceSink } from '../../../src/collect/collect-sink.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { FRAMEWORKS_DIR } from '../../../src/cli/paths.js';
import { toManagedRuleNames } from '../../../src/collect/aws-config/to-config-records.js';
import type { CollectionLimit, Gap, RecordKind, RecordTypes, SourceStatus } from '../../../src/domain/snapshot.js';
import type { FakeAws } from '../../helpers/fake-config-endpoint.js';
import { fakeAwsEnv } from '../../helpers/fake-config-endpoint.js';

export interface MemorySink extends EvidenceSink {
  records: { [K in RecordKind]: RecordTypes[K][] };
  /** Kinds a collector said it collected (EvidenceSink.include). */
  included: Set<RecordKind>;
  sources: SourceStatus[];
  gaps: Gap[];
  limits: CollectionLimit[];
}

export function memorySink(): MemorySink {
  const records = {
    configRules: [],
    evaluations: [],
    resourceCounts: [],
    conformancePacks: [],
    artifactReports: [],
    artifactAgreements: [],
    manualEvidence: [],
    exceptions: [],
    owners: [],
    resourceTags: [],
  } as MemorySink['records'];
  const sink: MemorySink = {
    records,
    included: new Set(),
    sources: [],
    gaps: [],
    limits: [],
    include(kind) {
      sink.included.add(kind);
    },
    write(kind, record) {
      sink.included.add(kind);
      (records[kind] as unknown[]).push(record);
      return Promise.resolve();
    },
    addSource(s) {
      sink.sources.push(s);
    },
    addGap(g) {
      sink.gaps.push(g);
    },
    addLimit(l) {
      sink.limits.push(l);
    },
  };
  return sink;
}

const managedRules = toManagedRuleNames((await loadCatalog(FRAMEWORKS_DIR)).managedRules.values());

export interface Collected {
  sink: MemorySink;
  plan: AwsConfigPlan;
  progress: CollectProgress;
}

/** Plan and collect with the credentials of `keyId`, the endpoint from the environment variables. */
export async function collectFromFake(fake: FakeAws, keyId: string, options: { regions?: string[]; aggregator?: string; maxAttempts?: number; requestTimeoutMs?: number } = {}): Promise<Collected> {
  for (const [k, v] of Object.entries(fakeAwsEnv(fake, keyId))) vi.stubEnv(k, v);
  const progress = createProgress({ mode: 'quiet', write: () => undefined });
  const retry = toRetrySettings({ SRMAP_RETRY_BASE_MS: '1', ...(options.maxAttempts !== undefined ? { SRMAP_MAX_ATTEMPTS: String(options.maxAttempts) } : {}) });
  try {
    const plan = await planAwsConfig({
      ...(options.regions ? { regions: options.regions } : {}),
      ...(options.aggregator ? { aggregator: options.aggregator } : {}),
      retry,
      regionConcurrency: 4,
      ruleConcurrency: 4,
      managedRules,
      calls: progress.calls,
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    });
    const sink = memorySink();
    await collectAwsConfig(sink, plan, progress);
    return { sink, plan, progress };
  } finally {
    vi.unstubAllEnvs();
  }
}
