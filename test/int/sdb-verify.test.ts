// SimpleDB verify in bounded memory (the backup's latest state streamed, the live domain looked up in
// batches) against a reference that reads both sides whole, as verify did before: the same counts
// and the same differences, in the same order, on histories with every kind of version, across
// lookup batches (1,700 items, pages of 3). Then its failures: a lookup failing mid-way surfaces at
// once and aborts the page asked for ahead; a backup whose history is gone is reported as damaged.
// Cases from the review of the bounded verify (a tampered `deleted`, a version in the last second
// of 9999, an item SimpleDB lists twice).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { canonicalAttributes, contentHash, TOMBSTONE_HASH, type AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { stateAsOf } from '../../src/backends/simpledb/history.ts';
import { runSdbVerify } from '../../src/backends/simpledb/verify.ts';
import type { SdbVerifyDifference, SdbVerifyResult } from '../../src/backends/simpledb/types.ts';
import type { SelectInput, SelectOutput } from '../../src/simpledb/client.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import type { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import type { HistoryStore, HistoryVersion } from '../../src/stores/history/types.ts';
import { createTestDatabase, historyOf, type TestDatabase } from './sdb-backup-support.ts';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const DOMAIN = 'verified';
type Pairs = { Name: string; Value: string }[];
type LiveItem = { Name: string; Attributes: Pairs };
const pairs = (o: Record<string, string>): Pairs => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
const attrs = (o: Record<string, string>): AttributeMap => canonicalAttributes(pairs(o));
const live = (name: string, at: number, o: Record<string, string>): HistoryVersion => ({ itemName: name, validFrom: at, stamp: null, deleted: false, origin: 'observed', hash: contentHash(attrs(o)), attributes: attrs(o) });
const gone = (name: string, at: number): HistoryVersion => ({ itemName: name, validFrom: at, stamp: null, deleted: true, origin: 'delete-log', hash: TOMBSTONE_HASH, attributes: null });
const item = (Name: string, o: Record<string, string>): LiveItem => ({ Name, Attributes: pairs(o) });

/** A SimpleDB of fixed items in pages of `pageSize` (repeats allowed); `hang(token)` holds a page until aborted. */
function fakeSimpleDb(items: LiveItem[], pageSize = 3, hang?: (from: number) => boolean) {
  const held: { aborted: boolean }[] = [];
  return {
    held,
    async select(input: SelectInput, options?: { signal?: AbortSignal }): Promise<SelectOutput> {
      const from = input.NextToken ? Number(input.NextToken) : 0;
      if (hang?.(from)) {
        const entry = { aborted: false };
        held.push(entry);
        return new Promise((_, reject) => {
          const abort = (): void => {
            entry.aborted = true;
            reject(new Error('aborted'));
          };
          // As the client does: a request made after its signal fired fails at once.
          if (options?.signal?.aborted) abort();
          else options?.signal?.addEventListener('abort', abort);
        });
      }
      const out: SelectOutput = { Items: items.slice(from, from + pageSize) };
      if (from + pageSize < items.length) out.NextToken = String(from + pageSize);
      return out;
    },
  };
}

/** Verify as it was before it was bounded: the live domain and the backup's latest state read whole. */
async function referenceVerify(history: HistoryStore, items: LiveItem[]): Promise<Pick<SdbVerifyResult, 'ok' | 'domains' | 'differences' | 'differenceCount'>> {
  const counts = { domain: DOMAIN, liveItems: 0, backedUp: 0, notBackedUp: 0, differs: 0, deletedSinceBackup: 0, damaged: 0 };
  const differences: SdbVerifyDifference[] = [];
  const liveNow = new Map<string, AttributeMap>();
  for (const i of items) if (!liveNow.has(i.Name)) liveNow.set(i.Name, canonicalAttributes(i.Attributes));
  const backedUp = new Map<string, string>();
  const damaged = new Set<string>();
  for await (const state of stateAsOf(history, DOMAIN, new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)))) {
    if (state.damage === undefined) backedUp.set(state.name, state.hash);
    else {
      counts.damaged++;
      damaged.add(state.name);
      differences.push({ kind: 'damaged', domain: DOMAIN, item: state.name, detail: `the backup's latest version of item ${state.name} is damaged: ${state.damage}` });
    }
  }
  for (const [name, attributes] of liveNow) {
    counts.liveItems++;
    if (damaged.has(name)) continue;
    const hash = backedUp.get(name);
    if (hash === undefined) {
      counts.notBackedUp++;
      differences.push({ kind: 'not-backed-up', domain: DOMAIN, item: name, detail: `item ${name} is not in the backup` });
    } else if (hash !== contentHash(attributes)) {
      counts.differs++;
      differences.push({ kind: 'differs', domain: DOMAIN, item: name, detail: `item ${name} differs from its latest backed-up version` });
    } else counts.backedUp++;
  }
  for (const name of backedUp.keys()) if (!liveNow.has(name)) counts.deletedSinceBackup++;
  // verify lists the first 100 (its listLimit) and counts them all.
  return { ok: differences.length === 0, domains: [counts], differences: differences.slice(0, 100), differenceCount: differences.length };
}

describe('SimpleDB verify in bounded memory', () => {
  let db: TestDatabase;
  let stores = 0;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  /** A store holding `versions` from one successful run, then `tamper` applied to its history table. */
  async function backedUp(versions: HistoryVersion[], tamper?: (history: string) => Promise<void>): Promise<MySqlHistoryStore> {
    const store = historyOf(db.conn, `v${++stores}_`);
    await store.ensureSchema();
    const history = await store.openDomain(DOMAIN);
    const runId = crypto.randomUUID();
    await store.startRun({ runId, domain: DOMAIN, mode: 'full', startedAt: T0, watermarkBefore: undefined });
    await history.ensureColumns(new Set(versions.flatMap((v) => Object.keys(v.attributes ?? {}))));
    const current = new Map<string, HistoryVersion>();
    for (const v of versions) {
      if (v.deleted) current.delete(v.itemName);
      else current.set(v.itemName, v);
    }
    await history.writeBatch({ runId, versions, current });
    await store.finishRun({ runId, domain: DOMAIN, finishedAt: T0 + 1, watermarkAfter: undefined, counts: { itemsRead: 0, versionsWritten: 0, tombstones: 0, unchanged: 0 } });
    if (tamper) await tamper(history.tables.history);
    return store;
  }

  async function assertAsReference(label: string, versions: HistoryVersion[], items: LiveItem[], tamper?: (history: string) => Promise<void>): Promise<SdbVerifyResult> {
    const store = await backedUp(versions, tamper);
    const result = await runSdbVerify({ domains: [DOMAIN] }, { history: store, client: fakeSimpleDb(items), logger: silentLogger });
    const { ok, domains, differences, differenceCount } = result;
    assert.deepEqual({ ok, domains, differences, differenceCount }, await referenceVerify(store, items), label);
    return result;
  }

  test('every kind of version: deleted last, damaged last over an intact older one, two at one time, trailing space and case, new and changed items', async () => {
    const versions = [
      live('a', T0, { k: '1' }),
      live('b', T0, { k: '1' }),
      live('c', T0, { k: '1' }),
      gone('c', T0 + 1000),
      live('d', T0, { k: '1' }),
      live('d', T0 + 1000, { k: '2' }),
      live('e', T0, { k: '1' }),
      live('e', T0 + 1000, { k: '2' }),
      live('f', T0, { k: 'old' }),
      live('f', T0, { k: 'new' }),
      live('g', T0, { k: '1' }),
      live('i ', T0, { k: '1' }),
      live('J', T0, { k: '1' }),
      live('m', T0, { k: '1' }),
      gone('m', T0),
      gone('n', T0),
      live('n', T0, { k: '1' }),
    ];
    const items = ['a', 'c', 'd', 'e', 'f', 'i', 'j', 'new', 'm', 'n'].map((n) => item(n, { k: n === 'f' ? 'new' : n === 'd' || n === 'e' ? '2' : '1' }));
    items.push(item('b', { k: 'changed' }));
    const result = await assertAsReference('mix', versions, items, async (history) => {
      await db.conn.query(`UPDATE ${q(history)} SET attributes = '{"k": "not an array"}' WHERE item_name = 'd' ORDER BY version_id DESC LIMIT 1`);
      await db.conn.query(`UPDATE ${q(history)} SET attributes = JSON_OBJECT('k', JSON_ARRAY('tampered')) WHERE item_name = 'e' ORDER BY version_id DESC LIMIT 1`);
    });
    assert.equal(result.ok, false);
    assert.ok(result.domains[0]!.deletedSinceBackup > 0 && result.domains[0]!.damaged === 2 && result.domains[0]!.notBackedUp > 0 && result.domains[0]!.differs > 0, JSON.stringify(result.domains[0]));
  });

  test('found by review: a tampered deleted flag (2), a version in the last second of 9999, an item listed twice', async () => {
    await assertAsReference('deleted = 2', [live('a', T0, { k: '1' }), live('b', T0, { k: '1' })], [item('a', { k: '1' })], async (history) => {
      await db.conn.query(`UPDATE ${q(history)} SET deleted = 2 WHERE item_name = 'a'`);
    });
    const far = Date.UTC(9999, 11, 31, 23, 59, 59, 500);
    await assertAsReference('the last second of 9999', [live('x', far, { k: '1' }), live('y', T0, { k: '1' })], [item('x', { k: '1' })]);
    await assertAsReference('listed twice in one page', [live('a', T0, { k: '1' }), live('b', T0, { k: '1' })], [item('a', { k: '1' }), item('a', { k: '1' })]);
  });

  test('1,700 items across lookup batches and pages of 3: the reference counts and differences', async () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const versions: HistoryVersion[] = [];
    const items: LiveItem[] = [];
    const damaged: string[] = [];
    for (let i = 0; i < 1700; i++) {
      const name = `it-${String(i).padStart(5, '0')}`;
      let last = '';
      let deleted = false;
      for (let v = 0, n = 1 + Math.floor(rnd() * 3); v < n; v++) {
        const at = T0 + (rnd() < 0.3 ? 0 : v * 1000);
        if (v > 0 && rnd() < 0.2) {
          versions.push(gone(name, at + 1));
          deleted = true;
        } else {
          last = `v${v}-${Math.floor(rnd() * 3)}`;
          versions.push(live(name, at + 2 + v, { k: last }));
          deleted = false;
        }
      }
      if (!deleted && rnd() < 0.05) damaged.push(name);
      if (rnd() < 0.8) items.push(item(name, { k: rnd() < 0.9 ? last : 'changed' }));
    }
    for (let i = 0; i < 40; i++) items.push(item(`zz-new-${i}`, { k: 'n' }));
    const result = await assertAsReference('random', versions, items, async (history) => {
      for (const name of damaged) await db.conn.query(`UPDATE ${q(history)} SET attributes = '{"k": "x"}' WHERE item_name = ? ORDER BY valid_from DESC, version_id DESC LIMIT 1`, [Buffer.from(name)]);
    });
    assert.ok(result.domains[0]!.liveItems > 1000, 'several lookup batches');
  });

  test('a lookup that fails surfaces at once, aborting the page asked for ahead; no unhandled rejection', { timeout: 30_000 }, async () => {
    const versions: HistoryVersion[] = [];
    const items: LiveItem[] = [];
    for (let i = 0; i < 1600; i++) {
      const name = `n${String(i).padStart(4, '0')}`;
      versions.push(live(name, T0, { k: '1' }));
      items.push(item(name, { k: '1' }));
    }
    const store = await backedUp(versions);
    const unhandled: unknown[] = [];
    const onUnhandled = (error: unknown): void => void unhandled.push(error);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const failing of [1, 2, 4]) {
        // From the 600th item on, SimpleDB hangs: only an abort ends a page asked for there.
        const simpledb = fakeSimpleDb(items, 100, failing === 1 ? (from) => from >= 600 : undefined);
        let lookups = 0;
        const failingStore = new Proxy(store, {
          get(target, name, receiver) {
            if (name !== 'existingDomain') return Reflect.get(target, name, receiver) as unknown;
            return async (domain: string) => {
              const history = (await target.existingDomain(domain))!;
              return new Proxy(history, {
                get(inner, method, innerReceiver) {
                  const value = Reflect.get(inner, method, innerReceiver) as unknown;
                  if (method !== 'loadVersions') return typeof value === 'function' ? value.bind(inner) : value;
                  return async (names: readonly string[]) => {
                    if (++lookups === failing) throw new Error(`lookup ${failing} failed`);
                    return inner.loadVersions(names);
                  };
                },
              });
            };
          },
        });
        await assert.rejects(runSdbVerify({ domains: [DOMAIN] }, { history: failingStore, client: simpledb, logger: silentLogger }), new RegExp(`lookup ${failing} failed`));
        if (failing === 1) assert.deepEqual(simpledb.held, [{ aborted: true }], 'the page asked for ahead (hanging) was aborted');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
  });

  test('a domain whose backup runs are recorded but whose history is gone: reported as damaged, not as never backed up', async () => {
    const store = await backedUp([live('a', T0, { k: '1' })]);
    await db.conn.query(`DELETE FROM ${q(`v${stores}__domains`)}`);
    const result = await runSdbVerify({ domains: [] }, { history: store, client: fakeSimpleDb([item('a', { k: '1' })]), logger: silentLogger });
    assert.equal(result.ok, false);
    assert.deepEqual(result.differences.map((d) => [d.kind, d.domain]), [['damaged', DOMAIN]]);
    assert.match(result.differences[0]!.detail, /backup runs recorded, but its history is gone/);
  });
});
