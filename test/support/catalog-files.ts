import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Direct edits of a catalogue in a local destination folder, the way damage or an attacker with
 * write access would make them. Catalogue keys are plain ASCII, so a key is its relative path.
 */
export class CatalogFiles {
  constructor(readonly root: string) {}

  path(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  async runRecord(runId: string): Promise<Record<string, any>> {
    return JSON.parse(await readFile(this.path(`catalog/runs/${runId}.json`), 'utf8'));
  }

  async writeRunRecord(runId: string, record: unknown): Promise<void> {
    await writeFile(this.path(`catalog/runs/${runId}.json`), JSON.stringify(record, null, 2));
  }

  /** The state or events file of the run's only source. */
  async fileOf(runId: string, which: 'state' | 'events'): Promise<string> {
    const record = await this.runRecord(runId);
    return record.sources[0][which];
  }

  async lines(key: string): Promise<Record<string, any>[]> {
    const text = gunzipSync(await readFile(this.path(key))).toString('utf8');
    return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
  }

  /** Rewrites a gzipped JSON-lines file; `level` changes the bytes without changing the lines. */
  async rewriteLines(key: string, edit: (lines: Record<string, any>[]) => Record<string, any>[], level = 6): Promise<void> {
    const lines = edit(await this.lines(key));
    await writeFile(this.path(key), gzipSync(lines.map((l) => JSON.stringify(l) + '\n').join(''), { level }));
  }

  /**
   * Makes the run record's digests match the files as they are now (so only validation can object);
   * a format 3 delta's chain gets its own (last) link resealed too.
   */
  async resealDigests(runId: string): Promise<void> {
    const record = await this.runRecord(runId);
    for (const source of record.sources) {
      for (const which of ['state', 'events'] as const) {
        const bytes = await readFile(this.path(source[which]));
        source[`${which}Sha256`] = createHash('sha256').update(bytes).digest('hex');
        source[`${which}Bytes`] = bytes.length;
      }
      const last = source.stateChain?.[source.stateChain.length - 1];
      if (last) Object.assign(last, { sha256: source.stateSha256, bytes: source.stateBytes });
    }
    await this.writeRunRecord(runId, record);
  }

  /** The size and SHA-256 of a stored file, as a run record gives them. */
  async digestOf(key: string): Promise<{ sha256: string; bytes: number }> {
    const bytes = await readFile(this.path(key));
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  }

  /**
   * Turns a run record into one an older pullback wrote: format 1 (no digests) or format 2
   * (digests, always a full state). Only a run that wrote a full state can be: older versions
   * never wrote a delta.
   */
  async downgrade(runId: string, format: 1 | 2): Promise<void> {
    const record = await this.runRecord(runId);
    record.format = `pullback-catalog/${format}`;
    for (const source of record.sources) {
      if (source.stateKind === 'delta') throw new Error(`run ${runId} wrote a delta: no older pullback did (back it up with checkpoint every 1)`);
      delete source.stateKind;
      if (format === 1) for (const field of ['stateSha256', 'stateBytes', 'eventsSha256', 'eventsBytes']) delete source[field];
    }
    await this.writeRunRecord(runId, record);
  }

  /** Turns a run record into the format 1 an older pullback wrote (no digests). */
  async downgradeToFormat1(runId: string): Promise<void> {
    await this.downgrade(runId, 1);
  }

  async truncateTo(key: string, fraction: number): Promise<void> {
    const size = (await readFile(this.path(key))).length;
    await truncate(this.path(key), Math.floor(size * fraction));
  }
}
