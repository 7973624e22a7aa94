/**
 * SimpleDB backups under faults: the SimpleDB client reaches the project's SimpleDB server through
 * a fault proxy, and MariaDB loses the engine's connection mid-batch (KILL from another session).
 * Each scenario backs up a domain once cleanly, changes it (updates, new items, deletions through
 * the delete log), runs a backup under one kind of fault, then runs once more without faults.
 *
 * The faulted run must complete equal to the ground truth, or fail with an error that names the
 * domain; a failed run leaves the history as it was and the domain's watermark unmoved. The clean
 * run converges: the history as of now and as of the first run equals the items written, and no
 * item has two consecutive identical versions (nothing duplicated).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { readStoredWatermarks, runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbClient } from '../../src/simpledb/client.ts';
import { paginateSelect } from '../../src/simpledb/paginate.ts';
import { startFaultProxy, type Fault, type FaultProxy, type FaultRule } from '../support/fault-proxy.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { backedUpAt, createTestDatabase, FakeClock, GroundTruth, historyOf, MYSQL_BASE, plain, type TestDatabase } from './sdb-backup-support.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import type { SimpleDbBackupResult } from '../../src/backends/simpledb/types.ts';

let sdb: TestSimpleDb;
let proxy: FaultProxy;
let db: TestDatabase;
const clock = new FakeClock();
let truth: GroundTruth;
let viaProxy: SimpleDbClient;

const F = {
  '500': { type: 'status', status: 500 },
  slowdown: { type: 'slowdown' },
  throttle: { type: 'throttle', status: 429, burst: 2 },
  reset: { type: 'reset' },
  'reset-mid-body': { type: 'reset-mid-body' },
  truncate: { type: 'truncate' },
  stall: { type: 'stall' },
} satisfies Record<string, Fault>;
type FaultName = keyof typeof F;
const atRate = (filter: Omit<FaultRule, 'fault' | 'rate' | 'nth'>, rate: number, fault: Fault): FaultRule[] => [
  { ...filter, nth: 1, fault },
  { ...filter, rate, fault },
];

interface Scenario {
  name: string;
  rules?: FaultRule[];
  /** Kill the engine's MySQL connection while it holds a batch's transaction open. */
  killInTransaction?: boolean;
}

const scenarios: Scenario[] = [];
for (const rate of [0.3, 0.6]) {
  for (const name of Object.keys(F) as FaultName[]) {
    if (name === 'stall' && rate > 0.3) continue;
    scenarios.push({ name: `${name} on ${rate * 100}% of Selects`, rules: atRate({ op: 'Select' }, name === 'throttle' ? rate / 3 : rate, F[name]) });
  }
}
for (const name of ['500', 'reset', 'truncate'] as FaultName[]) {
  scenarios.push({ name: `${name} on half the deletion checks (GetAttributes)`, rules: atRate({ op: 'GetAttributes' }, 0.5, F[name]) });
}
for (const name of ['500', 'reset-mid-body'] as FaultName[]) {
  scenarios.push({ name: `${name} on the first DomainMetadata`, rules: [{ op: 'DomainMetadata', nth: 1, fault: F[name] }] });
}
scenarios.push({ name: 'every fault kind, 5% each, on every request', rules: (Object.keys(F) as FaultName[]).map((name) => ({ rate: 0.05, fault: F[name] })) });
scenarios.push({ name: 'every Select fails on every attempt: the run fails naming the domain', rules: [{ op: 'Select', fault: F['500'] }] });
scenarios.push({
  name: 'MySQL connection killed between statements of a batch (KILL from another session)',
  rules: [{ op: 'GetAttributes', nth: 1, fault: { type: 'hook', fn: () => killEngineConnections() } }],
});
scenarios.push({ name: 'MySQL connection killed inside a batch transaction (KILL from another session)', killInTransaction: true });

const adminSettings = () => ({ host: MYSQL_BASE.host, port: MYSQL_BASE.port, user: MYSQL_BASE.user, password: MYSQL_BASE.password });

/** Threads of the test database other than the test's own connection: the engine's. */
async function engineThreads(admin: mysql.Connection): Promise<RowDataPacket[]> {
  const [own] = await db.conn.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT ID, STATE, INFO FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> ? AND ID <> CONNECTION_ID()',
    [db.name, own[0]!['id']],
  );
  return rows;
}

async function killEngineConnections(): Promise<void> {
  const admin = await mysql.createConnection(adminSettings());
  try {
    const threads = await engineThreads(admin);
    assert.ok(threads.length > 0, 'the engine has a MySQL connection to kill');
    for (const t of threads) await admin.query(`KILL ${Number(t['ID'])}`);
  } finally {
    await admin.end();
  }
}

before(async () => {
  // Select pages of a few items (about 10 of these scenarios' 24): every scan spans several pages,
  // so a fault also meets the pages the backup requests ahead (paginateSelect's prefetch), not
  // only a scan's first. With SimpleDB's 1 MB a domain here was one page (found by review).
  sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 1500 } });
  proxy = await startFaultProxy({ upstream: sdb.server.url, flavor: 'simpledb', seed: 11 });
  db = await createTestDatabase();
  truth = new GroundTruth(sdb.client, clock);
  await truth.writer.ensureDeleteLog();
  // The CLI's retry settings (5 attempts), a short attempt timeout for the stalls, no real waits.
  viaProxy = sdb.makeClient({ endpoint: proxy.url, maxAttempts: 5, requestTimeoutMs: 1500 });
});
after(async () => {
  await proxy?.stop();
  await db?.drop();
  await sdb?.close();
});

function config(domain: string, tablePrefix: string): SimpleDbBackupConfig {
  return {
    domains: [domain],
    stampAttribute: DEFAULTS.stampAttribute,
    deleteLogDomain: DEFAULTS.deleteLogDomain,
    overlapMs: 60_000,
    fullScan: 'auto',
    mysql: db.settings,
    tablePrefix,
    batchSize: 5,
    simpledb: {},
  };
}

/** No item has two consecutive versions with the same content (a version recorded twice). */
async function assertNoDoubles(table: string, label: string): Promise<void> {
  const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT item_name, content_hash FROM ${q(table)} ORDER BY item_name, valid_from, version_id`);
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    if (Buffer.compare(a['item_name'] as Buffer, b['item_name'] as Buffer) !== 0) continue;
    assert.ok(Buffer.compare(a['content_hash'] as Buffer, b['content_hash'] as Buffer) !== 0, `${label}: ${(b['item_name'] as Buffer).toString()} recorded twice`);
  }
}

/** Holds a row lock on `item` in the current-state table until released; the engine's batch blocks on it. */
async function lockRow(table: string, item: string): Promise<{ release(): Promise<void> }> {
  const locker = await mysql.createConnection({ ...adminSettings(), database: db.name });
  await locker.beginTransaction();
  await locker.query(`SELECT _item FROM ${q(table)} WHERE _item = ? FOR UPDATE`, [Buffer.from(item)]);
  return {
    async release() {
      await locker.rollback().catch(() => undefined);
      await locker.end();
    },
  };
}

/** Waits until the engine blocks on the lock inside its transaction, then kills its connection. */
async function killWhenBlocked(table: string): Promise<string> {
  const admin = await mysql.createConnection(adminSettings());
  try {
    for (let i = 0; i < 500; i++) {
      const blocked = (await engineThreads(admin)).find((t) => String(t['INFO'] ?? '').includes(table) && /^(DELETE|INSERT|REPLACE)/.test(String(t['INFO'])));
      if (blocked) {
        await admin.query(`KILL ${Number(blocked['ID'])}`);
        return String(blocked['INFO']).slice(0, 60);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the engine never blocked inside a batch');
  } finally {
    await admin.end();
  }
}

async function runScenario(scenario: Scenario, index: number, diagnostic: (message: string) => void): Promise<void> {
  const domain = `faults_${index}`;
  const prefix = `f${index}_`;
  await sdb.client.createDomain({ DomainName: domain });
  const run = async (client: SimpleDbClient): Promise<SimpleDbBackupResult> => {
    clock.tick(5000);
    const c = config(domain, prefix);
    const result = await withMySqlHistory(c, {}, (history) => runSimpleDbBackup(c, { client, history, now: clock.now }));
    clock.tick(5000);
    return result;
  };
  for (let i = 0; i < 20; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i), tags: ['a', `t${i % 3}`] });
  const first = await run(sdb.client);
  const t1 = clock.ms;
  const tables = first.domains[0]!.tables;

  for (let i = 0; i < 5; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: `changed ${i}` }, true);
  for (let i = 20; i < 24; i++) await truth.put(domain, `item-${i}`, { n: String(i) });
  for (const i of [7, 8, 9]) await truth.delete(domain, `item-${String(i).padStart(2, '0')}`);
  const watermarksBefore = await readStoredWatermarks(historyOf(db.conn, prefix));

  const handles = (scenario.rules ?? []).map((rule) => proxy.inject(rule));
  proxy.resetCounts();
  let outcome: { ok: true } | { ok: false; error: Error };
  let lock: { release(): Promise<void> } | undefined;
  try {
    if (scenario.killInTransaction) {
      lock = await lockRow(tables.current, 'item-02');
      const [result, killed] = await Promise.allSettled([run(viaProxy), killWhenBlocked(tables.current)]);
      if (killed.status === 'rejected') throw killed.reason;
      diagnostic(`killed while running: ${killed.value}`);
      if (result.status === 'rejected') throw result.reason;
    } else {
      await run(viaProxy);
    }
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error: error as Error };
  } finally {
    await lock?.release();
    proxy.clearRules();
  }
  const injected = handles.reduce((n, h) => n + h.injected, 0);
  assert.ok(scenario.killInTransaction || injected > 0, 'the scenario injected at least one fault');
  const label = `${scenario.name} (${outcome.ok ? 'complete' : 'failed'}, ${injected} faults)`;
  diagnostic(`faulted run: ${outcome.ok ? 'complete' : `failed: ${outcome.error.message}`}; faults ${JSON.stringify(proxy.faults())}`);

  const now = clock.ms;
  if (outcome.ok) {
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, now, prefix)), plain(truth.at(domain, now)), `${label}: the faulted run is complete and correct`);
  } else {
    assert.ok(outcome.error instanceof SimpleDbBackupError, `${label}: a SimpleDbBackupError, got ${outcome.error.name}: ${outcome.error.message}`);
    assert.ok(outcome.error.message.includes(domain), `${label}: the error names the domain: ${outcome.error.message}`);
    assert.deepEqual(await readStoredWatermarks(historyOf(db.conn, prefix)), watermarksBefore, `${label}: the watermark did not move`);
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t1, prefix)), plain(truth.at(domain, t1)), `${label}: the history up to the first run is whole`);
    if (scenario.killInTransaction) {
      const runId = outcome.error.result.runId;
      const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(tables.history)} WHERE run_id = ?`, [runId]);
      assert.equal(Number(rows[0]!['n']), 0, `${label}: the killed batch left no row behind (rolled back)`);
    }
  }

  const clean = await run(sdb.client);
  assert.equal(clean.domains[0]!.error, undefined, `${label}: the clean run completes`);
  const end = clock.ms;
  assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, end, prefix)), plain(truth.at(domain, end)), `${label}: after the clean run`);
  assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t1, prefix)), plain(truth.at(domain, t1)), `${label}: the first run's state after the clean run`);
  await assertNoDoubles(tables.history, label);
  const [versions] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(tables.history)}`);
  // 20 first versions, 5 updates, 4 new items, 3 deletions: each recorded once.
  assert.equal(Number(versions[0]!['n']), 32, `${label}: every change recorded exactly once`);
}

describe('SimpleDB backup under faults (SimpleDB side and MySQL side)', () => {
  it("a scan of a scenario's domain reads several Select pages (faults reach the pages requested ahead)", async () => {
    const domain = 'faults_pages';
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 24; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: `changed ${i}`, tags: ['a', `t${i % 3}`] });
    let pages = 0;
    let items = 0;
    for await (const page of paginateSelect(viaProxy, { SelectExpression: `select * from ${domain}`, ConsistentRead: true }, undefined, { prefetch: true })) {
      pages++;
      items += page.Items.length;
    }
    assert.equal(items, 24);
    assert.ok(pages >= 3, `${pages} pages`);
  });
  it('a scan that fails aborts the Select it asked for ahead: a hanging SimpleDB does not hold the process through its attempts', async () => {
    const domain = 'faults_abort';
    const prefix = 'fab_';
    await sdb.client.createDomain({ DomainName: domain });
    const c = config(domain, prefix);
    const run = (client: SimpleDbClient): Promise<SimpleDbBackupResult> => withMySqlHistory(c, {}, (history) => runSimpleDbBackup(c, { client, history, now: clock.now }));
    for (let i = 0; i < 30; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
    clock.tick(5000);
    const first = await run(sdb.client);
    clock.tick(120_000);
    // Changed in name order, so the incremental scan (in stamp order) meets item-02 on its first page.
    for (let i = 0; i < 30; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: `changed ${i}` }, true);
    clock.tick(5000);

    // The second page, asked for as the first arrives, never comes back; the client would wait for
    // it a minute an attempt. The first page's batch blocks on a row lock and its connection is
    // killed: the scan fails while the page asked for ahead hangs.
    let held!: () => void;
    const heldRequest = new Promise<void>((resolve) => (held = resolve));
    let gone!: () => void;
    const clientGone = new Promise<void>((resolve) => (gone = resolve));
    const patient = sdb.makeClient({ endpoint: proxy.url, maxAttempts: 5, requestTimeoutMs: 60_000 });
    proxy.inject({ op: 'Select', nth: 2, fault: { type: 'hold', onHold: () => held(), onClientGone: () => gone() } });
    const lock = await lockRow(first.domains[0]!.tables.current, 'item-02');
    let outcome: unknown;
    try {
      const [result] = await Promise.allSettled([run(patient), heldRequest.then(() => killWhenBlocked(first.domains[0]!.tables.current))]);
      outcome = result.status === 'rejected' ? result.reason : result.value;
    } finally {
      await lock.release();
      proxy.clearRules();
    }
    assert.ok(outcome instanceof SimpleDbBackupError && outcome.message.includes(domain), `the run fails naming the domain: ${String(outcome)}`);
    let timer: NodeJS.Timeout | undefined;
    const hungUp = await Promise.race([clientGone.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 15_000)))]);
    clearTimeout(timer);
    assert.ok(hungUp, 'the client hung up on the page it asked for ahead once the scan failed (not after its 60 s timeout)');
  });
  for (const [index, scenario] of scenarios.entries()) {
    it(scenario.name, (t) => runScenario(scenario, index, (message) => t.diagnostic(message)));
  }
});
