// Hand-run benchmark: the hourly SimpleDB run, an incremental run with nothing new, as the CLI runs
// it, with MySQL (and optionally SimpleDB) some milliseconds away: where round trips, not CPU, set
// the time. Each statement waits for the one before, so a run costs about (statements x round trip).
//   npx tsx bench/sdb-hourly.ts [--domains 1] [--items 1000] [--mysql-latency 20] [--sdb-latency 0]
//                               [--runs 6] [--delete-log] [--mode nothing-new|full-scan|first-run]
//                               [--at-once N] [--item-kib 0] [--cli dist/cli.js] [--cli /tmp/before/cli.js ...]
// --mode: what each timed run is: an incremental run with nothing new (the default), a full scan
// of the same (`--full-scan always`: every item read and compared, none written), or a
// first run into a database of its own, made fresh for that run and dropped after it.
// --item-kib: each item also carries this many KiB in 1,000-byte attributes (for peak RSS).
// --at-once: passed as --simpledb-domains-at-once to every timed run (builds before that input
// existed refuse it); without it each build uses its default.
// --delete-log: the delete-log domain exists (empty), as for an application that follows the
// write convention; each run then also reads it (results before 2026-12-01-2.md ran without).
// Seeds the domains once on the project's SimpleDB server (items stamped in 2025: outside the
// overlap window, so an incremental run reads nothing new), gives each CLI its own fresh MySQL
// database and a first run (direct, untimed), then runs every CLI in turn, `--runs` times, through
// the delay proxies (bench/support/delay-proxy.ts), the order swapped each round. Per run: wall time
// (/usr/bin/time) and the statements MySQL counted (the global `Questions` counter before and after,
// less this benchmark's own reads of it; other clients of the server add to it, so the table shows
// the fewest counted). Several `--cli` compare builds (`node
// scripts/build.mjs --outdir /tmp/before` at an older commit); without one the tree is built fresh.
// MYSQL_URL (default mysql://root@127.0.0.1:3306/test) names the server.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { parseMySqlUrl } from '../src/config/mysql.ts';
import { DEFAULTS } from '../src/config/simpledb.ts';
import { startDelayProxy } from './support/delay-proxy.ts';

const { values } = parseArgs({
  options: {
    domains: { type: 'string', default: '1' },
    items: { type: 'string', default: '1000' },
    'mysql-latency': { type: 'string', default: '20' },
    'sdb-latency': { type: 'string', default: '0' },
    runs: { type: 'string', default: '6' },
    cli: { type: 'string', multiple: true },
    'delete-log': { type: 'boolean', default: false },
    mode: { type: 'string', default: 'nothing-new' },
    'at-once': { type: 'string' },
    'item-kib': { type: 'string', default: '0' },
  },
});
const mode = values.mode;
if (mode !== 'nothing-new' && mode !== 'full-scan' && mode !== 'first-run') throw new Error(`--mode ${mode}: expected nothing-new, full-scan or first-run`);
const domainCount = Number(values.domains);
const itemCount = Number(values.items);
const runs = Number(values.runs);
const mysqlLatency = Number(values['mysql-latency']);
const sdbLatency = Number(values['sdb-latency']);
const base = parseMySqlUrl(process.env['MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');

let clis = values.cli ?? [];
/** The build made here (no --cli), removed at the end: 6 MB a run otherwise left in the temporary folder. */
let builtDir: string | undefined;
if (clis.length === 0) {
  builtDir = join(tmpdir(), `pullback-hourly-cli-${randomBytes(4).toString('hex')}`);
  if (spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', builtDir], { stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
  clis = [join(builtDir, 'cli.js')];
}

const server = spawn(process.execPath, ['--import', 'tsx', 'src/simpledb-local/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const client = new SimpleDbClient({ endpoint: url, region: 'us-east-1', credentials });
const admin = await mysql.createConnection({ host: base.host, port: base.port, user: base.user, password: base.password });
const mysqlProxy = mysqlLatency > 0 ? await startDelayProxy(base.port, mysqlLatency) : undefined;
const sdbProxy = sdbLatency > 0 ? await startDelayProxy(new URL(url).port, sdbLatency) : undefined;
const domains = Array.from({ length: domainCount }, (_, i) => `hourly_${i}`);
const databases: string[] = [];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function questions(): Promise<number> {
  const [rows] = await admin.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Questions'");
  return Number(rows[0]!['Value']);
}

/** One CLI backup into `database`; through the proxies when `delayed`. */
async function backup(cli: string, database: string, delayed: boolean, extra: string[] = []): Promise<{ wall: number; statements: number; rssMb: number }> {
  const port = delayed && mysqlProxy ? mysqlProxy.port : base.port;
  const endpoint = delayed && sdbProxy ? `http://127.0.0.1:${sdbProxy.port}` : url;
  const mysqlUrl = `mysql://${encodeURIComponent(base.user)}${base.password ? `:${encodeURIComponent(base.password)}` : ''}@127.0.0.1:${port}/${database}`;
  const before = await questions();
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e RSS %M', process.execPath, cli, 'backup', '--simpledb-domains', domains.join(','), '--simpledb-endpoint', endpoint,
    '--mysql-url', mysqlUrl, '--mysql-table-prefix', 'sdb_', '--state-file', join(tmpdir(), `${database}-state.json`), '--no-progress', ...extra], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const [status] = (await once(child, 'exit')) as [number];
  const time = /TIME ([\d.]+) RSS (\d+)/.exec(out);
  if (status !== 0 || !time) throw new Error(`${cli} failed (exit ${status}): ${out.slice(-800)}`);
  // The proxy's own connection to MySQL counts no statement; the two reads of the counter do (one each).
  return { wall: Number(time[1]), statements: (await questions()) - before - 1, rssMb: Number(time[2]) / 1024 };
}

try {
  const t0 = Date.UTC(2025, 0, 1);
  if (values['delete-log']) await client.createDomain({ DomainName: DEFAULTS.deleteLogDomain });
  for (const domain of domains) {
    await client.createDomain({ DomainName: domain });
    for (let start = 0; start < itemCount; start += 25) {
      const Items = [];
      for (let i = start; i < Math.min(itemCount, start + 25); i++) {
        const padding = Array.from({ length: Math.ceil((Number(values['item-kib']) * 1024) / 1000) }, (_, k) => ({ Name: `pad${k}`, Value: `${i}:${k}:`.padEnd(1000, 'x') }));
        Items.push({ Name: `item-${i}`, Attributes: [{ Name: 'v', Value: `value ${i}` }, { Name: DEFAULTS.stampAttribute, Value: formatStamp(new Date(t0 + i * 1000)) }, ...padding] });
      }
      await client.batchPutAttributes({ DomainName: domain, Items });
    }
  }
  console.log(`seeded ${domainCount} domain(s) of ${itemCount} items; MySQL ${mysqlLatency} ms and SimpleDB ${sdbLatency} ms away (each way)`);
  for (const cli of clis) {
    const database = `pullback_hourly_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE \`${database}\``);
    databases.push(database);
    await backup(cli, database, false);
  }
  const results = clis.map(() => ({ walls: [] as number[], statements: [] as number[], rss: [] as number[] }));
  const timedArgs = [...(mode === 'full-scan' ? ['--full-scan', 'always'] : []), ...(values['at-once'] ? ['--simpledb-domains-at-once', values['at-once']] : [])];
  for (let round = 0; round < runs; round++) {
    const order = clis.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      let database = databases[i]!;
      if (mode === 'first-run') {
        database = `pullback_hourly_${randomBytes(4).toString('hex')}`;
        await admin.query(`CREATE DATABASE \`${database}\``);
      }
      const r = await backup(clis[i]!, database, true, timedArgs);
      if (mode === 'first-run') {
        await admin.query(`DROP DATABASE \`${database}\``);
        rmSync(join(tmpdir(), `${database}-state.json`), { force: true });
      }
      results[i]!.walls.push(r.wall);
      results[i]!.statements.push(r.statements);
      results[i]!.rss.push(r.rssMb);
      console.log(`  ${clis[i]}: ${r.wall.toFixed(2)} s, ${r.statements} statements, peak RSS ${r.rssMb.toFixed(0)} MB`);
    }
  }
  const what = { 'nothing-new': 'incremental run, nothing new', 'full-scan': 'full scan, nothing new', 'first-run': 'first run' }[mode];
  console.log(`\n| build | ${what} (median) | runs | MySQL statements a run (fewest counted) | peak RSS (median) |`);
  console.log('|---|--:|---|--:|--:|');
  for (const [i, cli] of clis.entries()) {
    const r = results[i]!;
    console.log(`| ${cli} | ${median(r.walls).toFixed(2)} s | ${r.walls.map((w) => w.toFixed(2)).join(', ')} | ${Math.min(...r.statements)} | ${median(r.rss).toFixed(0)} MB |`);
  }
} finally {
  for (const database of databases) {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    rmSync(join(tmpdir(), `${database}-state.json`), { force: true });
  }
  await admin.end();
  await mysqlProxy?.stop();
  await sdbProxy?.stop();
  server.kill();
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
}
