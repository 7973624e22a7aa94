import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { LocalFolder } from '../../src/stores/object/local/folder.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import { compareKeys } from '../../src/plan/keys.ts';
import { filesBelow, temporaryFilesBelow } from '../support/restore.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-folder-'));
  folders.push(folder);
  return folder;
}
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function keys(folder: LocalFolder | LocalObjectStore, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for await (const object of folder.list(prefix)) found.push(object.key);
  return found;
}

const text = async (folder: LocalFolder, key: string) => (await buffer((await folder.get(key))!)).toString();

describe('a local folder never follows a link below its root', () => {
  for (const [name, naming] of [
    ['restore target naming', targetNaming()],
    ['destination naming', destinationNaming],
  ] as const) {
    it(`${name}: put, get, head, list and delete refuse a link in the path or as the file`, async () => {
      const root = await tempFolder();
      const elsewhere = await tempFolder();
      await writeFile(join(elsewhere, 'x'), 'outside');
      await symlink(elsewhere, join(root, 'a'));
      await symlink(join(elsewhere, 'x'), join(root, 'file'));
      const folder = new LocalFolder(root, naming);
      const refused = /refusing key .*symbolic link/;
      await assert.rejects(folder.put('a/x', 'through the link'), refused);
      await assert.rejects(folder.put('a/deeper/y', 'through the link'), refused);
      await assert.rejects(folder.put('file', 'over the link'), refused);
      await assert.rejects(folder.put('a/z', Readable.from([Buffer.from('a stream')])), refused);
      await assert.rejects(folder.get('a/x'), refused);
      await assert.rejects(folder.get('file'), refused);
      await assert.rejects(folder.head('a/x'), refused);
      await assert.rejects(folder.delete('a/x'), refused);
      await assert.rejects(folder.delete('file'), refused);
      await assert.rejects(keys(folder, 'a/'), refused);
      assert.deepEqual(await keys(folder), [], 'a listing of the root skips links, never walks them');
      assert.deepEqual(await readdir(elsewhere), ['x']);
      assert.equal(await readFile(join(elsewhere, 'x'), 'utf8'), 'outside');
      assert.deepEqual(await temporaryFilesBelow(root), []);
    });
  }

  it('the root may be a link; a folder between `within` and the root may not', async () => {
    const real = await tempFolder();
    const link = join(await tempFolder(), 'chosen');
    await symlink(real, link);
    const folder = new LocalFolder(link, targetNaming());
    await folder.put('k', 'through the chosen root');
    assert.equal(await readFile(join(real, 'k'), 'utf8'), 'through the chosen root');

    const destination = await tempFolder();
    const elsewhere = await tempFolder();
    await symlink(elsewhere, join(destination, 'restored'));
    const inside = new LocalFolder(join(destination, 'restored', 'T'), targetNaming(), { within: destination });
    await assert.rejects(inside.check(), /symbolic link/);
    await assert.rejects(inside.put('k', 'x'), /symbolic link/);
    await assert.rejects(keys(inside), /symbolic link/);
    assert.deepEqual(await readdir(elsewhere), []);
  });

  it('a failed write leaves no temporary file', async () => {
    const root = await tempFolder();
    const folder = new LocalFolder(root, targetNaming());
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('the source broke mid-body'));
      },
    });
    await assert.rejects(folder.put('dir/k', failing), /broke mid-body/);
    assert.deepEqual(await temporaryFilesBelow(root), []);
    assert.equal(await folder.head('dir/k'), undefined);
  });
});

describe('a restore target folder holds keys that are both a file and a folder prefix', () => {
  for (const order of ['file first', 'folder first'] as const) {
    it(`a and a/b (${order}), and the re-write of each`, async () => {
      const root = await tempFolder();
      const folder = new LocalFolder(root, targetNaming());
      const writes: [string, string][] = order === 'file first' ? [['a', 'file a'], ['a/b', 'file a/b']] : [['a/b', 'file a/b'], ['a', 'file a']];
      for (const [key, body] of writes) await folder.put(key, body);
      assert.deepEqual(await keys(folder), ['a', 'a/b']);
      assert.equal(await text(folder, 'a'), 'file a');
      assert.equal(await text(folder, 'a/b'), 'file a/b');
      assert.deepEqual(await filesBelow(root), ['a%@', 'a/b']);
      await folder.put('a', 'file a, again');
      assert.equal(await text(folder, 'a'), 'file a, again');
      assert.equal((await folder.head('a'))?.size, 'file a, again'.length);
      assert.deepEqual(await keys(folder), ['a', 'a/b']);
      await folder.delete('a');
      assert.deepEqual(await keys(folder), ['a/b']);
    });
  }

  it('written all at once, every key lands once', async () => {
    const root = await tempFolder();
    const folder = new LocalFolder(root, targetNaming());
    const all = ['a', 'a/b', 'a/b/c', 'a/b/c/d', 'a/b2', 'a/b/c2'];
    await Promise.all(all.map((key) => folder.put(key, `body of ${key}`)));
    assert.deepEqual(await keys(folder), [...all].sort(compareKeys));
    for (const key of all) assert.equal(await text(folder, key), `body of ${key}`);
  });
});

describe('listings come out in S3 byte order', () => {
  it('with over-long segments split into folders whose keys fall between their siblings', async () => {
    const root = await tempFolder();
    const folder = new LocalFolder(root, targetNaming());
    const p = 'l'.repeat(253);
    const all = [p, `${p}/z`, `${p}-tail`, `${p}atail`, `${p}!`, 'l'.repeat(252), `${'l'.repeat(252)}m`, 'm', '😀/x', '\uffff', 'a b', 'a+b', 'a.b', 'a/b'];
    for (const key of all) await folder.put(key, key);
    const expected = [...all].sort(compareKeys);
    assert.deepEqual(await keys(folder), expected);
    assert.deepEqual(await keys(folder, `${p}`), expected.filter((k) => k.startsWith(p)));
    for (const key of all) assert.equal(await text(folder, key), key);
    const after: string[] = [];
    for await (const object of folder.list('', `${p}-tail`)) after.push(object.key);
    assert.deepEqual(after, expected.filter((k) => compareKeys(k, `${p}-tail`) > 0));
  });

  it("the destination's naming too (its pieces end in +)", async () => {
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    const p = 'd'.repeat(199);
    const all = [`data/b/${p}-x@1`, `data/b/${p}/y@1`, `data/b/${p}zz@1`, `data/b/${p}@1`, 'data/b/plus+@1', 'catalog/runs/1.json'];
    for (const key of all) await destination.put(key, key);
    assert.deepEqual(await keys(destination), [...all].sort(compareKeys));
    assert.deepEqual(await keys(destination, 'data/b/'), [...all].filter((k) => k.startsWith('data/b/')).sort(compareKeys));
  });

  it('existing destination folders read as before', async () => {
    // Written as the first release wrote them: the naming of a backup destination must not change.
    const root = await tempFolder();
    await mkdir(join(root, 'data', 'b', 'dir', '%'), { recursive: true });
    await writeFile(join(root, 'data', 'b', 'symbols%2B.txt@1'), 'plus');
    await writeFile(join(root, 'data', 'b', 'dir', '%', 'x@1'), 'below an empty segment');
    await writeFile(join(root, 'data', 'b', '100%25@1'), 'percent');
    const destination = new LocalObjectStore(root, destinationNaming);
    assert.deepEqual(await keys(destination, 'data/'), ['data/b/100%@1', 'data/b/dir//x@1', 'data/b/symbols+.txt@1']);
    assert.equal((await buffer((await destination.get('data/b/symbols+.txt@1'))!)).toString(), 'plus');
  });
});
