// Hand-run benchmark: a first backup of N items from the local SimpleDB server into MariaDB/MySQL.
//   npx tsx bench/sdb-backup.ts [--items 100000] [--batch-size 500]
// MYSQL_URL (default mysql://root@127.0.0.1:3306/test) names the server; the benchmark creates and
// drops its own database there. The SimpleDB server runs in a child process, so the memory figure
// is the backup's own (rss of this process, sampled every 50 ms).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { parseMySqlUrl } from '../src/config/mysql.ts';
import { runSimpleDbBackup } from '../src/backends/simpledb/backup.ts';
import { withMySqlHistory } from '../src/backends/simpledb/open.ts';
import { DEFAULTS } from '../src/config/simpledb.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '100000' }, 'batch-size': { type: 'string', default: '500' } } });
const N = Number(values.items);
const batchSize = Number(values['batch-size']);
const base = parseMySqlUrl(process.env['MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
const database = `pullback_bench_${randomBytes(4).toString('hex')}`;

const server = spawn(process.execPath, ['--import', 'tsx', 'src/simpledb-local/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
const client = new SimpleDbClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
const admin = await mysql.createConnection({ host: base.host, port: base.port, user: base.user, password: base.password });

try {
  const domain = 'bench_items';
  await client.createDomain({ DomainName: domain });
  const seedStart = performance.now();
  const t0 = Date.UTC(2026, 0, 1);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const start = next;
      if (start >= N) return;
      next += 25;
      const Items = [];
      for (let i = start; i < Math.min(N, start + 25); i++) {
        Items.push({
          Name: `item-${String(i).padStart(8, '0')}`,
          Attributes: [
            { Name: 'name', Value: `Customer ${i}` },
            { Name: 'email', Value: `customer${i}@example.com` },
            { Name: 'city', Value: ['Oslo', 'Rome', 'Lima', 'Kyoto'][i % 4]! },
            { Name: 'score', Value: String(i % 1000).padStart(4, '0') },
            { Name: 'tags', Value: 'a' },
            { Name: 'tags', Value: `t${i % 7}` },
            { Name: 'note', Value: 'x'.repeat(100) },
            { Name: DEFAULTS.stampAttribute, Value: formatStamp(new Date(t0 + i)) },
          ],
        });
      }
      await client.batchPutAttributes({ DomainName: domain, Items });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  console.log(`seeded ${N} items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  await admin.query(`CREATE DATABASE \`${database}\``);
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
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
  const result = await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history }));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const d = result.domains[0]!;
  console.log(`first run (${d.mode}): ${d.itemsRead} items read, ${d.versionsWritten} versions in ${seconds.toFixed(1)} s = ${Math.round(d.itemsRead / seconds)} items/s`);
  console.log(`peak rss ${(peak / 1048576).toFixed(0)} MiB (at start ${(baseline / 1048576).toFixed(0)} MiB)`);

  const incStart = performance.now();
  const again = await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history }));
  console.log(`second run (${again.domains[0]!.mode}, nothing changed): ${((performance.now() - incStart) / 1000).toFixed(2)} s`);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
  await admin.end();
  server.kill();
}
