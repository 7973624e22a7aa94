/**
 * The bundled CLI (`node dist/cli.js`, built by `npm run build`) as a child process: the crash
 * tests and the soak script start it, let the fault proxy tell them when to SIGKILL it, and run it
 * again. Source credentials come from the standard AWS chain (the environment), as for a person.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './action-runner.ts';
import type { FaultProxy, FaultRule, RuleHandle } from './fault-proxy.ts';

export const cliBundle = join(repositoryRoot, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed by the test at a crash point (not by the watchdog). */
  killed: boolean;
  /** Killed by the watchdog: the run hung. */
  hung: boolean;
  /** The process could not be started (e.g. the Node binary vanished). */
  spawnError?: string;
}

export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliRun>;
  /** SIGKILL now (a crash point). */
  crash(): void;
}

export function startCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): CliProcess {
  assert.ok(existsSync(cliBundle), `${cliBundle} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [cliBundle, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: options.cwd,
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: 'AKIDCLISOURCE',
      AWS_SECRET_ACCESS_KEY: 'cli-source-secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  let hung = false;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 90_000);
  const result = new Promise<CliRun>((resolve) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr, killed, hung, spawnError: error.message });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed, hung });
    });
  });
  return {
    child,
    result,
    crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    },
  };
}

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  return startCli(args, options).result;
}

/**
 * Starts the CLI and SIGKILLs it when the proxy sees the request `at` describes: before that
 * request reaches the server, or (`forward`) after the server completed it but before the CLI
 * hears the answer.
 */
export function crashAt(proxy: FaultProxy, at: Omit<FaultRule, 'fault'>, forward: boolean, args: string[], options: { cwd: string; env?: Record<string, string> }): { run: Promise<CliRun>; rule: RuleHandle } {
  let cli: CliProcess | undefined;
  let early = false;
  const rule = proxy.inject({
    ...at,
    times: 1,
    fault: {
      type: 'hold',
      forward,
      onHold: () => {
        if (cli) cli.crash();
        else early = true;
      },
    },
  });
  cli = startCli(args, options);
  if (early) cli.crash();
  return { run: cli.result.finally(() => rule.remove()), rule };
}

export const showRun = (run: CliRun): string => `\n--- exit ${run.code} ${run.signal ?? ''}${run.hung ? ' (hung: killed by the watchdog)' : ''}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/** CLI flags for a backup of `bucket` through the source proxy into `s3://backupBucket/prefix` through the destination proxy. */
export function s3Flags(o: { sourceEndpoint: string; bucket: string; destinationEndpoint: string; backupBucket: string; prefix: string; stateFile: string }): string[] {
  return [
    '--sources', o.bucket,
    '--source-endpoint', o.sourceEndpoint,
    '--destination', `s3://${o.backupBucket}/${o.prefix}`,
    '--destination-endpoint', o.destinationEndpoint,
    '--destination-access-key-id', 'AKIDCLIBACKUP',
    '--destination-secret-access-key', 'cli-backup-secret',
    '--overlap', '1h',
    '--concurrency', '4',
    '--state-file', o.stateFile,
  ];
}
