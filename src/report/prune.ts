/**
 * What a prune tells the user, for each backend: the job summary section (kept restore points,
 * what went or would go and the bytes freed, what could not be removed and why), the action's
 * outputs and lines for a terminal. Types only from the backends: no orchestrator is imported.
 */
import type { S3PruneResult } from '../backends/s3/results.ts';
import type { SdbPruneResult } from '../backends/simpledb/results.ts';
import type { RetentionPolicy } from '../plan/retention.ts';
import { formatBytes } from './logger.ts';
import { cell, seconds } from './markdown.ts';
import type { BackendReport } from './backend-report.ts';

/** The policy in restic's words: `within 30d, daily 7, monthly 12`. */
export function describeRetention(policy: RetentionPolicy): string {
  const parts: string[] = [];
  if (policy.withinMs !== undefined) {
    const ms = policy.withinMs;
    parts.push(`within ${ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 1000)}s`}`);
  }
  for (const rule of ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const) if (policy[rule]) parts.push(`${rule} ${policy[rule]}`);
  return parts.join(', ') || 'none';
}

/** Kept points outside the window, where an exact restore needs the exact time. */
function keptOutsideWindow(kept: { at: string; runId: string; reasons: string[] }[], windowStart: string): string[] {
  return kept.filter((p) => Date.parse(p.at) < Date.parse(windowStart)).map((p) => `\`${p.at}\` (${p.reasons.join(', ')})`);
}

export function s3PruneSummary(result: S3PruneResult): string {
  const dry = result.status === 'dry-run';
  const t = result.totals;
  const icon = dry ? '📝' : result.status === 'complete' ? '✅' : '⚠️';
  const lines = [
    `## ${icon} pullback S3 prune: ${result.status}${dry ? ' (dry run: nothing was changed)' : ''}`,
    '',
    `Prune \`${result.pruneId}\`, policy ${describeRetention(result.policy)}, took ${seconds(result.durationMs)}.`,
    '',
    `| source | restore points kept | exact from | objects ${dry ? 'to remove' : 'removed'} | bytes ${dry ? 'to free' : 'freed'} | history entries kept | left (locked, failed) |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...result.sources.map((s) => {
      const c = s.counts;
      const objects = dry ? c.objects : s.removedObjects;
      const bytes = dry ? c.bytes : s.freedBytes;
      return `| ${cell(s.id)} | ${c.pointsKept} of ${c.pointsBefore} | ${s.windowStart} | ${objects} | ${formatBytes(bytes)} | ${s.unchanged ? 'unchanged' : `${c.eventsKept} of ${c.eventsBefore}`} | ${s.unremoved} |`;
    }),
    '',
    `Catalogue files the fold replaced: ${t.catalogueFiles} (${formatBytes(t.catalogueBytes)})${dry ? ', to remove' : ''}.`,
  ];
  for (const s of result.sources) {
    const outside = keptOutsideWindow(s.kept, s.windowStart);
    if (outside.length > 0) lines.push('', `\`${cell(s.id)}\`: restores are exact from ${s.windowStart} on, and at these kept points: ${outside.join(', ')}.`);
  }
  if (result.unremoved.length > 0) {
    lines.push('', `### Not removed (the next prune tries again)`, '', '| source | object | why |', '| --- | --- | --- |', ...result.unremoved.map((u) => `| ${cell(u.source)} | ${cell(u.backupKey)} | ${cell(u.reason)} |`));
  }
  if (result.planned.length > 0) {
    lines.push(
      '',
      `<details><summary>${dry ? 'Would remove' : 'Removed'} (first ${result.planned.length} of ${t.objects})</summary>`,
      '',
      '| source | key | modified | size | backup object |',
      '| --- | --- | --- | ---: | --- |',
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.t} | ${formatBytes(p.size)} | ${cell(p.backupKey)} |`),
      '',
      '</details>',
    );
  }
  for (const warning of result.warnings) lines.push('', `> ${cell(warning)}`);
  return lines.join('\n') + '\n';
}

export function reportS3Prune(result: S3PruneResult): BackendReport {
  const t = result.totals;
  const dry = result.status === 'dry-run';
  return {
    summary: s3PruneSummary(result),
    outputs: { 'prune-status': result.status, 'objects-removed': dry ? 0 : t.removedObjects, 'bytes-freed': dry ? 0 : t.freedBytes },
    lines: [
      dry
        ? `S3 prune plan (${describeRetention(result.policy)}): ${t.objects} objects (${formatBytes(t.bytes)}) and ${t.catalogueFiles} catalogue files would go; nothing was changed`
        : `S3 prune ${result.pruneId} ${result.status}: ${t.removedObjects} objects removed, ${formatBytes(t.freedBytes)} freed; ${t.unremoved} left for the next prune`,
      ...result.sources.map((s) => `  ${s.id}: ${s.counts.pointsKept} of ${s.counts.pointsBefore} restore points kept, exact from ${s.windowStart}`),
      ...result.unremoved.slice(0, 20).map((u) => `  not removed: ${u.backupKey} (${u.reason})`),
    ],
    ...(t.failed > 0 ? { failure: `${t.failed} objects of the S3 prune could not be removed (errors, not locks); the next prune tries again` } : {}),
  };
}

export function reportSimpleDbPrune(result: SdbPruneResult): BackendReport {
  const dry = result.status === 'dry-run';
  const t = result.totals;
  const lines = [
    `## ${dry ? '📝' : '✅'} pullback SimpleDB prune: ${result.status}${dry ? ' (dry run: nothing was changed)' : ''}`,
    '',
    `Policy ${describeRetention(result.policy)}, took ${seconds(result.durationMs)}.`,
    '',
    `| domain | restore points kept | exact from | versions ${dry ? 'to remove' : 'removed'} | of | items left with no row | bytes freed |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${d.pointsKept} of ${d.pointsBefore} | ${d.windowStart} | ${d.versionsRemoved} | ${d.versionsBefore} | ${d.itemsGone} | ${dry ? '–' : formatBytes(d.bytesFreed)} |`),
  ];
  for (const d of result.domains) {
    const outside = keptOutsideWindow(d.kept, d.windowStart);
    if (outside.length > 0) lines.push('', `\`${cell(d.domain)}\`: restores are exact from ${d.windowStart} on, and at these kept points: ${outside.join(', ')}.`);
  }
  return {
    summary: lines.join('\n') + '\n',
    outputs: { 'simpledb-prune-status': result.status, 'history-versions-removed': dry ? 0 : t.versionsRemoved },
    lines: [
      `SimpleDB prune ${result.status} (${describeRetention(result.policy)}): ${t.versionsRemoved} of ${t.versionsBefore} history versions ${dry ? 'would go' : `removed (${formatBytes(t.bytesFreed)})`}`,
      ...result.domains.map((d) => `  ${d.domain}: ${d.pointsKept} of ${d.pointsBefore} restore points kept, exact from ${d.windowStart}`),
    ],
  };
}
