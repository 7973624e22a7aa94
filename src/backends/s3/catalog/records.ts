import { sourceSlug } from '../plan/names.ts';
import type { FilterDescription } from '../../../plan/filter.ts';

/**
 * The catalogue's run records (docs/catalogue.md). Format 2 adds the SHA-256 and size of each
 * state and events file; format 3 lets a run write only what changed in the state (a delta on top
 * of a chain that starts at a full checkpoint). Records of formats 1 and 2 stay readable: their
 * state files are full checkpoints, and a format 3 run's delta can start from one.
 */
export const CATALOG_FORMAT = 'pullback-catalog/3';
export const ACCEPTED_FORMATS = ['pullback-catalog/1', 'pullback-catalog/2', 'pullback-catalog/3'] as const;
export type CatalogFormat = (typeof ACCEPTED_FORMATS)[number];

/** `20261124T161758.123Z-a1b2c3`: the start time, compact, and 6 random hex digits. */
export const RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/;

export interface SourceCounts {
  keys: number;
  versionsListed: number;
  copied: number;
  /**
   * Versions whose copy an earlier run had already made (it did not finish, or its state was
   * damaged): found at the destination and reused, not copied again. Absent in records written
   * before it was counted (read as 0).
   */
  reused: number;
  serverSideCopies: number;
  bytes: number;
  unchanged: number;
  deleted: number;
  deleteMarkers: number;
  purged: number;
  repaired: number;
  raced: number;
  failed: number;
  /** Listed keys the filter's path rules left out (their previous state carried forward). Absent before filters: 0. */
  excluded: number;
  /** New versions the filter's size rules left out (recorded as skipped, not copied). Absent before filters: 0. */
  skipped: number;
}

export function emptyCounts(): SourceCounts {
  return { keys: 0, versionsListed: 0, copied: 0, reused: 0, serverSideCopies: 0, bytes: 0, unchanged: 0, deleted: 0, deleteMarkers: 0, purged: 0, repaired: 0, raced: 0, failed: 0, excluded: 0, skipped: 0 };
}

/** The latest state of a source was damaged: the run compared against an older one, in full. */
export interface StateFallback {
  /** The run whose state file could not be used. */
  damagedRunId: string;
  reason: string;
  /** The older run whose state was used instead; absent: none was usable, everything was compared. */
  usedRunId?: string;
}

/** A full state file (a checkpoint) or what changed since the state a run compared against (a delta). */
export type StateKind = 'full' | 'delta';

/**
 * One file of a state chain: the state after a run is its checkpoint with every delta after it
 * applied in order. The file's name follows from the run and the kind (stateFileName), so a chain
 * can name no other file; its size and SHA-256 are checked on every read, as the run's own are.
 */
export interface StateLink {
  runId: string;
  kind: StateKind;
  sha256: string;
  bytes: number;
}

/** The most files a state chain may hold: a run starts a new checkpoint before it gets longer. */
export const MAX_STATE_CHAIN = 64;

export function stateFileName(kind: StateKind): string {
  return kind === 'full' ? 'state.jsonl.gz' : 'state-delta.jsonl.gz';
}

export interface SourceRunRecord {
  id: string;
  bucket: string;
  prefix: string;
  versioned: boolean;
  previousRunId?: string;
  /** The server's clock when the listing began and ended: the bounds of what this run saw. */
  listStartedAt: string;
  listFinishedAt: string;
  state: string;
  events: string;
  /** Format 2: SHA-256 (hex) and size in bytes of the state and events files as stored. */
  stateSha256?: string;
  stateBytes?: number;
  eventsSha256?: string;
  eventsBytes?: number;
  /**
   * Format 3: `delta` when `state` holds only the keys whose line changed; absent (or `full`) when it
   * holds every key. A delta's `stateChain` lists the files to read, checkpoint first, ending with
   * this run's own delta.
   */
  stateKind?: StateKind;
  stateChain?: StateLink[];
  counts: SourceCounts;
  /** Every planned version was copied: when false the next run retries what failed. */
  complete: boolean;
  watermarkBefore?: string;
  watermarkAfter?: string;
  durationMs: number;
  stateFallback?: StateFallback;
  /** The filter the run backed up with (absent: every key and size). Keys outside it kept their previous state. */
  filter?: FilterDescription;
  /**
   * Keys spread evenly by count over this run's listing (at most 256, ascending, under the
   * prefix), absent for a small listing: where the next run cuts its listing into ranges listed
   * at once (listing/split-points.ts). A hint: any values list the same keys.
   */
  keySamples?: string[];
}

export interface RunRecord {
  format: CatalogFormat;
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: 'complete' | 'partial';
  tool: { name: 'pullback'; version: string };
  sources: SourceRunRecord[];
}

export function sourceFolder(bucket: string, prefix: string, runId: string): string {
  return `catalog/sources/${sourceSlug(bucket, prefix)}/${runId}/`;
}

/** One file of the state after a run, with what its run record says it holds. */
export interface StateFile {
  file: string;
  kind: StateKind;
  sha256?: string;
  bytes?: number;
}

/**
 * The files whose lines make up the state after a run, in the order they apply: one full file for
 * formats 1 and 2 and for a format 3 checkpoint, the chain for a delta.
 */
export function stateFiles(record: SourceRunRecord): StateFile[] {
  if (record.stateKind !== 'delta' || !record.stateChain) {
    return [{ file: record.state, kind: 'full', ...(record.stateSha256 !== undefined ? { sha256: record.stateSha256 } : {}), ...(record.stateBytes !== undefined ? { bytes: record.stateBytes } : {}) }];
  }
  return record.stateChain.map((link) => ({ file: `${sourceFolder(record.bucket, record.prefix, link.runId)}${stateFileName(link.kind)}`, kind: link.kind, sha256: link.sha256, bytes: link.bytes }));
}

/** The chain a run after this one extends when it writes a delta (undefined: it cannot, without digests). */
export function chainOf(record: SourceRunRecord, runId: string): StateLink[] | undefined {
  if (record.stateKind === 'delta' && record.stateChain) return record.stateChain;
  if (record.stateSha256 === undefined || record.stateBytes === undefined) return undefined;
  return [{ runId, kind: 'full', sha256: record.stateSha256, bytes: record.stateBytes }];
}

type RecordedFiles = Pick<SourceRunRecord, 'state' | 'events' | 'stateSha256' | 'stateBytes' | 'eventsSha256' | 'eventsBytes' | 'stateKind' | 'stateChain'>;

/**
 * The state and events files a source's record names, with their sizes and digests (a delta with
 * its chain, this run's own delta last): one shape for a run's record and a sharded commit's.
 */
export function recordedFiles(
  files: { stateKey: string; eventsKey: string },
  state: { sha256: string; bytes: number },
  events: { sha256: string; bytes: number },
  chain: StateLink[] | undefined,
): RecordedFiles {
  return {
    state: files.stateKey,
    events: files.eventsKey,
    stateSha256: state.sha256,
    stateBytes: state.bytes,
    eventsSha256: events.sha256,
    eventsBytes: events.bytes,
    ...(chain ? { stateKind: 'delta' as const, stateChain: chain } : {}),
  };
}
