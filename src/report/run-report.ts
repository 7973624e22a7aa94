/**
 * A run's report, from what each backend's part produced: the job summary (Markdown), the
 * action's outputs, lines for a terminal, the run's status and the failure that fails the step
 * (set after everything possible was done). Printing is the caller's: the action writes outputs
 * and the summary, the CLI prints lines or JSON and exits with the status's code.
 */
import type { BackendOutcome, Mode } from '../app/backend.ts';
import { reportS3Backup, reportS3Restore, reportS3Verify } from './s3.ts';
import { reportSimpleDbBackup, reportSimpleDbRestore, reportSimpleDbVerify } from './simpledb.ts';
import type { BackendReport, OutputValue } from './backend-report.ts';
import { reportS3Prune, reportSimpleDbPrune } from './prune.ts';
import { count } from './words.ts';

export type { BackendReport, OutputValue } from './backend-report.ts';

export interface RunReport {
  mode: Mode;
  summary: string;
  /** The action's outputs, typed: the action writes objects as JSON text, `--json` keeps them objects. */
  outputs: Record<string, OutputValue>;
  lines: string[];
  /**
   * ok: done (dry runs included); partial: finished, but some objects or items failed (run it
   * again); failed: verify found differences, or a part failed outright.
   */
  status: 'ok' | 'partial' | 'failed';
  /** Set when the step should fail. */
  failure?: string;
  /** Each backend's typed result, for `--json`. */
  outcomes: BackendOutcome[];
}

export function reportOutcome(outcome: BackendOutcome): BackendReport {
  switch (outcome.backend) {
    case 's3':
      if (outcome.mode === 'backup') return reportS3Backup(outcome.result);
      if (outcome.mode === 'restore') return reportS3Restore(outcome.result);
      if (outcome.mode === 'prune') return reportS3Prune(outcome.result);
      return reportS3Verify(outcome.result);
    case 'simpledb':
      if (outcome.mode === 'backup') return reportSimpleDbBackup(outcome.result);
      if (outcome.mode === 'restore') return reportSimpleDbRestore(outcome.result);
      if (outcome.mode === 'prune') return reportSimpleDbPrune(outcome.result);
      return reportSimpleDbVerify(outcome.result);
  }
}

export function reportRun(mode: Mode, outcomes: BackendOutcome[]): RunReport {
  const report: RunReport = { mode, summary: '', outputs: {}, lines: [], status: 'ok', outcomes };
  const failures: string[] = [];
  let partial = false;
  let failed = false;
  let ok = true;
  let differences = 0;
  for (const outcome of outcomes) {
    const part = reportOutcome(outcome);
    report.summary += part.summary;
    Object.assign(report.outputs, part.outputs);
    report.lines.push(...part.lines);
    if (part.failure) {
      failures.push(part.failure);
      if (part.partial) partial = true;
      else failed = true;
    }
    if (part.verify) {
      ok &&= part.verify.ok;
      differences += part.verify.differences;
    }
  }
  if (mode === 'verify') {
    report.outputs['verify-ok'] = ok;
    report.outputs['differences'] = differences;
    if (!ok) {
      failures.push(`verify found ${count(differences, 'difference')} between the sources and the backup`);
      failed = true;
    }
  }
  report.status = failed ? 'failed' : partial ? 'partial' : 'ok';
  if (failures.length > 0) report.failure = failures.join('; ');
  return report;
}
