/**
 * S3 restores under faults. A versioned bucket is backed up over three runs (no faults); each
 * scenario then restores a checkpoint while the proxy injects faults on the backup's side (the
 * catalogue and data reads, and the default target's writes, which live in the destination) or,
 * in place, on the live bucket's side (the safety backup's reads, the restore's writes).
 *
 * The faulted restore must complete equal to the ground truth, or end partial naming every failed
 * key, or fail with an error that names what failed; it never leaves a wrong object in the target,
 * and in place it removes nothing unless every write succeeded, and its safety backup holds the
 * live bucket as it was. A clean restore then converges: the target equals the ground truth.
 *
 * [defect N] marks scenarios that fail on today's code because of issue 9's defect N (N1: a
 * stalled connection hangs forever; see faults-s3.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { compactTime } from '../../src/backends/s3/plan/names.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { Fault, FaultRule } from '../support/fault-proxy.ts';
import {
  assertContentEquals,
  assertNamesWhatFailed,
  directDestination,
  HungError,
  openUploads,
  proxiedDestination,
  proxiedSource,
  readPrefix,
  startProxies,
  WATCHDOG_MS,
  within,
} from '../support/fault-scenario.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import type { BackupOptions, S3RestoreOptions, S3RestoreResult } from '../../src/backends/s3/types.ts';

const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: true };
const noSleep = async () => {};
const BACKUP_BUCKET = 'restore-faults-dst';

interface History {
  bucket: string;
  prefix: string;
  checkpoints: { at: Date; truth: Map<string, TruthObject> }[];
  writer: SourceWriter;
}

let moto: TestS3Server;
let shared: History;

/** A versioned bucket backed up over three runs, with the truth at a checkpoint after each. */
async function makeHistory(bucket: string, prefix: string): Promise<History> {
  await moto.createBucket(bucket, { versioned: true });
  const writer = new SourceWriter(moto.client(), bucket);
  const destination = directDestination(moto, BACKUP_BUCKET, prefix);
  const backup = async () => {
    const result = await runS3Backup(backupOptions, { sources: [new S3Source(bucket, '', moto.connection('AKIDSRC'), 'direct|source')], destination, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
  };
  const history: History = { bucket, prefix, checkpoints: [], writer };
  for (let i = 0; i < 8; i++) await writer.put(`docs/${i}.txt`, `first ${i} `.repeat(40 + i * 30), { contentType: 'text/plain' });
  await writer.put('big/multipart.bin', Buffer.alloc(6 * 1024 * 1024, 5), { multipart: true });
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
  for (let i = 0; i < 4; i++) await writer.put(`docs/${i}.txt`, `second ${i} `.repeat(30 + i * 20));
  await writer.delete('docs/7.txt');
  await writer.put('new/one.bin', Buffer.alloc(4000, 1));
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
  await writer.delete('docs/6.txt');
  await writer.put('docs/5.txt', 'third');
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
  return history;
}

interface Scenario {
  name: string;
  inPlace?: boolean;
  side: 'source' | 'destination';
  rules: FaultRule[];
}

const F = {
  '500': { type: 'status', status: 500 },
  slowdown: { type: 'slowdown' },
  throttle: { type: 'throttle', status: 429, burst: 2 },
  reset: { type: 'reset' },
  'reset-mid-body': { type: 'reset-mid-body' },
  truncate: { type: 'truncate' },
} satisfies Record<string, Fault>;
type FaultName = keyof typeof F;
const atRate = (filter: Omit<FaultRule, 'fault' | 'rate' | 'nth'>, rate: number, fault: Fault): FaultRule[] => [
  { ...filter, nth: 1, fault },
  { ...filter, rate, fault },
];
const DATA = /(^|\/)data\//;
const RESTORED = /(^|\/)restored\//;

const scenarios: Scenario[] = [];
for (const name of Object.keys(F) as FaultName[]) {
  scenarios.push({ name: `default target: ${name} on 30% of backup data reads`, side: 'destination', rules: atRate({ op: 'GetObject', key: DATA }, name === 'throttle' ? 0.1 : 0.3, F[name]) });
}
for (const name of ['500', 'reset-mid-body', 'truncate'] as FaultName[]) {
  const cut = name !== '500';
  scenarios.push({
    name: `default target: ${name} on the first events file read${cut ? ' [defect 10: hangs]' : ''}`,
    side: 'destination',
    rules: [{ op: 'GetObject', key: /events\.jsonl\.gz$/, nth: 1, fault: F[name] }],
  });
  scenarios.push({ name: `default target: ${name} on the first run record read${cut ? ' [defect 10]' : ''}`, side: 'destination', rules: [{ op: 'GetObject', key: /catalog\/runs\//, nth: 1, fault: F[name] }] });
}
for (const name of ['500', 'slowdown', 'reset', 'truncate'] as FaultName[]) {
  scenarios.push({ name: `default target: ${name} on 30% of the target's writes`, side: 'destination', rules: atRate({ op: 'PutObject', key: RESTORED }, 0.3, F[name]) });
}
scenarios.push({ name: 'default target: a backup data read stalls mid-body [defect N1]', side: 'destination', rules: [{ op: 'GetObject', key: DATA, nth: 1, fault: { type: 'stall', midBody: true } }] });
scenarios.push({
  name: 'default target: every fault kind, 4% each, on every request [defect 10 when a catalogue read is cut]',
  side: 'destination',
  rules: (Object.keys(F) as FaultName[]).map((name) => ({ rate: 0.04, fault: F[name] })),
});
for (const name of ['500', 'reset'] as FaultName[]) {
  scenarios.push({ name: `in place: ${name} on 30% of the writes to the live bucket`, inPlace: true, side: 'source', rules: atRate({ op: 'PutObject' }, 0.3, F[name]) });
}
scenarios.push({ name: 'in place: reset-mid-body on 30% of the safety backup reads', inPlace: true, side: 'source', rules: atRate({ op: 'GetObject' }, 0.3, F['reset-mid-body']) });
scenarios.push({ name: 'in place: truncate on 30% of backup data reads', inPlace: true, side: 'destination', rules: atRate({ op: 'GetObject', key: DATA }, 0.3, F.truncate) });

before(async () => {
  if (!motoAvailable()) return;
  moto = await startMoto();
  await moto.createBucket(BACKUP_BUCKET);
  shared = await makeHistory('restore-faults-src', 'shared/');
});
after(async () => {
  await moto?.stop();
});

type Outcome = { kind: 'complete'; result: S3RestoreResult } | { kind: 'partial'; result: S3RestoreResult } | { kind: 'failed'; error: Error };

async function runScenario(scenario: Scenario, index: number, diagnostic: (message: string) => void): Promise<void> {
  // In place, each scenario needs its own live bucket (and history); the default target is
  // named after T, so a few milliseconds apart (inside the same checkpoint) keep targets apart.
  const history = scenario.inPlace ? await makeHistory(`restore-faults-live-${index}`, `live-${index}/`) : shared;
  const { at: checkpointAt, truth } = history.checkpoints[0]!;
  const at = new Date(checkpointAt.getTime() + (scenario.inPlace ? 0 : index * 7));
  const proxies = await startProxies(moto, 7000 + index);
  const check = directDestination(moto, BACKUP_BUCKET, history.prefix);
  const target = scenario.inPlace
    ? { bucket: history.bucket, prefix: '' }
    : { bucket: BACKUP_BUCKET, prefix: `${history.prefix}restored/${compactTime(at.toISOString())}/${history.bucket}/` };
  const restoreOptions: S3RestoreOptions = {
    at,
    sources: [],
    target: scenario.inPlace ? { kind: 'in-place', confirmed: true } : { kind: 'default' },
    concurrency: 4,
    dryRun: false,
    backup: backupOptions,
  };
  const restore = () =>
    runS3Restore(restoreOptions, {
      destination: proxiedDestination(proxies, moto, BACKUP_BUCKET, history.prefix),
      sources: [proxiedSource(proxies, moto, history.bucket)],
      logger: silentLogger,
      sleep: noSleep,
    });
  try {
    // In place, a write after the last backup run: the safety backup must read (and keep) it before
    // the restore removes it, so the live side's reads are really exercised.
    if (scenario.inPlace) await history.writer.put(`late/written-after-the-last-backup-${index}.txt`, `late ${index} `.repeat(50));
    const liveBefore = scenario.inPlace ? history.writer.snapshot() : undefined;
    const proxy = scenario.side === 'source' ? proxies.source : proxies.destination;
    const handles = scenario.rules.map((rule) => proxy.inject(rule));
    const started = new Date();
    let outcome: Outcome;
    try {
      const result = await within(WATCHDOG_MS, restore(), 'the restore under faults');
      outcome = result.status === 'complete' ? { kind: 'complete', result } : { kind: 'partial', result };
    } catch (error) {
      if (error instanceof HungError) throw error;
      outcome = { kind: 'failed', error: error as Error };
    }
    proxy.clearRules();
    const injected = handles.reduce((n, h) => n + h.injected, 0);
    assert.ok(injected > 0, `the scenario injected at least one fault`);
    const label = `${scenario.name} (${outcome.kind}, ${injected} faults)`;
    diagnostic(`faulted run: ${outcome.kind}, faults injected: ${JSON.stringify(proxy.faults())}${outcome.kind === 'failed' ? `, error: ${outcome.error.message}` : ''}`);

    const found = await readPrefix(moto.client(), target.bucket, target.prefix);
    if (outcome.kind === 'complete') {
      assertContentEquals(found, truth, `${label}: the restore under faults`);
    } else {
      if (outcome.kind === 'partial') {
        const keys = [...truth.keys(), ...(liveBefore?.keys() ?? [])];
        for (const line of outcome.result.sources.flatMap((s) => s.errors)) assertNamesWhatFailed(line, keys, label);
      } else {
        assertNamesWhatFailed(outcome.error.message, [history.bucket, BACKUP_BUCKET], label);
      }
      if (scenario.inPlace) {
        // Nothing removed unless every write succeeded; the safety backup holds the bucket as it was.
        for (const key of liveBefore!.keys()) assert.ok(found.has(key), `${label}: ${key} was not removed by a failed restore`);
        await assertBackupMatches(check, `s3://${history.bucket}/`, started, liveBefore!, `${label}: the safety backup holds the live bucket as it was`);
      } else {
        // Whatever arrived is right: nothing damaged or extra is left in the target.
        assertContentEquals(found, truth, `${label}: what the failed restore left`, true);
      }
    }

    const clean = await within(WATCHDOG_MS, restore(), 'the clean restore after the faults');
    assert.equal(clean.status, 'complete', `${label}: the clean restore completes: ${clean.sources.flatMap((s) => s.errors).join('; ')}`);
    assertContentEquals(await readPrefix(moto.client(), target.bucket, target.prefix), truth, `${label}: after the clean restore`);
    // Under the target's own prefix: scenarios run side by side in one bucket, and another one's
    // write probe may be open for a moment between its create and its abort.
    assert.deepEqual(await openUploads(moto.client(), target.bucket, target.prefix), [], `${label}: no multipart upload left open`);
  } finally {
    await proxies.stop();
  }
}

describe('S3 restore under faults, default target and in place', { skip: motoAvailable() ? false : MOTO_MISSING, concurrency: 4 }, () => {
  for (const [index, scenario] of scenarios.entries()) {
    it(scenario.name, (t) => runScenario(scenario, index, (message) => t.diagnostic(message)));
  }
});
