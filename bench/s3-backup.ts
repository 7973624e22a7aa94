/**
 * Hand-run benchmark: pullback's S3 backup against rclone and `aws s3 sync` on the same local
 * S3 server, same objects, same machine, in one run. Prints objects/s, peak memory and ratios.
 *
 *   npm run bench -- [--objects 3000] [--size 4096] [--server moto|s3rver] [--concurrency 32]
 *
 * Peers are optional: a missing `rclone` or `aws` is reported and skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { motoAvailable, startMoto, startS3rver, type TestS3Server } from '../test/support/s3.ts';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '3000' },
    size: { type: 'string', default: '4096' },
    server: { type: 'string', default: motoAvailable() ? 'moto' : 's3rver' },
    concurrency: { type: 'string', default: '32' },
    change: { type: 'string', default: '1' },
  },
});
const objects = Number(values.objects);
const size = Number(values.size);
const concurrency = Number(values.concurrency);
const changePercent = Number(values.change);


async function seed(server: TestS3Server, bucket: string, keys: string[], tag: string): Promise<void> {
  const client = server.client();
  const body = Buffer.alloc(size, tag);
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      }
    }),
  );
}

function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  return fn().then((value) => ({ value, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
}

/** Runs a peer without blocking the event loop (s3rver may be serving from this very process). */
async function peer(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakKb?: number } | string> {
  if (spawnSync('which', [command]).status !== 0) return `${command} not installed`;
  const start = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== 0) return `${name} failed: ${stderr.slice(-300)}`;
  const peakKb = Number(stderr.trim().split('\n').pop());
  return { seconds, peakKb };
}

async function main(): Promise<void> {
  const server = values.server === 'moto' ? await startMoto() : await startS3rver();
  const bucket = 'bench-source';
  await server.createBucket(bucket);
  const keys = Array.from({ length: objects }, (_, i) => `data/${String(i % 97).padStart(3, '0')}/object-${String(i).padStart(7, '0')}.bin`);
  console.log(`server ${server.kind}, ${objects} objects of ${size} bytes, concurrency ${concurrency}`);
  const seeded = await timed(() => seed(server, bucket, keys, 'a'));
  console.log(`seeded in ${seeded.seconds.toFixed(1)} s`);

  const work = await mkdtemp(join(tmpdir(), 'pullback-bench-'));
  const connection = server.connection('AKIDBENCH');
  const credentials = { AWS_ACCESS_KEY_ID: connection.credentials!.accessKeyId, AWS_SECRET_ACCESS_KEY: connection.credentials!.secretAccessKey, AWS_REGION: 'us-east-1' };
  // pullback runs as users run it: the bundled CLI in its own process, measured like the peers.
  const pullbackArgs = [
    'bin/pullback.js', 'backup', '--sources', bucket, '--destination', join(work, 'pullback'), '--source-endpoint', server.endpoint,
    '--concurrency', String(concurrency), '--state-file', join(work, 'state.json'), '--server-side-copy', 'never', '--json',
  ];
  const fullRun = await peer('pullback', process.execPath, pullbackArgs, credentials);
  if (typeof fullRun === 'string') throw new Error(fullRun);
  const changed = keys.filter((_, i) => i % Math.round(100 / changePercent) === 0);
  await new Promise((r) => setTimeout(r, 1100));
  await seed(server, bucket, changed, 'b');
  const incrementalRun = await peer('pullback', process.execPath, pullbackArgs, credentials);
  if (typeof incrementalRun === 'string') throw new Error(incrementalRun);
  const full = { seconds: fullRun.seconds };
  const incremental = { seconds: incrementalRun.seconds };

  const env = { AWS_ACCESS_KEY_ID: connection.credentials!.accessKeyId, AWS_SECRET_ACCESS_KEY: connection.credentials!.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CA_BUNDLE: '' };
  delete (process.env as Record<string, string | undefined>)['AWS_CA_BUNDLE'];
  // Put the peers on the same footing: the changes must not be part of their first copy.
  const rcloneArgs = (target: string) => ['copy', `:s3:${bucket}`, target, '--s3-provider', 'Other', '--s3-endpoint', server.endpoint, '--s3-access-key-id', env.AWS_ACCESS_KEY_ID, '--s3-secret-access-key', env.AWS_SECRET_ACCESS_KEY, '--s3-force-path-style', '--transfers', String(concurrency), '--checkers', String(concurrency)];
  const rcloneFull = await peer('rclone', 'rclone', rcloneArgs(join(work, 'rclone')), env);
  const rcloneCount = (await readdir(join(work, 'rclone'), { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length;
  console.log(`rclone copied ${rcloneCount} files (a sanity check that the peer really ran)`);
  const rcloneAgain = await peer('rclone', 'rclone', rcloneArgs(join(work, 'rclone')), env);
  const awsArgs = (target: string) => ['s3', 'sync', `s3://${bucket}`, target, '--endpoint-url', server.endpoint, '--only-show-errors'];
  const awsFull = await peer('aws s3 sync', 'aws', awsArgs(join(work, 'aws')), env);
  const awsAgain = await peer('aws s3 sync', 'aws', awsArgs(join(work, 'aws')), env);

  const row = (name: string, seconds: number, peakMb: number, note = '') =>
    console.log(`${name.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s ${(objects / seconds).toFixed(0).padStart(8)} objects/s ${peakMb.toFixed(0).padStart(6)} MiB peak ${note}`);
  console.log('');
  row('pullback full', fullRun.seconds, (fullRun.peakKb ?? 0) / 1024);
  row(`pullback incremental (${changePercent}% changed)`, incrementalRun.seconds, (incrementalRun.peakKb ?? 0) / 1024, `(${changed.length} changed)`);
  for (const [name, result] of [
    ['rclone copy full', rcloneFull],
    ['rclone copy again (re-compare)', rcloneAgain],
    ['aws s3 sync full', awsFull],
    ['aws s3 sync again (re-compare)', awsAgain],
  ] as const) {
    if (typeof result === 'string') console.log(`${name.padEnd(34)} skipped: ${result}`);
    else row(name, result.seconds, (result.peakKb ?? 0) / 1024, `ratio pullback/peer time: ${((name.includes('full') ? full.seconds : incremental.seconds) / result.seconds).toFixed(2)}`);
  }
  console.log('\n(every tool runs in its own process; time is wall clock, memory is peak RSS from /usr/bin/time)');
  await server.stop();
  await rm(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
