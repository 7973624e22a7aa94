// Hand-run benchmark of the project's SimpleDB-compatible server (not part of `npm test`): how fast
// it pages Select results over real HTTP, the reads the SimpleDB backup makes.
//   npx tsx bench/sdb-server.ts [--items 25000,200000]
// For each size it starts `pullback-simpledb-local` (src/simpledb-local/cli.ts) in a child
// process, seeds one domain with items shaped like bench/sdb-backup.ts's (8 attributes, two
// values of `tags`, a `lastModified` stamp one millisecond apart), and measures with the
// project's client, consistent reads, like the backup:
// - full scan: `select * from D limit 2500` followed to the end (items/s, median page latency;
//   these items are about 420 bytes, so the 1 MB response cap ends a page near 1,600 items);
// - filtered scan: `select * from D where lastModified is not null limit 2500` (the backup's first
//   incremental read, before it has a watermark);
// - incremental, everything: `select * from D where lastModified >= 'W' order by lastModified
//   limit 2500` with W the oldest stamp (items/s, median page latency);
// - incremental, newest 1 %: the same with W at the 99th percentile (whole query, wall time);
// - a deep page: `limit 100` resumed 20 times from a NextToken half way through the domain;
// - `select count(*) from D`.
// Server CPU is read from /proc/<pid>/stat around each measurement (Linux; "n/a" elsewhere).
// Figures before and after the Select indexes: docs/simpledb.md, "How fast it pages".
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { processCpuMs } from './proc-cpu.ts';
import { seedBenchItems } from './support/sdb-items.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '25000,200000' } } });
const sizes = values.items.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--items must be a comma-separated list of positive integers, got ${values.items}`);

const DOMAIN = 'bench_items';
const STAMP = 'lastModified';
const T0 = Date.UTC(2026, 0, 1);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!;
};

async function seed(client: SimpleDbClient, n: number): Promise<void> {
  await client.createDomain({ DomainName: DOMAIN });
  // Stamps not in item-name order, so the two orders differ.
  await seedBenchItems(client, DOMAIN, n, STAMP, (i) => formatStamp(new Date(T0 + ((i * 7919) % n))), 8);
}

interface Scan {
  items: number;
  pages: number;
  seconds: number;
  pageMs: number[];
  serverCpuMs: number | undefined;
  tokens: string[];
}

async function scan(client: SimpleDbClient, pid: number, expression: string): Promise<Scan> {
  const cpu0 = processCpuMs(pid);
  const start = performance.now();
  const pageMs: number[] = [];
  const tokens: string[] = [];
  let items = 0;
  let token: string | undefined;
  do {
    const t = performance.now();
    const page = await client.select({ SelectExpression: expression, ConsistentRead: true, ...(token ? { NextToken: token } : {}) });
    pageMs.push(performance.now() - t);
    items += page.Items.length;
    token = page.NextToken;
    if (token) tokens.push(token);
  } while (token);
  const seconds = (performance.now() - start) / 1000;
  const cpu1 = processCpuMs(pid);
  return { items, pages: pageMs.length, seconds, pageMs, serverCpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, tokens };
}

const fmtCpu = (ms: number | undefined, per = 1): string => (ms === undefined ? 'n/a' : `${(ms / per).toFixed(ms / per < 10 ? 1 : 0)} ms`);

const rows: string[] = [];
for (const n of sizes) {
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/simpledb-local/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
    const client = new SimpleDbClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }, requestTimeoutMs: 600_000 });
    const pid = server.pid!;
    const seedStart = performance.now();
    await seed(client, n);
    console.log(`${n} items: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const full = await scan(client, pid, `select * from ${DOMAIN} limit 2500`);
    if (full.items !== n) throw new Error(`full scan returned ${full.items} items, expected ${n}`);
    console.log(`${n} items: full scan ${full.pages} pages in ${full.seconds.toFixed(2)} s = ${Math.round(n / full.seconds)} items/s, median page ${median(full.pageMs).toFixed(1)} ms, server CPU ${fmtCpu(full.serverCpuMs, full.pages)}/page`);

    const filtered = await scan(client, pid, `select * from ${DOMAIN} where ${STAMP} is not null limit 2500`);
    if (filtered.items !== n) throw new Error(`filtered scan returned ${filtered.items} items, expected ${n}`);
    console.log(`${n} items: filtered scan (is not null) ${filtered.pages} pages in ${filtered.seconds.toFixed(2)} s = ${Math.round(n / filtered.seconds)} items/s, median page ${median(filtered.pageMs).toFixed(1)} ms, server CPU ${fmtCpu(filtered.serverCpuMs, filtered.pages)}/page`);

    const oldest = formatStamp(new Date(T0));
    const inc = await scan(client, pid, `select * from ${DOMAIN} where ${STAMP} >= '${oldest}' order by ${STAMP} limit 2500`);
    if (inc.items !== n) throw new Error(`incremental query returned ${inc.items} items, expected ${n}`);
    console.log(`${n} items: incremental (all) ${inc.pages} pages in ${inc.seconds.toFixed(2)} s = ${Math.round(n / inc.seconds)} items/s, median page ${median(inc.pageMs).toFixed(1)} ms, server CPU ${fmtCpu(inc.serverCpuMs, inc.pages)}/page`);

    const p99 = formatStamp(new Date(T0 + Math.floor(n * 0.99)));
    const tail = await scan(client, pid, `select * from ${DOMAIN} where ${STAMP} >= '${p99}' order by ${STAMP} limit 2500`);
    console.log(`${n} items: incremental (newest 1 %, ${tail.items} items) ${tail.pages} pages in ${(tail.seconds * 1000).toFixed(0)} ms`);

    // A deep page: the middle token of the full scan, resumed with a small page.
    const middle = full.tokens[Math.floor(full.tokens.length / 2)]!;
    const deepMs: number[] = [];
    const cpu0 = processCpuMs(pid);
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const page = await client.select({ SelectExpression: `select * from ${DOMAIN} limit 100`, ConsistentRead: true, NextToken: middle });
      deepMs.push(performance.now() - t);
      if (page.Items.length !== 100) throw new Error(`a deep page returned ${page.Items.length} items`);
    }
    const cpu1 = processCpuMs(pid);
    const deepCpu = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
    console.log(`${n} items: a page of 100 from the middle: median ${median(deepMs).toFixed(1)} ms, server CPU ${fmtCpu(deepCpu, 20)}/page`);

    const c = performance.now();
    const count = await client.select({ SelectExpression: `select count(*) from ${DOMAIN}`, ConsistentRead: true });
    const countMs = performance.now() - c;
    const counted = count.Items[0]?.Attributes.find((a) => a.Name === 'Count')?.Value;
    if (counted !== String(n)) throw new Error(`count(*) returned ${counted}, expected ${n}`);
    console.log(`${n} items: count(*) in ${countMs.toFixed(1)} ms`);

    rows.push(
      `| ${n.toLocaleString('en')} | ${median(deepMs).toFixed(1)} ms | ${median(full.pageMs).toFixed(0)} ms | ${Math.round(n / full.seconds).toLocaleString('en')} | ` +
        `${median(filtered.pageMs).toFixed(0)} ms | ${Math.round(n / filtered.seconds).toLocaleString('en')} | ` +
        `${median(inc.pageMs).toFixed(0)} ms | ${Math.round(n / inc.seconds).toLocaleString('en')} | ${(tail.seconds * 1000).toFixed(0)} ms | ${countMs.toFixed(0)} ms |`,
    );
  } finally {
    server.kill();
  }
}
console.log('\n| items | page of 100, middle | full scan page (1 MB) | full scan items/s | filtered scan page (1 MB) | filtered scan items/s | incremental page (1 MB) | incremental items/s | incremental, newest 1 % | count(*) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
