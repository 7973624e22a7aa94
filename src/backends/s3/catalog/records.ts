import { sourceSlug } from '../plan/names.ts';

/**
 * The catalogue's run records (docs/catalogue.md). Format 2 adds the SHA-256 and size of each
 * state and events file; format 1 records (without them) stay readable.
 */
export const CATALOG_FORMAT = 'pullback-catalog/2';
export const ACCEPTED_FORMATS = ['pullback-catalog/1', 'pullback-catalog/2'] as const;
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
}

export function emptyCounts(): SourceCounts {
  return { keys: 0, versionsListed: 0, copied: 0, reused: 0, serverSideCopies: 0, bytes: 0, unchanged: 0, deleted: 0, deleteMarkers: 0, purged: 0, repaired: 0, raced: 0, failed: 0 };
}

/** The latest state of a source was damaged: the run compared against an older one, in full. */
export interface StateFallback {
  /** The run whose state file could not be used. */
  damagedRunId: string;
  reason: string;
  /** The older run whose state was used instead; absent: none was usable, everything was compared. */
  usedRunId?: string;
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
  counts: SourceCounts;
  /** Every planned version was copied: when false the next run retries what failed. */
  complete: boolean;
  watermarkBefore?: string;
  watermarkAfter?: string;
  durationMs: number;
  stateFallback?: StateFallback;
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
