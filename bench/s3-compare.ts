/**
 * Hand-run benchmark (issue 11): pullback's S3 backup against tuned rclone and `aws s3 sync`,
 * bucket to bucket on one s3rver, each tool in its own process, several repetitions, medians.
 *
 *   npm run bench:compare -- [--small] [--reps 3] [--cli dist-folder/cli.js] [--latency] [--ceiling] [--big]
 *                            [--tools pullback,rclone,aws] [--out bench/results/<date>.md]
 *
 * s3rver runs in a child process (its CPU is read from /proc) and counts every request it answers
 * (bench/support/s3rver-counted.ts). Seeds 2,000 objects of 4 KiB and 20 of 5 MiB (--small: 200
 * and 4). Scenarios: full, incremental (1 % overwritten, 0.5 % deleted), nothing changed. Per run:
 * wall, client CPU (user + sys) and peak RSS from /usr/bin/time, server CPU, requests by kind.
 * --ceiling: a minimal client doing the same GET + PUT mix at concurrency 64 (the server's limit),
 *   in the benchmark's process; and a minimal complete copy (bench/support/minimal-copy.mjs: LIST,
 *   then GET + PUT) in its own process, measured like the tools.
 * --latency: 20 ms added each way by a TCP proxy; pullback's defaults against rclone's defaults (full
 *   run), then the same copy again with nothing changed against rclone tuned with --checksum.
 * --big: peak RSS of a full run that includes one 512 MiB object.
 * --history N: nothing changed again after N earlier hourly runs in pullback's catalogue (8760: a
 *   year, 17,520 keys under catalog/runs/, seeded as committed runs older than the real one), beside
 *   rclone --checksum's nothing-changed run on its own copy.
 * --no-scenarios: skip full / incremental / nothing changed (with --latency, --ceiling or --big).
 * --ignore-conditions: let s3rver ignore If-Match / If-None-Match on PutObject, as it does by itself.
 *   By default the counting wrapper enforces them as S3 does (pullback's lease then skips its
 *   read-back: docs/catalogue.md); results before 2026-12-02-3.md were measured with them ignored.
 * --raw-versioning: leave GetBucketVersioning to s3rver, which has no such route and answers with a
 *   listing of the bucket's first 1,000 keys (results before 2026-11-30-6.md were measured so).
 *   By default the counting wrapper answers it as S3 does for a bucket never versioned.
 * --out <file.md>: also writes the tables there, and the wall times as a chart in <file>.svg.
 * Peers: Debian's rclone (apt-get install rclone), awscli (pip or apt); a missing one is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent } from 'node:http';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { processCpuMs } from './proc-cpu.ts';
import { startCountedS3rver } from './support/counted-s3rver.ts';
import { startDelayProxy } from './support/delay-proxy.ts';
import { barChart } from './support/svg-chart.ts';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    cli: { type: 'string' },
    label: { type: 'string', default: 'pullback' },
    tools: { type: 'string', default: 'pullback,rclone,aws' },
    latency: { type: 'boolean', default: false },
    ceiling: { type: 'boolean', default: false },
    big: { type: 'boolean', default: false },
    history: { type: 'string' },
    'no-scenarios': { type: 'boolean', default: false },
    'raw-versioning': { type: 'boolean', default: false },
    'ignore-conditions': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const reps = Number(values.reps);
const smallCount = values.small ? 200 : 2000;
const largeCount = values.small ? 4 : 20;
const tools = values.tools!.split(',');
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
type Counts = Record<string, number>;

interface Server {
  endpoint: string;
  pid: number;
  directory: string;
  counts(): Promise<Counts>;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const directory = await mkdtemp(join(tmpdir(), 'pullback-bench-s3rver-'));
  const { port, child } = await startCountedS3rver(directory, [...(values['raw-versioning'] ? ['--raw-versioning'] : []), ...(values['ignore-conditions'] ? [] : ['--conditions'])]);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    pid: child.pid!,
    directory,
    counts: async () => (await (await fetch(`${endpoint}/__counts`)).json()) as Counts,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function clientFor(endpoint: string, sockets = 64): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) }),
  });
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

interface Measure {
  wall: number;
  cpu: number;
  rssMb: number;
  serverCpu: number;
  requests: Counts;
}

const diff = (a: Counts, b: Counts): Counts => Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - (b[k] ?? 0)]));

/** One tool run in its own process under /usr/bin/time, with the server's CPU and requests around it. */
async function measure(server: Server, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measure> {
  // What the runs before wrote (a full copy is 108 MB in s3rver's folder) is flushed first: left to
  // the kernel's background writeback it landed in whichever run came next, and the first tool of
  // each repetition ran 0.6-0.9 s slower than the second (bench/results/2026-12-01-2.md).
  spawnSync('sync');
  const countsBefore = await server.counts();
  const cpuBefore = processCpuMs(server.pid) ?? 0;
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (status !== 0 || !line) throw new Error(`${command} ${args.slice(0, 3).join(' ')} failed (${status}): ${stderr.slice(-800)}`);
  const cpuAfter = processCpuMs(server.pid) ?? 0;
  const requests = diff(await server.counts(), countsBefore);
  return { wall: Number(line[1]), cpu: Number(line[2]) + Number(line[3]), rssMb: Number(line[4]) / 1024, serverCpu: (cpuAfter - cpuBefore) / 1000, requests };
}

const which = (command: string) => spawnSync('which', [command]).status === 0;

/** The command line of each tool for one copy from `source` into `target` (buckets on `endpoint`). */
function toolRun(tool: string, endpoint: string, source: string, target: string, work: string, opts: { rerun: boolean; defaults?: boolean }): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const base: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' };
  delete base['AWS_CA_BUNDLE'];
  if (tool === 'pullback') {
    return {
      command: process.execPath,
      args: [cli, 'backup', '--sources', source, '--source-endpoint', endpoint, '--destination', `s3://${target}/backup`, '--destination-endpoint', endpoint,
        '--destination-use-source-credentials', '--server-side-copy', 'never', '--state-file', join(work, `${target}.json`), '--no-progress'],
      env: base,
    };
  }
  if (tool === 'rclone') {
    // Two remotes on the same server: rclone copies server-side only within one remote, so the data streams through it.
    const remote = (name: string) => ({
      [`RCLONE_CONFIG_${name}_TYPE`]: 's3', [`RCLONE_CONFIG_${name}_PROVIDER`]: 'Other', [`RCLONE_CONFIG_${name}_ENDPOINT`]: endpoint,
      [`RCLONE_CONFIG_${name}_ACCESS_KEY_ID`]: CREDENTIALS.accessKeyId, [`RCLONE_CONFIG_${name}_SECRET_ACCESS_KEY`]: CREDENTIALS.secretAccessKey,
      [`RCLONE_CONFIG_${name}_FORCE_PATH_STYLE`]: 'true', [`RCLONE_CONFIG_${name}_REGION`]: 'us-east-1',
    });
    const tuned = opts.defaults ? [] : ['--transfers', '32', '--checkers', '64'];
    return { command: 'rclone', args: ['copy', `src:${source}`, `dst:${target}`, ...tuned, ...(opts.rerun ? ['--checksum'] : [])], env: { ...base, ...remote('SRC'), ...remote('DST') } };
  }
  // awscli copies bucket to bucket server-side (CopyObject): it never streams the data.
  return {
    command: 'aws',
    args: ['s3', 'sync', `s3://${source}`, `s3://${target}`, '--endpoint-url', endpoint, '--only-show-errors'],
    env: { ...base, AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required', AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required' },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const medianCounts = (list: Counts[]): Counts => Object.fromEntries(Object.keys(list[0]!).map((k) => [k, median(list.map((c) => c[k]!))]));
const requestText = (c: Counts) => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${k.toUpperCase()} ${n}`).join(', ') || 'none';

let cli = values.cli ?? '';

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'pullback-bench-'));
  if (!cli) {
    // pullback as users run it: the bundled CLI, built fresh from this tree.
    const outdir = join(work, 'dist');
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
    cli = join(outdir, 'cli.js');
  }
  const available = tools.filter((t) => t === 'pullback' || which(t));
  for (const t of tools.filter((t) => !available.includes(t))) console.error(`${t} is not installed: skipped (apt-get install ${t === 'aws' ? 'awscli' : t})`);

  const server = await startServer();
  const client = clientFor(server.endpoint);
  const lines: string[] = [];
  const log = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  try {
    const source = 'bench-source';
    await client.send(new CreateBucketCommand({ Bucket: source }));
    // One level of folders: s3rver's delimiter listing skips keys two folders deep, which hides them
    // from rclone (it lists folder by folder) and would flatter it.
    const small = Array.from({ length: smallCount }, (_, i) => `small/object-${String(i).padStart(6, '0')}.bin`);
    const large = Array.from({ length: largeCount }, (_, i) => `large/object-${String(i).padStart(3, '0')}.bin`);
    const sizeOf = (key: string) => (key.startsWith('large/') ? 5 * 1024 * 1024 : 4096);
    let live = [...small, ...large];
    const seed = (keys: string[], tag: string) => inParallel(keys, 32, async (key) => {
      await client.send(new PutObjectCommand({ Bucket: source, Key: key, Body: Buffer.alloc(sizeOf(key), `${tag}:${key}`) }));
    });
    await seed(live, 'a');
    log(`# ${values.label}: ${smallCount} objects of 4 KiB + ${largeCount} of 5 MiB, ${reps} repetitions, s3rver in a child process (conditional writes ${values['ignore-conditions'] ? 'ignored, as s3rver does' : 'enforced, as S3 does'})`);
    log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const results: Record<string, Record<string, Measure[]>> = { full: {}, incremental: {}, 'nothing changed': {} };
    const record = (scenario: string, tool: string, m: Measure) => {
      (results[scenario]![tool] ??= []).push(m);
      console.error(`  ${scenario.padEnd(16)} ${tool.padEnd(9)} ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.rssMb.toFixed(0)} MB, server ${m.serverCpu.toFixed(2)} s, ${requestText(m.requests)}`);
    };
    for (let rep = 0; rep < (values['no-scenarios'] ? 0 : reps); rep++) {
      // A different order each repetition, so no tool always runs on a warmer (or busier) machine.
      const order = available.map((_, i) => available[(i + rep) % available.length]!);
      const target = (tool: string) => `bench-${tool}-${rep}`;
      for (const tool of order) {
        await client.send(new CreateBucketCommand({ Bucket: target(tool) }));
        const run = toolRun(tool, server.endpoint, source, target(tool), work, { rerun: false });
        record('full', tool, await measure(server, run.command, run.args, run.env));
      }
      // 1 % overwritten, 0.5 % deleted, a second later (Last-Modified is whole seconds).
      await new Promise((r) => setTimeout(r, 1100));
      const step = 200;
      const changed = live.filter((_, i) => (i + rep) % 100 === 0);
      const deleted = live.filter((_, i) => (i + rep + 50) % step === 0);
      await seed(changed, `b${rep}`);
      await inParallel(deleted, 32, async (key) => void (await client.send(new DeleteObjectCommand({ Bucket: source, Key: key }))));
      live = live.filter((k) => !deleted.includes(k));
      for (const tool of order) {
        const run = toolRun(tool, server.endpoint, source, target(tool), work, { rerun: true });
        record('incremental', tool, await measure(server, run.command, run.args, run.env));
      }
      for (const tool of order) {
        const run = toolRun(tool, server.endpoint, source, target(tool), work, { rerun: true });
        record('nothing changed', tool, await measure(server, run.command, run.args, run.env));
      }
      // The copies are not needed any more: free the disk (s3rver keeps every bucket as a folder).
      for (const tool of order) await rm(join(server.directory, target(tool)), { recursive: true, force: true });
    }

    if (!values['no-scenarios']) log('');
    if (!values['no-scenarios']) log('| run | tool | wall s | client CPU s | peak RSS MB | server CPU s | requests (at the server) | pullback wall / tool wall |');
    if (!values['no-scenarios']) log('|---|---|--:|--:|--:|--:|---|--:|');
    for (const [scenario, byTool] of Object.entries(results)) {
      const pullbackWall = byTool['pullback'] ? median(byTool['pullback'].map((m) => m.wall)) : undefined;
      for (const [tool, ms] of Object.entries(byTool)) {
        const wall = median(ms.map((m) => m.wall));
        const name = tool === 'rclone' ? 'rclone copy --transfers 32 --checkers 64' + (scenario === 'full' ? '' : ' --checksum') : tool === 'aws' ? 'aws s3 sync (server-side CopyObject)' : values.label;
        log(`| ${scenario} | ${name} | ${wall.toFixed(2)} | ${median(ms.map((m) => m.cpu)).toFixed(2)} | ${median(ms.map((m) => m.rssMb)).toFixed(0)} | ${median(ms.map((m) => m.serverCpu)).toFixed(2)} | ${requestText(medianCounts(ms.map((m) => m.requests)))} | ${pullbackWall && tool !== 'pullback' ? (pullbackWall / wall).toFixed(2) : ''} |`);
      }
    }

    if (values.out && !values['no-scenarios']) {
      // The wall-time medians as a chart beside the results file (the README shows the latest).
      const svgFile = values.out.replace(/\.md$/, '') + '.svg';
      const groups = Object.entries(results).map(([scenario, byTool]) => ({
        label: scenario,
        bars: Object.entries(byTool).map(([tool, ms]) => ({ name: tool === 'pullback' ? values.label! : tool === 'rclone' ? 'rclone (tuned)' : 'aws s3 sync', value: median(ms.map((m) => m.wall)) })),
      }));
      await writeFile(svgFile, barChart(`S3 backup, wall time (median of ${reps}), s3rver, ${smallCount} x 4 KiB + ${largeCount} x 5 MiB`, 's', groups));
      log('');
      log(`![wall time by run and tool](${basename(svgFile)})`);
    }

    if (values.ceiling) {
      // The server's own limit for this mix: GET each object and PUT it elsewhere, 64 at once, nothing else.
      const walls: number[] = [];
      const serverCpus: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        const bucket = `bench-ceiling-${rep}`;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        const cpuBefore = processCpuMs(server.pid) ?? 0;
        const start = performance.now();
        const copier = clientFor(server.endpoint, 64);
        await inParallel(live, 64, async (key) => {
          const got = await copier.send(new GetObjectCommand({ Bucket: source, Key: key }));
          const body = Buffer.from(await got.Body!.transformToByteArray());
          await copier.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        });
        walls.push((performance.now() - start) / 1000);
        serverCpus.push(((processCpuMs(server.pid) ?? 0) - cpuBefore) / 1000);
        await rm(join(server.directory, bucket), { recursive: true, force: true });
      }
      const ceiling = median(walls);
      const pullbackFull = results.full['pullback'] ? median(results.full['pullback'].map((m) => m.wall)) : undefined;
      log('');
      log(`Server ceiling (a minimal client: GET + PUT of every object, 64 at once, in the benchmark's process): ${ceiling.toFixed(2)} s wall, server CPU ${median(serverCpus).toFixed(2)} s.` +
        (pullbackFull ? ` pullback's full run reaches ${((100 * ceiling) / pullbackFull).toFixed(0)} % of it.` : ''));
      // The same copy as a tool would make it: its own process (Node's start and the SDK's load
      // included), and a listing of the source first (every copy must find its keys; the ceiling
      // above is handed them: s3rver reads each object's metadata file for a listing, 0.2-0.4 s of
      // its CPU for these 2,020 keys). Measured like the tools, beside them.
      const complete: Measure[] = [];
      for (let rep = 0; rep < reps; rep++) {
        const bucket = `bench-minimal-${rep}`;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
        complete.push(await measure(server, process.execPath, ['bench/support/minimal-copy.mjs', server.endpoint, source, bucket, '64'], env));
        await rm(join(server.directory, bucket), { recursive: true, force: true });
      }
      const completeWall = median(complete.map((m) => m.wall));
      log(`A minimal complete copy (its own process: LIST the source, then GET + PUT of every object, 64 at once; bench/support/minimal-copy.mjs): ${completeWall.toFixed(2)} s wall, client CPU ${median(complete.map((m) => m.cpu)).toFixed(2)} s, server CPU ${median(complete.map((m) => m.serverCpu)).toFixed(2)} s, ${requestText(medianCounts(complete.map((m) => m.requests)))}.` +
        (pullbackFull ? ` pullback's full run reaches ${((100 * completeWall) / pullbackFull).toFixed(0)} % of it.` : ''));
    }

    if (values.latency) {
      // 20 ms each way on every connection; a smaller set (each request now costs 40 ms or more).
      const proxy = await startDelayProxy(new URL(server.endpoint).port, 20);
      const endpoint = `http://127.0.0.1:${proxy.port}`;
      const latencyKeys = small.filter((k) => live.includes(k)).slice(0, 500);
      const latencySource = 'bench-latency-source';
      await client.send(new CreateBucketCommand({ Bucket: latencySource }));
      await inParallel(latencyKeys, 32, async (key) => void (await client.send(new PutObjectCommand({ Bucket: latencySource, Key: key, Body: Buffer.alloc(4096, key) }))));
      log('');
      log(`Latency: 20 ms added each way by a TCP proxy, ${latencyKeys.length} objects of 4 KiB, full run, each tool with its own defaults`);
      log('');
      log('| tool | wall s (median) | objects/s | pullback throughput / tool throughput |');
      log('|---|--:|--:|--:|');
      const walls: Record<string, number[]> = {};
      // The same copy again with nothing changed: the hourly run, where round trips, not bytes,
      // set the time. rclone tuned with --checksum (the issue's yardstick), pullback with its defaults.
      const rerunWalls: Record<string, number[]> = {};
      for (let rep = 0; rep < reps; rep++) {
        for (const tool of available.filter((t) => t !== 'aws')) {
          const bucket = `bench-latency-${tool}-${rep}`;
          await client.send(new CreateBucketCommand({ Bucket: bucket }));
          const run = toolRun(tool, endpoint, latencySource, bucket, work, { rerun: false, defaults: true });
          (walls[tool] ??= []).push((await measure(server, run.command, run.args, run.env)).wall);
          const rerun = toolRun(tool, endpoint, latencySource, bucket, work, { rerun: true, defaults: tool === 'pullback' });
          (rerunWalls[tool] ??= []).push((await measure(server, rerun.command, rerun.args, rerun.env)).wall);
          await rm(join(server.directory, bucket), { recursive: true, force: true });
        }
      }
      const pb = walls['pullback'] ? median(walls['pullback']) : undefined;
      for (const [tool, ws] of Object.entries(walls)) {
        const wall = median(ws);
        log(`| ${tool === 'rclone' ? 'rclone copy (defaults: 4 transfers, 8 checkers)' : `${values.label} (defaults)`} | ${wall.toFixed(2)} | ${(latencyKeys.length / wall).toFixed(0)} | ${pb && tool !== 'pullback' ? (wall / pb).toFixed(2) : ''} |`);
      }
      log('');
      log(`Nothing changed, the same ${latencyKeys.length} objects again at 20 ms each way (round trips, not bytes):`);
      log('');
      log('| tool | wall s (median) | pullback wall / tool wall |');
      log('|---|--:|--:|');
      const pbRerun = rerunWalls['pullback'] ? median(rerunWalls['pullback']) : undefined;
      for (const [tool, ws] of Object.entries(rerunWalls)) {
        const wall = median(ws);
        log(`| ${tool === 'rclone' ? 'rclone copy --transfers 32 --checkers 64 --checksum' : `${values.label} (defaults)`} | ${wall.toFixed(2)} | ${pbRerun && tool !== 'pullback' ? (pbRerun / wall).toFixed(2) : ''} |`);
      }
      await proxy.stop();
    }

    if (values.history !== undefined) {
      const earlier = Number(values.history);
      if (!Number.isSafeInteger(earlier) || earlier < 0) throw new Error(`--history ${values.history}: give a number of earlier runs (8760: a year of hourly runs)`);
      const walls: Record<string, Measure[]> = {};
      for (const tool of available.filter((t) => t === 'pullback' || t === 'rclone')) {
        const bucket = `bench-history-${tool}`;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        const run = toolRun(tool, server.endpoint, source, bucket, work, { rerun: false });
        await measure(server, run.command, run.args, run.env);
        if (tool === 'pullback') {
          // Committed runs an hour apart, ending a day before the real one: what a year of an hourly
          // schedule leaves in catalog/runs/ without mode: prune (a start marker and a record each;
          // only listed, never read: the real run's pointer names it).
          const end = Date.now() - 24 * 3600_000;
          const keys: string[] = [];
          for (let h = earlier; h >= 1; h--) {
            const id = `${new Date(end - h * 3600_000).toISOString().replace(/[-:]/g, '')}-${(h % 0x1000000).toString(16).padStart(6, '0')}`;
            keys.push(`backup/catalog/runs/${id}.started.json`, `backup/catalog/runs/${id}.json`);
          }
          await inParallel(keys, 32, async (key) => void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{}' }))));
        }
        for (let rep = 0; rep < reps; rep++) {
          const rerun = toolRun(tool, server.endpoint, source, bucket, work, { rerun: true });
          (walls[tool] ??= []).push(await measure(server, rerun.command, rerun.args, rerun.env));
        }
        await rm(join(server.directory, bucket), { recursive: true, force: true });
      }
      log('');
      log(`Nothing changed after ${earlier.toLocaleString('en-US')} earlier hourly runs in pullback's catalogue (${(2 * earlier).toLocaleString('en-US')} keys under catalog/runs/), ${reps} runs each, medians:`);
      log('');
      log('| tool | wall s | client CPU s | server CPU s | requests (at the server) | pullback wall / tool wall |');
      log('|---|--:|--:|--:|---|--:|');
      const pb = walls['pullback'] ? median(walls['pullback'].map((m) => m.wall)) : undefined;
      for (const [tool, ms] of Object.entries(walls)) {
        const wall = median(ms.map((m) => m.wall));
        log(`| ${tool === 'rclone' ? 'rclone copy --transfers 32 --checkers 64 --checksum' : values.label} | ${wall.toFixed(2)} | ${median(ms.map((m) => m.cpu)).toFixed(2)} | ${median(ms.map((m) => m.serverCpu)).toFixed(2)} | ${requestText(medianCounts(ms.map((m) => m.requests)))} | ${pb && tool !== 'pullback' ? (pb / wall).toFixed(2) : ''} |`);
      }
    }

    if (values.big) {
      const bucket = 'bench-big-source';
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const chunk = Buffer.alloc(8 * 1024 * 1024, 'x');
      // One 512 MiB object, streamed into the server (never whole in this process).
      const { Readable } = await import('node:stream');
      const { Upload } = await import('@aws-sdk/lib-storage');
      const body = Readable.from((function* () {
        for (let i = 0; i < 64; i++) yield chunk;
      })());
      await new Upload({ client, params: { Bucket: bucket, Key: 'big.bin', Body: body }, partSize: 16 * 1024 * 1024, queueSize: 2 }).done();
      await inParallel(small.slice(0, 200), 32, async (key) => void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(4096, key) }))));
      await client.send(new CreateBucketCommand({ Bucket: 'bench-big-target' }));
      const run = toolRun('pullback', server.endpoint, bucket, 'bench-big-target', work, { rerun: false });
      const m = await measure(server, run.command, run.args, run.env);
      log('');
      log(`One 512 MiB object + 200 of 4 KiB, full run: ${m.wall.toFixed(2)} s wall, client CPU ${m.cpu.toFixed(2)} s, peak RSS ${m.rssMb.toFixed(0)} MB (${requestText(m.requests)}).`);
    }
    log('');
    log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')} (the machine is shared: other processes ran beside the benchmark)`);
    if (values.out) await writeFile(values.out, `${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
