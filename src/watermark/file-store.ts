/**
 * The CLI's watermark store: a JSON state file, `{ "<source id>": "<ISO 8601 UTC>", ... }`.
 * Writes are atomic (a temporary file in the same folder, then a rename), so a crash leaves the
 * old file or the new one, never half of one; a save keeps the per-source maximum of what the
 * file holds at that moment and what the run reached, so it never moves a watermark back.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mergeWatermarks } from './store.ts';
import type { WatermarkStore, Watermarks } from './store.ts';

/** A watermark file or cached archive whose content is not a watermark set. */
export class WatermarkFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WatermarkFormatError';
  }
}

/**
 * Parse and check a watermark set: a JSON object whose values are ISO 8601 times.
 * `where` names the file or cache entry in the error message.
 */
export function parseWatermarks(text: string, where: string): Watermarks {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WatermarkFormatError(`${where} is not valid JSON`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WatermarkFormatError(`${where} must hold a JSON object of source id -> ISO 8601 time`);
  }
  const watermarks: Watermarks = {};
  for (const [source, time] of Object.entries(value)) {
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
      throw new WatermarkFormatError(`${where}: the watermark of ${JSON.stringify(source)} is not an ISO 8601 time: ${JSON.stringify(time)}`);
    }
    watermarks[source] = time;
  }
  return watermarks;
}

/** The stored form: sorted by source id, one per line, ending in a newline (diff-friendly). */
export function formatWatermarks(watermarks: Watermarks): string {
  const sorted: Watermarks = {};
  for (const source of Object.keys(watermarks).sort()) sorted[source] = watermarks[source]!;
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Write a file atomically: a temporary sibling, flushed, then renamed over the target. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class FileWatermarkStore implements WatermarkStore {
  readonly name = 'file';
  /** The state file, as an absolute path. */
  readonly path: string;
  private loaded: Watermarks | undefined;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** The file's watermarks; undefined when the file does not exist. Throws when it is not a watermark file. */
  async load(): Promise<Watermarks | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    this.loaded = parseWatermarks(text, `watermark file ${this.path}`);
    return this.loaded;
  }

  /**
   * Store the per-source maximum of the file's current content (or, when it cannot be read as
   * watermarks, what `load` returned) and `watermarks`.
   */
  async save(watermarks: Watermarks): Promise<void> {
    let current = this.loaded;
    try {
      current = mergeWatermarks(current, parseWatermarks(await readFile(this.path, 'utf8'), this.path));
    } catch (error) {
      if (!isMissing(error) && !(error instanceof WatermarkFormatError)) throw error;
      // A missing file starts empty; a damaged one is replaced by a good one.
    }
    const merged = mergeWatermarks(current, watermarks);
    await writeFileAtomic(this.path, formatWatermarks(merged));
    this.loaded = merged;
  }
}
