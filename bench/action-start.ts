/**
 * Hand-run benchmark (issue 11): the action's hourly backup as a fresh runner runs it. Every run
 * is a new `node <bundle>/index.js` with its inputs as INPUT_<NAME> variables, the Actions cache
 * service (the project's emulator: the watermark is restored and saved through @actions/cache)
 * and Node's compile cache off, as on a new runner VM, whose temporary folder starts empty. The
 * other benchmarks time the CLI with a warm compile cache; this one times what a scheduled
 * workflow pays, including the action's own start.
 *
 *   npx tsx bench/action-start.ts [--runs 8] [--objects 500] [--latency 20] <bundle>/index.js [<other bundle>/index.js ...]
 *
 * Seeds one s3rver (bench/support/s3rver-counted.ts: conditional writes enforced as S3 does) with
 * N objects of 4 KiB, makes one full backup per bundle into its own destination, then runs each
 * bundle's nothing-changed backup in turn, round after round (A B A B ...), so bundles are
 * compared in the same minutes on a shared machine. --latency adds that many ms each way to the
 * buckets (bench/support/delay-proxy.ts), not to the cache service. Per bundle: medians of wall,
 * client CPU (user + sys) and peak RSS from /usr/bin/time, and each bundle's wall against the
 * first's, pair by pair.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { inputEnvironment, readActionYml } from '../scripts/action-yml.ts';
import { startActionsCacheEmulator } from '../test/support/actions-cache-emulator.ts';
import { startCountedS3rver } from './support/counted-s3rver.ts';
import { startDelayProxy } from './support/delay-proxy.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '8' }, objects: { type: 'string', default: '500' }, latency: { type: 'string', default: '0' } },
});
const bundles = positionals.map((p) => resolve(p));
if (bundles.length === 0) {
  console.error('usage: npx tsx bench/action-start.ts [--runs 8] [--objects 500] [--latency 20] <bundle>/index.js [<other bundle>/index.js ...]');
  process.exit(2);
}
for (const bundle of bundles) if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: build one with node scripts/build.mjs --outdir <folder>`);
const runs = Number(values.runs);
const objects = Number(values.objects);
const latencyMs = Number(values.latency);
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface Measure {
  wall: number;
  cpu: number;
  rssMb: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'pullback-action-start-'));
  const server = await startCountedS3rver(join(work, 's3rver'), ['--conditions']);
  const cache = await startActionsCacheEmulator();
  const proxy = latencyMs > 0 ? await startDelayProxy(server.port, latencyMs) : undefined;
  const endpoint = `http://127.0.0.1:${proxy?.port ?? server.port}`;
  try {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${server.port}`,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 32 }) }),
    });
    await client.send(new CreateBucketCommand({ Bucket: 'bench-source' }));
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < objects) {
          const key = `small/object-${String(next++).padStart(6, '0')}.bin`;
          await client.send(new PutObjectCommand({ Bucket: 'bench-source', Key: key, Body: Buffer.alloc(4096, key) }));
        }
      }),
    );
    const metadata = readActionYml();
    const runOnce = async (index: number, runId: number): Promise<Measure> => {
      const runnerTemp = join(work, `temp-${index}`);
      // Each job starts with an empty RUNNER_TEMP at the same path (a new runner VM).
      await rm(runnerTemp, { recursive: true, force: true });
      await mkdir(runnerTemp, { recursive: true });
      const files = { output: join(work, `output-${index}`), summary: join(work, `summary-${index}`) };
      await writeFile(files.output, '');
      await writeFile(files.summary, '');
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: work,
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_REPOSITORY: 'example/backups',
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_WORKSPACE: work,
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
        // A new runner: nothing compiled before.
        NODE_DISABLE_COMPILE_CACHE: '1',
        ...cache.env,
        ...inputEnvironment(metadata, {
          mode: 'backup',
          sources: 'bench-source',
          'source-endpoint': endpoint,
          destination: `s3://bench-target-${index}/backup`,
          'destination-endpoint': endpoint,
          'destination-access-key-id': CREDENTIALS.accessKeyId,
          'destination-secret-access-key': CREDENTIALS.secretAccessKey,
          'server-side-copy': 'never',
        }),
      };
      spawnSync('sync');
      const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, bundles[index]!], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk) => (stdout += chunk));
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const status = await new Promise<number | null>((done) => child.on('exit', done));
      const line = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (status !== 0 || !line || /::error::/.test(stdout)) throw new Error(`${bundles[index]} failed (${status}):\n${stdout.slice(-1500)}\n${stderr.slice(-800)}`);
      return { wall: Number(line[1]), cpu: Number(line[2]) + Number(line[3]), rssMb: Number(line[4]) / 1024 };
    };
    for (const [index] of bundles.entries()) {
      await client.send(new CreateBucketCommand({ Bucket: `bench-target-${index}` }));
      await runOnce(index, 1000 + index);
    }
    const measured: Measure[][] = bundles.map(() => []);
    for (let round = 0; round < runs; round++) {
      for (const [index] of bundles.entries()) {
        const m = await runOnce(index, 2000 + round * bundles.length + index);
        measured[index]!.push(m);
        console.error(`  round ${round + 1} ${bundles[index]}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.rssMb.toFixed(0)} MB`);
      }
    }
    console.log(`# The action's nothing-changed backup on a fresh runner: ${objects} objects of 4 KiB, ${latencyMs} ms each way, ${runs} rounds`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('');
    console.log('| bundle | wall s (median) | client CPU s | peak RSS MB | wall / first bundle\'s (median of pairs) |');
    console.log('|---|--:|--:|--:|--:|');
    for (const [index, bundle] of bundles.entries()) {
      const ms = measured[index]!;
      const ratio = index === 0 ? '' : median(ms.map((m, i) => m.wall / measured[0]![i]!.wall)).toFixed(2);
      console.log(`| ${bundle} | ${median(ms.map((m) => m.wall)).toFixed(2)} | ${median(ms.map((m) => m.cpu)).toFixed(2)} | ${median(ms.map((m) => m.rssMb)).toFixed(0)} | ${ratio} |`);
    }
  } finally {
    await proxy?.stop();
    await cache.close();
    server.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

await main();
