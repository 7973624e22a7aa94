/**
 * Hand-run benchmark: what checking the catalogue costs. Writes a state file of N keys to a
 * local folder, then reads it three ways: gunzip and JSON.parse only (what pullback did before
 * validation), validated (`Catalog.readState`: shape, identity, backup name, order, SHA-256), and
 * the events file through `sourceAsOf`'s check-then-merge (read twice). Prints lines/s and heap.
 *
 *   node --import tsx bench/catalog-read.ts [--keys 200000] [--versions 2]
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { Catalog } from '../src/backends/s3/catalog/catalog.ts';
import { JsonLinesWriter } from '../src/backends/s3/catalog/jsonl.ts';
import { sourceFolder, emptyCounts, type SourceRunRecord } from '../src/backends/s3/catalog/records.ts';
import { backupKeyFor, sourceId } from '../src/backends/s3/plan/names.ts';
import { versionIdentity } from '../src/backends/s3/plan/model.ts';
import type { SourceVersion } from '../src/stores/object/types.ts';
import { LocalObjectStore } from '../src/stores/object/local/store.ts';
import { destinationNaming } from '../src/stores/object/local/naming.ts';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '200000' }, versions: { type: 'string', default: '2' } } });
const keys = Number(values.keys);
const versionsPerKey = Number(values.versions);

const folder = await mkdtemp(join(tmpdir(), 'pullback-bench-catalog-'));
const destination = new LocalObjectStore(folder, destinationNaming);
const runId = '20261124T161758.123Z-a1b2c3';
const bucket = 'bench-bucket';
const dir = sourceFolder(bucket, '', runId);
const state = new JsonLinesWriter(destination, `${dir}state.jsonl.gz`);
const events = new JsonLinesWriter(destination, `${dir}events.jsonl.gz`);
for (let i = 0; i < keys; i++) {
  const key = `photos/2026/${String(i).padStart(8, '0')}.jpg`;
  const v = [];
  for (let j = 0; j < versionsPerKey; j++) {
    const listed: SourceVersion = { key, versionId: `v${i}-${j}`, etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 1000 + j, lastModified: new Date(1_790_000_000_000 + j * 1000).toISOString() };
    const s = { id: versionIdentity(listed), vid: listed.versionId!, t: listed.lastModified, e: listed.etag!, s: listed.size!, b: backupKeyFor(bucket, listed) };
    v.push(s);
    await events.write({ k: key, type: 'version', ...s, seen: listed.lastModified, meta: { contentType: 'image/jpeg' } });
  }
  await state.write({ k: key, v });
}
const stateDigest = await state.close();
const eventsDigest = await events.close();
const record: SourceRunRecord = {
  id: sourceId(bucket, ''),
  bucket,
  prefix: '',
  versioned: true,
  listStartedAt: new Date().toISOString(),
  listFinishedAt: new Date().toISOString(),
  state: `${dir}state.jsonl.gz`,
  events: `${dir}events.jsonl.gz`,
  stateSha256: stateDigest.sha256,
  stateBytes: stateDigest.bytes,
  eventsSha256: eventsDigest.sha256,
  eventsBytes: eventsDigest.bytes,
  counts: emptyCounts(),
  complete: true,
  durationMs: 0,
};

async function timed(label: string, lines: number, body: () => Promise<void>): Promise<void> {
  global.gc?.();
  const started = performance.now();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  await body();
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(42)} ${seconds.toFixed(2)} s  ${Math.round(lines / seconds).toLocaleString('en')} lines/s  peak heap ${(peak / 1024 ** 2).toFixed(0)} MiB`);
}

const catalog = new Catalog(destination);
console.log(`state: ${keys} keys x ${versionsPerKey} versions, ${(stateDigest.bytes / 1024 ** 2).toFixed(1)} MiB gzipped; events: ${(eventsDigest.bytes / 1024 ** 2).toFixed(1)} MiB`);
await timed('state, gunzip + JSON.parse only', keys, async () => {
  const lines = createInterface({ input: createReadStream(join(folder, record.state)).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) JSON.parse(line);
});
await timed('state, validated (Catalog.readState)', keys, async () => {
  for await (const _ of catalog.readState(record));
});
await timed('events, validated (Catalog.readEvents)', keys * versionsPerKey, async () => {
  for await (const _ of catalog.readEvents(record));
});
await rm(folder, { recursive: true, force: true });
