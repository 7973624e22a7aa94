// Hand-run benchmark: a SimpleDB restore into a new domain, as the CLI runs it, with SimpleDB (and
// optionally MySQL) some milliseconds away: the run a team makes on its worst day, where every
// BatchPutAttributes call (25 items) is a round trip.
//   npx tsx bench/sdb-restore.ts [--items 20000] [--sdb-latency 20] [--mysql-latency 0] [--runs 3]
//                                [--cli dist/cli.js] [--cli /tmp/before/cli.js ...] [--node-args='<node flags>']
//                                [--server-node-args='<node flags>']
// Seeds one domain on the project's SimpleDB server (items like sdb-backup.ts's: eight attributes,
// one of them two-valued), backs it up once with the first CLI (direct, untimed) into a MySQL
// database of its own, then restores it as of now into a new domain (`--restore-target-domain`),
// every CLI in turn, `--runs` times, through the delay proxies (bench/support/delay-proxy.ts), the
// order swapped each round; each target domain is deleted after its run. Per run: wall time, client
// CPU and peak RSS (/usr/bin/time), the SimpleDB server's CPU (/proc), and the restore's own counts
// (items put, verified, batch calls) from its JSON report. Several `--cli` compare builds (`node
// scripts/build.mjs --outdir /tmp/before` at an older commit); without one the tree is built fresh.
// --node-args='<flags>' (with the =: the value starts with --): node flags for each timed restore's
// process, e.g. --node-args='--cpu-prof --cpu-prof-dir=/tmp/p'.
// MYSQL_URL (default mysql://root@127.0.0.1:3306/test) names the server.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { parseMySqlUrl } from '../src/config/mysql.ts';
import { DEFAULTS } from '../src/config/simpledb.ts';
import { processCpuMs } from './proc-cpu.ts';
import { startDelayProxy } from './support/delay-proxy.ts';
import { seedBenchItems } from './support/sdb-items.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '20000' },
    'sdb-latency': { type: 'string', default: '20' },
    'mysql-latency': { type: 'string', default: '0' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'string', multiple: true },
    'node-args': { type: 'string', default: '' },
    'server-node-args': { type: 'string', default: '' },
  },
});
const itemCount = Number(values.items);
const runs = Number(values.runs);
const sdbLatency = Number(values['sdb-latency']);
const mysqlLatency = Number(values['mysql-latency']);
for (const [flag, n] of [['--items', itemCount], ['--runs', runs], ['--sdb-latency', sdbLatency], ['--mysql-latency', mysqlLatency]] as const) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: a whole number, got ${String(n)}`);
}
const nodeArgs = values['node-args']!.split(' ').filter(Boolean);
// --server-node-args='<flags>': node flags for the SimpleDB server's process, e.g.
// --server-node-args='--cpu-prof --cpu-prof-dir=/tmp/s' (its profile holds the seeding too).
const serverNodeArgs = values['server-node-args']!.split(' ').filter(Boolean);
const base = parseMySqlUrl(process.env['MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');

let clis = values.cli ?? [];
/** The build made here (no --cli), removed at the end. */
let builtDir: string | undefined;
if (clis.length === 0) {
  builtDir = join(tmpdir(), `pullback-restore-cli-${randomBytes(4).toString('hex')}`);
  if (spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', builtDir], { stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
  clis = [join(builtDir, 'cli.js')];
}

const server = spawn(process.execPath, [...serverNodeArgs, '--import', 'tsx', 'src/simpledb-local/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const env = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' };
const client = new SimpleDbClient({ endpoint: url, region: 'us-east-1', credentials });
const admin = await mysql.createConnection({ host: base.host, port: base.port, user: base.user, password: base.password });
const sdbProxy = sdbLatency > 0 ? await startDelayProxy(new URL(url).port, sdbLatency) : undefined;
const mysqlProxy = mysqlLatency > 0 ? await startDelayProxy(base.port, mysqlLatency) : undefined;
const database = `pullback_restore_${randomBytes(4).toString('hex')}`;
const domain = 'bench_items';
const stateFile = join(tmpdir(), `${database}-state.json`);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mysqlUrl = (port: number) => `mysql://${encodeURIComponent(base.user)}${base.password ? `:${encodeURIComponent(base.password)}` : ''}@127.0.0.1:${port}/${database}`;

/** Runs the CLI under /usr/bin/time; its JSON report (`--json`) and the time's figures. */
async function cli(path: string, args: string[], flags: string[] = []): Promise<{ wall: number; cpu: number; rssMb: number; report: Record<string, unknown> }> {
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...flags, path, ...args, '--json', '--no-progress'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const [status] = (await once(child, 'exit')) as [number];
  const time = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  if (status !== 0 || !time) throw new Error(`${path} ${args[0]} failed (exit ${status}): ${out.slice(-800)} ${err.slice(-800)}`);
  return { wall: Number(time[1]), cpu: Number(time[2]) + Number(time[3]), rssMb: Number(time[4]) / 1024, report: JSON.parse(out) as Record<string, unknown> };
}

/** The counts of the (one) SimpleDB domain a restore's JSON report holds. */
function restoreCounts(report: Record<string, unknown>): Record<string, number> {
  const counts = (report as { results?: { simpledb?: { domains?: { counts?: Record<string, number> }[] } } }).results?.simpledb?.domains?.[0]?.counts;
  if (!counts) throw new Error(`no SimpleDB counts in the restore's report: ${JSON.stringify(report).slice(0, 400)}`);
  return counts;
}

try {
  await client.createDomain({ DomainName: domain });
  const t0 = Date.UTC(2026, 0, 1);
  await seedBenchItems(client, domain, itemCount, DEFAULTS.stampAttribute, (i) => formatStamp(new Date(t0 + i)));
  await admin.query(`CREATE DATABASE \`${database}\``);
  const mysqlArgs = ['--mysql-table-prefix', 'sdb_', '--state-file', stateFile];
  await cli(clis[0]!, ['backup', '--simpledb-domains', domain, '--simpledb-endpoint', url, '--mysql-url', mysqlUrl(base.port), ...mysqlArgs]);
  // A moment after the backup: restore as of then (the time must not be in the future).
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const at = new Date().toISOString();
  console.log(`seeded and backed up ${itemCount} items; SimpleDB ${sdbLatency} ms and MySQL ${mysqlLatency} ms away (each way); restoring as of ${at}`);

  const endpoint = sdbProxy ? `http://127.0.0.1:${sdbProxy.port}` : url;
  const results = clis.map(() => ({ walls: [] as number[], cpus: [] as number[], rss: [] as number[], serverCpu: [] as number[] }));
  for (let round = 0; round < runs; round++) {
    const order = clis.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const target = `bench_restored_${round}_${i}`;
      const serverBefore = processCpuMs(server.pid!);
      const run = await cli(clis[i]!, ['restore', '--restore-time', at, '--restore-sources', `sdb:${domain}`, '--restore-target-domain', target, '--simpledb-endpoint', endpoint,
        '--mysql-url', mysqlUrl(mysqlProxy?.port ?? base.port), ...mysqlArgs], nodeArgs);
      const serverCpu = ((processCpuMs(server.pid!) ?? 0) - (serverBefore ?? 0)) / 1000;
      const counts = restoreCounts(run.report);
      if (counts['put'] !== itemCount || counts['verified'] !== itemCount) throw new Error(`${clis[i]} restored ${JSON.stringify(counts)}, expected ${itemCount} items put and verified`);
      results[i]!.walls.push(run.wall);
      results[i]!.cpus.push(run.cpu);
      results[i]!.rss.push(run.rssMb);
      results[i]!.serverCpu.push(serverCpu);
      console.log(`round ${round + 1} ${clis[i]}: ${run.wall.toFixed(2)} s = ${Math.round(itemCount / run.wall)} items/s, client CPU ${run.cpu.toFixed(2)} s, peak RSS ${run.rssMb.toFixed(0)} MiB, SimpleDB server CPU ${serverCpu.toFixed(2)} s, ${counts['batchCalls']} batch calls`);
      await client.deleteDomain({ DomainName: target });
    }
  }
  console.log();
  for (const [i, path] of clis.entries()) {
    const r = results[i]!;
    console.log(`${path}: median ${median(r.walls).toFixed(2)} s (${r.walls.map((w) => w.toFixed(2)).join(', ')}), ${Math.round(itemCount / median(r.walls))} items/s, client CPU ${median(r.cpus).toFixed(2)} s, peak RSS ${Math.max(...r.rss).toFixed(0)} MiB`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
  await admin.end();
  await sdbProxy?.stop();
  await mysqlProxy?.stop();
  server.kill();
  rmSync(stateFile, { force: true });
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
}
