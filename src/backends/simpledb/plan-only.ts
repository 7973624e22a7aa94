// Where a domain's planned batches go. A backup writes them to the domain's history in the history
// store; a plan-only run (`dry-run`) keeps them in memory instead, so that later batches of the
// same run are planned against them exactly as a backup plans against what it has just committed,
// and the store is only read: nothing is created, no row written.
import type { DomainHistory, DomainTableNames, HistoryBatch, StoredVersion } from '../../stores/history/types.ts';

/** What the backup of one domain needs from where its batches go (a DomainHistory, or a PlannedHistory). */
export type BatchTarget = Pick<DomainHistory, 'tables' | 'loadVersions' | 'ensureColumns' | 'writeBatch' | 'concurrentWriter' | 'unseenItems' | 'historyItemsAfter' | 'liveItemsAfter'>;

/** What writes a batch (a DomainHistory, or its concurrent writer). */
export type BatchWriter = Pick<DomainHistory, 'writeBatch'>;

/** Planned versions get ids above every stored one, so they sort after them as the store's write order would. */
const PLANNED_ID_BASE = Number.MAX_SAFE_INTEGER / 4;

/**
 * Plan only: reads the domain's existing history (if it was ever backed up) and remembers what a
 * backup would have written. Memory: the versions it would write (item name, time, hash) and, in a
 * full scan, the names the scan saw; a real backup keeps both in the store instead.
 */
export class PlannedHistory implements BatchTarget {
  readonly tables: DomainTableNames;
  readonly #existing: DomainHistory | undefined;
  /** Versions this plan would have written, by item. */
  readonly #planned = new Map<string, StoredVersion[]>();
  /** Item names the full scan saw (a backup's `seen` rows). */
  readonly #seen = new Set<string>();
  #nextId = PLANNED_ID_BASE;

  constructor(existing: DomainHistory | undefined, tables: DomainTableNames) {
    this.#existing = existing;
    this.tables = tables;
  }

  async loadVersions(itemNames: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    const out = this.#existing ? await this.#existing.loadVersions(itemNames) : new Map<string, StoredVersion[]>();
    for (const name of new Set(itemNames)) {
      const planned = this.#planned.get(name);
      if (!planned) continue;
      out.set(name, [...(out.get(name) ?? []), ...planned]);
    }
    return out;
  }

  async ensureColumns(): Promise<void> {
    // Columns are a storage detail: a plan creates none.
  }

  async writeBatch(batch: HistoryBatch): Promise<void> {
    for (const v of batch.versions) {
      let list = this.#planned.get(v.itemName);
      if (!list) this.#planned.set(v.itemName, (list = []));
      list.push({ validFrom: v.validFrom, versionId: ++this.#nextId, hash: v.hash, deleted: v.deleted });
    }
    for (const name of batch.seen ?? []) this.#seen.add(name);
  }

  /** Item names of the existing history: what the plan adds is not counted (it is asked before the first batch). */
  async historyItemsAfter(after: string | undefined, limit: number): Promise<string[]> {
    return this.#existing ? this.#existing.historyItemsAfter(after, limit) : [];
  }

  /** Live items of the existing current state, as a backup would find them before its first batch. */
  async liveItemsAfter(after: string | undefined, limit: number): Promise<string[]> {
    return this.#existing ? this.#existing.liveItemsAfter(after, limit) : [];
  }

  async unseenItems(_runId: string, after: string | undefined, limit: number): Promise<string[]> {
    if (!this.#existing) return [];
    const out: string[] = [];
    let cursor = after;
    // The backup's anti-join, done here: page through the live items, leave out those seen and
    // those this plan already deleted (the backup would have removed their current-state row).
    for (;;) {
      const page = await this.#existing.liveItemsAfter(cursor, limit);
      const deletedByPlan = await this.#latestIsPlannedDeletion(page.filter((name) => this.#planned.has(name)));
      for (const name of page) {
        if (this.#seen.has(name) || deletedByPlan.has(name)) continue;
        out.push(name);
        if (out.length === limit) return out;
      }
      if (page.length < limit) return out;
      cursor = page[page.length - 1];
    }
  }

  /** Of these items, those whose latest version (stored or planned) is a deletion this plan added. */
  async #latestIsPlannedDeletion(names: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (names.length === 0) return out;
    for (const [name, versions] of await this.loadVersions(names)) {
      let latest: StoredVersion | undefined;
      for (const v of versions) if (!latest || v.validFrom > latest.validFrom || (v.validFrom === latest.validFrom && v.versionId > latest.versionId)) latest = v;
      if (latest && latest.deleted && latest.versionId > PLANNED_ID_BASE) out.add(name);
    }
    return out;
  }
}
