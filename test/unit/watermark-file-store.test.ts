import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWatermarkStore, WatermarkFormatError, formatWatermarks, parseWatermarks } from '../../src/watermark/file-store.ts';

const t = (day: number): string => `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pullback-file-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileWatermarkStore', () => {
  test('a missing file loads as undefined', async () => {
    assert.equal(await new FileWatermarkStore(join(dir, 'state.json')).load(), undefined);
  });

  test('save creates the folder and the file; a new store loads it', async () => {
    const path = join(dir, 'nested', 'state.json');
    await new FileWatermarkStore(path).save({ 'sdb:b': t(2), 's3://a': t(1) });
    assert.deepEqual(await new FileWatermarkStore(path).load(), { 's3://a': t(1), 'sdb:b': t(2) });
    assert.equal(await readFile(path, 'utf8'), `{\n  "s3://a": "${t(1)}",\n  "sdb:b": "${t(2)}"\n}\n`);
  });

  test('save keeps the per-source maximum of the file and what was reached', async () => {
    const path = join(dir, 'state.json');
    const store = new FileWatermarkStore(path);
    await store.save({ a: t(5), b: t(1) });
    await store.save({ a: t(3), c: t(2) });
    // Written meanwhile by someone else: also kept.
    await writeFile(path, JSON.stringify({ a: t(4), b: t(9), c: t(1) }));
    await store.save({ c: t(3) });
    assert.deepEqual(await store.load(), { a: t(5), b: t(9), c: t(3) });
  });

  test('writes atomically: no temporary file is left behind', async () => {
    const store = new FileWatermarkStore(join(dir, 'state.json'));
    await Promise.all([store.save({ a: t(1) }), store.save({ b: t(2) })]);
    assert.deepEqual(await readdir(dir), ['state.json']);
  });

  test('a file that is not a watermark set fails load with the path; save replaces it', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{"a": "yesterday"}');
    const store = new FileWatermarkStore(path);
    await assert.rejects(store.load(), (error: unknown) => error instanceof WatermarkFormatError && error.message.includes(path));
    await store.save({ a: t(1) });
    assert.deepEqual(await store.load(), { a: t(1) });
  });
});

describe('parseWatermarks / formatWatermarks', () => {
  test('accept an object of ISO times and round trip sorted', () => {
    const text = formatWatermarks({ z: t(1), a: t(2) });
    assert.deepEqual(Object.keys(parseWatermarks(text, 'x')), ['a', 'z']);
  });

  for (const [name, text] of [
    ['not JSON', '{'],
    ['an array', '[]'],
    ['null', 'null'],
    ['a number value', '{"a": 1}'],
    ['a non-date value', '{"a": "soon"}'],
  ] as const) {
    test(`reject ${name}`, () => {
      assert.throws(() => parseWatermarks(text, 'the file'), (error: unknown) => error instanceof WatermarkFormatError && error.message.startsWith('the file'));
    });
  }
});
