// Hand-run: what each statement of a SimpleDB backup batch costs MariaDB, measured alone on the
// backup's own table shapes (schema.ts), N synthetic items in statements of B rows, each in its own
// transaction: wall time, mysqld CPU (from /proc, when mysqld runs on this machine) and this
// process's CPU.  npx tsx bench/sdb-mysql-statements.ts [N=20000] [B=500]
// Connects as root to 127.0.0.1:3306 and creates (then drops) its own database.
import mysql from 'mysql2/promise';
import { createHash, randomBytes } from 'node:crypto';
import { processCpuMs, findProcess } from './proc-cpu.ts';
import { createDomainTables, createSystemTables, systemTableNames } from '../src/stores/history/mysql/schema.ts';
const N = Number(process.argv[2] ?? 20000), B = Number(process.argv[3] ?? 500);
const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
const db = `exp_${randomBytes(3).toString('hex')}`;
await admin.query(`CREATE DATABASE ${db}`);
const conn = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: db, charset: 'utf8mb4_bin', dateStrings: true });
const pid = findProcess(['mariadbd', 'mysqld']);
const mysqldCpu = (): number => (pid === undefined ? Number.NaN : (processCpuMs(pid) ?? Number.NaN));
await createSystemTables(conn, systemTableNames('x_'));
await createDomainTables(conn, { history: 'h', current: 'c', versions: 'v' });
await conn.query("ALTER TABLE c ADD COLUMN a1 MEDIUMTEXT, ADD COLUMN a2 MEDIUMTEXT, ADD COLUMN a3 MEDIUMTEXT, ADD COLUMN a4 MEDIUMTEXT, ADD COLUMN a5 MEDIUMTEXT, ADD COLUMN a6 MEDIUMTEXT, ADD COLUMN a7 MEDIUMTEXT");
const run = 'r'.repeat(36);
const items = Array.from({ length: N }, (_, i) => {
  const name = Buffer.from(`item-${String(i).padStart(8, '0')}`);
  const attrs = { city: ['Oslo'], email: [`customer${i}@example.com`], lastModified: ['2026-01-01T00:00:00.000Z'], name: [`Customer ${i}`], note: ['x'.repeat(100)], score: ['0001'], tags: ['a', 't1'] };
  return { name, json: JSON.stringify(attrs), hash: createHash('sha256').update(name).digest(), t: '2026-01-01 00:00:00.000', attrs };
});
async function phase(label: string, fn: (chunk: typeof items) => Promise<void>, tx = true): Promise<void> {
  const c0 = mysqldCpu(), w0 = performance.now(), u0 = process.cpuUsage();
  for (let i = 0; i < N; i += B) {
    if (tx) await conn.beginTransaction();
    await fn(items.slice(i, i + B));
    if (tx) await conn.commit();
  }
  const u = process.cpuUsage(u0);
  console.log(`${label.padEnd(40)} wall ${((performance.now() - w0) / 1000).toFixed(2)} s mysqld ${((mysqldCpu() - c0) / 1000).toFixed(2)} s client ${((u.user + u.system) / 1e6).toFixed(2)} s`);
}
await phase('loadVersions (empty)', async (ch) => { await conn.query('SELECT item_name, valid_from, version_id, content_hash, deleted FROM h WHERE item_name IN (?) ORDER BY item_name, valid_from, version_id', [ch.map((x) => x.name)]); }, false);
await phase('history insert ODKU', async (ch) => { await conn.query('INSERT INTO h (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ? ON DUPLICATE KEY UPDATE version_id = version_id', [ch.map((x) => [x.name, x.t, '2026-01-01T00:00:00.000Z', 0, 'stamp', run, x.hash, x.json])]); });
await conn.query('TRUNCATE h');
const ph = '(' + Array(8).fill('?').join(',') + ')';
await phase('history insert ODKU execute', async (ch) => { await conn.execute(`INSERT INTO h (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ${Array(ch.length).fill(ph).join(',')} ON DUPLICATE KEY UPDATE version_id = version_id`, ch.flatMap((x) => [x.name, x.t, '2026-01-01T00:00:00.000Z', 0, 'stamp', run, x.hash, x.json])); });
await conn.query('TRUNCATE h');
await phase('history insert ODKU query again', async (ch) => { await conn.query('INSERT INTO h (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ? ON DUPLICATE KEY UPDATE version_id = version_id', [ch.map((x) => [x.name, x.t, '2026-01-01T00:00:00.000Z', 0, 'stamp', run, x.hash, x.json])]); });
await conn.query('TRUNCATE h');
await phase('history plain INSERT', async (ch) => { await conn.query('INSERT INTO h (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ?', [ch.map((x) => [x.name, x.t, '2026-01-01T00:00:00.000Z', 0, 'stamp', run, x.hash, x.json])]); });
await phase('current DELETE IN', async (ch) => { await conn.query('DELETE FROM c WHERE _item IN (?)', [ch.map((x) => x.name)]); });
await phase('current INSERT', async (ch) => { await conn.query('INSERT INTO c (_item,_valid_from,_last_modified,_hash,_run_id,_overflow,a1,a2,a3,a4,a5,a6,a7) VALUES ?', [ch.map((x) => [x.name, x.t, '2026', x.hash, run, null, 'Oslo', x.attrs.email[0], '2026-01-01T00:00:00.000Z', x.attrs.name[0], x.attrs.note[0], '0001', '["a","t1"]'])]); });
await phase('current REPLACE (rows exist)', async (ch) => { await conn.query('REPLACE INTO c (_item,_valid_from,_last_modified,_hash,_run_id,_overflow,a1,a2,a3,a4,a5,a6,a7) VALUES ?', [ch.map((x) => [x.name, x.t, '2026', x.hash, run, null, 'Oslo', x.attrs.email[0], '2026-01-01T00:00:00.000Z', x.attrs.name[0], x.attrs.note[0], '0001', '["a","t1"]'])]); });
await phase('seen insert ODKU', async (ch) => { await conn.query('INSERT INTO x__seen (run_id, item_name) VALUES ? ON DUPLICATE KEY UPDATE run_id = run_id', [ch.map((x) => [run, x.name])]); });
await phase('empty commit', async () => { await conn.query('UPDATE x__runs SET items_read = 1 WHERE run_id = "none"'); });
await phase('loadVersions (full)', async (ch) => { await conn.query('SELECT item_name, valid_from, version_id, content_hash, deleted FROM h WHERE item_name IN (?) ORDER BY item_name, valid_from, version_id', [ch.map((x) => x.name)]); }, false);
await admin.query(`DROP DATABASE ${db}`);
await conn.end(); await admin.end();
