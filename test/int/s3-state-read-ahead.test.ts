import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog, readAheadBudget } from '../../src/backends/s3/catalog/catalog.ts';
import { stateFiles } from '../../src/backends/s3/catalog/records.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { sourceSlug } from '../../src/backends/s3/plan/names.ts';
import { timedDestination, type TimedCall } from '../support/timed-destination.ts';
import { useS3rver } from '../support/use-s3rver.ts';

/**
 * Issue 11: a small state chain (the hourly run's case) is read whole, and checked against its run
 * record, while the run lists its sources: one round trip where a HEAD of each file and then its
 * GET were two, the GET only once planning began. A chain over the limit keeps the HEADs and is
 * streamed by the pass. Either way a damaged or missing file is named before anything relies on it.
 */
// Deltas however large against the tiny checkpoint of a few keys: the chain grows one file per run.
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2, checkpoint: { every: 32, deltaRatio: 1000 } };
const STATE_FILE = /\/state(-delta)?\.jsonl\.gz$/;

const { s3rver, folders } = useS3rver();

/** A source of a few keys backed up three times (a checkpoint and two deltas) into a timed folder. */
async function chainOfThree(bucket: string, timing: Parameters<typeof timedDestination>[1] = {}) {
  await s3rver().createBucket(bucket);
  const writer = new SourceWriter(s3rver().client(), bucket);
  for (const key of ['a', 'b', 'c', 'd']) await writer.put(`${key}.txt`, key);
  const timed = await timedDestination(folders, timing);
  const source = () => new S3Source(bucket, '', s3rver().connection(), `s3rver|${bucket}`);
  const backup = () => runS3Backup(options, { sources: [source()], destination: timed.store, logger: silentLogger });
  assert.equal((await backup()).status, 'complete');
  await writer.put('b.txt', 'b2');
  assert.equal((await backup()).status, 'complete');
  await writer.put('e.txt', 'e');
  const third = await backup();
  assert.equal(third.status, 'complete');
  const catalog = new Catalog(timed.store);
  const latest = await catalog.latestFor(bucket, '', `s3://${bucket}/`);
  assert.ok(latest, 'the third run is the latest');
  assert.equal(stateFiles(latest.source).length, 3, `a checkpoint and two deltas: ${JSON.stringify(stateFiles(latest.source))}`);
  return { ...timed, backup, record: latest.source, writer };
}

const callsOf = (calls: TimedCall[], from: number) => calls.slice(from);

describe('a small state chain is read whole beside the listing', () => {
  it('reads each state file once, with no HEAD, while the run writes its start marker', async () => {
    const { calls, backup } = await chainOfThree('ahead-src');
    const from = calls.length;
    const fourth = await backup();
    assert.equal(fourth.status, 'complete');
    assert.equal(fourth.totals.copied, 0, 'nothing changed');
    const run = callsOf(calls, from);
    const stateReads = run.filter((c) => STATE_FILE.test(c.key) && !c.key.includes(fourth.runId));
    assert.equal(stateReads.filter((c) => c.name === 'head').length, 0, `no HEAD of a state file: ${stateReads.map((c) => `${c.name} ${c.key}`).join(', ')}`);
    const gets = stateReads.filter((c) => c.name === 'get');
    assert.equal(gets.length, 3, 'each file of the chain read once');
    assert.equal(new Set(gets.map((c) => c.key)).size, 3);
    const marker = run.find((c) => c.name === 'put' && c.key.endsWith(`${fourth.runId}.started.json`));
    assert.ok(marker, 'the start marker was written');
    // Begun before the marker landed: since issue 11's change the marker no longer waits for them.
    for (const get of gets) assert.ok(get.began < marker.ended, `${get.key} read (began ${get.began.toFixed(0)} ms) before the marker landed (${marker.ended.toFixed(0)} ms)`);
  });

  it('inspectState hands back the checked bytes of a small chain and checks a large one with HEADs', async () => {
    const { store, record } = await chainOfThree('inspect-src');
    const catalog = new Catalog(store);
    const small = await catalog.inspectState(record, readAheadBudget());
    assert.equal(small.problem, undefined);
    assert.deepEqual([...(small.bytes?.keys() ?? [])], stateFiles(record).map((f) => f.file));
    const large = await catalog.inspectState(record, { bytes: 0 });
    assert.deepEqual(large, {}, 'over the limit: checked by HEAD, nothing held');
    assert.deepEqual(await catalog.inspectState(record), {}, 'without a budget (a shard\'s check): HEADs');
    // One budget for the run's sources: a second chain that no longer fits is checked by HEAD.
    const chainBytes = stateFiles(record).reduce((sum, f) => sum + f.bytes!, 0);
    const budget = { bytes: chainBytes + 10 };
    assert.ok((await catalog.inspectState(record, budget)).bytes, 'the first source fits');
    assert.equal(budget.bytes, 10);
    assert.deepEqual(await catalog.inspectState(record, budget), {}, 'the second does not: HEADs, nothing held');
    // The pass reads the same lines from the bytes as from the store.
    const streamed: string[] = [];
    for await (const line of new Catalog(store).readState(record)) streamed.push(JSON.stringify(line));
    const fromBytes: string[] = [];
    for await (const line of new Catalog(store).readState(record, undefined, small.bytes)) fromBytes.push(JSON.stringify(line));
    assert.deepEqual(fromBytes, streamed);
    assert.equal(streamed.length, 5);
  });

  it('names a damaged or missing file of the chain, read whole or checked by HEAD', async () => {
    const { store, folder, record } = await chainOfThree('damaged-src');
    const [checkpoint, firstDelta] = stateFiles(record).map((f) => f.file) as [string, string, string];
    const problemOf = async (readAhead: number) => {
      const catalog = new Catalog(store as ObjectStore, { read: { sleep: async () => {} } });
      return (await catalog.inspectState(record, { bytes: readAhead })).problem;
    };

    // The same size, other bytes: only a whole read can tell (the pass would find it later).
    const original = await readFile(join(folder, firstDelta));
    const replaced = Buffer.from(original);
    replaced[replaced.length - 5] = replaced[replaced.length - 5]! ^ 0xff;
    await writeFile(join(folder, firstDelta), replaced);
    assert.match((await problemOf(Infinity)) ?? '', /does not match the SHA-256/);
    assert.equal(await problemOf(0), undefined, 'a HEAD sees the right size');
    await writeFile(join(folder, firstDelta), original);

    // Two files gone: the first in chain order is named, in the same words either way.
    const lastDelta = stateFiles(record).at(-1)!.file;
    await rm(join(folder, lastDelta));
    await rm(join(folder, checkpoint));
    for (const readAhead of [Infinity, 0]) {
      assert.equal(await problemOf(readAhead), `the catalogue file ${checkpoint} is missing`, `read ahead ${readAhead}`);
    }
  });
});

describe('the run a source\'s pointer names is read beside the run list', () => {
  it('reads the pointer beside the lease\'s first read and the run it names while the run list is still listed', async () => {
    await s3rver().createBucket('pointer-src');
    const writer = new SourceWriter(s3rver().client(), 'pointer-src');
    await writer.put('a.txt', 'a');
    const timed = await timedDestination(folders, { slow: (name, key) => (name === 'list' && key === 'catalog/runs/' ? 300 : 0) });
    const source = () => new S3Source('pointer-src', '', s3rver().connection(), 's3rver|pointer');
    const first = await runS3Backup(options, { sources: [source()], destination: timed.store, logger: silentLogger });
    const from = timed.calls.length;
    const second = await runS3Backup(options, { sources: [source()], destination: timed.store, logger: silentLogger });
    assert.equal(second.status, 'complete');
    const run = timed.calls.slice(from);
    const pointer = run.find((c) => c.name === 'get' && c.key.endsWith('/latest.json'))!;
    const leaseWrite = run.find((c) => c.name === 'putIf' || (c.name === 'put' && c.key === 'catalog/lock.json'))!;
    assert.ok(pointer.began < leaseWrite.began, 'the pointer is read before the lease is written (beside its first read)');
    const runList = run.find((c) => c.name === 'list' && c.key === 'catalog/runs/')!;
    const record = run.find((c) => c.name === 'get' && c.key === `catalog/runs/${first.runId}.json`)!;
    assert.ok(record, 'the run the pointer names is read');
    assert.ok(record.began < runList.ended, `its record is read (at ${record.began.toFixed(0)} ms) while the run list is listed (until ${runList.ended.toFixed(0)} ms)`);
    // And the run found is that one: the second run's base.
    const latest = await new Catalog(timed.store).latestFor('pointer-src', '', 's3://pointer-src/');
    assert.equal(latest?.source.previousRunId, first.runId);
  });

  it('reads the state of the run the pointer names while the run list is still listed', async () => {
    const { calls, backup } = await chainOfThree('pointed-state-src', { slow: (name, key) => (name === 'list' && key === 'catalog/runs/' ? 400 : 0) });
    const from = calls.length;
    const fourth = await backup();
    assert.equal(fourth.status, 'complete');
    const run = callsOf(calls, from);
    const runList = run.find((c) => c.name === 'list' && c.key === 'catalog/runs/')!;
    const gets = run.filter((c) => c.name === 'get' && STATE_FILE.test(c.key));
    assert.equal(gets.length, 3, 'each file of the chain read once');
    // Before issue 11's change the state was read only once the run list had named the newest run.
    for (const get of gets) assert.ok(get.began < runList.ended, `${get.key} read (at ${get.began.toFixed(0)} ms) while the run list is listed (until ${runList.ended.toFixed(0)} ms)`);
  });

  it('a pointer that lags (a run committed after it) costs a second read: the run builds on the newest run, not on the state read early', async () => {
    const { store, calls, backup, writer } = await chainOfThree('lagging-pointer-src');
    const catalog = new Catalog(store);
    const [, second, third] = (await catalog.runIds()).committed as [string, string, string];
    // As a run killed between its commit and its pointer leaves it: the pointer names the run before.
    await store.put(`catalog/sources/${sourceSlug('lagging-pointer-src', '')}/latest.json`, JSON.stringify({ runId: second, source: 's3://lagging-pointer-src/' }), { mutable: true });
    await writer.put('a.txt', 'a2');
    const from = calls.length;
    const fourth = await backup();
    assert.equal(fourth.status, 'complete');
    const record = (await catalog.readRun(fourth.runId))!.sources[0]!;
    assert.equal(record.previousRunId, third, 'the newest committed run is the base, not the one the pointer named');
    assert.deepEqual([fourth.totals.copied, fourth.sources[0]!.counts.reused], [1, 0], 'only a.txt is new: e.txt (in the third run only) is not taken for new');
    const gets = callsOf(calls, from).filter((c) => c.name === 'get' && STATE_FILE.test(c.key)).map((c) => c.key);
    assert.ok(gets.some((key) => key.includes(third)), 'the newest run\'s state was read');
    assert.equal(gets.length, 5, `the pointed run's chain (2 files) read early, then the newest run's (3): ${gets.join(', ')}`);
    await assertBackupMatches(store, 's3://lagging-pointer-src/', await checkpoint(), writer.snapshot(), 'after four runs');
  });
});
