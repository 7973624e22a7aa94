/**
 * Runs the CLI as a person runs it: `node bin/pullback.js` (which imports the bundled dist/cli.js)
 * in a child process with a clean environment; source credentials from the standard AWS chain.
 * Build first (`npm run build`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './action-runner.ts';

export const cliEntry = join(repositoryRoot, 'bin', 'pullback.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  assert.ok(existsSync(join(repositoryRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cliEntry, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: options.cwd,
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export const show = (run: CliRun) => `\n--- exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/** The one JSON document `--json` prints: stdout must parse whole. */
export function jsonDocument(run: CliRun): Record<string, unknown> & { outputs: Record<string, unknown>; results: Record<string, any> } {
  try {
    return JSON.parse(run.stdout) as ReturnType<typeof jsonDocument>;
  } catch (error) {
    assert.fail(`--json prints one JSON document and nothing else: ${(error as Error).message}${show(run)}`);
  }
}
