// Hand-run benchmark: a first backup of N items from the local SimpleDB server into MariaDB/MySQL,
// beside MariaDB's own bulk-load rates for the same rows into the same table shape (sdb-bulk-load.ts).
//   npx tsx bench/sdb-backup.ts [--items 100000] [--batch-size 500] [--repeat 3] [--profile first-run.cpuprofile] [--latency MS] [--heap-bounds] [--fresh [--node-args='<node flags>'] [--cli-output FILE]] [--server-node-args='<node flags>']
// --profile writes a V8 CPU profile of the first repetition's pullback run alone (summarise it with
// `npx tsx bench/cpuprofile-top.ts <file>`; the SimpleDB server and mysqld are other processes).
// MYSQL_URL (default mysql://root@127.0.0.1:3306/test) names the server; each repetition creates and
// drops its own database there. The domain is seeded once. The SimpleDB server runs in a child
// process, so the memory figure is the backup's own (rss of this process, sampled every 50 ms), and
// the server's CPU (and mysqld's, when it runs on this machine) is reported beside each run (/proc),
// to show which side bounds it. Each repetition: pullback's first run (timed, with the time spent in
// Select requests and in history-store calls), then LOAD DATA and multi-row INSERT of the rows it
// wrote; the second run (nothing changed) after the first repetition only. Medians at the end.
// --latency MS puts a proxy (in this process: its CPU counts as the client's) between the backup and
// the SimpleDB server that delays every chunk MS each way. --fresh runs each first run as users do,
// the bundled CLI (built fresh from this tree) in a process of its own, with its wall, CPU and peak
// RSS from /usr/bin/time: in this process the backup runs warm (the seeding ran the same client)
// and was 15-20 % faster than in a fresh one (bench/results/2026-11-30-13.md).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { parseMySqlUrl } from '../src/config/mysql.ts';
import { runSimpleDbBackup } from '../src/backends/simpledb/backup.ts';
import { withMySqlHistory } from '../src/backends/simpledb/open.ts';
import type { SimpleDbSource } from '../src/backends/simpledb/types.ts';
import type { HistoryStore } from '../src/stores/history/types.ts';
import { DEFAULTS } from '../src/config/simpledb.ts';
import { processCpuMs, findProcess } from './proc-cpu.ts';
import { startDelayProxy } from './support/delay-proxy.ts';
import { seedBenchItems } from './support/sdb-items.ts';
import { boundHeapGrowth } from '../src/app/heap-bounds.ts';
import { emptyCopy, insertRows, sameContent, loadData, loaderConnection, readBack, writeLoadFile } from './sdb-bulk-load.ts';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '100000' }, 'batch-size': { type: 'string', default: '500' }, repeat: { type: 'string', default: '3' }, profile: { type: 'string' }, latency: { type: 'string', default: '0' }, 'heap-bounds': { type: 'boolean', default: false }, fresh: { type: 'boolean', default: false }, 'node-args': { type: 'string', default: '' }, 'server-node-args': { type: 'string', default: '' }, 'cli-output': { type: 'string' } },
});
// --node-args='<flags>' (with the =: the value starts with --): node flags for each --fresh run's process, e.g. --node-args='--cpu-prof --cpu-prof-dir=/tmp/p'.
const freshNodeArgs = values['node-args']!.split(' ').filter(Boolean);
if (freshNodeArgs.length > 0 && !values.fresh) throw new Error('--node-args applies to --fresh runs only: add --fresh');
// --cli-output FILE: each --fresh run's standard output kept in FILE.<n> (n from 1), e.g. with
// --node-args='--trace-gc --trace-gc-ignore-scavenger' to see what each mark-compact left alive.
const cliOutput = values['cli-output'];
if (cliOutput !== undefined && !values.fresh) throw new Error('--cli-output applies to --fresh runs only: add --fresh');
let freshRuns = 0;
// --server-node-args='<flags>': node flags for the SimpleDB server's process (its CPU competes with the
// backup's on a small machine), e.g. --server-node-args='--cpu-prof --cpu-prof-dir=/tmp/s'.
const serverNodeArgs = values['server-node-args']!.split(' ').filter(Boolean);
// --heap-bounds: the heap limits the CLI and the action set at start (src/app/heap-bounds.ts), which
// this benchmark, calling the backup directly, otherwise runs without.
if (values['heap-bounds']) boundHeapGrowth();
const N = Number(values.items);
const batchSize = Number(values['batch-size']);
const repeat = Number(values.repeat);
const base = parseMySqlUrl(process.env['MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');

const server = spawn(process.execPath, [...serverNodeArgs, '--import', 'tsx', 'src/simpledb-local/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
const client = new SimpleDbClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
// --latency MS: the backup reads SimpleDB through a proxy that delays every chunk MS each way (a
// runner far from the SimpleDB region); seeding and MySQL stay direct.
const latencyMs = Number(values.latency);
const proxy = latencyMs > 0 ? await startDelayProxy(new URL(url).port, latencyMs) : undefined;
const runClient = proxy ? new SimpleDbClient({ endpoint: `http://127.0.0.1:${proxy.port}`, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } }) : client;
if (proxy) console.log(`the backup reads SimpleDB through a proxy delaying ${latencyMs} ms each way`);
const admin = await mysql.createConnection({ host: base.host, port: base.port, user: base.user, password: base.password });
const mysqldPid = findProcess(['mariadbd', 'mysqld']);

/** CPU seconds of the server child and of mysqld since `cpu()` was called. */
function cpuMeter(): () => string {
  const s0 = processCpuMs(server.pid!);
  const m0 = mysqldPid === undefined ? undefined : processCpuMs(mysqldPid);
  return () => {
    const s1 = processCpuMs(server.pid!);
    const m1 = mysqldPid === undefined ? undefined : processCpuMs(mysqldPid);
    const parts = [];
    if (s0 !== undefined && s1 !== undefined) parts.push(`SimpleDB server CPU ${((s1 - s0) / 1000).toFixed(1)} s`);
    if (m0 !== undefined && m1 !== undefined) parts.push(`mysqld CPU ${((m1 - m0) / 1000).toFixed(1)} s`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
}

/** Time spent inside calls, by name (calls overlap when the backup runs them concurrently). */
const spent = new Map<string, number>();
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await work();
  } finally {
    spent.set(name, (spent.get(name) ?? 0) + performance.now() - t);
  }
}
function wrap<T extends object>(target: T, names: readonly string[], label: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(obj);
      if (!names.includes(String(prop))) return fn;
      return (...args: unknown[]) => timed(`${label}.${String(prop)}`, () => fn(...args) as Promise<unknown>);
    },
  });
}
const timedClient = wrap<SimpleDbSource>(runClient, ['select', 'getAttributes'], 'simpledb');
function timedHistory(history: HistoryStore): HistoryStore {
  const domainCalls = ['loadVersions', 'ensureColumns', 'writeBatch', 'unseenItems'];
  return new Proxy(history, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(obj);
      if (prop === 'openDomain') return async (domain: string) => wrap(await (fn(domain) as Promise<object>), domainCalls, 'mysql');
      return fn;
    },
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rate = (seconds: number): number => Math.round(N / seconds);

const domain = 'bench_items';
/** The CLI, built fresh from this tree (--fresh): what users run. */
let freshCli: string | undefined;
/** Where it was built, removed at the end: 6 MB a run otherwise left in the temporary folder. */
let freshDir: string | undefined;
if (values.fresh) {
  // Built before anything is timed.
  freshDir = join(tmpdir(), `pullback-bench-cli-${randomBytes(4).toString('hex')}`);
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', freshDir], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  freshCli = join(freshDir, 'cli.js');
}

interface FreshRun {
  domains: { mode: string; itemsRead: number; versionsWritten: number; tables: { history: string; current: string } }[];
  cpuSeconds: number;
  peakBytes: number;
}
/** One first run by the bundled CLI in a process of its own (--fresh), into `database`. */
function freshRun(database: string): FreshRun {
  // The CLI has no batch size input: its batches are DEFAULTS.batchSize items.
  if (batchSize !== DEFAULTS.batchSize) throw new Error(`--fresh runs the CLI, whose batches are ${DEFAULTS.batchSize} items: drop --batch-size ${batchSize}`);
  if (!freshCli) throw new Error('the CLI was not built');
  const endpoint = proxy ? `http://127.0.0.1:${proxy.port}` : url!;
  const mysqlUrl = `mysql://${encodeURIComponent(base.user)}${base.password ? `:${encodeURIComponent(base.password)}` : ''}@${base.host}:${base.port}/${database}`;
  const args = ['-f', 'TIME %U %S %M', process.execPath, ...freshNodeArgs, freshCli, 'backup', '--simpledb-domains', domain, '--simpledb-endpoint', endpoint, '--mysql-url', mysqlUrl,
    '--mysql-table-prefix', 'sdb_', '--state-file', join(tmpdir(), `${database}-state.json`), '--no-progress'];
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret', AWS_REGION: 'us-east-1' };
  const run = spawnSync('/usr/bin/time', args, { env, encoding: 'utf8' });
  rmSync(join(tmpdir(), `${database}-state.json`), { force: true });
  if (cliOutput !== undefined) writeFileSync(`${cliOutput}.${++freshRuns}`, run.stdout);
  // The CLI groups digits ("100,000 read").
  const counts = /: ([\d,]+) read, ([\d,]+) versions/.exec(run.stdout);
  const time = /TIME (\S+) (\S+) (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !counts || !time) throw new Error(`the CLI run failed (exit ${run.status}): ${run.stdout.slice(-800)} ${run.stderr.slice(-800)}`);
  const tables = { history: `sdb_${domain}__history`, current: `sdb_${domain}` };
  return { domains: [{ mode: 'full', itemsRead: Number(counts[1]!.replaceAll(',', '')), versionsWritten: Number(counts[2]!.replaceAll(',', '')), tables }], cpuSeconds: Number(time[1]) + Number(time[2]), peakBytes: Number(time[3]) * 1024 };
}
const results: { pullback: number; loadData: number; insert: number; peakMiB: number; growthMiB: number; clientCpu: number }[] = [];
try {
  await client.createDomain({ DomainName: domain });
  const seedStart = performance.now();
  const t0 = Date.UTC(2026, 0, 1);
  await seedBenchItems(client, domain, N, DEFAULTS.stampAttribute, (i) => formatStamp(new Date(t0 + i)));
  console.log(`seeded ${N} items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  for (let rep = 1; rep <= repeat; rep++) {
    const database = `pullback_bench_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE \`${database}\``);
    const file = join(tmpdir(), `${database}.tsv`);
    try {
      const config = {
        domains: [domain],
        stampAttribute: DEFAULTS.stampAttribute,
        deleteLogDomain: DEFAULTS.deleteLogDomain,
        overlapMs: DEFAULTS.overlapMs,
        fullScan: 'auto' as const,
        mysql: { ...base, database },
        tablePrefix: 'sdb_',
        batchSize,
        simpledb: { endpoint: url },
      };
      global.gc?.();
      let peak = process.memoryUsage.rss();
      const baseline = peak;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
      spent.clear();
      const profiler = rep === 1 && values.profile ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const cpu = cpuMeter();
      const clientCpu = process.cpuUsage();
      const start = performance.now();
      let fresh: FreshRun | undefined;
      const result = values.fresh
        ? (fresh = freshRun(database))
        : await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client: timedClient, history: timedHistory(history) }));
      const seconds = (performance.now() - start) / 1000;
      const clientCpuUsed = fresh ? { user: fresh.cpuSeconds * 1e6, system: 0 } : process.cpuUsage(clientCpu);
      if (fresh) peak = baseline + fresh.peakBytes;
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(values.profile!, JSON.stringify(profile));
        profiler.disconnect();
      }
      clearInterval(sampler);
      const d = result.domains[0]!;
      console.log(`\n[${rep}/${repeat}] pullback first run (${d.mode}): ${d.itemsRead} items read, ${d.versionsWritten} versions in ${seconds.toFixed(2)} s = ${rate(seconds)} items/s${cpu()}`);
      console.log(`  client CPU ${((clientCpuUsed.user + clientCpuUsed.system) / 1e6).toFixed(1)} s (${fresh ? 'the CLI process, Node\'s start included' : "this process: the backup, and the bench's sampling"})`);
      console.log(fresh ? `  peak rss ${(fresh.peakBytes / 1048576).toFixed(0)} MiB (the CLI process)` : `  peak rss ${(peak / 1048576).toFixed(0)} MiB (at start ${(baseline / 1048576).toFixed(0)} MiB)`);
      console.log(`  time inside calls: ${[...spent].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);

      if (rep === 1) {
        const cpu2 = cpuMeter();
        const incStart = performance.now();
        const again = await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client: runClient, history }));
        console.log(`  second run (${again.domains[0]!.mode}, nothing changed): ${((performance.now() - incStart) / 1000).toFixed(2)} s${cpu2()}`);
      }

      // The yardsticks: the same rows into empty copies of the same tables.
      const conn = await loaderConnection({ ...base, database });
      try {
        const tables = d.tables;
        const loaded = [await readBack(conn, tables.history, 'version_id', ['version_id']), await readBack(conn, tables.current, '_item')];
        const files = loaded.map((_, i) => `${file}.${i}`);
        for (const [i, t] of loaded.entries()) await writeLoadFile(files[i]!, t);
        for (const t of loaded) await emptyCopy(conn, t.source, `${t.source}_ld`);
        const cpuLoad = cpuMeter();
        const loadStart = performance.now();
        let how = '';
        for (const [i, t] of loaded.entries()) how = await loadData(conn, files[i]!, `${t.source}_ld`, t.columns);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        console.log(`  LOAD DATA ${how === 'local' ? 'LOCAL ' : ''}INFILE of the same rows (${loaded.map((t) => `${t.rows.length} into ${t.source}`).join(', ')}): ${loadSeconds.toFixed(2)} s = ${rate(loadSeconds)} items/s${cpuLoad()}`);

        for (const t of loaded) await emptyCopy(conn, t.source, `${t.source}_ins`);
        const cpuIns = cpuMeter();
        const insStart = performance.now();
        for (const t of loaded) await insertRows(conn, `${t.source}_ins`, t);
        const insSeconds = (performance.now() - insStart) / 1000;
        console.log(`  multi-row INSERT (1000 rows a statement, autocommit) of the same rows: ${insSeconds.toFixed(2)} s = ${rate(insSeconds)} items/s${cpuIns()}`);
        const same = [];
        for (const t of loaded) for (const copy of ['_ld', '_ins']) same.push(await sameContent(conn, t.source, `${t.source}${copy}`, t.columns));
        if (same.includes(false)) console.log('  WARNING: a copy does not hold the same rows as the table pullback wrote (row checksums differ)');
        console.log(`  pullback / LOAD DATA rate: ${(rate(seconds) / rate(loadSeconds)).toFixed(2)} (LOAD DATA is ${(seconds / loadSeconds).toFixed(2)}x faster)`);
        results.push({ pullback: seconds, loadData: loadSeconds, insert: insSeconds, peakMiB: peak / 1048576, growthMiB: (peak - baseline) / 1048576, clientCpu: (clientCpuUsed.user + clientCpuUsed.system) / 1e6 });
      } finally {
        await conn.end();
        for (const f of [`${file}.0`, `${file}.1`]) rmSync(f, { force: true });
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    }
  }

  const m = { pullback: median(results.map((r) => r.pullback)), loadData: median(results.map((r) => r.loadData)), insert: median(results.map((r) => r.insert)) };
  console.log(`\nmedians of ${results.length}: pullback ${rate(m.pullback)} items/s (${m.pullback.toFixed(2)} s), LOAD DATA ${rate(m.loadData)} items/s (${m.loadData.toFixed(2)} s), ` +
    `multi-row INSERT ${rate(m.insert)} items/s (${m.insert.toFixed(2)} s); pullback at ${(m.loadData / m.pullback).toFixed(2)} of LOAD DATA's rate (${(m.pullback / m.loadData).toFixed(2)}x its time); ` +
    `client CPU ${median(results.map((r) => r.clientCpu)).toFixed(1)} s; peak rss of the first repetition ${results[0]!.peakMiB.toFixed(0)} MiB ` +
    `(later ones start with the previous repetition's rows still in the heap), at most ${Math.max(...results.map((r) => r.growthMiB)).toFixed(0)} MiB above the start of a run`);
} finally {
  await admin.end();
  server.kill();
  await proxy?.stop();
  if (freshDir) rmSync(freshDir, { recursive: true, force: true });
}
