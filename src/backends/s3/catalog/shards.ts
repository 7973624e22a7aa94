import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import type { KeyRange, ObjectStore } from '../../../stores/object/types.ts';
import { sourceSlug } from '../plan/names.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { CatalogDamagedError, RECOVER_FROM_COPY } from './errors.ts';
import { readFileBytes, readSmallJson, type CatalogReadOptions } from './reader.ts';
import type { FileDigest } from './jsonl.ts';
import { RUN_ID, type SourceCounts, type StateKind } from './records.ts';

/**
 * A sharded run (docs/sharding.md): the processes of one workflow run (its `shard-run`) each back up
 * one key range of every source and write a part; a commit step joins the parts into one ordinary
 * run record. Layout, next to the catalogue's own files:
 *   catalog/shards/<name>/run.json                  the run's plan: its run id, base runs, split points
 *   catalog/shards/<name>/part-<i>-of-<n>.started   shard i began (a later attempt HEADs before copying)
 *   catalog/shards/<name>/part-<i>-of-<n>.json      shard i finished: its files, counts, listing times
 *   catalog/shards/<name>/<slug>/<i>-of-<n>/{state,state-delta,events}.jsonl.gz   its files
 *   catalog/shards.json                             a sample of every source's keys: the next split points
 */
export const SHARDS = 'catalog/shards/';
export const SPLITS_FILE = 'catalog/shards.json';
export const PLAN_FORMAT = 'pullback-shards/1';
export const PART_FORMAT = 'pullback-shard-part/1';
export const SPLITS_FORMAT = 'pullback-splits/1';
/** A run name is a file name: GitHub's run ids (digits) and anything alike. */
export const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The most shards of one run (a GitHub matrix holds 256 jobs). */
export const MAX_SHARDS = 256;
/**
 * Keys a shard's sample keeps (between this and twice this), and the merged one in
 * catalog/shards.json at most: enough to cut 256 ranges within a few percent of each other.
 */
export const SAMPLE_KEYS = 512;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface ShardPlanSource {
  id: string;
  bucket: string;
  prefix: string;
  versioned: boolean;
  /** The committed run every shard compares against (absent: the source's first run). */
  baseRunId?: string;
  /** Whether the parts are pieces of a checkpoint or of a delta on the base's chain (decided once). */
  stateKind: StateKind;
  /** n - 1 keys, non-decreasing: shard i owns (splits[i-2], splits[i-1]]. */
  splits: string[];
  /** Where the split points came from, for the log. */
  splitsFrom: 'catalogue sample' | 'base state' | 'fallback';
}

export interface ShardPlan {
  format: typeof PLAN_FORMAT;
  name: string;
  runId: string;
  startedAt: string;
  count: number;
  /** Runs that had not finished when this one began: a complete commit settles them. */
  unfinished: string[];
  sources: ShardPlanSource[];
}

export interface PartFile extends FileDigest {
  file: string;
}

export interface KeySampleData {
  /** Keys listed in the range. */
  keys: number;
  /** keys[j] is the ((j + 1) * step)-th key of the range. */
  step: number;
  sample: string[];
}

export interface ShardPartSource {
  id: string;
  range: KeyRange;
  stateKind: StateKind;
  state: PartFile;
  events: PartFile;
  counts: SourceCounts;
  complete: boolean;
  errors: string[];
  listStartedAt: string;
  listFinishedAt: string;
  serverStart?: string;
  durationMs: number;
  sample: KeySampleData;
  /** The time budget was spent: keys of the range from this one on keep their last state. */
  stoppedBefore?: string;
}

export interface ShardPart {
  format: typeof PART_FORMAT;
  name: string;
  runId: string;
  shard: number;
  count: number;
  startedAt: string;
  finishedAt: string;
  sources: ShardPartSource[];
}

/** catalog/shards.json: where each source's keys fall, from the last sharded run's listing. */
export interface SplitsFile {
  format: typeof SPLITS_FORMAT;
  runId: string;
  sources: Record<string, { keys: number; sample: { k: string; at: number }[] }>;
}

export const planFile = (name: string): string => `${SHARDS}${name}/run.json`;
export const partFile = (name: string, shard: number, count: number): string => `${SHARDS}${name}/part-${shard}-of-${count}.json`;
export const partStartedFile = (name: string, shard: number, count: number): string => `${SHARDS}${name}/part-${shard}-of-${count}.started`;
export const partFolder = (name: string, bucket: string, prefix: string, shard: number, count: number): string =>
  `${SHARDS}${name}/${sourceSlug(bucket, prefix)}/${shard}-of-${count}/`;

/** Shard i (1-based) of the plan's split points: after < key <= upTo. */
export function rangeOf(splits: readonly string[], shard: number): KeyRange {
  const after = shard >= 2 ? splits[shard - 2] : undefined;
  const upTo = shard <= splits.length ? splits[shard - 1] : undefined;
  return { ...(after !== undefined ? { after } : {}), ...(upTo !== undefined ? { upTo } : {}) };
}

/**
 * Every `step`-th key of a listing, the step doubling whenever the sample fills up: at most
 * SAMPLE_KEYS keys in memory whatever the number of keys, evenly spaced.
 */
export class KeySample {
  private step = 1;
  private keys: string[] = [];
  private seen = 0;

  add(key: string): void {
    this.seen++;
    if (this.seen % this.step !== 0) return;
    this.keys.push(key);
    if (this.keys.length >= SAMPLE_KEYS) {
      this.keys = this.keys.filter((_, i) => i % 2 === 1);
      this.step *= 2;
    }
  }

  data(): KeySampleData {
    return { keys: this.seen, step: this.step, sample: [...this.keys] };
  }
}

/** The parts' samples in range order, as one sample of the whole source (positions 1-based). */
export function mergeSamples(parts: readonly KeySampleData[]): { keys: number; sample: { k: string; at: number }[] } {
  let offset = 0;
  let all: { k: string; at: number }[] = [];
  for (const part of parts) {
    // Only a hint: a sample that is not what pullback writes is left out, not trusted.
    const usable = Array.isArray(part.sample) && part.sample.every((k) => typeof k === 'string') && Number.isSafeInteger(part.step) && part.step > 0;
    if (usable) part.sample.forEach((k, j) => all.push({ k, at: offset + (j + 1) * part.step }));
    offset += Number.isSafeInteger(part.keys) ? part.keys : 0;
  }
  if (all.length > SAMPLE_KEYS) {
    const every = Math.ceil(all.length / SAMPLE_KEYS);
    all = all.filter((_, i) => i % every === every - 1);
  }
  return { keys: offset, sample: all };
}

/** n - 1 split points cutting `keys` keys into n runs of about equal size, from a sample. */
export function splitsFromSample(sample: { keys: number; sample: readonly { k: string; at: number }[] }, count: number): string[] | undefined {
  if (sample.sample.length === 0) return undefined;
  const splits: string[] = [];
  for (let j = 1; j < count; j++) {
    const target = (j * sample.keys) / count;
    const found = sample.sample.find((s) => s.at >= target) ?? sample.sample[sample.sample.length - 1]!;
    splits.push(found.k);
  }
  return splits;
}

/**
 * Split points with no committed key to go by (a source's first run): the key space after the
 * prefix cut evenly over digits and ASCII letters. Uneven when keys share a first character after
 * the prefix; the commit records the real distribution, so the next run is even.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function fallbackSplits(prefix: string, count: number): string[] {
  const splits: string[] = [];
  for (let j = 1; j < count; j++) splits.push(prefix + ALPHABET[Math.floor((j * ALPHABET.length) / count)]!);
  return splits;
}

/** Reads one of the sharded run's small JSON files, checked to be what pullback wrote. */
export async function readShardFile<T extends { format: string }>(destination: ObjectStore, file: string, format: string, read: CatalogReadOptions): Promise<T | undefined> {
  const raw = (await readSmallJson(destination, file, MAX_FILE_BYTES, read, RECOVER_FROM_COPY)) as T | undefined;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || raw.format !== format) throw new CatalogDamagedError(file, `is not a ${format} file pullback wrote`, RECOVER_FROM_COPY);
  return raw;
}

export function checkPlan(plan: ShardPlan, file: string): ShardPlan {
  if (!RUN_ID.test(plan.runId) || !Array.isArray(plan.sources) || !Number.isInteger(plan.count) || !Array.isArray(plan.unfinished)) {
    throw new CatalogDamagedError(file, 'is not a sharded run plan pullback wrote', RECOVER_FROM_COPY);
  }
  for (const source of plan.sources) {
    const ordered = source.splits.every((k, i) => typeof k === 'string' && (i === 0 || compareKeys(source.splits[i - 1]!, k) <= 0));
    if (source.splits.length !== plan.count - 1 || !ordered) throw new CatalogDamagedError(file, `has split points for ${source.id} that do not cut ${plan.count} ranges`, RECOVER_FROM_COPY);
  }
  return plan;
}

/**
 * Writes the parts' files one after the other as one file (gzip members concatenate into a valid
 * gzip stream), checking each part's size and SHA-256 as it streams and hashing what is written:
 * ranges are disjoint and in order, so their sorted lines are the whole run's sorted lines.
 */
export async function concatenateParts(destination: ObjectStore, key: string, parts: readonly PartFile[], read: CatalogReadOptions): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  const body = new PassThrough();
  body.on('error', () => {});
  const writing = destination.put(key, body, { metadata: { contentType: 'application/x-ndjson', contentEncoding: 'gzip' } });
  try {
    for (const part of parts) {
      // Read with retries that resume, and checked against the part record at the end.
      for await (const chunk of readFileBytes(destination, part.file, { bytes: part.bytes, sha256: part.sha256 }, read, RERUN_SHARD)) {
        hash.update(chunk);
        bytes += chunk.length;
        if (!body.write(chunk)) await once(body, 'drain');
      }
    }
    body.end();
    await writing;
  } catch (error) {
    body.destroy(error as Error);
    await writing.catch(() => undefined);
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}

const RERUN_SHARD = 'run the shard that wrote it again (re-run its job), then the commit';
