// Pure planning for the SimpleDB -> MySQL backup: canonical item content and its hash, the time a
// version takes effect, deduplication against the versions already backed up, change detection by
// content hash, tombstones, and the watermark the data allows. No I/O: the orchestrator loads the
// known versions of a batch's items from the history store, calls planBatch, and writes what it
// returns.
import { createHash, hash } from 'node:crypto';
import { compareKeys } from '../../plan/keys.ts';
import { DELETE_LOG_ATTRIBUTES as LOG, type DeleteLogState } from '../../simpledb/delete-log.ts';
import { emptyNameMap, type AttributeMap, type HistoryVersion, type StoredVersion } from '../../stores/history/types.ts';

export type { AttributeMap, HistoryVersion, StoredVersion, VersionOrigin } from '../../stores/history/types.ts';

/** One SimpleDB item as read (the client's `Item` shape). */
export interface SourceItem {
  Name: string;
  Attributes: { Name: string; Value: string }[];
}

export type Candidate =
  | {
      kind: 'item';
      itemName: string;
      attributes: AttributeMap;
      hash: string;
      stamp: string | null;
      /** parseStamp(stamp), when itemCandidate already computed it. */
      stampMs?: number | undefined;
    }
  | {
      kind: 'tombstone';
      itemName: string;
      deletedAt: number;
      origin: 'delete-log' | 'scan';
      /**
       * A delete-log entry's state (simpledb/delete-log.ts): `done` (the delete happened), `pending`
       * (it may not have; also any value but a single `done`), `legacy` (an entry from a writer
       * older than the state attribute). Absent for a scan's tombstones.
       */
      logState?: DeleteLogState | 'legacy';
      /** The delete-log entry's own item name (a log entry's tombstone only). */
      entryName?: string;
    };

export type ItemCandidate = Extract<Candidate, { kind: 'item' }>;

export interface BatchPlan {
  /** History rows to insert, in this order. */
  versions: HistoryVersion[];
  /** Per item whose latest version changed: the new latest version (a tombstone removes the row). */
  current: Map<string, HistoryVersion>;
  /** Items read whose content equals their latest backed-up version. */
  unchanged: number;
  /** Versions already in the history (re-read through the overlap). */
  duplicates: number;
  /** Tombstones with nothing to delete (unknown item, or already deleted at that time). */
  tombstonesSkipped: number;
}

/** The hash recorded for a deletion. */
export const TOMBSTONE_HASH = createHash('sha256').update('pullback:tombstone').digest('hex');

const STAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Milliseconds of a well-formed stamp (`2026-11-24T16:17:58.123Z`, years 1000-9999), else undefined. */
export function parseStamp(value: string | undefined | null): number | undefined {
  if (typeof value !== 'string' || !STAMP_RE.test(value)) return undefined;
  // The fields are read in place and range-checked, which is what `toISOString() === value` after
  // Date.parse checked (a day past the month's end, hour 24 or second 60 is not a stamp), without
  // a Date and two strings per item.
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(value, 20, 3));
}

/** The number written by the `count` ASCII digits at `from` (STAMP_RE has checked they are digits). */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The fixed-width stamp form of a time. */
export function toStamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Pairs of an item beyond which names are grouped through a Map rather than a scan of the names so far. */
const SCAN_GROUPING_LIMIT = 24;

/** Strings beyond which a list is sorted by Array.prototype.sort rather than by insertion. */
const INSERTION_SORT_LIMIT = 24;

/** name -> distinct values, names and values in UTF-8 byte order as SimpleDB keeps them (a null-prototype object: any name is safe). */
export function canonicalAttributes(attributes: readonly { Name: string; Value: string }[]): AttributeMap {
  // Arrays rather than sets: most attributes have one value, and an item at most 256 pairs; most
  // items have a few names, found faster by a scan than through a Map (one per item, measured).
  const names: string[] = [];
  const values: string[][] = [];
  const index = attributes.length > SCAN_GROUPING_LIMIT ? new Map<string, number>() : undefined;
  for (const a of attributes) {
    let k = -1;
    if (index) k = index.get(a.Name) ?? -1;
    else for (let j = 0; j < names.length; j++) if (names[j] === a.Name) (k = j), (j = names.length);
    if (k < 0) {
      index?.set(a.Name, names.length);
      names.push(a.Name);
      values.push([a.Value]);
    } else if (!values[k]!.includes(a.Value)) values[k]!.push(a.Value);
  }
  sortByName(names, values);
  const out: AttributeMap = emptyNameMap();
  for (let i = 0; i < names.length; i++) {
    const list = values[i]!;
    if (list.length > 1) sortStrings(list);
    out[names[i]!] = list;
  }
  return out;
}

// Insertion sorts for the few names and values of most items: Array.prototype.sort allocates its
// work state on every call, which made it a tenth of all the bytes a first backup allocated (a
// sampling heap profile of 100 k items: 161 MB of 1.5 GB, the most of any one call).

/** `names` (distinct) sorted in place into UTF-8 byte order, `values` moved along with them. */
function sortByName(names: string[], values: string[][]): void {
  if (names.length > INSERTION_SORT_LIMIT) {
    const order = names.map((_, i) => i).sort((x, y) => compareKeys(names[x]!, names[y]!));
    const [byName, byValue] = [order.map((i) => names[i]!), order.map((i) => values[i]!)];
    for (let i = 0; i < order.length; i++) (names[i] = byName[i]!), (values[i] = byValue[i]!);
    return;
  }
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    if (compareKeys(names[i - 1]!, name) < 0) continue;
    const list = values[i]!;
    let j = i - 1;
    for (; j >= 0 && compareKeys(names[j]!, name) > 0; j--) (names[j + 1] = names[j]!), (values[j + 1] = values[j]!);
    names[j + 1] = name;
    values[j + 1] = list;
  }
}

/** `strings` (distinct) sorted in place into UTF-8 byte order. */
function sortStrings(strings: string[]): void {
  if (strings.length > INSERTION_SORT_LIMIT) {
    strings.sort(compareKeys);
    return;
  }
  for (let i = 1; i < strings.length; i++) {
    const s = strings[i]!;
    let j = i - 1;
    for (; j >= 0 && compareKeys(strings[j]!, s) > 0; j--) strings[j + 1] = strings[j]!;
    strings[j + 1] = s;
  }
}

/** Hex SHA-256 of the canonical content: equal for equal attribute sets, whatever the order read. */
export function contentHash(attributes: AttributeMap): string {
  // One update of the whole text (the same bytes as a line per attribute): each update is a call
  // into native code, and an item has a few dozen lines. Sorting is skipped where already in order
  // (canonicalAttributes' output).
  // crypto.hash: one native call, no Hash object per item (the same digest).
  let text = '';
  for (const name of inOrder(Object.keys(attributes))) text += `${JSON.stringify([name, inOrder(attributes[name]!)])}\n`;
  return hash('sha256', text, 'hex');
}

/** The strings in byte order: the array itself when it already is, else a sorted copy. */
function inOrder(strings: readonly string[]): readonly string[] {
  for (let i = 1; i < strings.length; i++) if (compareKeys(strings[i - 1]!, strings[i]!) > 0) return [...strings].sort(compareKeys);
  return strings;
}

/** A candidate for an item read from SimpleDB. */
export function itemCandidate(item: SourceItem, stampAttribute: string): ItemCandidate {
  const attributes = canonicalAttributes(item.Attributes);
  const stampValues = attributes[stampAttribute];
  const stampMs = stampValues && stampValues.length === 1 ? parseStamp(stampValues[0]) : undefined;
  const stamp = stampMs !== undefined ? stampValues![0]! : null;
  return { kind: 'item', itemName: item.Name, attributes, hash: contentHash(attributes), stamp, stampMs };
}

/** A tombstone candidate from a delete-log item, or undefined when the entry is malformed or for another domain. */
export function deleteLogCandidate(logItem: SourceItem, domain: string, stampAttribute: string): Extract<Candidate, { kind: 'tombstone' }> | undefined {
  const attrs = canonicalAttributes(logItem.Attributes);
  const one = (name: string): string | undefined => (attrs[name]?.length === 1 ? attrs[name]![0] : undefined);
  if (one(LOG.domain) !== domain) return undefined;
  const itemName = one(LOG.itemName);
  const deletedAt = parseStamp(one(LOG.deletedAt)) ?? parseStamp(one(stampAttribute));
  if (itemName === undefined || deletedAt === undefined) return undefined;
  const state = attrs[LOG.state];
  const logState = state === undefined ? 'legacy' : state.length === 1 && state[0] === 'done' ? 'done' : 'pending';
  return { kind: 'tombstone', itemName, deletedAt, origin: 'delete-log', logState, entryName: logItem.Name };
}

interface Slot extends StoredVersion {
  fresh?: HistoryVersion;
}

/**
 * Plans one batch. Candidates are applied in order, each against the item's versions so far
 * (known ones and those planned earlier in the batch):
 * - an item whose content equals its latest version (live) is unchanged, or a duplicate when its
 *   stamp is that version's time too (re-read through the overlap);
 * - other content is a new version, even when an older version had that content and stamp (the
 *   item went back to it: an in-place restore, an undone change): at its stamp when well-formed
 *   and after the latest version, else at the time it was observed (the run's start, never before
 *   the latest version); a stamp equal to the latest version's time counts as stale;
 * - a tombstone at time D is recorded when the item was live at D and no deletion is recorded at D.
 * The current state of an item changes when its latest version is one planned here.
 */
export function planBatch(candidates: readonly Candidate[], known: ReadonlyMap<string, readonly StoredVersion[]>, runStart: number): BatchPlan {
  const plan: BatchPlan = { versions: [], current: new Map(), unchanged: 0, duplicates: 0, tombstonesSkipped: 0 };
  const slots = new Map<string, Slot[]>();
  let seq = Number.MAX_SAFE_INTEGER / 2;
  const slotsOf = (name: string): Slot[] => {
    let list = slots.get(name);
    if (!list) {
      list = [...(known.get(name) ?? [])].sort(byTime);
      slots.set(name, list);
    }
    return list;
  };
  const insert = (list: Slot[], v: HistoryVersion): void => {
    const slot: Slot = { validFrom: v.validFrom, versionId: ++seq, hash: v.hash, deleted: v.deleted, fresh: v };
    let i = list.length;
    while (i > 0 && byTime(list[i - 1]!, slot) > 0) i--;
    list.splice(i, 0, slot);
    plan.versions.push(v);
  };

  for (const c of candidates) {
    const list = slotsOf(c.itemName);
    const latest = list[list.length - 1];
    if (c.kind === 'item') {
      const stampMs = c.stamp === null ? undefined : (c.stampMs ?? parseStamp(c.stamp));
      if (latest && !latest.deleted && latest.hash === c.hash) {
        // The content the history has last: the same version re-read (through the overlap), or
        // content that did not change.
        if (stampMs !== undefined && latest.validFrom === stampMs) plan.duplicates++;
        else plan.unchanged++;
        continue;
      }
      // Other content than the history's last, even when it equals an older version's, stamp and
      // all, is a new version: the item went back to it (an in-place restore writes items as they
      // were at T, their stamps included; a writer may undo a change, or re-create a deleted item
      // as it was). Dated when observed (its stamp is not after the latest version), so the history
      // says what the domain holds now. Skipped as a re-read, as it was, it left the history on
      // the newer content for good: a verify then failed, and a restore as of a later time would
      // have undone the restore.
      // A stamp not after the latest version is stale (a writer changed the item without restamping it).
      const atStamp = stampMs !== undefined && (!latest || stampMs > latest.validFrom);
      const validFrom = atStamp ? stampMs : Math.max(runStart, latest?.validFrom ?? runStart);
      insert(list, {
        itemName: c.itemName,
        validFrom,
        stamp: c.stamp,
        deleted: false,
        origin: atStamp ? 'stamp' : 'observed',
        hash: c.hash,
        attributes: c.attributes,
      });
    } else {
      if (list.some((v) => v.deleted && v.validFrom === c.deletedAt)) {
        plan.duplicates++;
        continue;
      }
      let inEffect: Slot | undefined;
      for (const v of list) if (v.validFrom <= c.deletedAt) inEffect = v;
      if (!inEffect || inEffect.deleted) {
        plan.tombstonesSkipped++;
        continue;
      }
      insert(list, { itemName: c.itemName, validFrom: c.deletedAt, stamp: null, deleted: true, origin: c.origin, hash: TOMBSTONE_HASH, attributes: null });
    }
  }
  for (const [name, list] of slots) {
    const last = list[list.length - 1];
    if (last?.fresh) plan.current.set(name, last.fresh);
  }
  return plan;
}

function byTime(a: StoredVersion, b: StoredVersion): number {
  return a.validFrom - b.validFrom || a.versionId - b.versionId;
}

/**
 * The watermark after a run: the highest stamp seen, but never past the run's start (a writer
 * whose clock runs ahead must not push it beyond what the run could have read), and never behind
 * the previous one. Nothing seen leaves it where it was.
 */
export function nextWatermark(previous: string | undefined, highestSeen: string | undefined, runStart: string): string | undefined {
  if (highestSeen === undefined) return previous;
  const reached = highestSeen < runStart ? highestSeen : runStart;
  if (previous === undefined) return reached;
  return reached > previous ? reached : previous;
}

/** Where an incremental read starts: watermark minus the overlap, as a stamp (undefined: from the beginning). */
export function readFrom(watermark: string | undefined, overlapMs: number): string | undefined {
  const ms = parseStamp(watermark);
  if (ms === undefined) return undefined;
  return toStamp(Math.max(Date.UTC(1000, 0, 1), ms - overlapMs));
}

/** The greater of two stamps (either may be missing). */
export function maxStamp(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
