import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLinesWriter } from '../../src/backends/s3/catalog/jsonl.ts';
import { gateWrites } from '../../src/backends/s3/write-gate.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/**
 * A catalogue file whose upload is refused after its lines filled the buffers (nobody reads the
 * body while the upload waits, here for a start marker that is then refused): the write waiting
 * for the buffers to drain fails with the upload's error instead of waiting forever (found in
 * review: the run hung with its lease alive).
 */
describe('JsonLinesWriter when its upload fails', () => {
  it('fails a write waiting on backpressure with the upload error, at once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pullback-jsonl-'));
    folders.push(folder);
    let refuse!: (error: Error) => void;
    const marker = new Promise<void>((_resolve, reject) => (refuse = reject));
    marker.catch(() => undefined);
    const writer = new JsonLinesWriter(gateWrites(new LocalObjectStore(folder, destinationNaming), marker), 'catalog/x/state.jsonl.gz');
    // Incompressible lines until a write waits (its buffers are full and nobody reads them).
    let waiting: Promise<void> | undefined;
    for (let i = 0; i < 10_000 && !waiting; i++) {
      const write = writer.write({ k: `key-${i}`, v: randomBytes(256).toString('base64') });
      const settled = await Promise.race([write.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);
      if (!settled) waiting = write;
    }
    assert.ok(waiting, 'a write waits on backpressure');
    refuse(Object.assign(new Error('marker refused'), { name: 'AccessDenied' }));
    const outcome = await Promise.race([waiting.then(() => 'written', (error: Error) => error.message), new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000))]);
    assert.match(String(outcome), /marker refused/);
    await assert.rejects(writer.close(), /marker refused/);
  });
});
