/**
 * What an S3 backup, restore or verify tells the user: the job summary section, the action's
 * outputs and lines for a terminal. Types only from the backend: no orchestrator is imported.
 * Tables stay narrow enough to read without scrolling (long values go to lists under them), a
 * dry run says what it would do, and a list cut at its limit says how much it left out.
 */
import type { BackupResult, RecentRun, RequestCounts, RunRequests, S3BackupOutcome, S3RestoreResult, S3VerifyResult } from '../backends/s3/results.ts';
import { formatBytes } from './logger.ts';
import { cell, seconds } from './markdown.ts';
import type { BackendReport } from './backend-report.ts';
import { count, listTitle, number } from './words.ts';

/** How many failed keys, differences or planned steps a terminal shows (the summary shows more). */
const LINES_LISTED = 20;

/** `1,232 (1.2 GiB)`. */
const withBytes = (n: number, bytes: number) => `${number(n)} (${formatBytes(bytes)})`;

/**
 * Chart labels that tell every run apart: `11-24 16:17`, with seconds, milliseconds and at last
 * the run id's random part added only while two runs would share a label.
 */
export function runLabels(runIds: readonly string[]): string[] {
  const parts = runIds.map((id) => /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-([0-9a-f]+)$/.exec(id));
  const forms: ((p: RegExpExecArray) => string)[] = [
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}.${p[7]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}.${p[7]} ${p[8]}`,
  ];
  for (const form of forms) {
    const labels = parts.map((p, i) => (p ? form(p) : runIds[i]!));
    if (new Set(labels).size === labels.length) return labels;
  }
  return [...runIds];
}

/** Mermaid's xychart: bars of versions copied per run, one bar per run. */
function recentRunsChart(recent: RecentRun[]): string[] {
  const labels = runLabels(recent.map((r) => r.runId)).map((label) => `"${label.replace(/"/g, "'")}"`);
  return ['```mermaid', 'xychart-beta', '  title "Versions copied per run"', `  x-axis [${labels.join(', ')}]`, '  y-axis "versions"', `  bar [${recent.map((r) => r.copied).join(', ')}]`, '```'];
}

const REQUEST_NAMES: Record<keyof RequestCounts, string> = {
  list: 'LIST', get: 'GET', head: 'HEAD', put: 'PUT', copy: 'COPY', part: 'part', multipart: 'multipart control', delete: 'DELETE', other: 'other',
};

const REQUEST_KINDS = Object.keys(REQUEST_NAMES) as (keyof RequestCounts)[];
const totalRequests = (counts: RequestCounts) => REQUEST_KINDS.reduce((sum, kind) => sum + counts[kind], 0);

/** `2,020 GET, 3 LIST` (the kinds sent, most first), or `none`. */
function requestKinds(counts: RequestCounts): string {
  const sent = REQUEST_KINDS.filter((kind) => counts[kind] > 0).sort((a, b) => counts[b] - counts[a]);
  return sent.length === 0 ? 'none' : sent.map((kind) => `${number(counts[kind])} ${REQUEST_NAMES[kind]}`).join(', ');
}

/** The requests a run sent (what a per-request bill charges): `4,051 requests (source: ...; destination: ...)`. */
export function requestsSummary(requests: RunRequests): string {
  const total = totalRequests(requests.source) + totalRequests(requests.destination);
  return `${count(total, 'request')} (source: ${requestKinds(requests.source)}; destination: ${requestKinds(requests.destination)})`;
}

/** The job summary for an S3 backup: readable at a glance, in GitHub-flavoured Markdown. */
export function s3BackupSummary(result: BackupResult, recent: RecentRun[], origins: string): string {
  const dryRun = result.status === 'dry-run';
  const icon = result.status === 'complete' ? '✅' : dryRun ? '📝' : '⚠️';
  const lines: string[] = [];
  lines.push(
    dryRun
      ? `## ${icon} pullback S3 backup plan (dry run: nothing was copied)`
      : result.part
        ? `## ${icon} pullback S3 backup, shard ${result.part.shard} of ${result.part.count}: part ${result.status === 'complete' ? 'written' : 'written, partial'}`
        : `## ${icon} pullback S3 backup: ${result.status}`,
  );
  if (result.part) lines.push('', `Sharded run \`${result.part.name}\`: the commit step joins the parts into run \`${result.runId}\` once every shard has written its own.`);
  lines.push('');
  lines.push(`Run \`${result.runId}\` took ${seconds(result.durationMs)}. Watermark from ${origins}.`);
  const t = result.totals;
  if (result.unfinishedRuns.length > 0) {
    const runs = result.unfinishedRuns.map((id) => `\`${id}\``).join(', ');
    const which = result.unfinishedRuns.length === 1 ? 'an earlier run that did not finish' : 'earlier runs that did not finish';
    lines.push(
      '',
      dryRun
        ? `> Resumes ${which} (${runs}): a backup would reuse the copies found at the destination instead of copying them again.`
        : `> Resumed ${which} (${runs}): ${count(t.reused, 'copy', 'copies')} found at the destination ${t.reused === 1 ? 'was' : 'were'} reused, not copied again.` +
            (result.status === 'complete' ? ' This run settled it: later runs no longer mention it.' : ''),
    );
  }
  lines.push('');
  const reusedColumn = !dryRun && t.reused > 0;
  const head = dryRun
    ? ['Source', 'Keys listed', 'Would copy', 'Deletions to record', 'Unchanged', 'Time']
    : ['Source', 'Keys listed', 'Copied', ...(reusedColumn ? ['Reused'] : []), 'Deletions', 'Unchanged', 'Failed', 'Time'];
  lines.push(`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '--:').join('|')}|`);
  const row = (name: string, c: BackupResult['totals'], durationMs: number) =>
    dryRun
      ? [name, number(c.keys), withBytes(c.copied, c.bytes), number(c.deleted + c.deleteMarkers), number(c.unchanged), seconds(durationMs)]
      : [name, number(c.keys), withBytes(c.copied, c.bytes), ...(reusedColumn ? [number(c.reused)] : []), number(c.deleted + c.deleteMarkers), number(c.unchanged), number(c.failed), seconds(durationMs)];
  for (const s of result.sources) lines.push(`| ${row(`\`${cell(s.id)}\`${s.versioned ? ' (versioned)' : ''}`, s.counts, s.durationMs).join(' | ')} |`);
  if (result.sources.length > 1) lines.push(`| ${row('**Total**', t, result.durationMs).join(' | ')} |`);
  const filtered = filterNote(t);
  if (filtered) lines.push('', `> ${filtered}`);
  if (result.requests) lines.push('', `${dryRun ? 'Planning' : 'The run'} sent ${requestsSummary(result.requests)}${dryRun ? '' : ` and copied ${formatBytes(t.bytes)}`}.`);

  const failures = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${cell(e)}`));
  if (failures.length > 0) {
    lines.push('', `### ${listTitle('Failed keys', failures.length, t.failed)}: retried on the next run`, '', ...failures);
  }
  // Catalogue housekeeping the operator should know about (docs/catalogue.md).
  const notices = result.sources
    .filter((s) => s.stateFallback)
    .map((s) => `- \`${cell(s.id)}\`: the state of run \`${s.stateFallback!.damagedRunId}\` was damaged; compared in full against ${s.stateFallback!.usedRunId ? `run \`${s.stateFallback!.usedRunId}\`` : 'an empty state'} (nothing copied twice): ${cell(s.stateFallback!.reason)}`);
  if (result.cleanup?.aborted) notices.push(`- aborted ${count(result.cleanup.aborted, 'unfinished upload')} left by runs that did not finish`);
  if (result.cleanup?.skipped) notices.push(`- ${cell(result.cleanup.skipped)}`);
  if (notices.length > 0) lines.push('', '### Catalogue', '', ...notices);
  if (recent.length > 1) lines.push('', '### Recent runs', '', ...recentRunsChart(recent));
  lines.push('');
  return lines.join('\n');
}

/** One short table per restore, the targets listed under it, the long lists folded. */
export function s3RestoreSummary(result: S3RestoreResult): string {
  const t = result.totals;
  const dryRun = result.status === 'dry-run';
  const icon = dryRun ? '📝' : result.status === 'complete' ? '✅' : '⚠️';
  const head = dryRun
    ? ['Source', 'At T', 'Would write', 'Would overwrite', 'Already right', 'Would remove']
    : ['Source', 'At T', 'Written', 'Already right', 'Removed', 'Failed'];
  const row = (name: string, c: S3RestoreResult['totals']) => {
    const compare = c.check ? ` (+${number(c.check)} to compare)` : '';
    return dryRun
      ? [name, number(c.keysAtT), number(c.write), `${number(c.overwrite)}${compare}`, number(c.skip), number(c.remove)]
      : [name, number(c.keysAtT), withBytes(c.written, c.bytesWritten), number(c.skip), number(c.removed), number(c.failed)];
  };
  const lines = [
    `### ${icon} ${dryRun ? 'S3 restore plan (dry run: nothing was written)' : `S3 restore ${result.status}`} as of ${result.at}${result.inPlace ? ' (in place)' : ''}`,
    '',
    `| ${head.join(' | ')} |`,
    `|---|${head.slice(1).map(() => '--:').join('|')}|`,
    ...result.sources.map((s) => `| ${row(`\`${cell(s.id)}\``, s.totals).join(' | ')} |`),
    ...(result.sources.length > 1 ? [`| ${row('**Total**', t).join(' | ')} |`] : []),
    '',
    `${dryRun ? 'Into' : 'Restored into'}: ${result.sources.map((s) => `\`${cell(s.id)}\` → ${cell(s.target)}`).join('; ')}.`,
  ];
  if (dryRun && t.bytesToWrite > 0) lines.push(`${formatBytes(t.bytesToWrite)} to write in all.`);
  if (t.uncertain > 0) lines.push(`${count(t.uncertain, 'object')} restored although ${t.uncertain === 1 ? 'it' : 'they'} may have been deleted just before T (listed below).`);
  if (result.safetyBackupRunId) lines.push('', `The live objects were backed up first (run \`${result.safetyBackupRunId}\`): restore to just before now to undo.`);
  for (const warning of result.warnings) lines.push('', `> ${cell(warning)}`);
  const errors = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${cell(e)}`));
  if (errors.length > 0) lines.push('', `#### ${listTitle('Failed', errors.length, t.failed)}: run the restore again to finish`, '', ...errors);
  if (result.uncertainDeletions.length > 0) {
    lines.push(
      '',
      `<details><summary>${listTitle('Objects restored although they may have been deleted before T (deleted between two runs that straddle T)', result.uncertainDeletions.length, t.uncertain)}</summary>`,
      '',
      '| Source | Key | Deleted after | And before |',
      '| --- | --- | --- | --- |',
      ...result.uncertainDeletions.map((u) => `| ${cell(u.source)} | ${cell(u.key)} | ${u.after} | ${u.before} |`),
      '',
      '</details>',
    );
  }
  if (result.planned.length > 0) {
    lines.push(
      '',
      `<details><summary>${listTitle(dryRun ? 'Planned changes' : 'Changes', result.planned.length, result.planned.length + result.plannedLeftOut)}</summary>`,
      '',
      '| Source | Key | Action | Size |',
      '| --- | --- | --- | ---: |',
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.action}${p.uncertain ? ' (uncertain deletion)' : ''} | ${formatBytes(p.size)} |`),
      '',
      '</details>',
    );
  }
  return lines.join('\n') + '\n';
}

export function s3VerifySummary(result: S3VerifyResult): string {
  const of = (part: number, whole: number) => `${number(part)} of ${number(whole)}`;
  const lines = [
    `### ${result.ok ? '✅' : '⚠️'} S3 verify: ${result.ok ? 'the backup is complete and readable' : count(result.differenceCount, 'difference')}`,
    '',
    '| Source | Live versions backed up | Backup objects present | Read back intact |',
    '|---|--:|--:|--:|',
    ...result.sources.map((s) => {
      const live = s.live ? of(s.live.backedUp, s.live.versions) + (s.live.excluded ? ` (${count(s.live.excluded, 'key')} outside the filter, not compared)` : '') : '–';
      const present = of(s.catalogued.objects - s.catalogued.missing - s.catalogued.wrongSize, s.catalogued.objects);
      const read = s.readBack.objects > 0 ? `${of(s.readBack.objects - s.readBack.damaged, s.readBack.objects)} (${formatBytes(s.readBack.bytes)})` : '–';
      return `| \`${cell(s.id)}\` | ${live} | ${present} | ${read} |`;
    }),
  ];
  if (result.differences.length > 0) {
    lines.push(
      '',
      `#### ${listTitle('Differences', result.differences.length, result.differenceCount)}`,
      '',
      '| Kind | Source | Key | Detail |',
      '| --- | --- | --- | --- |',
      ...result.differences.map((d) => `| ${d.kind} | ${cell(d.source)} | ${cell(d.key ?? '')} | ${cell(d.detail)} |`),
    );
  }
  return lines.join('\n') + '\n';
}

function watermarkOrigins(result: BackupResult): string {
  const names = result.sources.map((s) => (s.watermarkOrigin === 'store' ? 'the Actions cache' : s.watermarkOrigin === 'catalogue' ? "the destination's catalogue" : 'nowhere (first run)'));
  return [...new Set(names)].join(', ');
}

/** What a filter left out of a backup, or undefined when it left out nothing. */
function filterNote(t: BackupResult['totals']): string | undefined {
  const parts: string[] = [];
  if (t.excluded > 0) parts.push(`${count(t.excluded, 'key')} listed but outside the filter (their last backed-up state is kept, not recorded as deleted)`);
  if (t.skipped > 0) parts.push(`${count(t.skipped, 'version')} left out by min-size/max-size (recorded as skipped: a restore to their time reports the key instead of restoring an older version)`);
  return parts.length > 0 ? `Filter: ${parts.join('; ')}.` : undefined;
}

/** The terminal's line for a backup: what was done (or would be), with the reused copies. */
function s3BackupLine(result: S3BackupOutcome): string {
  const t = result.totals;
  const deletions = t.deleted + t.deleteMarkers;
  if (result.status === 'dry-run') {
    return (
      `S3: dry run, nothing copied: ${count(t.keys, 'key')} listed; would copy ${count(t.copied, 'version')} (${formatBytes(t.bytes)}) ` +
      `and record ${count(deletions, 'deletion')}; ${number(t.unchanged)} unchanged`
    );
  }
  const reused = t.reused > 0 ? `, ${count(t.reused, 'copy', 'copies')} reused from ${result.unfinishedRuns.length > 0 ? 'an unfinished run' : 'an earlier run'}` : '';
  const what = result.part
    ? `S3: part ${result.part.shard}/${result.part.count} of sharded run ${result.part.name} (run ${result.runId}) written, ${result.status} (committed by the commit step)`
    : `S3: run ${result.runId} ${result.status}`;
  return (
    `${what}: ${count(t.keys, 'key')} listed, ${count(t.copied, 'version')} copied (${formatBytes(t.bytes)})${reused}, ` +
    `${count(deletions, 'deletion')} recorded, ${number(t.unchanged)} unchanged, ${number(t.failed)} failed` +
    (t.excluded + t.skipped > 0 ? `; filter: ${count(t.excluded, 'key')} left out, ${count(t.skipped, 'version')} skipped by size` : '')
  );
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
      'watermark-before': result.watermarksBefore,
      'watermark-after': result.watermarksAfter,
    },
    lines: [s3BackupLine(result), ...(result.requests ? [`S3: ${requestsSummary(result.requests)}`] : [])],
    ...(result.status === 'partial' && t.failed === 0 && result.sources.some((s) => s.stoppedBefore !== undefined)
      ? { failure: 'the time budget (max-duration) was spent before every key was looked at: the next run goes on from where this one stopped (the watermark did not move)', partial: true as const }
      : result.status === 'partial'
      ? { failure: `${count(t.failed, 'S3 key')} failed to copy; ${t.failed === 1 ? 'it is' : 'they are'} retried on the next run (the watermark did not move)`, partial: true as const }
      : {}),
  };
}

/** The terminal's lines for a restore: the counts, the failures, and in a dry run the first planned keys. */
function s3RestoreLines(result: S3RestoreResult): string[] {
  const t = result.totals;
  const lines: string[] = [];
  if (result.status === 'dry-run') {
    lines.push(
      `S3 restore plan as of ${result.at} (dry run, nothing written): ${count(t.keysAtT, 'object')} at T; would write ${number(t.write)} (${formatBytes(t.bytesToWrite)}), ` +
        `overwrite ${number(t.overwrite)}, compare ${number(t.check)}, remove ${number(t.remove)}; ${number(t.skip)} already right`,
    );
    const shown = result.planned.slice(0, LINES_LISTED);
    const several = result.sources.length > 1;
    for (const p of shown) lines.push(`  ${p.action.padEnd(9)} ${p.key}  (${formatBytes(p.size)})${several ? `  [${p.source}]` : ''}`);
    const more = result.planned.length + result.plannedLeftOut - shown.length;
    if (more > 0) lines.push(`  ... and ${count(more, 'more change')} (--json lists the first ${number(result.planned.length)})`);
  } else {
    lines.push(
      `S3 restore as of ${result.at}: ${result.status}: ${count(t.keysAtT, 'object')} at T, ${number(t.written)} written (${formatBytes(t.bytesWritten)}), ` +
        `${number(t.skip)} already right, ${number(t.removed)} removed, ${number(t.failed)} failed`,
    );
    const errors = result.sources.flatMap((s) => s.errors.map((e) => `  ${s.id}: ${e}`));
    lines.push(...errors.slice(0, LINES_LISTED));
    if (t.failed > Math.min(errors.length, LINES_LISTED)) lines.push(`  (${listTitle('failures listed', Math.min(errors.length, LINES_LISTED), t.failed)})`);
  }
  return lines;
}

export function reportS3Restore(result: S3RestoreResult): BackendReport {
  return {
    summary: s3RestoreSummary(result),
    outputs: { 'restore-status': result.status, 'objects-restored': result.totals.written },
    lines: s3RestoreLines(result),
    ...(result.status === 'partial' ? { failure: `the S3 restore is partial (${count(result.totals.failed, 'object')} failed): run it again to finish`, partial: true as const } : {}),
  };
}

export function reportS3Verify(result: S3VerifyResult): BackendReport {
  const shown = result.differences.slice(0, LINES_LISTED);
  const lines = [`S3 verify: ${result.ok ? 'ok' : count(result.differenceCount, 'difference')}`, ...shown.map((d) => `  ${d.kind} ${d.source}${d.key !== undefined ? ` ${d.key}` : ''}: ${d.detail}`)];
  if (result.differenceCount > shown.length) lines.push(`  (${listTitle('differences listed', shown.length, result.differenceCount)}; --json lists ${number(result.differences.length)})`);
  return {
    summary: s3VerifySummary(result),
    outputs: {},
    lines,
    verify: { ok: result.ok, differences: result.differenceCount },
  };
}

export type { RecentRun };
