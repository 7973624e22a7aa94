/**
 * `npm run soak -- --runs 300 --seed 7`: hundreds of backup runs of a versioned bucket on moto,
 * each after random changes (puts, overwrites, deletes, multipart objects, awkward keys, two
 * writes in one second), most under random faults injected by proxies on the source and the
 * destination side, some in the bundled CLI SIGKILLed at a random crash point. After a run that
 * did not complete, a clean run recovers; then the ground truth is checked: the catalogue equals
 * the bucket, every version is recorded once, no multipart upload is open, no run unsettled, and
 * a restore to a random earlier checkpoint equals what the bucket held then.
 *
 * Options: --runs N (default 200), --seed S (default 1), --kill-rate P (0.1), --fault-rate P
 * (0.7), --no-stalls (stalls wait for the watchdog, 20 s, while pullback ignores its timeout),
 * --verbose. Needs moto (PULLBACK_PYTHON) and, for the kills, `npm run build` first.
 * Exits 1 when a check failed; the summary names each kind of failure, how often, and an example.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { runS3Backup } from '../src/backends/s3/backup.ts';
import { runS3Restore } from '../src/backends/s3/restore.ts';
import { Catalog } from '../src/backends/s3/catalog/catalog.ts';
import { silentLogger } from '../src/report/logger.ts';
import { seededRandom, type FaultProxy } from '../test/support/fault-proxy.ts';
import { cliBundle, crashAt, s3Flags } from '../test/support/cli-process.ts';
import {
  accountVersions,
  assertNamesWhatFailed,
  backupAsOf,
  diffContent,
  sameSecondMarkerKeys,
  type ContentDiff,
  directDestination,
  HungError,
  openUploads,
  proxiedDestination,
  proxiedSource,
  readPrefix,
  startProxies,
  unsettledRuns,
  within,
  type ProxiedPair,
} from '../test/support/fault-scenario.ts';
import { motoAvailable, MOTO_MISSING, startMoto } from '../test/support/s3.ts';
import { nextSecond, SourceWriter, type TruthObject } from '../test/support/scenario.ts';
import { emptyChangeCounts, pick, randomChanges, randomCrash, randomFaults } from '../test/support/soak-world.ts';
import type { BackupResult } from '../src/backends/s3/types.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    'kill-rate': { type: 'string', default: '0.1' },
    'fault-rate': { type: 'string', default: '0.7' },
    stalls: { type: 'boolean', default: true },
    verbose: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const KILL_RATE = Number(values['kill-rate']);
const FAULT_RATE = Number(values['fault-rate']);
const WATCHDOG_MS = 20_000;
const BUCKET = 'soak-src';
const BACKUP_BUCKET = 'soak-dst';
const RESTORE_BUCKET = 'soak-restore';
const SOURCE_ID = `s3://${BUCKET}/`;

/** Failures by kind: how many runs showed it, and the first example. */
const failures = new Map<string, { count: number; example: string }>();
function fail(kind: string, run: number, detail: string): void {
  const entry = failures.get(kind) ?? { count: 0, example: `run ${run}: ${detail.split('\n').slice(0, 6).join(' ').slice(0, 500)}` };
  entry.count++;
  failures.set(kind, entry);
  console.log(`  ! ${kind}: ${detail.split('\n')[0]!.slice(0, 200)}`);
}
async function check(kind: string, run: number, body: () => Promise<void> | void): Promise<boolean> {
  try {
    await body();
    return true;
  } catch (error) {
    fail(kind, run, (error as Error).message);
    return false;
  }
}

/**
 * Reports the keys where a backup or a restore differs from the ground truth, setting apart those
 * explained by defect N3 (a delete marker in the same second as a version of its key). True when
 * nothing else differs.
 */
async function compare(what: string, run: number, actual: Map<string, Buffer>, truth: Map<string, TruthObject>, sameSecond: () => Promise<Set<string>>): Promise<boolean> {
  const diff = diffContent(actual, truth);
  const keys = [...diff.missing, ...diff.extra, ...diff.wrong];
  if (keys.length === 0) return true;
  const explained = await sameSecond();
  const n3 = keys.filter((key) => explained.has(key));
  if (n3.length > 0) fail('a key deleted in the second it was written comes back in restores (defect N3)', run, `${what}: ${n3.slice(0, 3).map((k) => JSON.stringify(k)).join(', ')}`);
  const only = (list: string[]) => list.filter((key) => !explained.has(key)).slice(0, 5);
  const rest: ContentDiff = { missing: only(diff.missing), extra: only(diff.extra), wrong: only(diff.wrong) };
  if (rest.missing.length + rest.extra.length + rest.wrong.length === 0) return true;
  fail(`${what} differs from the bucket`, run, JSON.stringify(rest));
  return false;
}

async function emptyPrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
}

const stats = {
  inProcess: 0,
  cli: 0,
  killed: 0,
  killMissed: 0,
  faultedRuns: 0,
  outcomes: {} as Record<string, number>,
  recoveries: 0,
  restores: 0,
  faults: {} as Record<string, number>,
  lost: 0,
  duplicated: 0,
};
let runsDone = 0;
const openUploadKeys = new Set<string>();
const unsettledIds = new Set<string>();
const count = (record: Record<string, number>, key: string, n = 1) => (record[key] = (record[key] ?? 0) + n);

async function main(): Promise<void> {
  if (!motoAvailable()) throw new Error(MOTO_MISSING);
  const cliReady = existsSync(cliBundle);
  if (!cliReady && KILL_RATE > 0) console.log(`${cliBundle} is missing (run \`npm run build\`): no SIGKILL runs this time`);
  const random = seededRandom(SEED);
  const moto = await startMoto();
  const work = await mkdtemp(join(tmpdir(), 'pullback-soak-'));
  const started = Date.now();
  let proxies: ProxiedPair = await startProxies(moto, SEED);
  try {
    await moto.createBucket(BUCKET, { versioned: true });
    await moto.createBucket(BACKUP_BUCKET);
    await moto.createBucket(RESTORE_BUCKET);
    const writer = new SourceWriter(moto.client(), BUCKET);
    const checkDestination = directDestination(moto, BACKUP_BUCKET, 'bk/');
    const changes = emptyChangeCounts();
    const checkpoints: { run: number; at: Date; truth: Map<string, TruthObject> }[] = [];
    let lastWatermark: string | undefined;

    const backup = (): Promise<BackupResult> =>
      runS3Backup(
        { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false },
        { sources: [proxiedSource(proxies, moto, BUCKET)], destination: proxiedDestination(proxies, moto, BACKUP_BUCKET, 'bk/'), logger: silentLogger },
      );
    const flags = () => s3Flags({ sourceEndpoint: proxies.source.url, bucket: BUCKET, destinationEndpoint: proxies.destination.url, backupBucket: BACKUP_BUCKET, prefix: 'bk/', stateFile: join(work, 'state.json') });
    const side = (name: 'source' | 'destination'): FaultProxy => (name === 'source' ? proxies.source : proxies.destination);

    let harnessErrors = 0;
    for (let run = 1; run <= RUNS; run++) {
      runsDone = run;
      try {
        await randomChanges(random, writer, run, changes);
        let sameSecondKeys: Set<string> | undefined;
        const sameSecond = async () => (sameSecondKeys ??= await sameSecondMarkerKeys(moto.client(), BUCKET));
        const kill = cliReady && run > 1 && random() < KILL_RATE;
        const planned = random() < FAULT_RATE ? randomFaults(random, values.stalls === true) : [];
        for (const p of planned) side(p.side).inject(p.rule);
        if (planned.length > 0) stats.faultedRuns++;
        let outcome: string;
        let detail = '';
        let previousWhole = true;
        if (kill) {
          stats.cli++;
          const crash = randomCrash(random);
          const { run: cli } = crashAt(side(crash.side), crash.at, crash.forward, ['backup', ...flags()], { cwd: work });
          const result = await cli;
          if (result.spawnError) throw new Error(`the CLI could not start: ${result.spawnError}`);
          outcome = result.killed ? 'killed' : result.hung ? 'hung' : result.code === 0 ? 'complete' : 'failed';
          if (result.killed) stats.killed++;
          else stats.killMissed++;
          detail = `CLI killed at ${crash.describe}${result.killed ? '' : ` (not reached: exit ${result.code})`}`;
          if (outcome === 'failed') detail += `: ${result.stderr.trim().split('\n').pop()}`;
        } else {
          stats.inProcess++;
          try {
            const result = await within(WATCHDOG_MS, backup(), `run ${run}`);
            outcome = result.status;
            if (result.status === 'partial') {
              detail = result.sources[0]!.errors.join('; ');
              await check('a partial run names nothing it failed on', run, () => {
                for (const line of result.sources[0]!.errors) assertNamesWhatFailed(line, [...writer.current.keys()], 'partial run');
              });
            }
            if (!result.sources[0]!.versioned) fail('the versioned bucket was backed up as unversioned (defect 8)', run, planned.map((p) => p.describe).join(', '));
          } catch (error) {
            outcome = error instanceof HungError ? 'hung' : 'failed';
            detail = (error as Error).message;
            if (outcome === 'failed') await check('a failed run names nothing (defect 10)', run, () => assertNamesWhatFailed(detail, [BUCKET, BACKUP_BUCKET], 'failed run'));
          }
        }
        count(stats.outcomes, outcome);
        for (const [kind, n] of Object.entries(proxies.source.faults())) count(stats.faults, kind, n);
        for (const [kind, n] of Object.entries(proxies.destination.faults())) count(stats.faults, kind, n);
        proxies.source.clearRules();
        proxies.destination.clearRules();
        proxies.source.resetCounts();
        proxies.destination.resetCounts();
        if (outcome === 'hung') {
          fail('a run hung (stall past the timeout: defect N1, or a cut catalogue read: defect 10)', run, `${detail}; faults: ${planned.map((p) => p.describe).join(', ')}`);
          // The hung run keeps its sockets: new proxies cut it off from everything.
          await proxies.stop();
          proxies = await startProxies(moto, SEED + run);
        }

        if (outcome !== 'complete') {
          const last = checkpoints.at(-1);
          if (last) previousWhole = await compare('the previous backup (after a failed run)', run, await backupAsOf(checkDestination, SOURCE_ID, last.at), last.truth, sameSecond);
          if (outcome === 'partial' || outcome === 'failed') {
            await check('the watermark moved on a failed run', run, async () => {
              const latest = await new Catalog(checkDestination).latestFor(BUCKET, '', SOURCE_ID);
              if (latest?.source.watermarkAfter !== lastWatermark) throw new Error(`${latest?.source.watermarkAfter} after, ${lastWatermark} before`);
            });
          }
          stats.recoveries++;
          let recovered: BackupResult | undefined;
          try {
            recovered = await within(WATCHDOG_MS, backup(), `recovery of run ${run}`);
          } catch (error) {
            fail('the clean run after a failure did not complete', run, (error as Error).message);
          }
          if (recovered && recovered.status !== 'complete') fail('the clean run after a failure did not complete', run, recovered.sources[0]!.errors.join('; '));
          if (!recovered || recovered.status !== 'complete') {
            console.log(`run ${run}: ${outcome}; recovery failed: stopping the checks of this run`);
            continue;
          }
        }

        // The backup is complete: check it against the ground truth.
        const at = new Date();
        const truth = writer.snapshot();
        const latest = await new Catalog(checkDestination).latestFor(BUCKET, '', SOURCE_ID);
        lastWatermark = latest?.source.watermarkAfter;
        await compare('the backup as of now', run, await backupAsOf(checkDestination, SOURCE_ID, at), truth, sameSecond);
        const account = await accountVersions(checkDestination, SOURCE_ID, moto.client(), BUCKET);
        stats.lost = account.lost.length;
        stats.duplicated = account.duplicated.length;
        if (account.lost.length + account.duplicated.length + account.unknown.length > 0) fail('versions lost, duplicated or unknown', run, JSON.stringify(account).slice(0, 300));
        for (const key of await openUploads(moto.client(), BACKUP_BUCKET)) openUploadKeys.add(key);
        for (const id of await unsettledRuns(checkDestination)) unsettledIds.add(id);
        checkpoints.push({ run, at, truth });

        const target = pick(random, checkpoints);
        stats.restores++;
        const restored = await check('a restore to an earlier checkpoint did not complete', run, async () => {
          const result = await runS3Restore(
            { at: target.at, sources: [], target: { kind: 's3', bucket: RESTORE_BUCKET, prefix: `r${run}/`, connection: moto.connection('AKIDRESTORE') }, concurrency: 8, dryRun: false },
            { destination: checkDestination, logger: silentLogger },
          );
          if (result.status !== 'complete') throw new Error(`restore ${result.status}: ${result.sources.flatMap((s) => s.errors).join('; ')}`);
        });
        if (restored) await compare(`a restore to the checkpoint of run ${target.run}`, run, await readPrefix(moto.client(), RESTORE_BUCKET, `r${run}/`), target.truth, sameSecond);
        // moto keeps everything in memory: the restored copy has been checked, let it go.
        await emptyPrefix(moto.client(), RESTORE_BUCKET, `r${run}/`);
        const faults = planned.length ? `; faults: ${planned.map((p) => p.describe).join(', ')}` : '';
        console.log(`run ${run}/${RUNS}: ${outcome}${detail && values.verbose ? ` (${detail.slice(0, 160)})` : ''}${outcome === 'complete' ? '' : ' -> recovered'}${previousWhole ? '' : ' (previous backup not whole)'}${faults}; restored run ${target.run}`);
        harnessErrors = 0;
      } catch (error) {
        // The test servers, not pullback: say so, and stop when they keep failing.
        fail('harness error (moto or the checks, not a pullback run)', run, (error as Error).message);
        proxies.source.clearRules();
        proxies.destination.clearRules();
        if (++harnessErrors >= 3) {
          console.log('three harness errors in a row: stopping');
          break;
        }
      } finally {
        await nextSecond();
      }
    }
    if (openUploadKeys.size > 0) fail('multipart uploads left open in the destination (defect 7)', RUNS, `${openUploadKeys.size} open: ${[...openUploadKeys].slice(0, 3).join(', ')}`);
    if (unsettledIds.size > 0) fail('started runs never settled after later commits (defect 7)', RUNS, `${unsettledIds.size} unsettled: ${[...unsettledIds].slice(0, 3).join(', ')}`);

    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`\nsoak: ${runsDone} of ${RUNS} runs (seed ${SEED}) in ${seconds} s, ${writer.current.size} objects live, ${writer.writes} writes`);
    console.log(`  changes: ${JSON.stringify(changes)}`);
    console.log(`  runs: ${stats.inProcess} in-process, ${stats.cli} CLI (${stats.killed} SIGKILLed, ${stats.killMissed} ended before the crash point); ${stats.faultedRuns} under faults`);
    console.log(`  outcomes: ${JSON.stringify(stats.outcomes)}; clean recovery runs: ${stats.recoveries}`);
    console.log(`  faults injected: ${JSON.stringify(stats.faults)}`);
    console.log(`  restores checked: ${stats.restores}; versions lost: ${stats.lost}, duplicated: ${stats.duplicated} (after the last run)`);
    console.log(`  failures found: ${failures.size === 0 ? 'none' : ''}`);
    for (const [kind, { count: n, example }] of failures) console.log(`    - ${kind}: ${n}x; e.g. ${example}`);
    process.exitCode = failures.size > 0 ? 1 : 0;
  } finally {
    await proxies.stop();
    await moto.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`soak: ${(error as Error).stack ?? String(error)}`);
  process.exit(2);
});
