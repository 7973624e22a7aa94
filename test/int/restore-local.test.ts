/**
 * Local folders as restore targets and destinations (issue 9, items 4 and 15): no link below the
 * root is followed, no temporary file is left behind, awkward keys (`.`, `..`, a key that is both
 * a file and a folder prefix) are restored, and a restored folder carries the keys' real names.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter } from '../support/scenario.ts';
import { filesBelow, temporaryFilesBelow } from '../support/restore.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import type { BackupOptions, S3RestoreOptions } from '../../src/backends/s3/types.ts';

const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const noSleep = async () => {};

let moto: TestS3Server;
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-local-'));
  folders.push(folder);
  return folder;
}

const live = (bucket: string) => new S3Source(bucket, '', moto.connection('AKIDSOURCE'), `${moto.endpoint}|source`);

function restore(destination: LocalObjectStore, options: Partial<S3RestoreOptions> & { at: Date }) {
  return runS3Restore(
    { sources: [], target: { kind: 'default' }, concurrency: 4, dryRun: false, retryAttempts: 2, backup: backupOptions, ...options },
    { destination, logger: silentLogger, sleep: noSleep },
  );
}

/** What a restored folder holds, read back through the restore target's own naming. */
async function readTarget(path: string): Promise<Record<string, string>> {
  const target = new LocalObjectStore(path, targetNaming());
  const found: Record<string, string> = {};
  for await (const object of target.list('')) found[object.key] = (await buffer((await target.get(object.key))!)).toString();
  return found;
}

before(async () => {
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('local restore targets', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  const awkward: Record<string, string> = {
    '.': 'a key that is a single dot',
    '..': 'a key that is two dots',
    a: 'a file named like a folder',
    'a/b': 'inside the folder a',
    'a/b/c': 'deeper: b is a file and a folder too',
    'x/': 'a folder marker',
    'x/y': 'inside x',
    'symbols+.txt': 'plus',
    '100%.txt': 'percent',
    'p%2B': 'a key that looks escaped',
    'dir/.pullback-tmp-x': 'a key named like a temporary file',
    ['l'.repeat(300)]: 'a segment longer than a file name',
    [`${'l'.repeat(300)}/z`]: 'below the long segment',
  };
  let destination: LocalObjectStore;
  let at: Date;

  before(async () => {
    if (!motoAvailable()) return;
    await moto.createBucket('awkward');
    const writer = new SourceWriter(moto.client(), 'awkward');
    for (const [key, body] of Object.entries(awkward)) await writer.put(key, body);
    await moto.createBucket('linked');
    const linked = new SourceWriter(moto.client(), 'linked');
    await linked.put('a/x.txt', 'would land outside');
    await linked.put('b.txt', 'fine');
    destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    const result = await runS3Backup(backupOptions, { sources: [live('awkward'), live('linked')], destination, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    at = await checkpoint();
  });

  it('restores `.`, `..`, a key that is also a folder prefix, and over-long segments, then a re-run writes nothing', async () => {
    const folder = await tempFolder();
    const first = await restore(destination, { at, sources: ['awkward'], target: { kind: 'local', path: folder } });
    assert.deepEqual(first.sources[0]!.errors, []);
    assert.equal(first.status, 'complete');
    assert.deepEqual(await readTarget(folder), awkward);
    const again = await restore(destination, { at, sources: ['awkward'], target: { kind: 'local', path: folder } });
    assert.equal(again.totals.written, 0, 'a re-run recognises everything already restored');
    assert.equal(again.totals.skip, Object.keys(awkward).length);
    assert.deepEqual(await temporaryFilesBelow(folder), []);
  });

  it('a restored folder carries real names; only what a file system cannot hold is encoded', async () => {
    const folder = await tempFolder();
    await restore(destination, { at, sources: ['awkward'], target: { kind: 'local', path: folder } });
    const names = await filesBelow(folder);
    for (const name of ['symbols+.txt', '100%25.txt', 'p%252B', '%2E', '%2E%2E', 'a%@', 'a/b%@', 'a/b/c', 'x/%', 'x/y', 'dir/%2Epullback-tmp-x']) {
      assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);
    }
    assert.equal(await readFile(join(folder, 'symbols+.txt'), 'utf8'), 'plus');
    for (const name of names) for (const part of name.split('/')) assert.ok(Buffer.byteLength(part) <= 255, part);
  });

  it("the backup destination's own naming is unchanged", async () => {
    const data = await filesBelow(join(destination.root, 'data', 'awkward'));
    assert.ok(data.some((name) => name.startsWith('symbols%2B.txt@')), JSON.stringify(data));
    assert.ok(data.some((name) => name.startsWith('100%25.txt@')));
  });

  it('never follows a link inside a target folder, and leaves no temporary file', async () => {
    const folder = await tempFolder();
    const elsewhere = await tempFolder();
    await symlink(elsewhere, join(folder, 'a'));
    const result = await restore(destination, { at, sources: ['linked'], target: { kind: 'local', path: folder } });
    assert.equal(result.status, 'partial');
    assert.match(result.sources[0]!.errors.join('\n'), /a\/x\.txt.*symbolic link/);
    assert.deepEqual(await readdir(elsewhere), [], 'nothing landed outside the folder');
    assert.equal(await readFile(join(folder, 'b.txt'), 'utf8'), 'fine');
    assert.deepEqual(await temporaryFilesBelow(folder), []);

    // Listings and reads do not look through the link either: the right bytes behind it are not "already restored".
    await writeFile(join(elsewhere, 'x.txt'), 'would land outside');
    await assert.rejects(restore(destination, { at, sources: ['linked'], prefix: 'a/', target: { kind: 'local', path: folder } }), /a\/.*symbolic link/);
    // A link as the file itself is refused too, not replaced.
    const second = await tempFolder();
    await writeFile(join(elsewhere, 'target-of-link'), 'untouched');
    await symlink(join(elsewhere, 'target-of-link'), join(second, 'b.txt'));
    const overLink = await restore(destination, { at, sources: ['linked'], target: { kind: 'local', path: second } });
    assert.match(overLink.sources[0]!.errors.join('\n'), /b\.txt.*symbolic link/);
    assert.equal(await readFile(join(elsewhere, 'target-of-link'), 'utf8'), 'untouched');
  });

  it('the root itself may be a link the user chose', async () => {
    const real = await tempFolder();
    const link = join(await tempFolder(), 'chosen');
    await symlink(real, link);
    const result = await restore(destination, { at, sources: ['linked'], target: { kind: 'local', path: link } });
    assert.equal(result.status, 'complete');
    assert.equal(await readFile(join(real, 'a', 'x.txt'), 'utf8'), 'would land outside');
  });
});

describe('local destinations never follow a link below their root', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('a backup refuses to write through a link, and a restore refuses to read through one', async () => {
    await moto.createBucket('to-dest');
    const writer = new SourceWriter(moto.client(), 'to-dest');
    await writer.put('k.txt', 'kay');
    const root = await tempFolder();
    const elsewhere = await tempFolder();
    await symlink(elsewhere, join(root, 'data'));
    const destination = new LocalObjectStore(root, destinationNaming);
    const failed = await runS3Backup(backupOptions, { sources: [live('to-dest')], destination, logger: silentLogger, sleep: noSleep }).catch((error: Error) => error);
    if (!(failed instanceof Error)) {
      assert.equal(failed.status, 'partial');
      assert.match(failed.sources[0]!.errors.join('\n'), /symbolic link/);
    } else assert.match(failed.message, /symbolic link/);
    assert.deepEqual(await filesBelow(elsewhere), [], 'nothing landed outside the destination');
    assert.deepEqual(await temporaryFilesBelow(root), []);

    // A good backup whose catalogue is then moved behind a link: reads refuse it.
    await rm(join(root, 'data'));
    const good = await runS3Backup(backupOptions, { sources: [live('to-dest')], destination, logger: silentLogger, sleep: noSleep });
    assert.equal(good.status, 'complete');
    const at = await checkpoint();
    const moved = join(elsewhere, 'catalog');
    await rename(join(root, 'catalog'), moved);
    await symlink(moved, join(root, 'catalog'));
    await mkdir(join(root, 'restored'), { recursive: true });
    await assert.rejects(restore(destination, { at, target: { kind: 'local', path: await tempFolder() } }), /symbolic link/);
  });
});

describe('a destination without backups', () => {
  it('a restore names the destination it read and says what to check', async () => {
    const folder = await tempFolder();
    const destination = new LocalObjectStore(folder, destinationNaming);
    await assert.rejects(restore(destination, { at: new Date() }), (error: Error) => {
      assert.match(error.message, /holds no committed backup run/);
      assert.ok(error.message.includes(folder), `the message names ${folder}: ${error.message}`);
      assert.match(error.message, /check `destination`/);
      return true;
    });
  });
});
