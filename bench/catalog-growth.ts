/**
 * Hand-run benchmark: what the catalogue costs per run, and what a restore costs, as runs pile up.
 * Seeds N keys of S bytes into a source bucket on s3rver (or moto), backs them up to a bucket on
 * the same server, then runs R incremental backups that each change C keys. After each run it
 * lists `catalog/` and prints the bytes the run added (and the catalogue's total); at the end it
 * times a restore (into a local folder) to the first run, the middle run and the last run, and
 * checks the restored bytes. Then (where the code has a prune) it prunes with `--keep-last`,
 * prints what went, restores every kept point (checking every byte) and times a restore again.
 *
 *   NODE_OPTIONS=--openssl-legacy-provider npx tsx bench/catalog-growth.ts [--keys 5000] [--size 100] [--changes 5] [--runs 10] [--server s3rver|moto]
 *
 * (s3rver makes its ListObjectsV2 continuation tokens with DES, which Node 24's OpenSSL offers only
 * with the legacy provider: without it, a listing of more than 1,000 keys fails with InternalError.)
 *
 * Issue 12's target: an incremental run that changes 5 of 5,000 keys adds at most 2 % of the first
 * run's catalogue bytes; a restore to any point takes at most twice as long as before.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../src/backends/s3/backup.ts';
import { runS3Restore } from '../src/backends/s3/restore.ts';
import { Catalog } from '../src/backends/s3/catalog/catalog.ts';
import { S3ObjectStore } from '../src/stores/object/s3/store.ts';
import { S3Source } from '../src/stores/object/s3/source.ts';
import { silentLogger } from '../src/report/logger.ts';
import { motoAvailable, startMoto, startS3rver, type TestS3Server } from '../test/support/s3.ts';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '5000' },
    size: { type: 'string', default: '100' },
    changes: { type: 'string', default: '5' },
    runs: { type: 'string', default: '10' },
    server: { type: 'string', default: 's3rver' },
    'keep-last': { type: 'string', default: '3' },
  },
});
const keys = Number(values.keys);
const size = Number(values.size);
const changes = Number(values.changes);
const runs = Number(values.runs);

const server: TestS3Server = values.server === 'moto' && motoAvailable() ? await startMoto() : await startS3rver();
const client = server.client();
await server.createBucket('growth-source');
await server.createBucket('growth-backup');
const names = Array.from({ length: keys }, (_, i) => `items/${String(i).padStart(6, '0')}.bin`);
const bodyOf = (i: number, generation: number) => Buffer.alloc(size, `${generation}:${i};`);
const truth = new Map<string, Buffer>();

async function put(indices: number[], generation: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < indices.length) {
        const i = indices[next++]!;
        await client.send(new PutObjectCommand({ Bucket: "growth-source", Key: names[i], Body: bodyOf(i, generation) }));
        truth.set(names[i]!, bodyOf(i, generation));
      }
    }),
  );
}

const destination = new S3ObjectStore('growth-backup', 'pb/', server.connection());
const source = () => new S3Source('growth-source', '', server.connection(), 'bench|source');

async function catalogueBytes(): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for await (const object of destination.list('catalog/')) {
    // The lease is rewritten in place on every run: it never adds to the catalogue.
    if (object.key === 'catalog/lock.json') continue;
    bytes += object.size;
    files++;
  }
  return { bytes, files };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const points: { at: Date; truth: Map<string, Buffer> }[] = [];

console.log(`server ${server.kind}: ${keys} keys of ${size} B, ${changes} changed per run, ${runs} incremental runs`);
await put(names.map((_, i) => i), 0);

let before = await catalogueBytes();
const rows: { run: number; seconds: number; added: number; total: number; files: number }[] = [];
for (let run = 0; run <= runs; run++) {
  if (run > 0) {
    await sleep(1100);
    await put(Array.from({ length: changes }, (_, j) => (run * 7919 + j * 104_729) % keys), run);
  }
  const started = performance.now();
  const result = await runS3Backup({ overlapMs: 3600_000, concurrency: 16, dryRun: false, serverSideCopy: false }, { sources: [source()], destination, logger: silentLogger });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 'complete') throw new Error(`run ${run}: ${result.status}`);
  const after = await catalogueBytes();
  rows.push({ run, seconds, added: after.bytes - before.bytes, total: after.bytes, files: after.files });
  before = after;
  // The run's restore point: the end of its listing (what a prune keeps); nothing changes until later.
  const record = (await new Catalog(destination).readRun(result.runId))!;
  points.push({ at: new Date(record.sources[0]!.listFinishedAt), truth: new Map(truth) });
  await sleep(2200);
}

const first = rows[0]!.added;
console.log('\nrun   seconds   catalogue bytes added   % of first run   catalogue total   files');
for (const r of rows) {
  console.log(
    `${String(r.run).padStart(3)} ${r.seconds.toFixed(2).padStart(9)} ${String(r.added).padStart(23)} ${((100 * r.added) / first).toFixed(2).padStart(15)} % ${String(r.total).padStart(17)} ${String(r.files).padStart(7)}`,
  );
}
const incremental = rows.slice(1);
const mean = incremental.reduce((n, r) => n + r.added, 0) / Math.max(1, incremental.length);
console.log(`mean incremental run: ${mean.toFixed(0)} B = ${((100 * mean) / first).toFixed(2)} % of the first run's ${first} B`);

const work = await mkdtemp(join(tmpdir(), 'pullback-growth-'));
let restores = 0;
/** Restores a point into a fresh folder: seconds taken, and whether every byte is the truth's. */
async function restorePoint(index: number, label: string): Promise<boolean> {
  const point = points[index]!;
  const target = join(work, `restore-${++restores}`);
  const started = performance.now();
  const result = await runS3Restore({ at: point.at, sources: [], target: { kind: 'local', path: target }, concurrency: 16, dryRun: false }, { destination, logger: silentLogger });
  const seconds = (performance.now() - started) / 1000;
  let exact = result.totals.keysAtT === point.truth.size && result.totals.failed === 0;
  for (const [key, body] of point.truth) {
    const restored = await readFile(join(target, key)).catch(() => undefined);
    if (!restored?.equals(body)) exact = false;
  }
  console.log(`${label}: restore to the point of run ${index}: ${seconds.toFixed(2)} s, ${result.totals.keysAtT} objects, ${exact ? 'byte-exact' : 'DIFFERS FROM THE TRUTH'}`);
  await rm(target, { recursive: true, force: true });
  return exact;
}
for (const index of [0, Math.floor(runs / 2), runs]) await restorePoint(index, 'before any prune');

// The prune, where this version of pullback has one.
const prune = await import('../src/backends/s3/prune.ts').catch(() => undefined);
if (prune) {
  const keepLast = Number(values['keep-last']);
  const catalogueBefore = await catalogueBytes();
  const started = performance.now();
  const result = await prune.runS3Prune({ policy: { last: keepLast }, dryRun: false, concurrency: 16 }, { destination, logger: silentLogger });
  const seconds = (performance.now() - started) / 1000;
  const catalogueAfter = await catalogueBytes();
  const t = result.totals;
  console.log(
    `\nprune keep-last ${keepLast}: ${seconds.toFixed(2)} s, ${result.status}; ${t.removedObjects} objects removed (${t.freedBytes} bytes freed), ` +
      `${t.catalogueFiles} catalogue files replaced; catalogue ${catalogueBefore.bytes} -> ${catalogueAfter.bytes} bytes (${catalogueBefore.files} -> ${catalogueAfter.files} files)`,
  );
  const kept = new Set(result.sources[0]!.kept.map((p) => Date.parse(p.at)));
  let allExact = true;
  for (const [index, point] of points.entries()) {
    if (kept.has(point.at.getTime())) allExact = (await restorePoint(index, 'after the prune, kept')) && allExact;
    else {
      const refused = await runS3Restore({ at: point.at, sources: [], target: { kind: 'local', path: join(work, 'never') }, concurrency: 4, dryRun: true }, { destination, logger: silentLogger }).then(
        () => false,
        (error: Error) => /was pruned away/.test(error.message),
      );
      console.log(`after the prune, dropped: the point of run ${index} is ${refused ? 'refused, naming the nearest kept points' : 'NOT REFUSED'}`);
    }
  }
  console.log(`every kept point restored byte-exact: ${allExact ? 'yes' : 'NO'}`);
}
await rm(work, { recursive: true, force: true });
await server.stop();
