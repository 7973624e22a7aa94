// Readers of what the SimpleDB backup holds in its history store: the stored watermarks, and the
// items of a domain as they were at any time (the history is the source of truth).
import type { Item } from '../../simpledb/client.ts';
import { emptyNameMap, type HistoryStore, type StateItem } from '../../stores/history/types.ts';
import type { Watermarks } from '../../watermark/store.ts';
import { contentHash } from './plan.ts';

/** A history row that fails its checks (shape or content hash): it is refused, never written. */
export class DamagedHistoryError extends Error {
  constructor(
    readonly domain: string,
    readonly item: string,
    readonly damage: string,
  ) {
    super(`the backup's history of domain ${domain} is damaged for item ${JSON.stringify(item)}: ${damage}`);
    this.name = 'DamagedHistoryError';
  }
}

/** The watermark store source id of a domain. */
export function watermarkSourceId(domain: string): string {
  return `sdb:${domain}`;
}

/** Stored watermarks per `sdb:<domain>`, from the runs the history store records (the durable record). */
export async function readStoredWatermarks(history: HistoryStore): Promise<Watermarks> {
  const out: Watermarks = {};
  for (const [domain, w] of await history.readWatermarks()) if (w.watermark) out[watermarkSourceId(domain)] = w.watermark;
  return out;
}

/**
 * The items of a domain as they were at `time` (ISO 8601 or Date), in item-name byte order,
 * streamed page by page. A domain never backed up yields nothing. Every row is checked: one whose
 * attributes are not a SimpleDB item or do not hash to its content hash comes with `damage` set
 * and no attributes, for the caller to refuse and name.
 */
export async function* stateAsOf(history: HistoryStore, domain: string, time: Date | string): AsyncGenerator<StateItem> {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`stateAsOf: "${String(time)}" is not a time`);
  const domainHistory = await history.existingDomain(domain);
  if (!domainHistory) return;
  for await (const item of domainHistory.stateAsOf(ms)) {
    // The row was checked for shape; its content must also hash to what was recorded when it was
    // written, or it changed since (same size, other bytes) and cannot be trusted.
    if (item.damage === undefined && contentHash(item.attributes) !== item.hash) {
      yield { ...item, attributes: emptyNameMap(), damage: 'its attributes do not hash to its recorded content hash (the row changed after it was written)' };
    } else yield item;
  }
}

/** stateAsOf as SimpleDB items (attribute pairs), e.g. for a restore. A damaged row stops it (named). */
export async function* itemsAsOf(history: HistoryStore, domain: string, time: Date | string): AsyncGenerator<Item> {
  for await (const s of stateAsOf(history, domain, time)) {
    if (s.damage !== undefined) throw new DamagedHistoryError(domain, s.name, s.damage);
    const Attributes: { Name: string; Value: string }[] = [];
    for (const [Name, values] of Object.entries(s.attributes)) for (const Value of values) Attributes.push({ Name, Value });
    yield { Name: s.name, Attributes };
  }
}
