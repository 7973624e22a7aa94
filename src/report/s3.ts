/**
 * What an S3 backup, restore or verify tells the user: the job summary section, the action's
 * outputs and a line for a terminal. Types only from the backend: no orchestrator is imported.
 */
import type { BackupResult, RecentRun, S3BackupOutcome, S3RestoreResult, S3VerifyResult } from '../backends/s3/results.ts';
import { formatBytes } from './logger.ts';
import { cell, seconds } from './markdown.ts';
import type { BackendReport } from './backend-report.ts';

/** The job summary for an S3 backup: readable at a glance, in GitHub-flavoured Markdown. */
export function s3BackupSummary(result: BackupResult, recent: RecentRun[], origins: string): string {
  const icon = result.status === 'complete' ? '✅' : result.status === 'dry-run' ? '📝' : '⚠️';
  const lines: string[] = [];
  lines.push(`## ${icon} pullback S3 backup: ${result.status}`);
  lines.push('');
  lines.push(`Run \`${result.runId}\` took ${seconds(result.durationMs)}. Watermark from ${origins}.`);
  lines.push('');
  lines.push('| Source | Scanned | Copied | Bytes | Deleted | Unchanged | Failed | Time |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const s of result.sources) {
    const c = s.counts;
    lines.push(
      `| \`${cell(s.id)}\`${s.versioned ? ' (versioned)' : ''} | ${c.keys} | ${c.copied} | ${formatBytes(c.bytes)} | ${c.deleted + c.deleteMarkers} | ${c.unchanged} | ${c.failed} | ${seconds(s.durationMs)} |`,
    );
  }
  const t = result.totals;
  if (result.sources.length > 1) {
    lines.push(`| **Total** | ${t.keys} | ${t.copied} | ${formatBytes(t.bytes)} | ${t.deleted + t.deleteMarkers} | ${t.unchanged} | ${t.failed} | ${seconds(result.durationMs)} |`);
  }
  const failures = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${e}`));
  if (failures.length > 0) {
    lines.push('', '### Failed keys (retried on the next run)', '', ...failures.slice(0, 20));
  }
  // Catalogue housekeeping the operator should know about (docs/catalogue.md).
  const notices = result.sources
    .filter((s) => s.stateFallback)
    .map((s) => `- \`${cell(s.id)}\`: the state of run \`${s.stateFallback!.damagedRunId}\` was damaged; compared in full against ${s.stateFallback!.usedRunId ? `run \`${s.stateFallback!.usedRunId}\`` : 'an empty state'} (nothing copied twice): ${cell(s.stateFallback!.reason)}`);
  if (result.cleanup?.aborted) notices.push(`- aborted ${result.cleanup.aborted} unfinished uploads left by runs that did not finish`);
  if (result.cleanup?.skipped) notices.push(`- ${cell(result.cleanup.skipped)}`);
  if (notices.length > 0) lines.push('', '### Catalogue', '', ...notices);
  if (recent.length > 1) {
    const labels = recent.map((r) => `"${r.runId.slice(4, 8)} ${r.runId.slice(9, 13)}"`);
    lines.push('', '### Recent runs', '', '```mermaid', 'xychart-beta', '  title "Versions copied per run"', `  x-axis [${labels.join(', ')}]`, '  y-axis "versions"', `  bar [${recent.map((r) => r.copied).join(', ')}]`, '```');
  }
  lines.push('');
  return lines.join('\n');
}

export function s3RestoreSummary(result: S3RestoreResult): string {
  const t = result.totals;
  const lines = [
    `### ${result.status === 'dry-run' ? 'Restore plan (dry run: nothing was written)' : `Restore ${result.status}`} as of ${result.at}${result.inPlace ? ' (in place)' : ''}`,
    '',
    '| source | target | at T | write | overwrite | already right | remove | uncertain | failed | bytes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.sources.map((s) => {
      const c = s.totals;
      return `| ${cell(s.id)} | ${cell(s.target)} | ${c.keysAtT} | ${c.write} | ${c.overwrite}${c.check ? ` (+${c.check} to compare)` : ''} | ${c.skip} | ${c.remove} | ${c.uncertain} | ${c.failed} | ${formatBytes(result.status === 'dry-run' ? c.bytesToWrite : c.bytesWritten)} |`;
    }),
    `| **total** | | ${t.keysAtT} | ${t.write} | ${t.overwrite} | ${t.skip} | ${t.remove} | ${t.uncertain} | ${t.failed} | ${formatBytes(result.status === 'dry-run' ? t.bytesToWrite : t.bytesWritten)} |`,
  ];
  if (result.safetyBackupRunId) lines.push('', `The live objects were backed up first (run \`${result.safetyBackupRunId}\`): restore to just before now to undo.`);
  for (const warning of result.warnings) lines.push('', `> ${cell(warning)}`);
  if (result.uncertainDeletions.length > 0) {
    lines.push(
      '',
      `<details><summary>${t.uncertain} objects restored although they may have been deleted before T (deleted between two runs that straddle T)</summary>`,
      '',
      '| source | key | deleted after | and before |',
      '| --- | --- | --- | --- |',
      ...result.uncertainDeletions.map((u) => `| ${cell(u.source)} | ${cell(u.key)} | ${u.after} | ${u.before} |`),
      '',
      '</details>',
    );
  }
  if (result.planned.length > 0) {
    lines.push(
      '',
      `<details><summary>${result.status === 'dry-run' ? 'Planned changes' : 'Changes'} (first ${result.planned.length})</summary>`,
      '',
      '| source | key | action | size |',
      '| --- | --- | --- | ---: |',
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.action}${p.uncertain ? ' (uncertain deletion)' : ''} | ${formatBytes(p.size)} |`),
      '',
      '</details>',
    );
  }
  return lines.join('\n') + '\n';
}

export function s3VerifySummary(result: S3VerifyResult): string {
  const lines = [
    `### Verify: ${result.ok ? 'the backup is complete and readable' : `${result.differenceCount} differences`}`,
    '',
    '| source | live versions | in backup | not backed up | catalogued objects | missing | wrong size | read back | damaged |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.sources.map(
      (s) =>
        `| ${cell(s.id)} | ${s.live?.versions ?? '–'} | ${s.live?.backedUp ?? '–'} | ${s.live?.notBackedUp ?? '–'} | ${s.catalogued.objects} | ${s.catalogued.missing} | ${s.catalogued.wrongSize} | ${s.readBack.objects} (${formatBytes(s.readBack.bytes)}) | ${s.readBack.damaged} |`,
    ),
  ];
  if (result.differences.length > 0) {
    lines.push('', '| kind | source | key | detail |', '| --- | --- | --- | --- |', ...result.differences.map((d) => `| ${d.kind} | ${cell(d.source)} | ${cell(d.key ?? '')} | ${cell(d.detail)} |`));
  }
  return lines.join('\n') + '\n';
}

function watermarkOrigins(result: BackupResult): string {
  const names = result.sources.map((s) => (s.watermarkOrigin === 'store' ? 'the Actions cache' : s.watermarkOrigin === 'catalogue' ? "the destination's catalogue" : 'nowhere (first run)'));
  return [...new Set(names)].join(', ');
}

export function reportS3Backup(result: S3BackupOutcome): BackendReport {
  const t = result.totals;
  return {
    summary: s3BackupSummary(result, result.recentRuns, watermarkOrigins(result)),
    outputs: {
      'run-id': result.runId,
      status: result.status,
      'objects-scanned': t.keys,
      'objects-copied': t.copied,
      'bytes-copied': t.bytes,
      deletions: t.deleted + t.deleteMarkers,
      failed: t.failed,
      'watermark-before': JSON.stringify(result.watermarksBefore),
      'watermark-after': JSON.stringify(result.watermarksAfter),
    },
    lines: [
      `S3: run ${result.runId} ${result.status}: ${t.keys} keys scanned, ${t.copied} versions copied (${t.bytes} bytes), ${t.deleted + t.deleteMarkers} deletions recorded, ${t.unchanged} unchanged, ${t.failed} failed`,
    ],
    ...(result.status === 'partial' ? { failure: `${t.failed} S3 keys failed to copy; they are retried on the next run (the watermark did not move)` } : {}),
  };
}

export function reportS3Restore(result: S3RestoreResult): BackendReport {
  return {
    summary: s3RestoreSummary(result),
    outputs: { 'restore-status': result.status, 'objects-restored': result.totals.written },
    lines: [`S3 restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`],
    ...(result.status === 'partial' ? { failure: 'the S3 restore is partial: run it again to finish' } : {}),
  };
}

export function reportS3Verify(result: S3VerifyResult): BackendReport {
  return {
    summary: s3VerifySummary(result),
    outputs: {},
    lines: [`S3 verify: ${result.ok ? 'ok' : `${result.differenceCount} differences`}`, ...result.differences.slice(0, 50).map((d) => `  ${JSON.stringify(d)}`)],
    verify: { ok: result.ok, differences: result.differenceCount },
  };
}

export type { RecentRun };
