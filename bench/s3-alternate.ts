/**
 * Hand-run A/B benchmark (issue 11): seeds one s3rver once, then runs several pullback bundles in
 * turn, round after round, so builds are compared in the same time window on a shared machine.
 *
 *   npx tsx bench/s3-alternate.ts <rounds> <cli.js>[|node-arg|node-arg...] [<cli.js>...]
 *
 *   MODE=big (default): one 512 MiB object + 200 of 4 KiB (as s3-compare --big);
 *   MODE=full: 2,000 of 4 KiB + 20 of 5 MiB (as s3-compare's full run);
 *   MODE=small: 500 of 4 KiB (as s3-compare's latency case).
 *   DELAY=<ms>: the runs reach s3rver through a proxy adding that delay each way (delay-proxy.ts).
 *   RERUNS=1: each build backs up once into a bucket of its own (not timed), then every round
 *     times, per build, an incremental run (CHANGE=<n> objects rewritten before the round, 5 by
 *     default) and a nothing-changed run; the order of the builds alternates between rounds.
 *   SAMPLER=<file.cjs>: preloaded into each run (--require), e.g. a memory sampler printing
 *     `PEAK {...}` on stderr, shown under the run. Beware: a sampler calling process.memoryUsage()
 *     changes the peak it measures (src/app/heap-bounds.ts, startMarkingPacer).
 *   OUT=<prefix>: each run's stdout to <prefix>.<n>, n counting the runs from 1 in the order their
 *     lines are printed (with a `|--trace-gc` node argument).
 *
 * s3rver answers conditional writes (If-Match, If-None-Match) as S3 does (s3rver-counted.ts --conditions).
 *
 * One line per run: wall, client CPU (user + sys) and peak RSS from /usr/bin/time, load average at
 * its start. Each run backs up into a fresh bucket, deleted after it.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startCountedS3rver } from './support/counted-s3rver.ts';
import { startDelayProxy } from './support/delay-proxy.ts';

const [rounds, ...specs] = process.argv.slice(2);
if (!rounds || specs.length === 0) {
  console.error('usage: npx tsx bench/s3-alternate.ts <rounds> <cli.js>[|node-arg...] [<cli.js>...]');
  process.exit(2);
}
const mode = process.env['MODE'] ?? 'big';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The 4 KiB objects each mode seeds (the ones RERUNS rewrites): small/object-000000.bin and on. */
const smallCount = mode === 'big' ? 200 : mode === 'small' ? 500 : 2000;
const smallKey = (i: number) => `small/object-${String(i).padStart(6, '0')}.bin`;

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const directory = await mkdtemp(join(tmpdir(), 'pullback-alternate-s3rver-'));
const work = await mkdtemp(join(tmpdir(), 'pullback-alternate-'));
const { port, child: server } = await startCountedS3rver(directory, ['--conditions']);
try {
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
  });
  const source = 'bench-source';
  await client.send(new CreateBucketCommand({ Bucket: source }));
  const put = (key: string, size: number) => client.send(new PutObjectCommand({ Bucket: source, Key: key, Body: Buffer.alloc(size, key) })).then(() => undefined);
  if (mode === 'big') {
    const chunk = Buffer.alloc(8 * 1024 * 1024, 'x');
    const body = Readable.from((function* () {
      for (let i = 0; i < 64; i++) yield chunk;
    })());
    await new Upload({ client, params: { Bucket: source, Key: 'big.bin', Body: body }, partSize: 16 * 1024 * 1024, queueSize: 2 }).done();
  }
  // Every mode's 4 KiB objects; the full mode's 20 of 5 MiB beside them.
  const large = mode === 'full' ? Array.from({ length: 20 }, (_, i) => `large/object-${String(i).padStart(3, '0')}.bin`) : [];
  await inParallel([...Array.from({ length: smallCount }, (_, i) => smallKey(i)), ...large], 32, (key) => put(key, key.startsWith('large/') ? 5 * 1024 * 1024 : 4096));
  const env = { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
  const delay = Number(process.env['DELAY'] ?? 0);
  const proxy = delay > 0 ? await startDelayProxy(port, delay) : undefined;
  const runEndpoint = proxy ? `http://127.0.0.1:${proxy.port}` : endpoint;
  /** Runs so far whose standard output went to a file (OUT). */
  let outputs = 0;
  /** One timed run of a build into `target`; prints one line, labelled. */
  const timed = async (spec: string, target: string, label: string): Promise<void> => {
    const [cli, ...nodeArgs] = spec.split('|');
    const sampler = process.env['SAMPLER'] ? ['--require', process.env['SAMPLER']] : [];
    const args = ['-f', 'TIME %e %U %S %M', process.execPath, ...sampler, ...nodeArgs, cli!, 'backup', '--sources', source, '--source-endpoint', runEndpoint,
      '--destination', `s3://${target}/backup`, '--destination-endpoint', runEndpoint, '--destination-use-source-credentials', '--server-side-copy', 'never',
      '--state-file', join(work, `${target}.json`), '--no-progress'];
    const load = loadavg()[0]!.toFixed(2);
    // Numbered by run (1, 2, ...), in the order the lines are printed: re-runs into one bucket kept
    // writing over one file when it was numbered by bucket.
    const stdout = process.env['OUT'] ? openSync(`${process.env['OUT']}.${++outputs}`, 'w') : 'ignore';
    const run = spawn('/usr/bin/time', args, { env, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    const time = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
    const peak = /PEAK (.*)/.exec(stderr);
    const figures = time ? `wall ${time[1]} s, CPU ${(Number(time[2]) + Number(time[3])).toFixed(2)} s, peak RSS ${(Number(time[4]) / 1024).toFixed(0)} MB` : 'no figures';
    console.log(`${label}${spec}: ${status === 0 ? '' : `FAILED (${status}) `}${figures}, load ${load}${peak ? `\n  ${peak[1]}` : ''}${status === 0 ? '' : `\n${stderr.slice(-1500)}`}`);
  };
  let n = 0;
  try {
    if (process.env['RERUNS'] === '1') {
      const targets = specs.map(() => `bench-target-${n++}`);
      for (const target of targets) await client.send(new CreateBucketCommand({ Bucket: target }));
      for (const [i, spec] of specs.entries()) await timed(spec, targets[i]!, 'first (not a round) ');
      const changes = Number(process.env['CHANGE'] ?? 5);
      for (let round = 0; round < Number(rounds); round++) {
        for (let i = 0; i < changes; i++) await put(smallKey((round * changes + i) % smallCount), 4096 + round + 1);
        const order = round % 2 === 0 ? [...specs.keys()] : [...specs.keys()].reverse();
        for (const i of order) await timed(specs[i]!, targets[i]!, 'incremental ');
        for (const i of order) await timed(specs[i]!, targets[i]!, 'nothing changed ');
      }
    } else {
      for (let round = 0; round < Number(rounds); round++) {
        for (const spec of specs) {
          const target = `bench-target-${n++}`;
          await client.send(new CreateBucketCommand({ Bucket: target }));
          await timed(spec, target, '');
          await rm(join(directory, target), { recursive: true, force: true });
        }
      }
    }
  } finally {
    await proxy?.stop();
  }
} finally {
  server.kill('SIGTERM');
  await rm(directory, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}
