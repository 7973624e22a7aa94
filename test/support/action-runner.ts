/**
 * Runs the bundled action (dist/index.js, or a sub-action's dist/<mode>.js: `runs.main` of its
 * action.yml, resolved against that file's folder as the runner resolves it) as the runner runs
 * it: a child `node` process with every input as an INPUT_<NAME> variable (defaults from that
 * action.yml filled in), GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, RUNNER_TEMP, GITHUB_WORKSPACE, the run id and attempt, the Actions
 * cache service (the local emulator) and source credentials from the standard AWS chain.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputEnvironment, readActionYml, type ActionMetadata } from '../../scripts/action-yml.ts';
import { startActionsCacheEmulator, type ActionsCacheEmulator } from './actions-cache-emulator.ts';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One of this repository's actions: '' the root action.yml, or a sub-action folder (backup, restore, verify). */
export type ActionName = '' | 'backup' | 'restore' | 'verify' | 'prune';

/** An action's metadata and the bundle the runner would start for it. */
export function loadAction(name: ActionName): { metadata: ActionMetadata; main: string } {
  const path = join(repositoryRoot, name, 'action.yml');
  const metadata = readActionYml(path);
  assert.ok(metadata.main, `${path} has runs.main`);
  return { metadata, main: resolve(dirname(path), metadata.main) };
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** stdout lines (the runner reads workflow commands from stdout). */
  lines: string[];
}

/** Parses a GITHUB_OUTPUT file: `name<<delimiter` heredocs and `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      assert.ok(i < lines.length, `output ${name}: delimiter ${delimiter} never closes`);
      outputs[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(eq > 0, `GITHUB_OUTPUT line is neither name=value nor name<<delimiter: ${JSON.stringify(line)}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

export interface ActionRunner {
  metadata: ActionMetadata;
  cache: ActionsCacheEmulator;
  workspace: string;
  runnerTemp: string;
  /** Source credentials through the standard chain (what configure-aws-credentials exports). */
  sourceEnv: Record<string, string>;
  /** One step; `action` picks the action it uses (default: the runner's). */
  run(inputs: Record<string, string>, options: { runId: number; attempt?: number; env?: Record<string, string>; eventName?: string; action?: ActionName }): Promise<ActionRun>;
  close(): Promise<void>;
}

export async function startActionRunner(sourceEnv: Record<string, string> = {}, options: { action?: ActionName } = {}): Promise<ActionRunner> {
  const { metadata } = loadAction(options.action ?? '');
  const cache = await startActionsCacheEmulator();
  const base = await mkdtemp(join(tmpdir(), 'pullback-e2e-runner-'));
  const workspace = join(base, 'work', 'backups', 'backups');
  const runnerTemp = join(base, 'work', '_temp');
  const home = join(base, 'home');
  await mkdir(workspace, { recursive: true });
  await mkdir(home, { recursive: true });
  let step = 0;
  const runnerAction = options.action ?? '';
  const runner: ActionRunner = {
    metadata,
    cache,
    workspace,
    runnerTemp,
    sourceEnv,
    async run(inputs, options) {
      const action = loadAction(options.action ?? runnerAction);
      assert.ok(existsSync(action.main), `${action.main} is missing: run \`npm run build\` first`);
      step += 1;
      // Each job starts with an empty RUNNER_TEMP at the same path (same runner image).
      await rm(runnerTemp, { recursive: true, force: true });
      await mkdir(runnerTemp, { recursive: true });
      const files = join(base, `step${step}`);
      await mkdir(files, { recursive: true });
      const outputFile = join(files, 'output');
      const summaryFile = join(files, 'step_summary');
      await writeFile(outputFile, '');
      await writeFile(summaryFile, '');
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: home,
        LANG: 'C.UTF-8',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
        GITHUB_REPOSITORY: 'example/backups',
        GITHUB_WORKFLOW: 'backup',
        GITHUB_JOB: 'backup',
        GITHUB_RUN_ID: String(options.runId),
        GITHUB_RUN_ATTEMPT: String(options.attempt ?? 1),
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
        RUNNER_OS: 'Linux',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        // The SDK must not wander off to the instance metadata service when a credential is missing.
        AWS_EC2_METADATA_DISABLED: 'true',
        ...cache.env,
        ...runner.sourceEnv,
        ...inputEnvironment(action.metadata, inputs),
        ...options.env,
      };
      const child = spawn(process.execPath, [action.main], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
      clearTimeout(timer);
      return {
        code,
        stdout,
        stderr,
        outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
        summary: await readFile(summaryFile, 'utf8'),
        lines: stdout.split(/\r?\n/),
      };
    },
    async close() {
      await cache.close();
      await rm(base, { recursive: true, force: true });
    },
  };
  return runner;
}

/** The action's log, shown when an assertion about a run fails. */
export function log(run: ActionRun): string {
  return `\n--- exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`;
}

export function assertSucceeded(run: ActionRun): void {
  assert.equal(run.code, 0, `the step succeeded${log(run)}`);
  assert.ok(!run.lines.some((l) => l.startsWith('::error')), `no ::error:: line${log(run)}`);
}

/** A failed step: exit code 1 and one ::error:: annotation; returns its text. */
export function assertFailed(run: ActionRun, pattern?: RegExp): string {
  assert.equal(run.code, 1, `the step failed${log(run)}`);
  const errors = run.lines.filter((l) => l.startsWith('::error::'));
  assert.equal(errors.length, 1, `one ::error:: line${log(run)}`);
  if (pattern) assert.match(errors[0]!, pattern, log(run));
  return errors[0]!;
}

/** A failed step naming an input (as ConfigError writes it: input `name`) with no outputs. */
export function assertFailedOn(run: ActionRun, input: string, pattern?: RegExp): string {
  const message = assertFailed(run, pattern);
  assert.ok(message.includes(`\`${input}\``), `the error names \`${input}\`: ${message}`);
  assert.deepEqual(run.outputs, {}, 'no outputs from a failed step');
  return message;
}

/** The cells of the first Markdown table row whose first cell starts with `first`. */
export function tableRow(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first}`));
  assert.ok(line, `a table row starting with ${JSON.stringify(first)}:\n${markdown}`);
  return line.split('|').slice(1, -1).map((c) => c.trim());
}
