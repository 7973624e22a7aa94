/**
 * What a SimpleDB backup, restore or verify tells the user: the job summary section, the action's
 * outputs and lines for a terminal. Types only from the backend: no orchestrator is imported.
 * Tables stay narrow (long values go to lists under them), a dry run says what it would do, and a
 * list cut at its limit says how much it left out.
 */
import type { SdbRestoreResult, SdbVerifyResult, SimpleDbBackupOutcome, SimpleDbBackupResult } from '../backends/simpledb/results.ts';
import { cell, seconds } from './markdown.ts';
import type { BackendReport } from './backend-report.ts';
import { count, listTitle, number } from './words.ts';

/** How many planned items or differences a terminal shows. */
const LINES_LISTED = 20;

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
  const head = ['Domain', 'Mode', 'Items read', result.dryRun ? 'Would write' : 'Versions written', result.dryRun ? 'Deletions to record' : 'Deletions', 'Unchanged', 'Time'];
  lines.push(`| ${head.join(' | ')} |`, '|---|---|--:|--:|--:|--:|--:|');
  for (const d of result.domains) {
    lines.push(`| \`${cell(d.domain)}\`${d.error ? ' ⚠️' : ''} | ${d.mode} | ${number(d.itemsRead)} | ${number(d.versionsWritten)} | ${number(d.tombstones)} | ${number(d.unchangedSkipped)} | ${seconds(d.durationMs)} |`);
  }
  const errors = result.domains.filter((d) => d.error).map((d) => `- \`${cell(d.domain)}\`: ${cell(d.error!)}`);
  if (errors.length > 0) lines.push('', `### ${count(errors.length, 'domain')} failed: ${errors.length === 1 ? 'its watermark' : 'their watermarks'} did not move, the next run redoes ${errors.length === 1 ? 'it' : 'them'}`, '', ...errors);
  const marks = result.domains.filter((d) => d.watermarkAfter);
  if (!result.dryRun && marks.length > 0) {
    lines.push('', '<details><summary>Watermarks after the run</summary>', '', ...marks.map((d) => `- \`${cell(d.domain)}\`: ${d.watermarkAfter}`), '', '</details>');
  }
  lines.push('');
  return lines.join('\n');
}

export function sdbRestoreSummary(result: SdbRestoreResult): string {
  const dryRun = result.status === 'dry-run';
  const icon = dryRun ? '📝' : result.status === 'complete' ? '✅' : '⚠️';
  const head = dryRun ? ['Domain', 'Items at T', 'Would write', 'Already right', 'Would delete'] : ['Domain', 'Items at T', 'Written', 'Already right', 'Deleted', 'Verified', 'Differ'];
  const lines = [
    `### ${icon} SimpleDB ${dryRun ? 'restore plan (dry run: nothing was written)' : `restore ${result.status}`} as of ${result.at}${result.inPlace ? ' (in place)' : ''}`,
    '',
    `| ${head.join(' | ')} |`,
    `|---|${head.slice(1).map(() => '--:').join('|')}|`,
    ...result.domains.map((d) => {
      const c = d.counts;
      const cells = dryRun
        ? [`\`${cell(d.domain)}\``, number(c.itemsAtT), number(c.put), number(c.unchanged), number(c.removed)]
        : [`\`${cell(d.domain)}\``, number(c.itemsAtT), number(c.put), number(c.unchanged), number(c.removed), number(c.verified), number(c.mismatched)];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    `${dryRun ? 'Into' : 'Restored into'}: ${result.domains.map((d) => `\`${cell(d.domain)}\` → \`${cell(d.targetDomain)}\`${d.live ? ' (live)' : ''}`).join('; ')}.`,
  ];
  if (result.safetyBackupRunId) lines.push('', `The live items were backed up first (run \`${result.safetyBackupRunId}\`).`);
  const damaged = result.domains.flatMap((d) => d.damaged.map((x) => `- \`${cell(d.domain)}\`: item ${cell(x.item)}: ${cell(x.damage)}`));
  if (damaged.length > 0) lines.push('', `${listTitle(`Refused, never written: ${count(result.totals.damaged, 'item')} whose history row is damaged`, damaged.length, result.totals.damaged)}:`, '', ...damaged);
  const planned = result.domains.flatMap((d) => d.planned.map((p) => `| ${cell(d.domain)} | ${cell(p.item)} | ${p.action} |`));
  const plannedTotal = result.domains.reduce((n, d) => n + d.planned.length + d.plannedLeftOut, 0);
  if (planned.length > 0) {
    lines.push('', `<details><summary>${listTitle(dryRun ? 'Planned changes' : 'Changes', planned.length, plannedTotal)}</summary>`, '', '| Domain | Item | Action |', '| --- | --- | --- |', ...planned, '', '</details>');
  }
  return lines.join('\n') + '\n';
}

export function sdbVerifySummary(result: SdbVerifyResult): string {
  const lines = [
    `### ${result.ok ? '✅' : '⚠️'} SimpleDB verify: ${result.ok ? 'every live item is in the backup' : count(result.differenceCount, 'difference')}`,
    '',
    '| Domain | Live items | In backup | Not backed up | Differ | Deleted since |',
    '|---|--:|--:|--:|--:|--:|',
    ...result.domains.map((d) => `| \`${cell(d.domain)}\` | ${number(d.liveItems)} | ${number(d.backedUp)} | ${number(d.notBackedUp)} | ${number(d.differs)} | ${number(d.deletedSinceBackup)} |`),
  ];
  if (result.differences.length > 0) {
    lines.push('', `#### ${listTitle('Differences', result.differences.length, result.differenceCount)}`, '', ...result.differences.map((d) => `- ${d.kind}: ${cell(d.detail)}`));
  }
  return lines.join('\n') + '\n';
}

export function reportSimpleDbBackup(result: SimpleDbBackupOutcome): BackendReport {
  const sum = (pick: (d: SimpleDbBackupResult['domains'][number]) => number) => result.domains.reduce((n, d) => n + pick(d), 0);
  const failed = result.failure !== undefined;
  const domains = count(result.domains.length, 'domain');
  return {
    summary: sdbBackupSummary(result, failed),
    outputs: {
      'simpledb-run-id': result.runId,
      'simpledb-status': result.status,
      'items-read': sum((d) => d.itemsRead),
      'item-versions-written': sum((d) => d.versionsWritten),
      'item-deletions': sum((d) => d.tombstones),
      'simpledb-watermarks': result.watermarks,
    },
    lines: [
      result.dryRun
        ? `SimpleDB: dry run${failed ? ' (partial)' : ''}, nothing written: ${domains}, ${count(sum((d) => d.itemsRead), 'item')} read; ` +
          `would record ${count(sum((d) => d.versionsWritten), 'version')} and ${count(sum((d) => d.tombstones), 'deletion')}; ${number(sum((d) => d.unchangedSkipped))} unchanged`
        : `SimpleDB: run ${result.runId} ${result.status}: ${domains}, ${count(sum((d) => d.itemsRead), 'item')} read, ` +
          `${count(sum((d) => d.versionsWritten), 'version')} written, ${count(sum((d) => d.tombstones), 'deletion')}`,
    ],
    ...(result.failure !== undefined ? { failure: result.failure, partial: true as const } : {}),
  };
}

function sdbRestoreLines(result: SdbRestoreResult): string[] {
  const t = result.totals;
  if (result.status !== 'dry-run') {
    return [
      `SimpleDB restore as of ${result.at}: ${result.status}: ${count(t.itemsAtT, 'item')} at T, ${number(t.put)} written, ${number(t.unchanged)} already right, ` +
        `${number(t.removed)} deleted, ${number(t.verified)} verified, ${number(t.mismatched)} differ${t.damaged > 0 ? `, ${number(t.damaged)} refused (damaged history rows)` : ''}`,
    ];
  }
  const lines = [
    `SimpleDB restore plan as of ${result.at} (dry run, nothing written): ${count(t.itemsAtT, 'item')} at T; would write ${number(t.put)} and delete ${number(t.removed)}; ` +
      `${number(t.unchanged)} already right${t.damaged > 0 ? `; ${number(t.damaged)} refused (damaged history rows)` : ''}`,
  ];
  const planned = result.domains.flatMap((d) => d.planned.map((p) => `  ${p.action.padEnd(9)} ${d.domain}: ${p.item}`));
  const total = result.domains.reduce((n, d) => n + d.planned.length + d.plannedLeftOut, 0);
  lines.push(...planned.slice(0, LINES_LISTED));
  if (total > Math.min(planned.length, LINES_LISTED)) lines.push(`  ... and ${count(total - Math.min(planned.length, LINES_LISTED), 'more change')} (--json lists the first ${number(planned.length)})`);
  return lines;
}

export function reportSimpleDbRestore(result: SdbRestoreResult): BackendReport {
  const report: BackendReport = {
    summary: sdbRestoreSummary(result),
    outputs: { 'simpledb-restore-status': result.status },
    lines: sdbRestoreLines(result),
  };
  if (result.status === 'partial') {
    const why = result.domains.flatMap((d) => [
      ...(d.counts.damaged > 0 ? [`${d.domain}: ${count(d.counts.damaged, 'item')} refused for damaged history rows (${d.damaged.map((x) => x.item).join(', ')})`] : []),
      ...(d.counts.mismatched > 0 ? [`${d.domain}: ${count(d.counts.mismatched, 'item')} differ after the restore (run it again to finish)`] : []),
    ]);
    report.failure = `the SimpleDB restore is partial: ${why.join('; ')}`;
    report.partial = true;
  }
  return report;
}

export function reportSimpleDbVerify(result: SdbVerifyResult): BackendReport {
  const shown = result.differences.slice(0, LINES_LISTED);
  const lines = [`SimpleDB verify: ${result.ok ? 'ok' : count(result.differenceCount, 'difference')}`, ...shown.map((d) => `  ${d.kind} ${d.domain}${d.item !== undefined ? ` ${d.item}` : ''}: ${d.detail}`)];
  if (result.differenceCount > shown.length) lines.push(`  (${listTitle('differences listed', shown.length, result.differenceCount)})`);
  return {
    summary: sdbVerifySummary(result),
    outputs: {},
    lines,
    verify: { ok: result.ok, differences: result.differenceCount },
  };
}
