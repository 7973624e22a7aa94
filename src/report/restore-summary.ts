import type { S3RestoreResult } from '../backends/s3/restore.ts';
import type { S3VerifyResult } from '../backends/s3/verify.ts';
import type { SdbRestoreResult, SdbVerifyResult } from '../backends/simpledb/restore.ts';
import { formatBytes } from './logger.ts';

/** Markdown for the job summary of a restore, verify or dry run. No @actions/core here: the caller writes it. */

const cell = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

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
