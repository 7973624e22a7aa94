/**
 * The Actions-cache watermark store against the cache service emulator, with the real
 * `@actions/cache` code (tar, zstd or gzip, the Azure blob client, the Twirp client).
 * @actions/cache reads its environment on each call, so the tests run in-process with
 * process.env set around each test (see test/support/actions-cache-emulator.ts).
 */
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startActionsCacheEmulator } from '../support/actions-cache-emulator.ts';
import type { ActionsCacheEmulator } from '../support/actions-cache-emulator.ts';
import { ActionsCacheWatermarkStore, configHash } from '../../src/watermark/actions-cache-store.ts';
import { mergeWatermarks } from '../../src/watermark/store.ts';
import type { Watermarks } from '../../src/watermark/store.ts';

const hash = configHash({ sources: ['s3://source-bucket/data'], destination: { bucket: 'backup' } });
const otherHash = configHash({ sources: ['s3://other-bucket'], destination: { bucket: 'backup' } });
const t = (day: number): string => `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;

/** What the runner's environment is made of besides the emulator's variables. */
const runnerVariables = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_REF',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
];

interface Run {
  store: ActionsCacheWatermarkStore;
  warnings: string[];
  infos: string[];
}

let emulator: ActionsCacheEmulator;
let workspace: string;
let runnerTemp: string;
let saved: Record<string, string | undefined>;
let libraryOutput: string[];
let realWrite: typeof process.stdout.write;

/** One workflow run's store, as the action builds it. */
function run(runId: number, options: { attempt?: number; configHash?: string; tempDir?: string } = {}): Run {
  const warnings: string[] = [];
  const infos: string[] = [];
  const store = new ActionsCacheWatermarkStore({
    configHash: options.configHash ?? hash,
    runId: String(runId),
    runAttempt: String(options.attempt ?? 1),
    tempDir: options.tempDir ?? runnerTemp,
    warn: (m) => warnings.push(m),
    info: (m) => infos.push(m),
  });
  return { store, warnings, infos };
}

before(async () => {
  emulator = await startActionsCacheEmulator();
  // @actions/core and @actions/exec write workflow commands (::debug::, [command]tar ...) to
  // stdout as strings; keep them out of the test report. The test runner's own events are Buffers.
  realWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') {
      libraryOutput.push(chunk);
      return true;
    }
    return (realWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
});

after(async () => {
  process.stdout.write = realWrite;
  await emulator.close();
});

beforeEach(async () => {
  libraryOutput = [];
  saved = Object.fromEntries(runnerVariables.map((name) => [name, process.env[name]]));
  for (const name of runnerVariables) delete process.env[name];
  workspace = await mkdtemp(join(tmpdir(), 'pullback-ws-'));
  runnerTemp = await mkdtemp(join(tmpdir(), 'pullback-runner-temp-'));
  Object.assign(process.env, emulator.env, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp });
  emulator.evictAll();
  emulator.failAll(false);
});

afterEach(async (context) => {
  // On a failure, show what @actions/cache said (it is kept off stdout otherwise).
  if ('passed' in context && !context.passed) process.stderr.write(`@actions/cache output:\n${libraryOutput.join('')}`);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(workspace, { recursive: true, force: true });
  await rm(runnerTemp, { recursive: true, force: true });
});

describe('ActionsCacheWatermarkStore with the real @actions/cache', () => {
  test('first run with an empty cache: load gives undefined, save stores an entry under the run key', async () => {
    const first = run(100);
    assert.equal(await first.store.load(), undefined);
    assert.match(first.infos.join('\n'), /No watermark in the Actions cache under pullback-watermark-[0-9a-f]{16}-\*/);
    await first.store.save({ 's3://source-bucket/data': t(1) });
    assert.deepEqual(first.warnings, []);
    assert.deepEqual(
      emulator.entries().map((e) => e.key),
      [`pullback-watermark-${hash}-100-1`],
    );
  });

  test('a later run restores the newest entry by prefix', async () => {
    const one = run(1);
    await one.store.load();
    await one.store.save({ a: t(1) });

    const two = run(2);
    assert.deepEqual(await two.store.load(), { a: t(1) });
    assert.equal(two.store.restoredKey, `pullback-watermark-${hash}-1-1`);
    await two.store.save({ a: t(2), b: t(2) });

    const three = run(3);
    assert.deepEqual(await three.store.load(), { a: t(2), b: t(2) });
    assert.equal(three.store.restoredKey, `pullback-watermark-${hash}-2-1`);
    assert.deepEqual([...one.warnings, ...two.warnings, ...three.warnings], []);

    // A re-run (attempt 2) of run 3 saves under a key of its own.
    const rerun = run(3, { attempt: 2 });
    await rerun.store.load();
    await rerun.store.save({ a: t(3) });
    assert.deepEqual(rerun.warnings, []);
    assert.equal(emulator.entries().at(-1)?.key, `pullback-watermark-${hash}-3-2`);
  });

  test('another configuration never sees this one\'s watermark', async () => {
    const mine = run(1);
    await mine.store.save({ a: t(5) });
    const other = run(2, { configHash: otherHash });
    assert.equal(await other.store.load(), undefined);
  });

  test('a cache evicted between runs gives undefined and the destination record takes over', async () => {
    const one = run(1);
    await one.store.load();
    await one.store.save({ a: t(4) });
    emulator.evictAll();

    const two = run(2);
    const fromCache = await two.store.load();
    assert.equal(fromCache, undefined);
    assert.deepEqual(two.warnings, []);
    const destinationRecord: Watermarks = { a: t(4) };
    assert.deepEqual(mergeWatermarks(fromCache, destinationRecord), destinationRecord);
    await two.store.save({ a: t(6) });
    assert.deepEqual(await run(3).store.load(), { a: t(6) });
  });

  test('when the newer entry holds a lower value, the maximum wins on the next save and load', async () => {
    // Two overlapping runs start from the same entry; the one that reached further finalizes first.
    const base = run(1);
    await base.store.save({ s: t(1), u: t(1) });
    const ahead = run(2);
    const behind = run(3);
    await ahead.store.load();
    await behind.store.load();
    await ahead.store.save({ s: t(10), u: t(3) });
    await behind.store.save({ s: t(5), u: t(7) }); // finalized last: the newest entry

    // "Newest" is the last finalized, not the highest: the cache is only a hint...
    const next = run(4);
    const restored = await next.store.load();
    assert.deepEqual(restored, { s: t(5), u: t(7) });
    // ...so the run merges it with the destination's record, which has s at day 10.
    const start = mergeWatermarks(restored, { s: t(10) });
    assert.deepEqual(start, { s: t(10), u: t(7) });
    // This run moves s on but reaches less far for u (say, u failed this time): u must not go back.
    await next.store.save({ s: t(12), u: t(6) });

    const after = run(5);
    assert.deepEqual(await after.store.load(), { s: t(12), u: t(7) });
    assert.deepEqual([...ahead.warnings, ...behind.warnings, ...next.warnings, ...after.warnings], []);
  });

  test('saving an existing key (saveCache returns -1) is a warning, not silence', async () => {
    const first = run(7);
    await first.store.save({ a: t(1) });
    const sameRun = run(7); // same run id and attempt: the key exists
    await sameRun.store.save({ a: t(2) });
    assert.equal(sameRun.warnings.length, 1);
    assert.match(sameRun.warnings[0]!, /not saved to the Actions cache under pullback-watermark-[0-9a-f]+-7-1: saveCache returned -1/);
    // A second save by the same store uses a key of its own.
    await first.store.save({ a: t(3) });
    assert.deepEqual(first.warnings, []);
    assert.equal(emulator.entries().at(-1)?.key, `pullback-watermark-${hash}-7-1-2`);
  });

  test('a failing cache service: load and save do not throw, and the save failure is a warning', async () => {
    const one = run(1);
    await one.store.save({ a: t(1) });
    emulator.failAll(true);
    const started = Date.now();
    const two = run(2);
    assert.equal(await two.store.load(), undefined);
    await two.store.save({ a: t(2) });
    assert.equal(two.warnings.length, 1);
    assert.match(two.warnings[0]!, /not saved to the Actions cache.*saveCache returned -1/);
    assert.match(libraryOutput.join(''), /::warning::Failed to restore/);
    assert.ok(Date.now() - started < 5000, 'the client gave up at once');
    emulator.failAll(false);
    assert.deepEqual(await run(3).store.load(), { a: t(1) });
  });

  test('an unreachable cache service: load and save do not throw, and the save failure is a warning', async () => {
    const gone = await startActionsCacheEmulator();
    await gone.close();
    process.env['ACTIONS_RESULTS_URL'] = `${gone.url}/`;
    const one = run(1);
    assert.equal(await one.store.load(), undefined);
    await one.store.save({ a: t(1) });
    assert.equal(one.warnings.length, 1);
    assert.match(one.warnings[0]!, /not saved to the Actions cache/);
  });

  test('outside GitHub Actions: load gives undefined with an info line, save warns once', async () => {
    delete process.env['ACTIONS_RESULTS_URL'];
    delete process.env['ACTIONS_RUNTIME_TOKEN'];
    const requestsBefore = emulator.requests().length;
    const local = run(1);
    assert.equal(await local.store.load(), undefined);
    assert.match(local.infos.join('\n'), /not available/);
    await local.store.save({ a: t(1) });
    await local.store.save({ a: t(2) });
    assert.equal(local.warnings.length, 1);
    assert.match(local.warnings[0]!, /not saved to the Actions cache: the Actions cache service is not available/);
    assert.equal(emulator.requests().length, requestsBefore, 'no request reached the service');
  });

  test('ACTIONS_CACHE_MODE=read restores but does not save, with a warning', async () => {
    await run(1).store.save({ a: t(1) });
    process.env['ACTIONS_CACHE_MODE'] = 'read';
    const readOnly = run(2);
    assert.deepEqual(await readOnly.store.load(), { a: t(1) });
    await readOnly.store.save({ a: t(2) });
    assert.match(readOnly.warnings.join('\n'), /ACTIONS_CACHE_MODE=read does not permit cache writes/);
    assert.equal(emulator.entries().length, 1);
  });

  test('the cached path is part of the version: another RUNNER_TEMP does not see the entry', async () => {
    await run(1).store.save({ a: t(1) });
    const elsewhere = await mkdtemp(join(tmpdir(), 'pullback-other-temp-'));
    try {
      assert.equal(await run(2, { tempDir: elsewhere }).store.load(), undefined);
      assert.deepEqual(await run(3).store.load(), { a: t(1) });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
