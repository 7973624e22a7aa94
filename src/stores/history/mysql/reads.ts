// Reads of a domain's history: the stored versions of some items (planning input), the state of
// every item as of a time (the latest version at or before it, unless a deletion), and the live
// items of the current-state table (the full scan's deletion check). Item names are VARBINARY, so
// every order here is UTF-8 byte order, the order SimpleDB uses.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { emptyNameMap, type StateItem, type StoredVersion } from '../types.ts';
import { decodeAttributes, decodeItemName } from './history-row.ts';
import { quoteIdentifier as q } from './identifiers.ts';
import { fromSqlTime, sqlTime } from './sql-time.ts';

const ITEMS_PER_STATEMENT = 500;

/** Every stored version of these items, in time order (then write order). */
export async function loadVersions(conn: Connection, history: string, itemNames: readonly string[]): Promise<Map<string, StoredVersion[]>> {
  const out = new Map<string, StoredVersion[]>();
  const unique = [...new Set(itemNames)];
  for (let i = 0; i < unique.length; i += ITEMS_PER_STATEMENT) {
    const chunk = unique.slice(i, i + ITEMS_PER_STATEMENT).map((n) => Buffer.from(n, 'utf8'));
    // FORCE INDEX: right after a large write InnoDB's statistics still describe the table as it was
    // (persistent statistics are recalculated in the background, seconds later), and past 200 values
    // (eq_range_index_dive_limit) the optimizer estimates from them: on a history of 300,000 rows
    // written a moment before it chose a full scan and a sort of every row, for each 500 names
    // (0.38 s a lookup against 0.014 s by the index). The names are a prefix of the unique key: the
    // index is always the way in.
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT item_name, valid_from, version_id, content_hash, deleted FROM ${q(history)} FORCE INDEX (uq_item_version) WHERE item_name IN (?) ORDER BY item_name, valid_from, version_id`,
      [chunk],
    );
    for (const r of rows) {
      const name = (r['item_name'] as Buffer).toString('utf8');
      let list = out.get(name);
      if (!list) out.set(name, (list = []));
      list.push({
        validFrom: fromSqlTime(String(r['valid_from'])),
        versionId: Number(r['version_id']),
        hash: (r['content_hash'] as Buffer).toString('hex'),
        // Anything but 0 is a deletion, as stateAsOf reads it (a tampered 2 must not look live here and gone there).
        deleted: Number(r['deleted']) !== 0,
      });
    }
  }
  return out;
}

/**
 * The items as they were at `time`, in item-name byte order, read a page of item names at a time:
 * memory stays bounded. Each row is checked for shape (history-row.ts) and comes with `damage` set
 * when it fails.
 */
export async function* stateAsOf(conn: Connection, history: string, time: number, pageSize = 1000): AsyncGenerator<StateItem> {
  let after: Buffer = Buffer.alloc(0);
  for (;;) {
    const [names] = await conn.query<RowDataPacket[]>(`SELECT DISTINCT item_name FROM ${q(history)} WHERE item_name > ? ORDER BY item_name LIMIT ?`, [after, pageSize]);
    if (names.length === 0) return;
    const first = names[0]!['item_name'] as Buffer;
    const last = names[names.length - 1]!['item_name'] as Buffer;
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT item_name, valid_from, last_modified, content_hash, attributes FROM (
         SELECT item_name, valid_from, last_modified, content_hash, deleted, attributes,
           ROW_NUMBER() OVER (PARTITION BY item_name ORDER BY valid_from DESC, version_id DESC) AS rn
         FROM ${q(history)} WHERE item_name >= ? AND item_name <= ? AND valid_from <= ?
       ) v WHERE rn = 1 AND deleted = 0 ORDER BY item_name`,
      [first, last, sqlTime(time)],
    );
    for (const r of rows) yield stateItem(r);
    if (names.length < pageSize) return;
    after = last;
  }
}

function stateItem(r: RowDataPacket): StateItem {
  const nameBytes = r['item_name'] as Buffer;
  const name = decodeItemName(nameBytes);
  const attributes = decodeAttributes(r['attributes']);
  const hashBytes = r['content_hash'] as Buffer;
  const damage = !name.ok ? name.damage : !attributes.ok ? attributes.damage : hashBytes.length !== 32 ? 'the content hash is not 32 bytes' : undefined;
  return {
    name: name.ok ? name.value : nameBytes.toString('utf8'),
    attributes: attributes.ok ? attributes.value : emptyNameMap(),
    validFrom: new Date(fromSqlTime(String(r['valid_from']))).toISOString(),
    lastModified: (r['last_modified'] as string | null) ?? null,
    hash: hashBytes.toString('hex'),
    ...(damage !== undefined ? { damage } : {}),
  };
}

/** Live items of the current-state table after `after`, in byte order. */
export async function liveItemsAfter(conn: Connection, current: string, after: string | undefined, limit: number): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT _item FROM ${q(current)} WHERE _item > ? ORDER BY _item LIMIT ?`, [Buffer.from(after ?? '', 'utf8'), limit]);
  return rows.map((r) => (r['_item'] as Buffer).toString('utf8'));
}

/**
 * Live items of the current-state table that the scan of run `runId` did not see in this domain
 * (`seen.domain`: other domains' scans of the same run may be under way, with the same names),
 * after `after`, in byte order.
 */
export async function unseenItems(conn: Connection, current: string, seen: { table: string; domain: Buffer }, runId: string, after: string | undefined, limit: number): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT c._item FROM ${q(current)} c
     WHERE c._item > ? AND NOT EXISTS (SELECT 1 FROM ${q(seen.table)} s WHERE s.run_id = ? AND s.domain = ? AND s.item_name = c._item)
     ORDER BY c._item LIMIT ?`,
    [Buffer.from(after ?? '', 'utf8'), runId, seen.domain, limit],
  );
  return rows.map((r) => (r['_item'] as Buffer).toString('utf8'));
}
