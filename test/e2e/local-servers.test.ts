/**
 * The README's "Try it locally" path: `npm run local-servers` (scripts/local-servers.ts) starts
 * s3rver and the project's SimpleDB server in the background, seeded, and returns once both answer;
 * the CLI backs the bucket up into a folder and restores it into another, byte for byte docs/;
 * `--stop` stops them. Free ports and a temporary folder instead of the README's 4568, 4569 and
 * .try/, so that it never meets a server someone left running.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SimpleDbClient } from '../../src/simpledb/client.ts';
import { selectItems } from '../../src/simpledb/paginate.ts';
import { repositoryRoot } from '../support/action-runner.ts';
import { freePort } from '../support/s3.ts';

const KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const script = join(repositoryRoot, 'scripts', 'local-servers.ts');
let dir: string;
let args: string[];

function servers(...extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args, ...extra], { cwd: repositoryRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI from this test's folder (its state file there too, never in the repository). */
function cli(...argv: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(repositoryRoot, 'src', 'cli.ts'), ...argv], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function files(folder: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(relative(folder, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name)));
  }
  return found;
}

async function state(): Promise<{ pid: number; s3: string; simpledb: string } | undefined> {
  const text = await readFile(join(dir, 'servers.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { pid: number; s3: string; simpledb: string });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

after(async () => {
  // Whatever a failed assertion left running: the pid this test's servers wrote.
  const left = dir ? await state() : undefined;
  if (left && alive(left.pid)) process.kill(left.pid, 'SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run local-servers, then the CLI', () => {
  it('starts both servers in the background, seeded, once; the CLI backs the bucket up and restores it; --stop stops them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pullback-try-'));
    const s3Port = await freePort();
    const sdbPort = await freePort();
    args = ['--dir', dir, '--s3-port', String(s3Port), '--simpledb-port', String(sdbPort)];

    const started = servers();
    assert.equal(started.status, 0, `${started.stdout}${started.stderr}`);
    assert.match(started.stdout, new RegExp(`S3 \\(s3rver\\)\\s+http://127\\.0\\.0\\.1:${s3Port}\\s+bucket demo`));
    assert.match(started.stdout, new RegExp(`SimpleDB \\(pullback\\)\\s+http://127\\.0\\.0\\.1:${sdbPort}\\s+domain demo_users`));
    const running = await state();
    assert.ok(running && alive(running.pid), 'the servers run on after the command returned');
    assert.notEqual(running.pid, process.pid);

    const again = servers();
    assert.equal(again.status, 0);
    assert.match(again.stdout, new RegExp(`Already running \\(pid ${running.pid}\\)`), 'a second start finds the first');

    // The bucket holds docs/, the domain the seeded items and the logged deletion.
    const s3 = new S3Client({ region: 'us-east-1', endpoint: running.s3, forcePathStyle: true, credentials: KEY });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'demo' }));
    const docs = await files(join(repositoryRoot, 'docs'));
    assert.deepEqual((listed.Contents ?? []).map((o) => o.Key).sort(), [...docs.keys()].sort());
    s3.destroy();
    const sdb = new SimpleDbClient({ region: 'us-east-1', endpoint: running.simpledb, credentials: KEY });
    const items: string[] = [];
    for await (const item of selectItems(sdb, { SelectExpression: 'select * from demo_users', ConsistentRead: true })) items.push(item.Name);
    assert.deepEqual(items.sort(), ['u-1001', 'u-1002', 'u-1003']);
    const deletions: string[] = [];
    for await (const item of selectItems(sdb, { SelectExpression: 'select * from pullback_delete_log', ConsistentRead: true })) deletions.push(JSON.stringify(item.Attributes));
    assert.equal(deletions.length, 1);
    assert.match(deletions[0]!, /u-0999/);

    // The README's second and third commands, with this test's port and folders.
    const backup = cli('backup', '--sources', 'demo', '--source-endpoint', running.s3, '--destination', join(dir, 'backup'));
    assert.equal(backup.status, 0, backup.output);
    assert.match(backup.output, new RegExp(`S3: run \\S+ complete: ${docs.size} keys listed, ${docs.size} versions copied`));
    const restore = cli('restore', '--destination', join(dir, 'backup'), '--restore-time', 'now', '--restore-target', join(dir, 'restored'));
    assert.equal(restore.status, 0, restore.output);
    const restored = await files(join(dir, 'restored'));
    assert.deepEqual([...restored.keys()].sort(), [...docs.keys()].sort());
    for (const [name, body] of docs) assert.ok(restored.get(name)!.equals(body), `${name} restored byte for byte`);

    const stopped = servers('--stop');
    assert.equal(stopped.status, 0, stopped.stderr);
    assert.match(stopped.stdout, new RegExp(`Stopped \\(pid ${running.pid}\\)`));
    assert.ok(!alive(running.pid), 'the servers are gone');
    assert.ok(!existsSync(join(dir, 'servers.json')), 'and so is their state file');
    assert.ok(existsSync(join(dir, '.pullback', 'state.json')), "the CLI's watermark went to the test's folder");
    assert.match(servers('--stop').stdout, /not running/);
  });
});
