import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { buffer } from 'node:stream/consumers';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf } from '../../src/backends/s3/catalog/history.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { checkpoint, nextSecond, type TruthObject } from '../support/scenario.ts';
import { VersionedWriter } from '../support/versioned-writer.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';

/**
 * Issue 9, item 6: versions and delete markers removed for good on a versioned bucket. Real
 * backups on moto between the changes; every checkpoint is restored from the catalogue alone and
 * compared with what the bucket held then.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };

/**
 * Restores the catalogue as of `at` and compares it with the ground truth. `uncertain` lists the
 * keys whose delete marker was removed between the last run before `at` and the next one: the
 * catalogue cannot know whether that happened before `at`, so the documented rule keeps the key
 * (with the version given) and reports the interval.
 */
async function assertAsOf(destination: ObjectStore, at: Date, truth: Map<string, TruthObject>, label: string, uncertain: Record<string, string> = {}): Promise<void> {
  const restored = new Map<string, { b: string; uncertain: boolean }>();
  for await (const state of sourceAsOf(new Catalog(destination), 's3://history-source/', at)) {
    if (state.version) restored.set(state.key, { b: state.version.b!, uncertain: state.uncertainDeletion !== undefined });
  }
  const expected = new Map([...truth].map(([k, v]) => [k, v.body.toString()]));
  for (const [key, body] of Object.entries(uncertain)) expected.set(key, body);
  assert.deepEqual([...restored.keys()].sort(), [...expected.keys()].sort(), `${label}: the keys as of ${at.toISOString()}`);
  for (const [key, body] of expected) {
    const entry = restored.get(key)!;
    const stored = await destination.get(entry.b);
    assert.equal(stored ? (await buffer(stored)).toString() : undefined, body, `${label}: content of ${key}`);
    assert.equal(entry.uncertain, key in uncertain, `${label}: ${key} is ${key in uncertain ? '' : 'not '}an uncertain deletion`);
  }
}

let moto: TestS3Server | undefined;
let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pullback-versioned-history-'));
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('versioned source: undelete and permanent deletions, restored at every checkpoint', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('restores the ground truth after undeletes, deleted current versions, and both within one second', async () => {
    await moto!.createBucket('history-source', { versioned: true });
    const writer = new VersionedWriter(moto!.client(), 'history-source');
    const destination = new LocalObjectStore(folder, destinationNaming);
    const backup = async () => {
      const result = await runS3Backup(options, {
        sources: [new S3Source('history-source', '', moto!.connection('AKIDHIST'), 'moto|history')],
        destination,
        logger: silentLogger,
        sleep: async () => {},
      });
      assert.equal(result.status, 'complete');
      return result;
    };
    const checkpoints: { at: Date; truth: Map<string, TruthObject>; label: string; uncertain?: Record<string, string> }[] = [];
    const mark = async (label: string, uncertain?: Record<string, string>) =>
      checkpoints.push({ at: await checkpoint(), truth: writer.snapshot(), label, ...(uncertain ? { uncertain } : {}) });

    await writer.put('undeleted.txt', 'u1');
    await writer.put('rolled-back.txt', 'r1');
    await writer.put('rolled-back.txt', 'r2');
    await writer.put('only-version.txt', 'o1');
    await writer.put('same-second.txt', 's1');
    await writer.put('stays-deleted.txt', 'd1');
    await backup();
    await mark('first run');

    // A delete marker on two keys.
    await writer.deleteMarker('undeleted.txt');
    await writer.deleteMarker('stays-deleted.txt');
    const second = await backup();
    assert.equal(second.totals.deleteMarkers, 2);
    // The marker of undeleted.txt is removed after this checkpoint, before the next run.
    await mark('delete markers', { 'undeleted.txt': 'u1' });

    // Undelete: the marker removed for good; the current version deleted for good (the previous
    // one is current again); the only version of a key deleted for good (the key is gone).
    await writer.remove('undeleted.txt', writer.top('undeleted.txt'));
    await writer.remove('rolled-back.txt', writer.top('rolled-back.txt'));
    await writer.remove('only-version.txt', writer.top('only-version.txt'));
    const third = await backup();
    assert.equal(third.totals.purged, 3, 'the marker and the two versions are recorded as purged');
    await mark('undelete and deleted current versions');

    // A new version and a marker on top of it, seen by a run...
    await writer.put('same-second.txt', 's2');
    await writer.deleteMarker('same-second.txt');
    await writer.put('rolled-back.txt', 'r3');
    // A version and a delete marker in the same second that stays: the key is deleted.
    await nextSecond();
    await writer.put('marker-same-second.txt', 'm1');
    await writer.deleteMarker('marker-same-second.txt');
    await backup();
    // Both the marker and s2 are removed after this checkpoint, before the next run: the key is
    // kept with s2, the newest version not yet known to be gone.
    await mark('a version and a marker on top', { 'same-second.txt': 's2' });
    // ...then, within one second: the marker removed (s2 current again) and s2 deleted for good
    // (s1 current), and the newest version of another key deleted for good.
    await nextSecond();
    const started = Date.now();
    await writer.remove('same-second.txt', writer.top('same-second.txt'));
    await writer.remove('same-second.txt', writer.top('same-second.txt'));
    await writer.remove('rolled-back.txt', writer.top('rolled-back.txt'));
    assert.ok(Date.now() - started < 1000, 'the three removals took less than a second');
    await backup();
    await mark('undelete and permanent deletion within one second');

    // Two versions within one second, seen by a run; then the newer one deleted for good.
    await nextSecond();
    await writer.put('tie.txt', 't1');
    await writer.put('tie.txt', 't2');
    await backup();
    await mark('two versions in one second');
    await writer.remove('tie.txt', writer.top('tie.txt'));
    await backup();
    await mark('the newer of two same-second versions deleted');

    const idle = await backup();
    assert.equal(idle.totals.copied + idle.totals.purged + idle.totals.deleteMarkers, 0, 'an idle run records nothing');

    for (const { at, truth, label, uncertain } of checkpoints) await assertAsOf(destination, at, truth, label, uncertain);
    // Long after the last change the restore still has the undeleted key, and nothing is uncertain.
    assert.ok(writer.snapshot().has('undeleted.txt'));
    await assertAsOf(destination, new Date(Date.now() + 60_000), writer.snapshot(), 'now');
  });
});
