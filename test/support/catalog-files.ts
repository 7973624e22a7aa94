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

  /** Makes the run record's digests match the files as they are now (so only validation can object). */
  async resealDigests(runId: string): Promise<void> {
    const record = await this.runRecord(runId);
    for (const source of record.sources) {
      for (const which of ['state', 'events'] as const) {
        const bytes = await readFile(this.path(source[which]));
        source[`${which}Sha256`] = createHash('sha256').update(bytes).digest('hex');
        source[`${which}Bytes`] = bytes.length;
      }
    }
    await this.writeRunRecord(runId, record);
  }

  /** Turns a run record into the format 1 an older pullback wrote (no digests). */
  async downgradeToFormat1(runId: string): Promise<void> {
    const record = await this.runRecord(runId);
    record.format = 'pullback-catalog/1';
    for (const source of record.sources) for (const field of ['stateSha256', 'stateBytes', 'eventsSha256', 'eventsBytes']) delete source[field];
    await this.writeRunRecord(runId, record);
  }

  async truncateTo(key: string, fraction: number): Promise<void> {
    const size = (await readFile(this.path(key))).length;
    await truncate(this.path(key), Math.floor(size * fraction));
  }
}
