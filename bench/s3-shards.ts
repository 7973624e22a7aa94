/**
 * Hand-run benchmark: one backup process against n shard processes and the commit, through the
 * CLI (`pullback backup`, `--shard i/n --shard-run <name>`, then `--shard commit`), on the same
 * local S3 server and objects. A first run (everything copied), then an incremental one (a share
 * of the keys rewritten). Prints wall times, keys and catalogue bytes; checks that the sharded
 * catalogue holds the same state as the unsharded one.
 *
 *   npx tsx bench/s3-shards.ts [--objects 4000] [--size 1024] [--shards 4] [--server moto|s3rver] [--change 5]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Catalog } from '../src/backends/s3/catalog/catalog.ts';
import { LocalObjectStore } from '../src/stores/object/local/store.ts';
import { destinationNaming } from '../src/stores/object/local/naming.ts';
import { motoAvailable, startMoto, startS3rver, type TestS3Server } from '../test/support/s3.ts';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '4000' },
    size: { type: 'string', default: '1024' },
    shards: { type: 'string', default: '4' },
    server: { type: 'string', default: motoAvailable() ? 'moto' : 's3rver' },
    change: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const objects = Number(values.objects);
const size = Number(values.size);
const shards = Number(values.shards);
const changePercent = Number(values.change);

// Keys spread like real ones (a hash prefix), so the first run's fallback split is even enough.
const keys = Array.from({ length: objects }, (_, i) => `${createHash('sha256').update(String(i)).digest('hex').slice(0, 4)}/object-${i}`);

async function seed(server: TestS3Server, bucket: string, which: string[], tag: string): Promise<void> {
  const client = server.client();
  const body = Buffer.alloc(size, tag);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < which.length) await client.send(new PutObjectCommand({ Bucket: bucket, Key: which[next++]!, Body: body }));
    }),
  );
}

function cli(server: TestS3Server, bucket: string, destination: string, extra: string[]): Promise<number> {
  const credentials = server.connection().credentials!;
  const args = ['--import', 'tsx', 'src/cli.ts', 'backup', '--sources', bucket, '--source-endpoint', server.endpoint, '--destination', destination, '--state-file', `${destination}.state.json`, '--concurrency', values.concurrency!, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(0) : reject(new Error(`pullback ${extra.join(' ')} exited ${code}: ${stderr.slice(-600)}`))));
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function bytesBelow(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function latestState(folder: string): Promise<string> {
  const catalog = new Catalog(new LocalObjectStore(folder, destinationNaming));
  const runs = (await catalog.runIds()).committed;
  const record = (await catalog.readRun(runs.at(-1)!))!.sources[0]!;
  const hash = createHash('sha256');
  let lines = 0;
  for await (const line of catalog.readState(record)) {
    hash.update(JSON.stringify(line));
    lines++;
  }
  return `${lines} keys, ${hash.digest('hex').slice(0, 12)}`;
}

const server = values.server === 'moto' ? await startMoto() : await startS3rver();
const work = await mkdtemp(join(tmpdir(), 'pullback-bench-shards-'));
try {
  const bucket = 'bench-shards';
  await server.createBucket(bucket);
  await seed(server, bucket, keys, 'a');
  const single = join(work, 'single');
  const sharded = join(work, 'sharded');
  const rows: string[][] = [];
  for (const [label, run] of [
    ['first run', 1],
    [`incremental (${changePercent} % rewritten)`, 2],
  ] as const) {
    if (run === 2) await seed(server, bucket, keys.filter((_, i) => i % Math.round(100 / changePercent) === 0), 'b');
    const one = await timed(() => cli(server, bucket, single, []));
    const name = `bench-${run}`;
    let shardSeconds = 0;
    const total = await timed(async () => {
      shardSeconds = await timed(() => Promise.all(Array.from({ length: shards }, (_, i) => cli(server, bucket, sharded, ['--shard', `${i + 1}/${shards}`, '--shard-run', name]))));
      await cli(server, bucket, sharded, ['--shard', 'commit', '--shard-run', name]);
    });
    const [a, b] = [await latestState(single), await latestState(sharded)];
    if (a.split(', ')[1] !== b.split(', ')[1]) throw new Error(`the states differ: ${a} vs ${b}`);
    rows.push([label, `${one.toFixed(1)} s`, `${shardSeconds.toFixed(1)} s`, `${(total - shardSeconds).toFixed(1)} s`, `${total.toFixed(1)} s`, a]);
  }
  const catalogueSingle = await bytesBelow(join(single, 'catalog'));
  const catalogueSharded = await bytesBelow(join(sharded, 'catalog'));
  const parts = await bytesBelow(join(sharded, 'catalog', 'shards'));
  console.log(`${objects} objects of ${size} bytes on ${values.server}, ${shards} shards, concurrency ${values.concurrency} per process, ${(await import('node:os')).cpus().length} cores`);
  console.log('| run | 1 process | shards (wall) | commit | sharded total | state (same in both) |');
  console.log('|---|--:|--:|--:|--:|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`catalogue bytes: unsharded ${catalogueSingle}, sharded ${catalogueSharded} (of which parts under catalog/shards/: ${parts})`);
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
