/**
 * The backup's report from real runs (config -> backend -> report, as the action and the CLI
 * run it): a run that resumes a killed one shows the copies it reused, the next run no longer
 * mentions the killed one (the catalogue settled it), and the chart has one bar per run even when
 * runs start within the same minute. s3rver as the source, a local folder as the destination.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { runMode } from '../../src/app/run-mode.ts';
import { heapBounded, oldGenerationLimited } from '../../src/app/heap-bounds.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { silentLogger, type Logger } from '../../src/report/logger.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { nextSecond, SourceWriter } from '../support/scenario.ts';
import { timedDestination } from '../support/timed-destination.ts';

let s3rver: TestS3Server;
let folder: string;
const KEYS = 12;

function recordingLogger(): Logger & { infos: string[] } {
  const infos: string[] = [];
  return { infos, info: (m) => infos.push(m), debug: () => {}, error: () => {}, warn: (m) => infos.push(`warning: ${m}`), group: (_n, body) => body() };
}

// The source is read through the standard AWS chain, as in a workflow: the process's environment.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
const saved = Object.fromEntries(Object.keys(CREDENTIALS).map((name) => [name, process.env[name]]));

before(async () => {
  Object.assign(process.env, CREDENTIALS);
  s3rver = await startS3rver();
  folder = await mkdtemp(join(tmpdir(), 'pullback-summary-'));
  await s3rver.createBucket('summary-src');
  const writer = new SourceWriter(s3rver.client(), 'summary-src');
  for (let i = 0; i < KEYS; i++) await writer.put(`k${String(i).padStart(2, '0')}`, `body ${i}`);
});
after(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await s3rver?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('the S3 backup summary of real runs', () => {
  const settings = () => ({ sources: 'summary-src', 'source-endpoint': s3rver.endpoint, destination: folder, overlap: '0s', concurrency: '1' });

  it('a resumed run shows the reused copies; the run after it no longer mentions the killed run; one bar per run', async () => {
    let copies = 0;
    const killed = runS3Backup(
      { overlapMs: 0, concurrency: 1, dryRun: false, serverSideCopy: false, retryAttempts: 1 },
      {
        sources: [new S3Source('summary-src', '', s3rver.connection(), 's3rver|summary')],
        destination: new LocalObjectStore(folder, destinationNaming),
        logger: silentLogger,
        beforeCopy: () => {
          if (++copies > 5) throw Object.assign(new Error('simulated crash'), { fatal: true });
        },
      },
    );
    await assert.rejects(killed, /simulated crash/);
    const [killedId] = (await new Catalog(new LocalObjectStore(folder, destinationNaming)).runIds()).unfinished;
    assert.ok(killedId);
    await nextSecond();

    const resumedLog = recordingLogger();
    const resumed = await runMode('backup', settings(), { logger: resumedLog });
    // An S3 run sets the heap limits its streams are measured with (run-mode.ts, heap-bounds.ts).
    assert.equal(heapBounded(), true, 'an S3 run left the heap unbounded');
    assert.equal(oldGenerationLimited(), true, 'an S3 run left the old generation to V8');
    const outcome = resumed.outcomes[0]!;
    assert.ok(outcome.backend === 's3' && outcome.mode === 'backup');
    const totals = outcome.result.totals;
    assert.equal(totals.reused, 5, 'the five copies the killed run made are reused');
    assert.equal(totals.copied, KEYS - 5);
    assert.match(resumed.summary, new RegExp(`> Resumed an earlier run that did not finish \\(\`${killedId}\`\\): 5 copies found at the destination were reused, not copied again`));
    assert.match(resumed.summary, /\| `s3:\/\/summary-src\/` \| 12 \| 7 \(\d+ B\) \| 5 \| 0 \| 0 \| 0 \|/);
    assert.match(resumed.lines[0]!, /12 keys listed, 7 versions copied \(\d+ B\), 5 copies reused from an unfinished run/);
    assert.ok(resumedLog.infos.some((m) => m.startsWith('an earlier run did not finish')));

    // Started within the minute of the one before: the chart must still show two bars.
    const nextLog = recordingLogger();
    const next = await runMode('backup', settings(), { logger: nextLog });
    assert.doesNotMatch(next.summary, /did not finish|Resumed|Reused/);
    assert.ok(!nextLog.infos.some((m) => m.includes('did not finish')), 'the killed run was settled: not mentioned again');
    const axis = /x-axis \[(.*)\]/.exec(next.summary)?.[1] ?? '';
    const labels = axis.split(', ');
    assert.equal(labels.length, 2);
    assert.equal(new Set(labels).size, 2, `two distinct labels: ${axis}`);
    assert.match(next.summary, /bar \[7, 0\]/);

    // The CLI without --json shows no chart: its runs read no earlier run for it.
    const quiet = await runMode('backup', settings(), { logger: silentLogger, recentRuns: false });
    const quietOutcome = quiet.outcomes[0]!;
    assert.ok(quietOutcome.backend === 's3' && quietOutcome.mode === 'backup');
    assert.deepEqual(
      quietOutcome.result.recentRuns.map((r) => r.runId),
      [quietOutcome.result.runId],
      'only this run: none before it read',
    );
    assert.doesNotMatch(quiet.summary, /x-axis/);
  });

  it('a backup asked for no recent runs reads no earlier run record', async () => {
    const folders: string[] = [];
    const { store, calls } = await timedDestination(folders);
    try {
      const run = (recentRuns: boolean) =>
        runS3Backup(
          { overlapMs: 0, concurrency: 1, dryRun: false, serverSideCopy: false, retryAttempts: 1, recentRuns },
          { sources: [new S3Source('summary-src', '', s3rver.connection(), 's3rver|summary')], destination: store, logger: silentLogger },
        );
      const first = await run(true);
      const second = await run(true);
      const recordReads = (runId: string) => calls.filter((c) => c.name === 'get' && c.key === `catalog/runs/${runId}.json`).length;
      const readBefore = recordReads(first.runId);
      assert.ok(readBefore > 0, 'with recent runs, the run before is read');
      const third = await run(false);
      assert.equal(third.status, 'complete');
      assert.equal(recordReads(first.runId), readBefore, 'the first run\'s record is not read again');
      assert.deepEqual(third.recentRuns?.map((r) => r.runId), [third.runId]);
      assert.ok(recordReads(second.runId) <= 1, 'the latest run is read once, by the catalogue reads, not for the chart');
    } finally {
      for (const f of folders) await rm(f, { recursive: true, force: true });
    }
  });
});
