import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE } from '../../src/backends/s3/catalog/lease.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { text } from 'node:stream/consumers';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { timedStore } from '../support/timed-destination.ts';
import { useS3rver } from '../support/use-s3rver.ts';

/**
 * The order of a commit's writes (docs/catalogue.md, "The release"). A backup reads each source's
 * pointer, and the record it names, beside the lease's first read, before it knows the lease is
 * free, and keeps that answer: so a pointer must never name a run whose record is not stored, or
 * a run that read it in between would build on the run before (copying again, and never recording
 * a deletion seen since: a deleted key restored as present ever after). And the lease's heartbeat
 * must run until the record has landed. Writing the pointer beside the record (and starting the
 * release there) saved a round trip and broke both; these tests, from the review that found it,
 * fail with that order. s3rver as source and destination, slowed calls through timedStore.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const RECORD_DELAY_MS = 1500;
const LEASE_READ_DELAY_MS = 2500;
const isRecord = (key: string) => /^catalog\/runs\/[^/]+\.json$/.test(key) && !key.endsWith('.started.json');

const { s3rver } = useS3rver();

/**
 * A first run of a bucket holding a.txt, then b.txt written and run P started with its record's
 * write slowed, watched until P's pointer lands (P's record must be stored by then). `next()`
 * starts run Q with its lease reads slowed, so Q reads P's pointer while P is still committing.
 */
async function whilePointedRunCommits(tag: string) {
  await s3rver().createBucket(`${tag}-src`);
  await s3rver().createBucket(`${tag}-dest`);
  const writer = new SourceWriter(s3rver().client(), `${tag}-src`);
  await writer.put('a.txt', 'a');
  const source = () => new S3Source(`${tag}-src`, '', s3rver().connection(), `s3rver|${tag}`);
  const plain = () => new S3ObjectStore(`${tag}-dest`, 'bk/', s3rver().connection(), 's3rver|dest');
  const first = await runS3Backup(options, { sources: [source()], destination: plain(), logger: silentLogger });
  assert.equal(first.status, 'complete');
  await writer.put('b.txt', 'b');

  // Run P: its record is written slowly (a retried PUT).
  const slowRecord = timedStore(plain(), { slow: (name, key) => (name === 'put' && isRecord(key) ? RECORD_DELAY_MS : 0) });
  const running = runS3Backup(options, { sources: [source()], destination: slowRecord.store, logger: silentLogger });
  const catalog = new Catalog(plain());
  let pointed: string | undefined;
  for (let i = 0; i < 400; i++) {
    pointed = await catalog.readPointer(`${tag}-src`, '');
    if (pointed !== undefined && pointed !== first.runId) break;
    await sleep(10);
  }
  assert.notEqual(pointed, first.runId, 'P\'s pointer landed');
  assert.ok(await catalog.readRun(pointed!), 'and its record was stored before it');
  // Run Q: its lease read is slow (a retry), and finds the lease released by P.
  const slowLease = timedStore(plain(), { slow: (name, key) => ((name === 'get' || name === 'getTagged') && key === LEASE_FILE ? LEASE_READ_DELAY_MS : 0) });
  const next = () => runS3Backup(options, { sources: [source()], destination: slowLease.store, logger: silentLogger });
  return { writer, source, plain, catalog, first, running, pointed: pointed!, next };
}

describe('a commit writes its record before its pointer', () => {
  it('a run that reads the pointer while the pointed run commits builds on that run', async () => {
    const { catalog, first, running, pointed, next } = await whilePointedRunCommits('pbr');
    const third = next();
    const second = await running;
    assert.equal(second.status, 'complete');
    assert.equal(second.runId, pointed);
    assert.equal(second.sources[0]!.counts.copied, 1, 'P copied b.txt');
    const q = await third;
    assert.equal(q.status, 'complete');

    const record = (await catalog.readRun(q.runId))!;
    assert.deepEqual(
      { previousRunId: record.sources[0]!.previousRunId, copied: q.sources[0]!.counts.copied },
      { previousRunId: second.runId, copied: 0 },
      `Q compares against P (committed before Q's run list was read), not ${first.runId}, and copies nothing again`,
    );
  });

  it('a key deleted after the pointed run listed it is recorded as deleted by the next run', async () => {
    const { writer, source, plain, running, next } = await whilePointedRunCommits('pbd');
    // P has listed (it is committing): b.txt is deleted now, before the next run lists.
    await writer.delete('b.txt');
    const q = next();
    assert.equal((await running).status, 'complete');
    assert.equal((await q).status, 'complete');
    // And a later, ordinary run does not notice either.
    const last = await runS3Backup(options, { sources: [source()], destination: plain(), logger: silentLogger });
    assert.equal(last.status, 'complete');
    await assertBackupMatches(plain(), 's3://pbd-src/', await checkpoint(), writer.snapshot(), 'after the deletion and three more runs');
  });
});

const lease = { staleAfterMs: 2000, heartbeatMs: 250 };
const heartbeatOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2, lease };
const HEARTBEAT_RECORD_DELAY_MS = 7000;

describe('the heartbeat while the run record is written', () => {
  it('no other run takes the lease over while the commit point is being written', async () => {
    await s3rver().createBucket('hb-src');
    await s3rver().createBucket('hb-dest');
    const writer = new SourceWriter(s3rver().client(), 'hb-src');
    await writer.put('a.txt', 'a');
    const source = () => new S3Source('hb-src', '', s3rver().connection(), 's3rver|hb');
    const plain = () => new S3ObjectStore('hb-dest', 'bk/', s3rver().connection(), 's3rver|dest');

    const slowRecord = timedStore(plain(), { slow: (name, key) => (name === 'put' && isRecord(key) ? HEARTBEAT_RECORD_DELAY_MS : 0) });
    const running = runS3Backup(heartbeatOptions, { sources: [source()], destination: slowRecord.store, logger: silentLogger });
    running.catch(() => undefined);
    // Wait for the commit to begin (the record's PUT is called), then past the lease's stale time.
    for (let i = 0; i < 1000 && !slowRecord.calls.some((c) => c.name === 'put' && isRecord(c.key)); i++) await sleep(10);
    assert.ok(slowRecord.calls.some((c) => c.name === 'put' && isRecord(c.key)), 'the commit began');
    await sleep(3500);
    const catalog = new Catalog(plain());
    const leaseNow = JSON.parse(await text((await plain().get(LEASE_FILE))!)) as { heartbeatAt: string; releasedAt?: string };
    const other = await runS3Backup(heartbeatOptions, { sources: [source()], destination: plain(), logger: silentLogger }).then(
      (r) => `committed ${r.runId}`,
      (e: Error) => `${e.name}: ${e.message.slice(0, 120)}`,
    );
    const first = await running.then(
      (r) => `committed ${r.runId}`,
      (e: Error) => `${e.name}: ${e.message.slice(0, 120)}`,
    );
    const runs = await catalog.runIds();
    const finalLease = await text((await plain().get(LEASE_FILE))!);
    assert.match(
      other,
      /LeaseHeldError/,
      `while the first run's record was on its way (first run: ${first}; lease then: heartbeat ${leaseNow.heartbeatAt}, released ${leaseNow.releasedAt ?? 'no'}), ` +
        `another run was not refused: ${other}; committed runs ${runs.committed.join(', ')}; lease now ${finalLease}`,
    );
  });
});
