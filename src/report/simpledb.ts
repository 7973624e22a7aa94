/**
 * What a SimpleDB backup, restore or verify tells the user: the job summary section, the action's
 * outputs and a line for a terminal. Types only from the backend: no orchestrator is imported.
 */
import type { SdbRestoreResult, SdbVerifyResult, SimpleDbBackupOutcome, SimpleDbBackupResult } from '../backends/simpledb/results.ts';
import { cell, seconds } from './markdown.ts';
import type { BackendReport } from './backend-report.ts';

/** The job summary section of a SimpleDB-to-MySQL backup. */
export function sdbBackupSummary(result: SimpleDbBackupResult, failed: boolean): string {
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(`## 📝 pullback SimpleDB backup plan (dry run: nothing was written)${failed ? ': partial' : ''}`, '');
    lines.push('What a backup would write now, planned against what MySQL holds: no table, runs row or watermark was written.', '');
  } else {
    lines.push(`## ${failed ? '⚠️' : '✅'} pullback SimpleDB backup: ${failed ? 'partial' : 'complete'}`, '');
    lines.push(`Run \`${result.runId}\`. Watermarks are kept in MySQL's runs table.`, '');
  }
  lines.push(`| Domain | Mode | Items read | Versions ${result.dryRun ? 'to write' : 'written'} | Deletions | Unchanged | Watermark after | Time | Error |`);
  lines.push('|---|---|--:|--:|--:|--:|---|--:|---|');
  for (const d of result.domains) {
    lines.push(
      `| \`${cell(d.domain)}\` | ${d.mode} | ${d.itemsRead} | ${d.versionsWritten} | ${d.tombstones} | ${d.unchangedSkipped} | ${d.watermarkAfter ?? '-'} | ${seconds(d.durationMs)} | ${d.error ? cell(d.error) : ''} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export function sdbRestoreSummary(result: SdbRestoreResult): string {
  const lines = [
    `### SimpleDB ${result.status === 'dry-run' ? 'restore plan (dry run: nothing was written)' : `restore ${result.status}`} as of ${result.at}${result.inPlace ? ' (in place)' : ''}`,
    '',
    '| domain | target | items at T | written | already right | deleted | verified | differ |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${cell(d.targetDomain)} | ${d.counts.itemsAtT} | ${d.counts.put} | ${d.counts.unchanged} | ${d.counts.removed} | ${d.counts.verified} | ${d.counts.mismatched} |`),
  ];
  if (result.safetyBackupRunId) lines.push('', `The live items were backed up first (run \`${result.safetyBackupRunId}\`).`);
  const damaged = result.domains.flatMap((d) => d.damaged.map((x) => `- ${cell(d.domain)}: item ${cell(x.item)}: ${cell(x.damage)}`));
  if (damaged.length > 0) lines.push('', `Refused, never written: ${result.totals.damaged} item(s) whose history row is damaged:`, ...damaged);
  return lines.join('\n') + '\n';
}

export function sdbVerifySummary(result: SdbVerifyResult): string {
  const lines = [
    `### SimpleDB verify: ${result.ok ? 'every live item is in the backup' : `${result.differenceCount} differences`}`,
    '',
    '| domain | live items | in backup | not backed up | differ | deleted since |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${d.liveItems} | ${d.backedUp} | ${d.notBackedUp} | ${d.differs} | ${d.deletedSinceBackup} |`),
  ];
  if (result.differences.length > 0) lines.push('', ...result.differences.map((d) => `- ${d.kind}: ${cell(d.detail)}`));
  return lines.join('\n') + '\n';
}

export function reportSimpleDbBackup(result: SimpleDbBackupOutcome): BackendReport {
  const sum = (pick: (d: SimpleDbBackupResult['domains'][number]) => number) => result.domains.reduce((n, d) => n + pick(d), 0);
  const failed = result.failure !== undefined;
  return {
    summary: sdbBackupSummary(result, failed),
    outputs: {
      'simpledb-run-id': result.runId,
      'simpledb-status': result.status,
      'items-read': sum((d) => d.itemsRead),
      'item-versions-written': sum((d) => d.versionsWritten),
      'item-deletions': sum((d) => d.tombstones),
      'simpledb-watermarks': JSON.stringify(result.watermarks),
    },
    lines: [
      result.dryRun
        ? `SimpleDB: plan (dry run) ${failed ? 'partial' : 'complete'}, nothing written: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ` +
          `${sum((d) => d.versionsWritten)} versions, ${sum((d) => d.tombstones)} deletions and ${sum((d) => d.unchangedSkipped)} unchanged would be recorded`
        : `SimpleDB: run ${result.runId} ${result.status}: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ` +
          `${sum((d) => d.versionsWritten)} versions written, ${sum((d) => d.tombstones)} deletions`,
    ],
    ...(result.failure !== undefined ? { failure: result.failure } : {}),
  };
}

export function reportSimpleDbRestore(result: SdbRestoreResult): BackendReport {
  const report: BackendReport = {
    summary: sdbRestoreSummary(result),
    outputs: { 'simpledb-restore-status': result.status },
    lines: [`SimpleDB restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`],
  };
  if (result.status === 'partial') {
    const why = result.domains.flatMap((d) => [
      ...(d.counts.damaged > 0 ? [`${d.domain}: ${d.counts.damaged} item(s) refused for damaged history rows (${d.damaged.map((x) => x.item).join(', ')})`] : []),
      ...(d.counts.mismatched > 0 ? [`${d.domain}: ${d.counts.mismatched} item(s) differ after the restore (run it again to finish)`] : []),
    ]);
    report.failure = `the SimpleDB restore is partial: ${why.join('; ')}`;
  }
  return report;
}

export function reportSimpleDbVerify(result: SdbVerifyResult): BackendReport {
  return {
    summary: sdbVerifySummary(result),
    outputs: {},
    lines: [`SimpleDB verify: ${result.ok ? 'ok' : `${result.differenceCount} differences`}`, ...result.differences.slice(0, 50).map((d) => `  ${JSON.stringify(d)}`)],
    verify: { ok: result.ok, differences: result.differenceCount },
  };
}
