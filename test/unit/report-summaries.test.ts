/**
 * The job summaries and terminal lines tell the truth (src/report/): chart labels that never
 * collapse two runs, a resumed run's reused copies shown, dry runs in the conditional, plurals
 * right, narrow restore tables, and every list cut at its limit saying so. Pure rendering of typed
 * results built here; the int and e2e tests render results of real runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCounts, type SourceCounts } from '../../src/backends/s3/catalog/records.ts';
import type { RecentRun, S3BackupOutcome, S3RestoreResult, S3VerifyResult } from '../../src/backends/s3/results.ts';
import type { SdbRestoreResult, SimpleDbBackupOutcome } from '../../src/backends/simpledb/results.ts';
import { reportS3Backup, reportS3Restore, reportS3Verify, runLabels, s3BackupSummary, s3RestoreSummary, s3VerifySummary } from '../../src/report/s3.ts';
import { reportSimpleDbBackup, reportSimpleDbRestore, sdbRestoreSummary } from '../../src/report/simpledb.ts';
import { reportRun } from '../../src/report/run-report.ts';
import { emptyRestoreCounts } from '../../src/backends/s3/plan/restore-plan.ts';
import type { RestoreTotals } from '../../src/backends/s3/types.ts';

function counts(values: Partial<SourceCounts>): SourceCounts {
  return { ...emptyCounts(), ...values };
}

function backup(values: Partial<S3BackupOutcome> & { totals: SourceCounts }): S3BackupOutcome {
  return {
    runId: '20261124T161758.123Z-a1b2c3',
    status: 'complete',
    sources: [{ id: 's3://photos/', versioned: false, counts: values.totals, durationMs: 1200, watermarkOrigin: 'catalogue', complete: true, errors: [] }],
    watermarksBefore: { 's3://photos/': '2026-11-24T15:00:00.000Z' },
    watermarksAfter: { 's3://photos/': '2026-11-24T16:17:58.000Z' },
    durationMs: 1500,
    unfinishedRuns: [],
    recentRuns: [],
    ...values,
  };
}

function restoreTotals(values: Partial<RestoreTotals>): RestoreTotals {
  return { ...emptyRestoreCounts(), written: 0, bytesWritten: 0, compared: 0, removed: 0, failed: 0, checkedBySizeOnly: 0, excluded: 0, ...values };
}

function restore(values: Partial<S3RestoreResult> & { totals: RestoreTotals }): S3RestoreResult {
  return {
    status: 'complete',
    at: '2026-11-24T16:00:00.000Z',
    inPlace: false,
    sources: [{ id: 's3://a-rather-long-bucket-name-for-photos/', target: 's3://restore-scratch-bucket/restored/20261124T160000.000Z/a-rather-long-bucket-name-for-photos/', totals: values.totals, errors: [] }],
    uncertainDeletions: [],
    planned: [],
    plannedLeftOut: 0,
    checkedBySizeOnly: [],
    warnings: [],
    durationMs: 900,
    ...values,
  };
}

/** The widest row of a Markdown table, in characters of its cells' text. */
function tableColumns(markdown: string): number {
  return Math.max(...markdown.split('\n').filter((l) => l.startsWith('|')).map((l) => l.split(/(?<!\\)\|/).length - 2));
}

describe('S3 backup summary', () => {
  it('chart labels tell apart runs in the same minute (MMDD HHMM used to collapse them)', () => {
    const recent: RecentRun[] = ['20261124T161701.000Z-aaaaaa', '20261124T161759.500Z-bbbbbb', '20261124T170000.000Z-cccccc'].map((runId, i) => ({ runId, copied: i + 1, bytes: 0, deletions: 0 }));
    const summary = s3BackupSummary(backup({ totals: counts({ keys: 1 }) }), recent, 'the catalogue');
    const axis = /x-axis \[(.*)\]/.exec(summary)?.[1];
    assert.equal(axis, '"11-24 16:17:01", "11-24 16:17:59", "11-24 17:00:00"');
    assert.deepEqual(runLabels(['20261124T161700.000Z-aaaaaa', '20261124T161700.000Z-bbbbbb']), ['11-24 16:17:00.000 aaaaaa', '11-24 16:17:00.000 bbbbbb']);
    assert.deepEqual(runLabels(['20261124T161700.000Z-aaaaaa', '20261125T090000.000Z-bbbbbb']), ['11-24 16:17', '11-25 09:00']);
  });

  it('a run that resumed an unfinished one shows the copies it reused (not "Copied 1,232 of 5,000, Unchanged 0")', () => {
    const result = backup({ totals: counts({ keys: 5000, versionsListed: 5000, copied: 1232, reused: 3768, bytes: 1232 * 1024 }), unfinishedRuns: ['20261124T150000.000Z-dddddd'] });
    const summary = s3BackupSummary(result, [], "the destination's catalogue");
    assert.match(summary, /> Resumed an earlier run that did not finish \(`20261124T150000.000Z-dddddd`\): 3,768 copies found at the destination were reused, not copied again\. This run settled it/);
    assert.match(summary, /\| Source \| Keys listed \| Copied \| Reused \| Deletions \| Unchanged \| Failed \| Time \|/);
    assert.match(summary, /\| `s3:\/\/photos\/` \| 5,000 \| 1,232 \(1\.2 MiB\) \| 3,768 \| 0 \| 0 \| 0 \| 1\.2 s \|/);
    assert.match(reportS3Backup(result).lines[0]!, /5,000 keys listed, 1,232 versions copied \(1\.2 MiB\), 3,768 copies reused from an unfinished run,/);
  });

  it('a later run without unfinished runs says nothing about them, and has no Reused column', () => {
    const summary = s3BackupSummary(backup({ totals: counts({ keys: 5000, unchanged: 5000 }) }), [], 'the catalogue');
    assert.doesNotMatch(summary, /did not finish|Reused|reused/);
  });

  it('a dry run says what it would copy, never that it copied', () => {
    const result = backup({ status: 'dry-run', totals: counts({ keys: 3, copied: 1, bytes: 10 }) });
    const summary = s3BackupSummary(result, [], 'the catalogue');
    assert.match(summary, /^## 📝 pullback S3 backup plan \(dry run: nothing was copied\)/);
    assert.match(summary, /\| Source \| Keys listed \| Would copy \| Deletions to record \| Unchanged \| Time \|/);
    assert.doesNotMatch(summary, /\| Copied \|/);
    assert.equal(reportS3Backup(result).lines[0], 'S3: dry run, nothing copied: 3 keys listed; would copy 1 version (10 B) and record 0 deletions; 0 unchanged');
  });

  it('the requests a run sent, by kind, in the job summary and on the terminal (issue 11)', () => {
    const none = { list: 0, get: 0, head: 0, put: 0, copy: 0, part: 0, multipart: 0, delete: 0, other: 0 };
    const requests = { source: { ...none, list: 3, get: 2020, other: 1 }, destination: { ...none, put: 2024, head: 2, list: 1 } };
    const result = backup({ totals: counts({ keys: 2020, copied: 2020, bytes: 2048 }), requests });
    assert.match(s3BackupSummary(result, [], 'the catalogue'), /The run sent 4,051 requests \(source: 2,020 GET, 3 LIST, 1 other; destination: 2,024 PUT, 2 HEAD, 1 LIST\) and copied 2\.0 KiB\./);
    assert.equal(reportS3Backup(result).lines[1], 'S3: 4,051 requests (source: 2,020 GET, 3 LIST, 1 other; destination: 2,024 PUT, 2 HEAD, 1 LIST)');
    assert.match(s3BackupSummary(backup({ totals: counts({}), requests: { source: none, destination: none } }), [], 'x'), /The run sent 0 requests \(source: none; destination: none\) and copied 0 B\./);
    assert.equal(reportS3Backup(backup({ totals: counts({}) })).lines.length, 1, 'no line where nothing counted');
  });

  it('plurals: 1 version, 1 deletion, 1 key; and thousands separated', () => {
    const line = reportS3Backup(backup({ totals: counts({ keys: 1, copied: 1, bytes: 1, deleted: 1 }) })).lines[0]!;
    assert.match(line, /: 1 key listed, 1 version copied \(1 B\), 1 deletion recorded, 0 unchanged, 0 failed$/);
    assert.match(reportS3Backup(backup({ totals: counts({ keys: 12345 }) })).lines[0]!, /12,345 keys listed/);
  });

  it('failed keys cut at 20 say how many there were', () => {
    const errors = Array.from({ length: 20 }, (_, i) => `k${i}: boom`);
    const result = backup({ status: 'partial', totals: counts({ keys: 345, failed: 345 }) });
    result.sources[0]!.errors = errors;
    const summary = s3BackupSummary(result, [], 'the catalogue');
    assert.match(summary, /### Failed keys \(first 20 of 345\): retried on the next run/);
    const report = reportS3Backup(result);
    assert.equal(report.partial, true);
    assert.match(report.failure!, /^345 S3 keys failed to copy; they are retried/);
  });

  it('outputs keep the watermarks as objects (the action writes them as JSON text, --json keeps them objects)', () => {
    const outputs = reportS3Backup(backup({ totals: counts({}) })).outputs;
    assert.deepEqual(outputs['watermark-after'], { 's3://photos/': '2026-11-24T16:17:58.000Z' });
  });
});

describe('S3 restore summary', () => {
  it('a narrow table (at most 6 columns), the targets listed under it', () => {
    const totals = restoreTotals({ keysAtT: 5000, write: 1200, skip: 3800, written: 1200, bytesWritten: 1024 ** 3 });
    const summary = s3RestoreSummary(restore({ totals }));
    assert.ok(tableColumns(summary.split('<details>')[0]!) <= 6, summary);
    assert.match(summary, /\| Source \| At T \| Written \| Already right \| Removed \| Failed \|/);
    assert.match(summary, /\| `s3:\/\/a-rather-long-bucket-name-for-photos\/` \| 5,000 \| 1,200 \(1\.0 GiB\) \| 3,800 \| 0 \| 0 \|/);
    assert.match(summary, /Restored into: `s3:\/\/a-rather-long-bucket-name-for-photos\/` → s3:\/\/restore-scratch-bucket\/restored\//);
  });

  it('a dry run: would write, would overwrite (with those to compare), would remove; planned changes cut with the count', () => {
    const totals = restoreTotals({ keysAtT: 5432, write: 5000, overwrite: 300, check: 32, skip: 100, bytesToWrite: 2048 });
    const planned = Array.from({ length: 100 }, (_, i) => ({ source: 's3://a-rather-long-bucket-name-for-photos/', key: `k${i}`, action: 'write' as const, size: 1 }));
    const result = restore({ status: 'dry-run', totals, planned, plannedLeftOut: 5232 });
    const summary = s3RestoreSummary(result);
    assert.match(summary, /S3 restore plan \(dry run: nothing was written\)/);
    assert.match(summary, /\| Source \| At T \| Would write \| Would overwrite \| Already right \| Would remove \|/);
    assert.match(summary, /\| 5,432 \| 5,000 \| 300 \(\+32 to compare\) \| 100 \| 0 \|/);
    assert.match(summary, /<summary>Planned changes \(first 100 of 5,332\)<\/summary>/);
    const lines = reportS3Restore(result).lines;
    assert.equal(lines.length, 1 + 20 + 1);
    assert.match(lines[1]!, /^ {2}write +k0 {2}\(1 B\)$/);
    assert.equal(lines[21], '  ... and 5,312 more changes (--json lists the first 100)');
  });

  it('uncertain deletions and failures say how many when cut', () => {
    const totals = restoreTotals({ keysAtT: 10, uncertain: 250, failed: 42 });
    const result = restore({ status: 'partial', totals, uncertainDeletions: [{ source: 's3://x/', key: 'a', after: 't1', before: 't2' }] });
    result.sources[0]!.errors = ['a: boom'];
    const summary = s3RestoreSummary(result);
    assert.match(summary, /\(first 1 of 250\)<\/summary>/);
    assert.match(summary, /#### Failed \(first 1 of 42\): run the restore again to finish/);
    assert.equal(reportS3Restore(result).partial, true);
  });
});

describe('S3 verify summary', () => {
  const result: S3VerifyResult = {
    ok: false,
    sources: [{ id: 's3://photos/', live: { lastRunId: 'r', keys: 10, versions: 10, backedUp: 9, notBackedUp: 1, deletedSinceBackup: 0 }, catalogued: { objects: 10, present: 10, missing: 0, wrongSize: 0, bytes: 0 }, readBack: { objects: 0, bytes: 0, damaged: 0, unchecked: 0 } }],
    differences: [{ kind: 'not-backed-up', source: 's3://photos/', key: 'new.txt', detail: 'after the last run' }],
    differenceCount: 1,
    readData: { kind: 'none' },
    durationMs: 1,
  };

  it('"1 difference", a four-column table, and the list labelled when cut', () => {
    const summary = s3VerifySummary(result);
    assert.match(summary, /S3 verify: 1 difference$/m);
    assert.match(summary, /\| `s3:\/\/photos\/` \| 9 of 10 \| 10 of 10 \| – \|/);
    assert.equal(reportS3Verify(result).lines[0], 'S3 verify: 1 difference');
    const many = s3VerifySummary({ ...result, differenceCount: 1234 });
    assert.match(many, /#### Differences \(first 1 of 1,234\)/);
    const run = reportRun('verify', [{ backend: 's3', mode: 'verify', result }]);
    assert.equal(run.failure, 'verify found 1 difference between the sources and the backup');
    assert.equal(run.status, 'failed');
    assert.equal(run.outputs['verify-ok'], false);
  });
});

describe('SimpleDB summaries', () => {
  it('a dry-run backup says would; outputs keep watermarks as objects; a failed domain is a partial run', () => {
    const result: SimpleDbBackupOutcome = {
      runId: 'r1',
      dryRun: false,
      startedAt: '',
      finishedAt: '',
      domains: [
        { domain: 'users', mode: 'incremental', itemsRead: 1, deleteLogEntriesRead: 0, versionsWritten: 1, tombstones: 1, unchangedSkipped: 0, tombstonesSkipped: 0, watermarkBefore: undefined, watermarkAfter: '2026-11-24T16:00:00.000Z', durationMs: 5, tables: { current: 'a', history: 'b', versions: 'c' } },
        { domain: 'orders', mode: 'full', itemsRead: 0, deleteLogEntriesRead: 0, versionsWritten: 0, tombstones: 0, unchangedSkipped: 0, tombstonesSkipped: 0, watermarkBefore: undefined, watermarkAfter: undefined, durationMs: 5, tables: { current: 'a', history: 'b', versions: 'c' }, error: 'connection lost' },
      ],
      watermarks: { 'sdb:users': '2026-11-24T16:00:00.000Z' },
      status: 'partial',
      failure: 'SimpleDB backup failed for 1 domain(s)',
    };
    const report = reportSimpleDbBackup(result);
    assert.match(report.lines[0]!, /2 domains, 1 item read, 1 version written, 1 deletion$/);
    assert.deepEqual(report.outputs['simpledb-watermarks'], { 'sdb:users': '2026-11-24T16:00:00.000Z' });
    assert.equal(report.partial, true);
    assert.match(report.summary, /### 1 domain failed: its watermark did not move/);
    const { failure: _failure, ...planned } = result;
    const plan = reportSimpleDbBackup({ ...planned, dryRun: true, status: 'dry-run', domains: [result.domains[0]!] });
    assert.match(plan.lines[0]!, /^SimpleDB: dry run, nothing written: 1 domain, 1 item read; would record 1 version and 1 deletion; 0 unchanged$/);
    assert.match(plan.summary, /\| Domain \| Mode \| Items read \| Would write \| Deletions to record \|/);
    assert.equal(reportRun('backup', [{ backend: 'simpledb', mode: 'backup', result }]).status, 'partial');
  });

  it('a restore dry run lists the planned items, cut with the count; the table fits', () => {
    const result: SdbRestoreResult = {
      status: 'dry-run',
      at: '2026-11-24T16:00:00.000Z',
      inPlace: false,
      domains: [
        {
          domain: 'users',
          targetDomain: 'users-restored-20261124T160000Z',
          live: false,
          counts: { itemsAtT: 130, put: 125, unchanged: 5, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, damaged: 0, batchCalls: 0 },
          mismatches: [],
          damaged: [],
          planned: Array.from({ length: 100 }, (_, i) => ({ item: `u${i}`, action: 'put' as const })),
          plannedLeftOut: 25,
        },
      ],
      totals: { itemsAtT: 130, put: 125, unchanged: 5, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, damaged: 0, batchCalls: 0 },
      durationMs: 1,
    };
    const summary = sdbRestoreSummary(result);
    assert.ok(tableColumns(summary.split('<details>')[0]!) <= 7);
    assert.match(summary, /\| Domain \| Items at T \| Would write \| Already right \| Would delete \|/);
    assert.match(summary, /Planned changes \(first 100 of 125\)/);
    const lines = reportSimpleDbRestore(result).lines;
    assert.match(lines[0]!, /130 items at T; would write 125 and delete 0; 5 already right$/);
    assert.equal(lines[1], '  put       users: u0');
    assert.equal(lines.at(-1), '  ... and 105 more changes (--json lists the first 100)');
  });
});

describe('what a filter left out is in the summary and the line', () => {
  it('a backup names the keys outside the filter and the versions skipped by size, and says neither was recorded as deleted', () => {
    const result = backup({ totals: counts({ keys: 10, copied: 6, excluded: 3, skipped: 1 }) });
    const summary = s3BackupSummary(result, [], 'the catalogue');
    assert.match(summary, /Filter: 3 keys listed but outside the filter \(their last backed-up state is kept, not recorded as deleted\); 1 version left out by min-size\/max-size/);
    assert.match(reportS3Backup(result).lines.join('\n'), /filter: 3 keys left out, 1 version skipped by size/);
  });
  it('a backup without a filter says nothing of one', () => {
    assert.doesNotMatch(s3BackupSummary(backup({ totals: counts({ keys: 10, copied: 6 }) }), [], 'the catalogue'), /Filter/);
  });
});
