/**
 * Where a run's starting watermark comes from and where the reached one is kept.
 * A store is a hint, never the truth: the destination's own record (the S3 catalogue,
 * the MySQL runs table) wins whenever the two disagree, so a lost store only costs scanning.
 */

/** Watermark per source id (e.g. `s3://bucket/prefix` or `sdb:domain`), ISO 8601 UTC. */
export type Watermarks = Record<string, string>;

export interface WatermarkStore {
  /** A short name for logs and the summary ("file", "actions-cache"). */
  readonly name: string;
  /** The stored watermarks, or undefined when the store has none. Never throws for a miss. */
  load(): Promise<Watermarks | undefined>;
  /** Keep the reached watermarks; implementations store the maximum of what was loaded and these. */
  save(watermarks: Watermarks): Promise<void>;
  /** Optional: begins loading what load and save need (a client library) without reading anything; never throws. */
  prepare?(): void;
}

/**
 * Saves a run's watermarks to a store of hints after its commit: a store that cannot be written is
 * a warning naming it, never the error of a run the destination's record already holds.
 */
export async function saveWatermarkHints(store: WatermarkStore, watermarks: Watermarks, logger: { warn(message: string): void }): Promise<void> {
  try {
    await store.save(watermarks);
  } catch (error) {
    logger.warn(`watermark store ${store.name}: not saved (${error instanceof Error ? error.message : String(error)}); the destination's catalogue has the watermark, the next run reads it there`);
  }
}

/** The later of two ISO 8601 UTC times (either may be missing). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Per-source maximum of two watermark sets. */
export function mergeWatermarks(a: Watermarks | undefined, b: Watermarks | undefined): Watermarks {
  const merged: Watermarks = { ...(a ?? {}) };
  for (const [source, value] of Object.entries(b ?? {})) {
    merged[source] = laterOf(merged[source], value) ?? value;
  }
  return merged;
}
