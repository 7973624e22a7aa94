import type { FilterDescription } from '../../../plan/filter.ts';
import type { ObjectMetadata } from '../../../stores/object/types.ts';
import type { EventLine, StateDeltaLine, StateLine, StateVersion } from '../plan/model.ts';
import { backupKeyFor, MAX_KEY_BYTES, sourceId } from '../plan/names.ts';
import { CatalogLineError } from './errors.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { KEY_SAMPLE_MAX_LENGTH, KEY_SAMPLES_MAX } from '../listing/key-samples.ts';
import { ACCEPTED_FORMATS, emptyCounts, MAX_STATE_CHAIN, RUN_ID, sourceFolder, stateFileName, type CatalogFormat, type RunRecord, type SourceCounts, type SourceRunRecord, type StateFallback, type StateKind, type StateLink } from './records.ts';

/**
 * The catalogue is read from storage that others can write to: every line of a state or events
 * file and every run record is checked against what pullback writes, and copied field by field
 * (unknown fields are dropped), before anything acts on it. Most important: a version's backup key
 * must be exactly the name `backupKeyFor` gives that bucket, key and identity, so no entry can
 * point a restore at a catalogue file or another source's data.
 */

/** The source a state or events file belongs to. */
export interface LineContext {
  bucket: string;
  prefix: string;
}

type Json = Record<string, unknown>;

export function fail(message: string): never {
  throw new CatalogLineError(message);
}

export function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not a JSON object`);
  return value as Json;
}

/** A UTF-16 surrogate without its pair: no UTF-8 key or header can hold one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(value: unknown, what: string, maxLength = 4096): string {
  if (typeof value !== 'string') fail(`${what} is not a string`);
  if (value.length > maxLength) fail(`${what} is longer than ${maxLength} characters`);
  if (LONE_SURROGATE.test(value)) fail(`${what} is not well-formed Unicode`);
  return value;
}

function optionalText(value: unknown, what: string, maxLength = 4096): string | undefined {
  return value === undefined ? undefined : text(value, what, maxLength);
}

export function time(value: unknown, what: string): string {
  const iso = text(value, what, 40);
  if (Number.isNaN(Date.parse(iso))) fail(`${what} is not a time: ${JSON.stringify(iso)}`);
  return iso;
}

function optionalTime(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : time(value, what);
}

export function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${what} is not a non-negative integer`);
  return value;
}

function flag(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') fail(`${what} is not true or false`);
  return value;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
export function sha256(value: unknown, what: string): string {
  const hex = text(value, what, 64);
  if (!SHA256_HEX.test(hex)) fail(`${what} is not a hex SHA-256`);
  return hex;
}

/** An object key: 1..1024 UTF-8 bytes, inside the source's prefix. */
function objectKey(value: unknown, context: LineContext): string {
  const key = text(value, '"k"', MAX_KEY_BYTES);
  const bytes = Buffer.byteLength(key);
  if (bytes === 0 || bytes > MAX_KEY_BYTES) fail(`"k" has ${bytes} bytes (an S3 key has 1 to ${MAX_KEY_BYTES})`);
  if (!key.startsWith(context.prefix)) fail(`key ${JSON.stringify(key.slice(0, 100))} lies outside the source prefix ${JSON.stringify(context.prefix)}`);
  return key;
}

/** Header values: no control characters (they could not have come from an HTTP response). */
function headerText(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  const header = text(value, what, 8192);
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(header)) fail(`${what} contains control characters`);
  return header;
}

const META_FIELDS = ['contentType', 'contentEncoding', 'contentDisposition', 'contentLanguage', 'cacheControl', 'expires', 'storageClass'] as const;

function metadata(value: unknown): ObjectMetadata | undefined {
  if (value === undefined) return undefined;
  const raw = object(value, '"meta"');
  const meta: ObjectMetadata = {};
  for (const field of META_FIELDS) {
    const v = headerText(raw[field], `"meta.${field}"`);
    if (v !== undefined) meta[field] = v;
  }
  if (raw['user'] !== undefined) {
    const user = object(raw['user'], '"meta.user"');
    const entries = Object.entries(user);
    if (entries.length > 256) fail('"meta.user" has more than 256 entries');
    meta.user = {};
    for (const [name, v] of entries) meta.user[headerText(name, '"meta.user" name')!] = headerText(v, `"meta.user.${name}"`)!;
  }
  return meta;
}

/**
 * The version fields shared by state versions and `version` events, with the identity and the
 * backup key checked against the names pullback derives from them.
 */
function stateVersion(raw: Json, key: string, context: LineContext, what: string): StateVersion {
  const version: StateVersion = { id: text(raw['id'], `${what} "id"`, 2200), t: time(raw['t'], `${what} "t"`) };
  const vid = optionalText(raw['vid'], `${what} "vid"`, 1024);
  const etag = optionalText(raw['e'], `${what} "e"`, 1024);
  const size = raw['s'] === undefined ? undefined : count(raw['s'], `${what} "s"`);
  if (vid !== undefined) version.vid = vid;
  if (etag !== undefined) version.e = etag;
  if (size !== undefined) version.s = size;
  if (raw['dm'] !== undefined && raw['dm'] !== true) fail(`${what} "dm" is not true`);
  const expectedId = vid !== undefined && vid !== 'null' ? `v:${vid}` : `e:${etag ?? ''}:${size ?? 0}:${version.t}`;
  if (version.id !== expectedId) fail(`${what} "id" ${JSON.stringify(version.id.slice(0, 100))} does not match its version (${JSON.stringify(expectedId.slice(0, 100))})`);
  if (raw['dm'] === true) {
    version.dm = true;
    if (raw['b'] !== undefined) fail(`${what} is a delete marker with a backup key`);
    return version;
  }
  if (raw['skip'] !== undefined) {
    // Left out by a size filter: known, never copied.
    if (raw['skip'] !== 'size') fail(`${what} "skip" is not "size"`);
    if (raw['b'] !== undefined) fail(`${what} is a skipped version with a backup key`);
    version.skip = 'size';
    return version;
  }
  const backup = text(raw['b'], `${what} "b"`, 2200);
  const listed = { key, lastModified: version.t, ...(vid !== undefined ? { versionId: vid } : {}), ...(etag !== undefined ? { etag } : {}), ...(size !== undefined ? { size } : {}) };
  // The readable name when it fits, else the `_long` one: either is what backupKeyFor gives (the
  // second is computed only when needed: one hash per version keeps reading the catalogue fast).
  const readable = backupKeyFor(context.bucket, listed, 0);
  if (backup !== readable && !(backup.startsWith(`data/${context.bucket}/_long/`) && backup === backupKeyFor(context.bucket, listed, MAX_KEY_BYTES + 1))) {
    fail(`${what} "b" ${JSON.stringify(backup.slice(0, 200))} is not the backup name of this version (expected ${JSON.stringify(readable.slice(0, 200))})`);
  }
  version.b = backup;
  return version;
}

/** One line of a state file. */
export function validateStateLine(value: unknown, context: LineContext): StateLine {
  const raw = object(value, 'the line');
  const key = objectKey(raw['k'], context);
  const versions = raw['v'];
  if (!Array.isArray(versions) || versions.length === 0) fail('"v" is not a non-empty list of versions');
  const seen = new Set<string>();
  const v = versions.map((entry, index) => {
    const version = stateVersion(object(entry, `version ${index + 1}`), key, context, `version ${index + 1}`);
    if (seen.has(version.id)) fail(`version ${index + 1} repeats identity ${JSON.stringify(version.id.slice(0, 100))}`);
    seen.add(version.id);
    return version;
  });
  if (raw['x'] !== undefined) return { k: key, v, x: time(raw['x'], '"x"') };
  return { k: key, v };
}

/** One line of a state delta: a state line, or a key that left the state. */
export function validateStateDeltaLine(value: unknown, context: LineContext): StateDeltaLine {
  const raw = object(value, 'the line');
  if (raw['gone'] === undefined) return validateStateLine(raw, context);
  if (raw['gone'] !== true) fail('"gone" is not true');
  if (raw['v'] !== undefined) fail('a line that says the key is gone lists versions');
  return { k: objectKey(raw['k'], context), gone: true };
}

/** One line of an events file. */
export function validateEventLine(value: unknown, context: LineContext): EventLine {
  const raw = object(value, 'the line');
  const k = objectKey(raw['k'], context);
  switch (raw['type']) {
    case 'version': {
      if (raw['dm'] !== undefined) fail('a version event is marked as a delete marker');
      const version = stateVersion(raw, k, context, 'the version');
      const event: EventLine = { k, type: 'version', ...version, seen: time(raw['seen'], '"seen"') };
      const meta = metadata(raw['meta']);
      if (meta) event.meta = meta;
      if (raw['sha256'] !== undefined) event.sha256 = sha256(raw['sha256'], '"sha256"');
      return event;
    }
    case 'deleteMarker': {
      const marker = stateVersion({ ...raw, dm: true }, k, context, 'the delete marker');
      const event: EventLine = { k, type: 'deleteMarker', id: marker.id, t: marker.t, seen: time(raw['seen'], '"seen"') };
      if (marker.vid !== undefined) event.vid = marker.vid;
      return event;
    }
    case 'deleted': {
      const event: EventLine = { k, type: 'deleted', after: time(raw['after'], '"after"'), before: time(raw['before'], '"before"') };
      const last = optionalText(raw['last'], '"last"', 2200);
      if (last !== undefined) event.last = last;
      return event;
    }
    case 'purged':
      return { k, type: 'purged', id: text(raw['id'], '"id"', 2200), after: time(raw['after'], '"after"'), before: time(raw['before'], '"before"') };
    case 'skipped': {
      if (raw['reason'] !== 'size') fail('"reason" of a skipped version is not "size"');
      const version = stateVersion({ ...raw, skip: 'size' }, k, context, 'the skipped version');
      const event: EventLine = { k, type: 'skipped', id: version.id, t: version.t, s: version.s ?? 0, reason: 'size', seen: time(raw['seen'], '"seen"') };
      if (version.vid !== undefined) event.vid = version.vid;
      if (version.e !== undefined) event.e = version.e;
      return event;
    }
    default:
      return fail(`"type" ${JSON.stringify(String(raw['type']).slice(0, 40))} is not version, deleteMarker, deleted, purged or skipped`);
  }
}

export const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const COUNT_NAMES = Object.keys(emptyCounts()) as (keyof SourceCounts)[];

function sourceRecord(value: unknown, runId: string, format: CatalogFormat, index: number): SourceRunRecord {
  const what = `source ${index + 1}`;
  const raw = object(value, what);
  const bucket = text(raw['bucket'], `${what} "bucket"`, 255);
  if (!BUCKET.test(bucket) || bucket.includes('..')) fail(`${what} "bucket" ${JSON.stringify(bucket)} is not a bucket name`);
  const prefix = text(raw['prefix'], `${what} "prefix"`, MAX_KEY_BYTES);
  const id = text(raw['id'], `${what} "id"`, 2000);
  if (id !== sourceId(bucket, prefix)) fail(`${what} "id" ${JSON.stringify(id)} is not ${JSON.stringify(sourceId(bucket, prefix))}`);
  const folder = sourceFolder(bucket, prefix, runId);
  const state = text(raw['state'], `${what} "state"`, 2000);
  const events = text(raw['events'], `${what} "events"`, 2000);
  const stateKind: StateKind = format === 'pullback-catalog/3' && raw['stateKind'] !== undefined ? stateKindOf(raw['stateKind'], `${what} "stateKind"`) : 'full';
  const stateName = stateFileName(stateKind);
  if (state !== `${folder}${stateName}`) fail(`${what} "state" ${JSON.stringify(state)} is not this run's state file ${folder}${stateName}`);
  if (events !== `${folder}events.jsonl.gz`) fail(`${what} "events" ${JSON.stringify(events)} is not this run's events file ${folder}events.jsonl.gz`);
  const rawCounts = object(raw['counts'], `${what} "counts"`);
  const counts = emptyCounts();
  for (const name of COUNT_NAMES) if (rawCounts[name] !== undefined) counts[name] = count(rawCounts[name], `${what} "counts.${name}"`);
  const record: SourceRunRecord = {
    id,
    bucket,
    prefix,
    versioned: flag(raw['versioned'], `${what} "versioned"`),
    listStartedAt: time(raw['listStartedAt'], `${what} "listStartedAt"`),
    listFinishedAt: time(raw['listFinishedAt'], `${what} "listFinishedAt"`),
    state,
    events,
    counts,
    complete: flag(raw['complete'], `${what} "complete"`),
    durationMs: raw['durationMs'] === undefined ? 0 : count(raw['durationMs'], `${what} "durationMs"`),
  };
  if (raw['previousRunId'] !== undefined) {
    const previous = text(raw['previousRunId'], `${what} "previousRunId"`, 40);
    if (!RUN_ID.test(previous)) fail(`${what} "previousRunId" is not a run id`);
    record.previousRunId = previous;
  }
  const watermarkBefore = optionalTime(raw['watermarkBefore'], `${what} "watermarkBefore"`);
  const watermarkAfter = optionalTime(raw['watermarkAfter'], `${what} "watermarkAfter"`);
  if (watermarkBefore !== undefined) record.watermarkBefore = watermarkBefore;
  if (watermarkAfter !== undefined) record.watermarkAfter = watermarkAfter;
  // Format 2 records every file's digest; a format 1 record may not have them.
  const digests = format !== 'pullback-catalog/1' || raw['stateSha256'] !== undefined;
  if (digests) {
    record.stateSha256 = sha256(raw['stateSha256'], `${what} "stateSha256"`);
    record.stateBytes = count(raw['stateBytes'], `${what} "stateBytes"`);
    record.eventsSha256 = sha256(raw['eventsSha256'], `${what} "eventsSha256"`);
    record.eventsBytes = count(raw['eventsBytes'], `${what} "eventsBytes"`);
  }
  if (stateKind === 'delta') {
    record.stateKind = 'delta';
    record.stateChain = stateChain(raw['stateChain'], runId, record, `${what} "stateChain"`);
  } else if (raw['stateChain'] !== undefined) {
    fail(`${what} has a "stateChain" but its state is a full file`);
  }
  if (raw['stateFallback'] !== undefined) {
    const fallback = object(raw['stateFallback'], `${what} "stateFallback"`);
    const damaged = text(fallback['damagedRunId'], `${what} "stateFallback.damagedRunId"`, 40);
    const used = optionalText(fallback['usedRunId'], `${what} "stateFallback.usedRunId"`, 40);
    if (!RUN_ID.test(damaged) || (used !== undefined && !RUN_ID.test(used))) fail(`${what} "stateFallback" names something that is not a run id`);
    const stateFallback: StateFallback = { damagedRunId: damaged, reason: text(fallback['reason'], `${what} "stateFallback.reason"`, 4096) };
    if (used !== undefined) stateFallback.usedRunId = used;
    record.stateFallback = stateFallback;
  }
  if (raw['filter'] !== undefined) record.filter = filterDescription(raw['filter'], `${what} "filter"`);
  if (raw['keySamples'] !== undefined) record.keySamples = keySamples(raw['keySamples'], prefix, `${what} "keySamples"`);
  return record;
}

/** The filter a run backed up with: lists of patterns and two sizes, nothing else. */
function filterDescription(value: unknown, what: string): FilterDescription {
  const raw = object(value, what);
  const result: FilterDescription = {};
  for (const name of ['include', 'exclude', 'filter'] as const) {
    const list = raw[name];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > 10_000) fail(`${what} "${name}" is not a list of patterns`);
    result[name] = list.map((item, i) => text(item, `${what} "${name}" entry ${i + 1}`));
  }
  for (const name of ['minSize', 'maxSize'] as const) if (raw[name] !== undefined) result[name] = count(raw[name], `${what} "${name}"`);
  return result;
}

/**
 * Cut points for the next listing: a hint, but read as untrusted input like the rest (bounded in
 * number and length, well-formed, ascending, under the source's prefix).
 */
function keySamples(value: unknown, prefix: string, what: string): string[] {
  if (!Array.isArray(value)) fail(`${what} is not a list`);
  if (value.length > KEY_SAMPLES_MAX) fail(`${what} holds ${value.length} keys, more than ${KEY_SAMPLES_MAX}`);
  const samples = value.map((sample, index) => text(sample, `${what}[${index}]`, KEY_SAMPLE_MAX_LENGTH));
  for (const [index, sample] of samples.entries()) {
    if (!sample.startsWith(prefix)) fail(`${what}[${index}] ${JSON.stringify(sample)} is not under the prefix ${JSON.stringify(prefix)}`);
    if (index > 0 && compareKeys(samples[index - 1]!, sample) >= 0) fail(`${what} is not in ascending S3 byte order at [${index}]`);
  }
  return samples;
}

function stateKindOf(value: unknown, what: string): StateKind {
  if (value !== 'full' && value !== 'delta') fail(`${what} is not full or delta`);
  return value;
}

/**
 * A delta's chain: a checkpoint, then deltas, of strictly older runs of the same source, ending with
 * this run's own delta (whose digest is the record's). Only run ids and digests: the file names
 * follow from them, so a chain can point at nothing but this source's state files.
 */
function stateChain(value: unknown, runId: string, record: SourceRunRecord, what: string): StateLink[] {
  if (!Array.isArray(value) || value.length < 2) fail(`${what} is not a list of at least a checkpoint and this run's delta`);
  if (value.length > MAX_STATE_CHAIN) fail(`${what} has ${value.length} files, more than the ${MAX_STATE_CHAIN} pullback ever chains`);
  const chain = value.map((entry, index): StateLink => {
    const link = object(entry, `${what} entry ${index + 1}`);
    const id = text(link['runId'], `${what} entry ${index + 1} "runId"`, 40);
    if (!RUN_ID.test(id)) fail(`${what} entry ${index + 1} "runId" is not a run id`);
    const kind = stateKindOf(link['kind'], `${what} entry ${index + 1} "kind"`);
    if (kind !== (index === 0 ? 'full' : 'delta')) fail(`${what} entry ${index + 1} is ${kind === 'full' ? 'a checkpoint after the first' : 'a delta where the chain must start with a checkpoint'}`);
    return { runId: id, kind, sha256: sha256(link['sha256'], `${what} entry ${index + 1} "sha256"`), bytes: count(link['bytes'], `${what} entry ${index + 1} "bytes"`) };
  });
  for (let i = 1; i < chain.length; i++) {
    if (compareKeys(chain[i - 1]!.runId, chain[i]!.runId) >= 0) fail(`${what} is not in run order (${chain[i]!.runId} after ${chain[i - 1]!.runId})`);
  }
  const last = chain[chain.length - 1]!;
  if (last.runId !== runId || last.sha256 !== record.stateSha256 || last.bytes !== record.stateBytes) fail(`${what} does not end with this run's own delta`);
  return chain;
}

/** A run record, read from `catalog/runs/<runId>.json`. */
export function validateRunRecord(value: unknown, runId: string): RunRecord {
  const raw = object(value, 'the run record');
  const format = raw['format'];
  if (!ACCEPTED_FORMATS.includes(format as CatalogFormat)) {
    fail(`"format" ${JSON.stringify(String(format).slice(0, 40))} is not one this version reads (${ACCEPTED_FORMATS.join(', ')}); a newer pullback may have written it`);
  }
  if (raw['runId'] !== runId) fail(`"runId" ${JSON.stringify(String(raw['runId']).slice(0, 40))} is not the file's run id ${runId}`);
  const status = raw['status'];
  if (status !== 'complete' && status !== 'partial') fail('"status" is not complete or partial');
  const tool = object(raw['tool'], '"tool"');
  if (tool['name'] !== 'pullback') fail('"tool.name" is not pullback');
  const sources = raw['sources'];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  const records = sources.map((s, index) => sourceRecord(s, runId, format as CatalogFormat, index));
  if (new Set(records.map((r) => r.id)).size !== records.length) fail('"sources" names one source twice');
  return {
    format: format as CatalogFormat,
    runId,
    startedAt: time(raw['startedAt'], '"startedAt"'),
    finishedAt: time(raw['finishedAt'], '"finishedAt"'),
    status,
    tool: { name: 'pullback', version: text(tool['version'], '"tool.version"', 100) },
    sources: records,
  };
}
