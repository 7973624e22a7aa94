/**
 * `--json`: one JSON document on stdout, nothing else there. Structured all the way down (the
 * watermarks are objects, never JSON text inside JSON): the action's outputs under `outputs`,
 * and each backend's typed result (per source, per domain, the planned keys of a dry run with
 * how many were left out) under `results.<backend>`. Field names are the result types' own
 * (src/backends/<b>/types.ts), so they are documented where they are made.
 */
import type { Mode } from '../config/build.ts';
import type { RunReport } from '../report/run-report.ts';
import { VERSION } from '../version.ts';
import type { ExitCode } from './exit-codes.ts';

export interface JsonDocument {
  pullback: string;
  command: Mode;
  /** The exit code (docs/cli.md): 0 ok, 1 failed, 2 usage, 3 partial. */
  exitCode: ExitCode;
  status: 'ok' | 'partial' | 'failed';
  /** Why the run failed or is partial. */
  failure?: string;
  /** The error that stopped the run before it could report (exit 1 or 2). */
  error?: { message: string; input?: string };
  outputs?: RunReport['outputs'];
  results?: Partial<Record<RunReport['outcomes'][number]['backend'], unknown>>;
}

export function reportDocument(command: Mode, report: RunReport, exitCode: ExitCode): JsonDocument {
  const results: JsonDocument['results'] = {};
  for (const outcome of report.outcomes) results[outcome.backend] = outcome.result;
  return {
    pullback: VERSION,
    command,
    exitCode,
    status: report.status,
    ...(report.failure ? { failure: report.failure } : {}),
    outputs: report.outputs,
    results,
  };
}

export function errorDocument(command: Mode, message: string, input: string | undefined, exitCode: ExitCode): JsonDocument {
  return { pullback: VERSION, command, exitCode, status: 'failed', error: { message, ...(input ? { input } : {}) } };
}

/** Dates as ISO text, Maps and Sets as objects and arrays: JSON.stringify would drop or mangle them. */
export function toJson(document: JsonDocument): string {
  return JSON.stringify(
    document,
    (_key, value: unknown) => {
      if (value instanceof Map) return Object.fromEntries(value);
      if (value instanceof Set) return [...value];
      if (typeof value === 'bigint') return value.toString();
      return value;
    },
    2,
  );
}
