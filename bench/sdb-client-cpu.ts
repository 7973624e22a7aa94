// Hand-run benchmark: the SimpleDB backup's client CPU alone, without servers. The Select pages of
// N items like sdb-backup.ts's are made once; each repetition parses them as the client does, makes
// the candidates, plans 500-item batches and builds their statements down to mysql2's execute
// packets (a stand-in connection encodes them and sends nothing). It prints the process CPU, the
// time in each stage, and a digest of every statement's SQL and packet: equal digests before and
// after a change mean MySQL is sent byte-identical statements.
// Pages are read as the client reads them: straight into items (select-response.ts), falling back to
// the general reader's tree; `--readers direct,tree` alternates the two readers repetition by
// repetition (the tree: how every page was read before), so both are measured in one process.
//   npx tsx bench/sdb-client-cpu.ts [--items 100000] [--repeat 4] [--readers direct|tree|direct,tree]
import { createHash } from 'node:crypto';
import { escape } from 'mysql2';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_XML_LIMITS, parseXml } from '../src/simpledb/xml.ts';
import { selectFromTree } from '../src/simpledb/client.ts';
import { readCompactSelect } from '../src/simpledb/select-response.ts';
import { successBody, textElement } from '../src/simpledb-local/xml.ts';
import { itemCandidate, planBatch } from '../src/backends/simpledb/plan.ts';
import { writeBatch } from '../src/stores/history/mysql/writes.ts';
import { formatStamp } from '../src/simpledb/convention.ts';
import { DEFAULTS } from '../src/config/simpledb.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '100000' }, repeat: { type: 'string', default: '4' }, readers: { type: 'string', default: 'direct' } } });
const readers = values.readers!.split(',');
if (readers.some((r) => r !== 'direct' && r !== 'tree')) throw new Error(`--readers: direct, tree or both, got ${values.readers}`);
const N = Number(values.items);
const PAGE = 2500;
// mysql2 does not export its packet classes; the file is read from the installed package.
const require = createRequire(import.meta.url);
const { default: Execute } = (await import(join(dirname(require.resolve('mysql2')), 'lib/packets/execute.js'))) as {
  default: new (id: number, parameters: unknown[], charsetNumber: number, timezone: string, attributes: undefined, clientFlags: number, jsonAsString: boolean) => { toPacket(): { buffer: Buffer; length(): number } };
};
const stamp = DEFAULTS.stampAttribute;

const pages: string[] = [];
const t0 = Date.UTC(2026, 0, 1);
for (let p = 0; p * PAGE < N; p++) {
  let xml = '';
  for (let i = p * PAGE; i < Math.min(N, (p + 1) * PAGE); i++) {
    const attrs: [string, string][] = [
      ['name', `Customer ${i}`], ['email', `customer${i}@example.com`], ['city', ['Oslo', 'Rome', 'Lima', 'Kyoto'][i % 4]!], ['score', String(i % 1000).padStart(4, '0')],
      ['tags', 'a'], ['tags', `t${i % 7}`], ['note', 'x'.repeat(100)], [stamp, formatStamp(new Date(t0 + i))],
    ];
    xml += `<Item>${textElement('Name', `item-${String(i).padStart(8, '0')}`)}`;
    for (const [k, v] of attrs) xml += `<Attribute>${textElement('Name', k)}${textElement('Value', v)}</Attribute>`;
    xml += '</Item>';
  }
  pages.push(successBody('Select', `${xml}<NextToken>t</NextToken>`, 'request', '0.0001'));
}

const columnOf = new Map(['city', 'email', 'name', 'note', 'score', stamp, 'tags'].map((n) => [n, n]));
const tables = { history: 'h', current: 'c', seen: { table: 's', domain: Buffer.from('bench') }, columnOf: (n: string) => columnOf.get(n), columns: () => columnOf.values(), rowBudget: 5600 };
let digest = createHash('sha256');
let packetBytes = 0;
const conn = {
  beginTransaction: async () => undefined,
  commit: async () => undefined,
  rollback: async () => undefined,
  query: async () => [[], []],
  // writeBatch writes the run id into the statements' text (the connection's escaping).
  escape: (value: Parameters<typeof escape>[0]) => escape(value),
  execute: async (sql: string, params: unknown[]) => {
    // 224: utf8mb4_unicode_ci's number; the charset only picks the encoding (UTF-8).
    const packet = new Execute(1, params, 224, 'Z', undefined, 0, true).toPacket();
    packetBytes += packet.length();
    digest.update(sql).update(packet.buffer.subarray(4, packet.length()));
    return [[], []];
  },
};
/** A page's items as the client reads them (client.ts select), or always through the tree. */
const readPage = (page: string, reader: string) =>
  (reader === 'direct' ? readCompactSelect(page, DEFAULT_XML_LIMITS)?.output.Items : undefined) ?? selectFromTree(parseXml(page).children[0], {}).Items;

for (let rep = 1; rep <= Number(values.repeat); rep++) {
  const reader = readers[(rep - 1) % readers.length]!;
  const spent = { parse: 0, candidates: 0, plan: 0, statements: 0 };
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (const page of pages) {
    let t = performance.now();
    const items = readPage(page, reader);
    spent.parse += performance.now() - t;
    t = performance.now();
    const candidates = items.map((item) => itemCandidate(item, stamp));
    spent.candidates += performance.now() - t;
    for (let b = 0; b < candidates.length; b += 500) {
      t = performance.now();
      const plan = planBatch(candidates.slice(b, b + 500), new Map(), t0);
      spent.plan += performance.now() - t;
      t = performance.now();
      await writeBatch(conn as never, tables, { runId: 'bench-run', versions: plan.versions, current: plan.current });
      spent.statements += performance.now() - t;
    }
  }
  const used = process.cpuUsage(cpu);
  console.log(
    `[${rep}] ${reader.padEnd(6)} CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, wall ${(performance.now() - wall).toFixed(0)} ms: ` +
      `${Object.entries(spent).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')} ms; ${(packetBytes / 1e6).toFixed(1)} MB of packets, digest ${digest.digest('hex').slice(0, 16)}`,
  );
  digest = createHash('sha256');
  packetBytes = 0;
}
