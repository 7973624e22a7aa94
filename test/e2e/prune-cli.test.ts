/**
 * `pullback prune` as a person runs it: the bundled CLI (bin/pullback.js) in a child process, an
 * s3rver source and a local folder destination. Three backups, then a dry run (nothing changes),
 * the prune (what went, in the JSON outputs), a restore to a dropped moment refused with exit 2 (a restore time to change),
 * and a prune without a policy refused with exit 2 naming the input. Build first (`npm run build`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../support/action-runner.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter } from '../support/scenario.ts';

const BUCKET = 'prune-cli-src';
let s3: TestS3Server;
let work: string;

async function pullback(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assert.ok(existsSync(join(repositoryRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'pullback.js'), ...args], {
    cwd: work,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: work, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  return { code, stdout, stderr };
}

/** The action outputs in the `--json` document (stdout is that document alone). */
const outputs = (stdout: string) => (JSON.parse(stdout) as { outputs: Record<string, string | number> }).outputs;

async function dataFiles(): Promise<string[]> {
  return (await readdir(join(work, 'backup', 'data'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

before(async () => {
  s3 = await startS3rver();
  work = await mkdtemp(join(tmpdir(), 'pullback-prune-cli-'));
  await s3.createBucket(BUCKET);
});
after(async () => {
  await s3?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('pullback prune (the bundled CLI)', () => {
  it('a dry run, the prune, a dropped moment refused; no policy refused naming the input', async () => {
    const writer = new SourceWriter(s3.client(), BUCKET);
    const common = ['--destination', join(work, 'backup'), '--source-endpoint', s3.endpoint, '--state-file', join(work, 'state.json')];
    // A prune reads the catalogue only: it takes the destination, not the sources or a state file.
    const pruneFlags = ['--destination', join(work, 'backup')];
    const backup = async () => {
      const run = await pullback(['backup', '--sources', BUCKET, ...common]);
      assert.equal(run.code, 0, run.stderr);
    };
    await writer.put('doc.txt', 'version one');
    await backup();
    const first = await checkpoint();
    await writer.put('doc.txt', 'version two');
    await backup();
    await checkpoint();
    await writer.put('doc.txt', 'version three');
    await backup();
    const files = await dataFiles();
    assert.equal(files.length, 3);

    const dry = await pullback(['prune', ...pruneFlags, '--keep-last', '1', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(outputs(dry.stdout), { 'prune-status': 'dry-run', 'objects-removed': 0, 'bytes-freed': 0 });
    assert.match(dry.stderr, /2 objects \(22 B\) and \d+ catalogue files \([^)]*\) would go \(dry run: nothing was changed\)/);
    assert.deepEqual(await dataFiles(), files, 'a dry run removes nothing');

    const prune = await pullback(['prune', ...pruneFlags, '--keep-last', '1', '--json']);
    assert.equal(prune.code, 0, prune.stderr);
    assert.deepEqual(outputs(prune.stdout), { 'prune-status': 'complete', 'objects-removed': 2, 'bytes-freed': 22 });
    assert.equal((await dataFiles()).length, 1);

    const refused = await pullback(['restore', ...common, '--restore-time', first.toISOString(), '--restore-target', join(work, 'restored')]);
    // A moment the backup no longer holds is a setting to change (like one before the first backup): exit 2.
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /was pruned away .*The nearest are /s);

    const noPolicy = await pullback(['prune', ...pruneFlags]);
    assert.equal(noPolicy.code, 2, noPolicy.stderr);
    assert.match(noPolicy.stderr, /keep-within.*a prune needs a retention policy/);
  });
});
