// From the review of 19d3111: readWatermarks (one statement, window functions) against the statements it
// replaced, kept here as the reference (GROUP BY, then one ORDER BY finished_at DESC LIMIT 1 per domain), on a runs table of
// odd rows: failed-only domains, names differing in case / trailing space / trailing NUL (the
// column is VARBINARY), NULL and malformed watermark_after, ties and NULLs in finished_at, many
// domains. And after ensureSchema (the flag that skips hasSystemTables) as without.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { fromSqlTime } from '../../src/stores/history/mysql/sql-time.ts';
import { createTestDatabase, historyOf, type TestDatabase } from './sdb-backup-support.ts';

/** The parent commit's readWatermarks, verbatim but for the table lookup. */
async function oldReadWatermarks(conn: Connection, runs: string) {
  const out = new Map<string, { watermark: string | undefined; lastRunId: string; lastFinishedAt: string }>();
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT domain, MAX(watermark_after) AS watermark, MAX(finished_at) AS finished FROM ${q(runs)} WHERE status = 'ok' GROUP BY domain`);
  for (const r of rows) {
    const domain = (r['domain'] as Buffer).toString('utf8');
    const [last] = await conn.query<RowDataPacket[]>(`SELECT run_id FROM ${q(runs)} WHERE status = 'ok' AND domain = ? ORDER BY finished_at DESC LIMIT 1`, [Buffer.from(domain, 'utf8')]);
    out.set(domain, { watermark: (r['watermark'] as string | null) ?? undefined, lastRunId: String(last[0]?.['run_id'] ?? ''), lastFinishedAt: new Date(fromSqlTime(String(r['finished']))).toISOString() });
  }
  return out;
}

describe('readWatermarks against the per-domain statements it replaced', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('same watermark, last finish and (untied) last run for every domain', async () => {
    const store = historyOf(db.conn, 'Wm_');
    await store.ensureSchema();
    const runs = store.tables.runs;
    const rows: [string, Buffer, string, string | null, string | null][] = [];
    let n = 0;
    const id = () => `00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`;
    const add = (domain: Buffer | string, status: string, finished: string | null, wm: string | null, runId = id()) =>
      rows.push([runId, typeof domain === 'string' ? Buffer.from(domain) : domain, status, finished, wm]);
    add('d', 'ok', '2026-01-01 00:00:01.000', '2026-01-01T00:00:01.000Z');
    add('d', 'ok', '2026-01-01 00:00:05.000', null);
    add('d', 'failed', '2026-01-01 00:00:09.000', '2027-01-01T00:00:00.000Z');
    add('d ', 'ok', '2026-01-01 00:00:02.000', '2026-01-01T00:00:02.000Z');
    add(Buffer.from([0x64, 0]), 'ok', '2026-01-01 00:00:03.000', '2026-01-01T00:00:03.000Z');
    add('D', 'ok', '2026-01-01 00:00:04.000', 'not a stamp');
    add('failed_only', 'failed', '2026-01-01 00:00:04.000', '2026-01-01T00:00:04.000Z');
    add('running_only', 'running', null, null);
    add('nulls', 'ok', null, '2026-01-01T00:00:06.000Z');
    add('nulls', 'ok', '2026-01-01 00:00:01.500', '2026-01-01T00:00:01.000Z');
    add('all_null_wm', 'ok', '2026-01-01 00:00:07.000', null);
    add('h\u00e9llo', 'ok', '2026-01-01 00:00:08.000', '2026-01-01T00:00:08.000Z');
    for (let d = 0; d < 300; d++) for (let k = 0; k < 4; k++) add(`many_${d}`, k === 3 && d % 3 === 0 ? 'failed' : 'ok', `2026-01-0${1 + k} 00:00:00.${String(d).padStart(3, '0')}`, `2026-01-0${1 + ((k * 7 + d) % 5)}T00:00:00.000Z`);
    await db.conn.query(`INSERT INTO ${q(runs)} (run_id, domain, mode, status, started_at, finished_at, watermark_after) VALUES ?`, [rows.map(([r, d, s, f, w]) => [r, d, 'full', s, '2026-01-01 00:00:00.000', f, w])]);
    const now = await store.readWatermarks();
    const fresh = await historyOf(db.conn, 'Wm_').readWatermarks(); // without ensureSchema: hasSystemTables path
    const old = await oldReadWatermarks(db.conn, runs);
    assert.deepEqual([...now.keys()].sort(), [...old.keys()].sort());
    assert.deepEqual([...fresh.keys()].sort(), [...old.keys()].sort());
    assert.ok(!now.has('failed_only') && !now.has('running_only'));
    for (const [domain, o] of old) {
      const w = now.get(domain)!;
      assert.equal(w.watermark, o.watermark, domain);
      assert.equal(w.lastFinishedAt, o.lastFinishedAt, domain);
      assert.equal(w.lastRunId, o.lastRunId, domain);
      assert.deepEqual(fresh.get(domain), w, domain);
    }
  });

  test('a tie in finished_at goes to the greater run id (old: arbitrary)', async () => {
    const store = historyOf(db.conn, 'tie_');
    await store.ensureSchema();
    await db.conn.query(`INSERT INTO ${q(store.tables.runs)} (run_id, domain, mode, status, started_at, finished_at, watermark_after) VALUES ?`, [
      [
        ['b', Buffer.from('t'), 'full', 'ok', '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000', '2026-01-01T00:00:00.000Z'],
        ['a', Buffer.from('t'), 'full', 'ok', '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000', '2026-01-01T00:00:01.000Z'],
      ],
    ]);
    const w = (await store.readWatermarks()).get('t')!;
    assert.equal(w.lastRunId, 'b');
    assert.equal(w.watermark, '2026-01-01T00:00:01.000Z');
  });
});
