import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gateWrites } from '../../src/backends/s3/write-gate.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { readWhole } from '../../src/transfer/read-whole.ts';

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function store(): Promise<LocalObjectStore> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-gate-'));
  folders.push(folder);
  return new LocalObjectStore(folder, destinationNaming);
}

/** Whether `promise` settles within a few turns of the event loop. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return settled;
}

describe('gateWrites (the start marker gate)', () => {
  it('holds writes, deletes and writes through a sub-prefix view until ready; reads go at once', async () => {
    const inner = await store();
    await inner.put('catalog/a.json', 'before');
    let open!: () => void;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const gated = gateWrites(inner, ready);
    const put = gated.put('catalog/b.json', 'b');
    const viewPut = gated.under('restored/x/').put('c.txt', 'c');
    const removal = gated.delete('catalog/a.json');
    assert.equal(await settlesSoon(Promise.all([put, viewPut, removal])), false, 'the writes wait');
    assert.equal((await inner.head('catalog/b.json')), undefined, 'nothing written yet');
    const read = await gated.get('catalog/a.json');
    assert.equal((await readWhole(read!, 100))!.toString(), 'before', 'a read goes at once');
    assert.ok(await gated.head('catalog/a.json'));
    open();
    await Promise.all([put, viewPut, removal]);
    assert.ok(await inner.head('catalog/b.json'));
    assert.ok(await inner.under('restored/x/').head('c.txt'));
    assert.equal(await inner.head('catalog/a.json'), undefined);
  });

  it('fails every write with the marker error when it is refused, and never writes', async () => {
    const inner = await store();
    const refused = Promise.reject(new Error('marker refused'));
    refused.catch(() => undefined);
    const gated = gateWrites(inner, refused);
    await assert.rejects(gated.put('x', 'x'), /marker refused/);
    await assert.rejects(gated.probeWrite(), /marker refused/);
    assert.equal(await inner.head('x'), undefined);
  });
});
