/**
 * Crash tests: the bundled CLI runs as a child process with its source and destination behind
 * fault proxies in front of moto, and is SIGKILLed at the moment the proxy sees a chosen request
 * (before it reaches moto, or after moto completed it and before the CLI heard the answer): data
 * writes, the parts of a multipart upload, the catalogue's state, events and run record uploads,
 * the pointer, the catalogue reads, the source's listing and reads; and, for restores, the
 * target's writes, the events reads, an in-place restore's safety backup, writes and removals.
 *
 * After every trial the CLI runs again without faults, and the trial checks: no version lost and
 * none duplicated (each source version once in the catalogue's events), a CLI restore equals the
 * ground truth, no multipart upload left open in the destination, and every unfinished run
 * settled. Every failed check of a trial is reported together.
 *
 * Build first: `npm run build`. Trials marked [defect N] fail on today's code (issue 9's defect N).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { IN_PLACE_CONFIRMATION } from '../../src/backends/s3/restore.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { compactTime } from '../../src/backends/s3/plan/names.ts';
import type { FaultRule } from '../support/fault-proxy.ts';
import { crashAt, runCli, s3Flags, showRun, type CliRun } from '../support/cli-process.ts';
import { assertContentEquals, assertEveryVersionOnce, directDestination, openUploads, readPrefix, startProxies, unsettledRuns, type ProxiedPair } from '../support/fault-scenario.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';

const MULTIPART_BYTES = 8 * 1024 * 1024 + 200 * 1024;
const DATA = /(^|\/)data\//;

interface CrashPoint {
  name: string;
  side: 'source' | 'destination';
  at: Omit<FaultRule, 'fault'>;
  /** Kill after the server completed the request (true) or before it reached the server. */
  forward: boolean;
}

// [defect 7]: a run killed after its start marker leaves the marker unsettled after later runs
// commit (and a killed multipart upload open); the two points after the commit pass today.
const backupCrashes: CrashPoint[] = [
  { name: 'destination check (a one-key ListObjects), before anything is written', side: 'destination', at: { op: 'ListObjects' }, forward: false },
  { name: 'source versioning probe, before anything is written', side: 'source', at: { op: 'GetBucketVersioning' }, forward: true },
  { name: 'first data write, before it lands [defect 7]', side: 'destination', at: { op: 'PutObject', key: DATA, nth: 1 }, forward: false },
  { name: 'third data write, after it landed [defect 7]', side: 'destination', at: { op: 'PutObject', key: DATA, nth: 3 }, forward: true },
  { name: 'multipart upload created, no part sent [defect 7]', side: 'destination', at: { op: 'CreateMultipartUpload' }, forward: true },
  { name: 'multipart upload, first part stored, second in flight [defect 7]', side: 'destination', at: { op: 'UploadPart', nth: 1 }, forward: true },
  { name: 'multipart upload, every part stored, completion not sent [defect 7]', side: 'destination', at: { op: 'CompleteMultipartUpload' }, forward: false },
  { name: 'start marker written [defect 7]', side: 'destination', at: { op: 'PutObject', key: /\.started\.json$/ }, forward: true },
  { name: 'state file upload, before it lands [defect 7]', side: 'destination', at: { op: 'PutObject', key: /state(-delta)?\.jsonl\.gz$/ }, forward: false },
  { name: 'events file upload, after it landed [defect 7]', side: 'destination', at: { op: 'PutObject', key: /events\.jsonl\.gz$/ }, forward: true },
  { name: 'run record upload, before it lands (not committed) [defect 7]', side: 'destination', at: { op: 'PutObject', key: /catalog\/runs\/[^/]+(?<!\.started)\.json$/ }, forward: false },
  { name: 'run record landed (committed), pointer not yet written', side: 'destination', at: { op: 'PutObject', key: /catalog\/runs\/[^/]+(?<!\.started)\.json$/ }, forward: true },
  { name: 'pointer (latest.json) upload', side: 'destination', at: { op: 'PutObject', key: /latest\.json$/ }, forward: false },
  { name: 'catalogue read: the pointer [defect 7]', side: 'destination', at: { op: 'GetObject', key: /latest\.json$/ }, forward: false },
  { name: 'catalogue read: the previous state file [defect 7]', side: 'destination', at: { op: 'GetObject', key: /state(-delta)?\.jsonl\.gz$/ }, forward: true },
  { name: 'source listing [defect 7]', side: 'source', at: { op: 'ListObjectVersions' }, forward: false },
  { name: 'second source data read [defect 7]', side: 'source', at: { op: 'GetObject', nth: 2 }, forward: true },
];

let moto: TestS3Server;
let work: string;
let trialCount = 0;

before(async () => {
  if (!motoAvailable()) return;
  moto = await startMoto();
  work = await mkdtemp(join(tmpdir(), 'pullback-crash-'));
});
after(async () => {
  await moto?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

interface Trial {
  index: number;
  bucket: string;
  backupBucket: string;
  sourceId: string;
  writer: SourceWriter;
  proxies: ProxiedPair;
  flags: string[];
  c1: Date;
  truth1: Map<string, TruthObject>;
  folder: string;
}

/** A versioned bucket with one clean backup behind it, then changed: small objects and one multipart-sized object (two parts). */
async function setUpTrial(): Promise<Trial> {
  const index = trialCount++;
  const bucket = `crash-${index}-src`;
  const backupBucket = `crash-${index}-dst`;
  await moto.createBucket(bucket, { versioned: true });
  await moto.createBucket(backupBucket);
  const proxies = await startProxies(moto, 5000 + index);
  const folder = await mkdtemp(join(work, `trial-${index}-`));
  const writer = new SourceWriter(moto.client(), bucket);
  for (let i = 0; i < 6; i++) await writer.put(`docs/${i}.txt`, `first ${i} `.repeat(30 + i * 10));
  const first = await runS3Backup(
    { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false },
    { sources: [new S3Source(bucket, '', moto.connection('AKIDSETUP'), 'direct|setup')], destination: directDestination(moto, backupBucket, 'bk/'), logger: silentLogger },
  );
  assert.equal(first.status, 'complete');
  const c1 = await checkpoint();
  const truth1 = writer.snapshot();
  for (let i = 0; i < 3; i++) await writer.put(`docs/${i}.txt`, `second ${i} `.repeat(40));
  for (let i = 0; i < 4; i++) await writer.put(`new/${i}.bin`, Buffer.alloc(2000 + i * 500, i + 1));
  await writer.delete('docs/5.txt');
  await writer.put('big/multipart.bin', Buffer.alloc(MULTIPART_BYTES, 7), { multipart: true });
  const flags = s3Flags({ sourceEndpoint: proxies.source.url, bucket, destinationEndpoint: proxies.destination.url, backupBucket, prefix: 'bk/', stateFile: join(folder, 'state.json') });
  return { index, bucket, backupBucket, sourceId: `s3://${bucket}/`, writer, proxies, flags, c1, truth1, folder };
}

/** Runs a check, recording its failure instead of stopping at it. */
async function collect(problems: string[], what: string, check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
  } catch (error) {
    const e = error as { message: string; actual?: unknown; expected?: unknown; generatedMessage?: boolean };
    const firstLine = e.generatedMessage ? '' : `${e.message.split('\n')[0]} `;
    const found = e.actual !== undefined && e.expected !== undefined && typeof e.actual !== 'boolean' ? `(found ${JSON.stringify(e.actual).slice(0, 400)})` : '';
    problems.push(`${what}: ${firstLine}${found}`.trim());
  }
}

function assertKilled(run: CliRun, label: string): void {
  assert.ok(run.killed, `${label}: the crash point was reached and the CLI killed there${showRun(run)}`);
}

/** The checks every backup trial ends with, after a clean CLI run. */
async function checkBackupTrial(trial: Trial, problems: string[]): Promise<void> {
  const check = directDestination(moto, trial.backupBucket, 'bk/');
  const truth2 = trial.writer.snapshot();
  await collect(problems, 'no version lost, none duplicated', () => assertEveryVersionOnce(check, trial.sourceId, moto.client(), trial.bucket, 'catalogue events'));
  await collect(problems, 'the catalogue as of now and as of the checkpoint', async () => {
    await assertBackupMatches(check, trial.sourceId, new Date(), truth2, 'now');
    await assertBackupMatches(check, trial.sourceId, trial.c1, trial.truth1, 'checkpoint');
  });
  await collect(problems, 'a CLI restore to a folder equals the ground truth', async () => {
    const target = join(trial.folder, 'restored');
    const run = await runCli(['restore', ...trial.flags, '--restore-time', new Date().toISOString(), '--restore-target', target], { cwd: trial.folder });
    assert.equal(run.code, 0, `the restore succeeded${showRun(run)}`);
    const folder = new LocalObjectStore(target, targetNaming());
    const found = new Map<string, Buffer>();
    for await (const object of folder.list('')) found.set(object.key, await readFile(join(target, object.key)));
    assertContentEquals(found, truth2, 'restored folder');
  });
  await collect(problems, 'no multipart upload left open [defect 7]', async () => assert.deepEqual(await openUploads(moto.client(), trial.backupBucket), []));
  await collect(problems, 'every unfinished run settled once a later run committed [defect 7]', async () => assert.deepEqual(await unsettledRuns(check), []));
}

describe('crash tests: SIGKILL the CLI during a backup, then run it again', { skip: motoAvailable() ? false : MOTO_MISSING, concurrency: 3 }, () => {
  for (const point of backupCrashes) {
    it(`killed at: ${point.name}`, async () => {
      const trial = await setUpTrial();
      try {
        const proxy = point.side === 'source' ? trial.proxies.source : trial.proxies.destination;
        const { run } = crashAt(proxy, point.at, point.forward, ['backup', ...trial.flags], { cwd: trial.folder });
        assertKilled(await run, point.name);
        const again = await runCli(['backup', ...trial.flags], { cwd: trial.folder });
        assert.equal(again.code, 0, `the clean run after the crash succeeded${showRun(again)}`);
        const problems: string[] = [];
        await checkBackupTrial(trial, problems);
        assert.deepEqual(problems, [], `after a crash at "${point.name}"`);
      } finally {
        await trial.proxies.stop();
      }
    });
  }

  it('after a killed run, later runs stop believing they are recovering: no HEAD per new version [defect 7]', async () => {
    const trial = await setUpTrial();
    try {
      const { run } = crashAt(trial.proxies.destination, { op: 'PutObject', key: DATA, nth: 2 }, true, ['backup', ...trial.flags], { cwd: trial.folder });
      assertKilled(await run, 'second data write');
      assert.equal((await runCli(['backup', ...trial.flags], { cwd: trial.folder })).code, 0);
      for (let i = 0; i < 5; i++) await trial.writer.put(`later/${i}.txt`, `later ${i}`);
      trial.proxies.destination.resetCounts();
      const third = await runCli(['backup', ...trial.flags], { cwd: trial.folder });
      assert.equal(third.code, 0, showRun(third));
      const heads = trial.proxies.destination.requests().filter((r) => r.op === 'HeadObject' && /later\//.test(r.key ?? ''));
      assert.deepEqual(heads.map((r) => r.key), [], 'no HEAD of a new version once the crashed run was recovered');
    } finally {
      await trial.proxies.stop();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Restores

interface RestoreCrash extends CrashPoint {
  inPlace: boolean;
}

const restoreCrashes: RestoreCrash[] = [
  { name: 'default target: first write, before it lands', inPlace: false, side: 'destination', at: { op: 'PutObject', key: /restored\//, nth: 1 }, forward: false },
  { name: 'default target: third write, after it landed', inPlace: false, side: 'destination', at: { op: 'PutObject', key: /restored\//, nth: 3 }, forward: true },
  { name: 'default target: reading the events files', inPlace: false, side: 'destination', at: { op: 'GetObject', key: /events\.jsonl\.gz$/ }, forward: false },
  { name: 'in place: the safety backup, first data write [defect 7]', inPlace: true, side: 'destination', at: { op: 'PutObject', key: DATA, nth: 1 }, forward: true },
  { name: 'in place: the safety backup committed, no live object written yet', inPlace: true, side: 'destination', at: { op: 'PutObject', key: /catalog\/runs\/[^/]+(?<!\.started)\.json$/ }, forward: true },
  { name: 'in place: second write to the live bucket, after it landed', inPlace: true, side: 'source', at: { op: 'PutObject', key: /^(?!\.pullback)/, nth: 2 }, forward: true },
  { name: 'in place: first removal from the live bucket', inPlace: true, side: 'source', at: { op: 'DeleteObject', key: /^new\// }, forward: true },
];

describe('crash tests: SIGKILL the CLI during a restore, then run it again', { skip: motoAvailable() ? false : MOTO_MISSING, concurrency: 3 }, () => {
  for (const point of restoreCrashes) {
    it(`killed at: ${point.name}`, async () => {
      const trial = await setUpTrial();
      try {
        // Restored to the checkpoint before the changes (in place, the safety backup records the changes first).
        const at = trial.c1.toISOString();
        const restoreArgs = ['restore', ...trial.flags, '--restore-time', at, ...(point.inPlace ? ['--restore-in-place', '--confirm-in-place', IN_PLACE_CONFIRMATION] : [])];
        const proxy = point.side === 'source' ? trial.proxies.source : trial.proxies.destination;
        const { run } = crashAt(proxy, point.at, point.forward, restoreArgs, { cwd: trial.folder });
        assertKilled(await run, point.name);
        const again = await runCli(restoreArgs, { cwd: trial.folder });
        assert.equal(again.code, 0, `the restore run again after the crash succeeded${showRun(again)}`);

        const problems: string[] = [];
        await collect(problems, 'the restored objects equal the ground truth at T', async () => {
          const found = point.inPlace
            ? await readPrefix(moto.client(), trial.bucket, '')
            : await readPrefix(moto.client(), trial.backupBucket, `bk/restored/${compactTime(at)}/${trial.bucket}/`);
          assertContentEquals(found, trial.truth1, 'target');
        });
        await collect(problems, 'no multipart upload left open [defect 7]', async () => {
          assert.deepEqual([...(await openUploads(moto.client(), trial.backupBucket)), ...(await openUploads(moto.client(), trial.bucket))], []);
        });
        if (point.inPlace) {
          // Whatever the restores wrote is new history of the live bucket: back it up and check each version once.
          const later = await runCli(['backup', ...trial.flags], { cwd: trial.folder });
          await collect(problems, 'a backup after the restore', () => assert.equal(later.code, 0, showRun(later)));
          const check = directDestination(moto, trial.backupBucket, 'bk/');
          await collect(problems, 'no version lost, none duplicated', () => assertEveryVersionOnce(check, trial.sourceId, moto.client(), trial.bucket, 'catalogue events'));
          await collect(problems, 'every unfinished run settled once a later run committed [defect 7]', async () => assert.deepEqual(await unsettledRuns(check), []));
        }
        assert.deepEqual(problems, [], `after a crash at "${point.name}"`);
      } finally {
        await trial.proxies.stop();
      }
    });
  }
});
