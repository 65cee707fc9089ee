/**
 * The floors the report and diff are measured against: the least work their output needs, done
 * plainly in this process. Report: gunzip and JSON.parse every evaluation result, and write the
 * same evidence rows (every result once per framework, with its requirement ids) with csv-stringify
 * in large batches. Diff: gunzip and JSON.parse every evaluation result of both snapshots.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import type { Catalog } from '../../domain/catalog.js';
import { GUNZIP_CHUNK_BYTES } from '../../store/read-snapshot.js';

export interface FloorTime {
  seconds: number;
  cpuSeconds: number;
  records: number;
}

async function timed(fn: () => Promise<number>): Promise<FloorTime> {
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const records = await fn();
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (used.user + used.system) / 1e6, records };
}

/** Every line of a gzip'd NDJSON file, inflated in chunks of the size srmap's reader uses. */
async function* gunzipLines(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })) as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest;
}

interface Evaluation {
  account: string;
  region: string;
  ruleName: string;
  sourceIdentifier: string;
  resourceType: string;
  resourceId: string;
  complianceType: string;
  annotation?: string;
  recordedAt: string;
}

/** Managed rule -> the framework's assessable requirement ids that map it, from the catalog alone. */
function requirementIndex(catalog: Catalog, frameworkId: string): Map<string, string> {
  const index = new Map<string, Set<string>>();
  for (const req of catalog.frameworks.find((f) => f.id === frameworkId)?.requirements ?? []) {
    if (!req.assessable) continue;
    for (const c of req.controls) {
      for (const rule of catalog.controls.get(c)?.evidence.configRules ?? []) {
        const set = index.get(rule) ?? new Set<string>();
        set.add(req.id);
        index.set(rule, set);
      }
    }
  }
  return new Map([...index].map(([k, v]) => [k, [...v].join(';')]));
}

const BATCH = 8192;
const CSV_OPTIONS = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ } as const;

export async function reportFloor(snapshotDir: string, catalog: Catalog, outDir: string): Promise<FloorTime> {
  await mkdir(outDir, { recursive: true });
  const frameworks = catalog.frameworks.map((f) => {
    const file = createWriteStream(join(outDir, `${f.id}-evidence.csv`));
    return { id: f.id, index: requirementIndex(catalog, f.id), file, batch: [] as string[][], first: true };
  });
  const flush = async (fw: (typeof frameworks)[number]) => {
    const text = stringify(fw.batch, { ...CSV_OPTIONS, bom: fw.first });
    fw.first = false;
    fw.batch = [];
    if (!fw.file.write(text)) await once(fw.file, 'drain');
  };
  return timed(async () => {
    let n = 0;
    for await (const line of gunzipLines(join(snapshotDir, 'evaluations.ndjson.gz'))) {
      const r = JSON.parse(line) as Evaluation;
      n++;
      for (const fw of frameworks) {
        fw.batch.push([fw.id, r.account, r.region, r.ruleName, r.sourceIdentifier, r.resourceType, r.resourceId, r.complianceType, r.annotation ?? '', r.recordedAt, '', fw.index.get(r.sourceIdentifier) ?? '']);
        if (fw.batch.length >= BATCH) await flush(fw);
      }
    }
    for (const fw of frameworks) {
      await flush(fw);
      fw.file.end();
      await finished(fw.file);
    }
    return n;
  });
}

export async function diffFloor(beforeDir: string, afterDir: string): Promise<FloorTime> {
  return timed(async () => {
    let n = 0;
    for (const dir of [beforeDir, afterDir]) {
      for await (const line of gunzipLines(join(dir, 'evaluations.ndjson.gz'))) if ((JSON.parse(line) as Evaluation).complianceType) n++;
    }
    return n;
  });
}
