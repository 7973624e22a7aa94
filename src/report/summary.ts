import type { SimpleDbBackupResult } from '../backends/simpledb/backup.ts';
import type { BackupResult } from '../backends/s3/backup.ts';
import { formatBytes } from './logger.ts';

/** One past run, for the chart of recent runs. */
export interface RecentRun {
  runId: string;
  copied: number;
  bytes: number;
  deletions: number;
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The job summary for an S3 backup: readable at a glance, in GitHub-flavoured Markdown. */
export function s3BackupSummary(result: BackupResult, recent: RecentRun[], watermarkOrigins: string): string {
  const icon = result.status === 'complete' ? '✅' : result.status === 'dry-run' ? '📝' : '⚠️';
  const lines: string[] = [];
  lines.push(`## ${icon} pullback S3 backup: ${result.status}`);
  lines.push('');
  lines.push(`Run \`${result.runId}\` took ${seconds(result.durationMs)}. Watermark from ${watermarkOrigins}.`);
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
