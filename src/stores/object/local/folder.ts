import { constants, type Dirent, type Stats } from 'node:fs';
import { access, lstat, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compareKeys } from '../../../plan/keys.ts';
import { mergeSorted } from '../../../plan/merge.ts';
import type { PartialWrite, StoredObject } from '../types.ts';
import { folderComponents, type FolderNaming } from './naming.ts';

/** Names pullback writes to first and renames into place: never a key's file, never listed. */
export const TEMPORARY_PREFIX = '.pullback-tmp-';

/** A symbolic link where pullback would read or write: refused, never followed. */
export class LinkRefusedError extends Error {
  constructor(
    readonly key: string,
    readonly link: string,
  ) {
    super(
      `refusing key ${JSON.stringify(key)}: ${link} is a symbolic link, and pullback never follows links inside its folder ` +
        '(files would land outside it); remove the link or choose another folder',
    );
    this.name = 'LinkRefusedError';
  }
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

interface Slot {
  path: string;
  stats: Stats | undefined;
}

/**
 * A local folder holding objects by key, that never follows a symbolic link below its root (the
 * root itself may be a link the user chose). Every component is checked with lstat before it is
 * used; folders are created one level at a time; files are written to a temporary name in their
 * folder (created exclusively, so never through a link) and renamed into place, so a crash never
 * leaves a half-written file under a final name and a failure leaves no temporary file.
 * Listings are streamed in S3 byte order, one folder's names in memory at a time.
 *
 * Node has no openat(), so a link swapped in between the check and the use is not caught: the
 * guard is against links already there (a folder restored into, a hostile archive), not against
 * a concurrent local attacker.
 */
export class LocalFolder {
  readonly root: string;
  /** The folder whose own links are trusted, when the root lies below it. */
  readonly within: string | undefined;

  constructor(
    root: string,
    readonly naming: FolderNaming,
    /** A folder the root lies inside whose own links are trusted but none below it (a target inside a destination). */
    options: { within?: string } = {},
  ) {
    this.root = resolve(root);
    this.within = options.within === undefined ? undefined : resolve(options.within);
    if (this.within !== undefined) {
      const rel = relative(this.within, this.root);
      if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${this.root} is not inside ${this.within}`);
    }
  }

  /** The root, checked (and created when `create`); undefined when it does not exist yet. */
  private async rootPath(key: string, create: boolean): Promise<string | undefined> {
    if (this.within === undefined) {
      if (create) await mkdir(this.root, { recursive: true });
      return this.root;
    }
    // The trusted folder is created as a root without one would be; below it every level is checked.
    if (create) await mkdir(this.within, { recursive: true });
    const parts = relative(this.within, this.root).split(sep).filter(Boolean);
    return this.descend(this.within, parts, key, create);
  }

  /** Creates the root and proves it writable. */
  async check(): Promise<void> {
    if (this.within !== undefined) await mkdir(this.within, { recursive: true });
    await this.rootPath('', true);
    await access(this.root, constants.W_OK);
  }

  /**
   * Walks `components` below `start`, refusing links; creates missing folders when `create`.
   * A file where a folder is needed moves to its displaced name (when the naming has one).
   * Undefined when a folder is missing (or is a file) and nothing may be created.
   */
  private async descend(start: string, components: string[], key: string, create: boolean): Promise<string | undefined> {
    let folder = start;
    for (const name of components) {
      const path = join(folder, name);
      for (let attempt = 0; ; attempt++) {
        const stats = await lstatOrUndefined(path);
        if (stats?.isSymbolicLink()) throw new LinkRefusedError(key, path);
        if (stats?.isDirectory()) break;
        if (!create) return undefined;
        if (attempt > 5) throw new Error(`key ${JSON.stringify(key)}: ${path} keeps changing while pullback creates it; is another process writing this folder?`);
        if (stats === undefined) {
          try {
            await mkdir(path);
          } catch (error) {
            if (code(error) !== 'EEXIST') throw error;
          }
          continue;
        }
        // A file stands where a folder is needed: it moves aside to its displaced name.
        if (!this.naming.displacedName) {
          throw new Error(`key ${JSON.stringify(key)}: ${path} is a file where a folder is needed; move it out of ${this.root}`);
        }
        const moved = join(folder, this.naming.displacedName(name));
        if ((await lstatOrUndefined(moved)) !== undefined) {
          // Another write may have just moved it (what we saw was stale): look again first.
          if (attempt < 3) continue;
          throw new Error(`key ${JSON.stringify(key)}: both ${path} and ${moved} exist and stand for the same key; remove the stale one`);
        }
        try {
          await rename(path, moved);
        } catch (error) {
          // Another write moved it first (a key and one below it, written at once): look again.
          if (code(error) !== 'ENOENT') throw error;
        }
      }
      folder = path;
    }
    return folder;
  }

  /** Where a key's file is (or goes) inside its folder, refusing a link there. */
  private async slot(folder: string, name: string, key: string): Promise<Slot> {
    const path = join(folder, name);
    const stats = await lstatOrUndefined(path);
    if (stats?.isSymbolicLink()) throw new LinkRefusedError(key, path);
    if (stats?.isFile() || !this.naming.displacedName) return { path, stats };
    // A folder holds the name (or the file already lives displaced): the displaced name.
    const moved = join(folder, this.naming.displacedName(name));
    const movedStats = await lstatOrUndefined(moved);
    if (movedStats?.isSymbolicLink()) throw new LinkRefusedError(key, moved);
    if (stats === undefined && movedStats === undefined) return { path, stats };
    return { path: moved, stats: movedStats };
  }

  /** Where a put of the key renames its file to: a file or nothing there, never a link or a folder. */
  private async writableSlot(folder: string, name: string, key: string): Promise<string> {
    const slot = await this.slot(folder, name, key);
    if (slot.stats !== undefined && !slot.stats.isFile()) {
      throw new Error(`key ${JSON.stringify(key)}: ${slot.path} is ${slot.stats.isDirectory() ? 'a folder' : 'not a regular file'} where the file belongs; move it out of ${this.root}`);
    }
    return slot.path;
  }

  /** The file of an existing key, or undefined. */
  private async find(key: string): Promise<Slot | undefined> {
    const components = this.naming.fileComponents(key);
    const root = await this.rootPath(key, false);
    if (root === undefined) return undefined;
    const folder = await this.descend(root, components.slice(0, -1), key, false);
    if (folder === undefined) return undefined;
    const slot = await this.slot(folder, components[components.length - 1]!, key);
    return slot.stats?.isFile() ? slot : undefined;
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    const components = this.naming.fileComponents(key);
    let temporary: string | undefined;
    try {
      const root = (await this.rootPath(key, true))!;
      const folder = (await this.descend(root, components.slice(0, -1), key, true))!;
      const name = components[components.length - 1]!;
      await this.writableSlot(folder, name, key); // refuse before reading the body
      const written = join(folder, `${TEMPORARY_PREFIX}${randomBytes(6).toString('hex')}`);
      temporary = written;
      // 'wx': created exclusively, so never through a link planted under the temporary name.
      if (typeof body === 'string' || Buffer.isBuffer(body)) await writeFile(written, body, { flag: 'wx' });
      else {
        const handle = await open(written, 'wx');
        await pipeline(body, handle.createWriteStream());
      }
      for (let attempt = 0; ; attempt++) {
        const path = await this.writableSlot(folder, name, key);
        try {
          await rename(written, path);
          temporary = undefined;
          return;
        } catch (error) {
          // A folder appeared under the name meanwhile (a key below this one, written concurrently).
          if (attempt >= 3 || !['EISDIR', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes(code(error) ?? '')) throw error;
        }
      }
    } catch (error) {
      if (body instanceof Readable && !body.destroyed) body.destroy();
      throw error;
    } finally {
      if (temporary !== undefined) await rm(temporary, { force: true });
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const slot = await this.find(key);
    return slot ? { key, size: slot.stats!.size } : undefined;
  }

  async get(key: string): Promise<Readable | undefined> {
    const slot = await this.find(key);
    if (!slot) return undefined;
    let handle;
    try {
      // O_NOFOLLOW: a link swapped in since the check fails instead of being read through.
      handle = await open(slot.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (code(error) === 'ELOOP') throw new LinkRefusedError(key, slot.path);
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    const slot = await this.find(key);
    if (slot) await rm(slot.path, { force: true });
  }

  /** The folder holding a prefix's keys (the part up to its last `/`), checked; undefined when absent. */
  private async prefixFolder(prefix: string): Promise<{ folder: string; folderKey: string } | undefined> {
    const folderKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const root = await this.rootPath(prefix, false);
    if (root === undefined) return undefined;
    const folder = await this.descend(root, folderComponents(this.naming, folderKey), prefix, false);
    return folder === undefined ? undefined : { folder, folderKey };
  }

  /** Keys under a prefix in S3 byte order, after `startAfter` when given. Links are never followed. */
  async *list(prefix: string, startAfter?: string): AsyncIterable<StoredObject> {
    const start = await this.prefixFolder(prefix);
    if (start === undefined) return;
    let previous: StoredObject | undefined;
    for await (const object of this.walk(start.folder, start.folderKey)) {
      if (!object.key.startsWith(prefix) || (startAfter !== undefined && compareKeys(object.key, startAfter) <= 0)) continue;
      if (previous && previous.key === object.key) {
        throw new Error(`two files in ${this.root} stand for the key ${JSON.stringify(object.key)} (a file and its displaced copy): remove the stale one`);
      }
      previous = object;
      yield object;
    }
  }

  /**
   * One folder's names sorted by the keys they hold, merged with the folders of split segments
   * (whose keys can fall between their siblings'), so the whole walk comes out in key order.
   */
  private async *walk(folder: string, keyPrefix: string): AsyncGenerator<StoredObject> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return;
      throw error;
    }
    const plain: { key: string; path: string; folder: boolean }[] = [];
    const streams: AsyncGenerator<StoredObject>[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(TEMPORARY_PREFIX)) continue;
      // Links (and sockets, devices) are never followed or read.
      if (!entry.isFile() && !entry.isDirectory()) continue;
      const parsed = this.naming.parse(entry.name);
      const path = join(folder, entry.name);
      const text = keyPrefix + parsed.text;
      if (parsed.kind === 'piece') {
        if (entry.isDirectory()) streams.push(this.walk(path, text));
      } else if (entry.isDirectory()) {
        if (parsed.kind === 'whole') plain.push({ key: `${text}/`, path, folder: true });
      } else {
        plain.push({ key: text, path, folder: false });
      }
    }
    entries = [];
    plain.sort((a, b) => compareKeys(a.key, b.key));
    const self = this;
    streams.unshift(
      (async function* () {
        for (const entry of plain) {
          if (entry.folder) {
            yield* self.walk(entry.path, entry.key);
            continue;
          }
          const stats = await lstatOrUndefined(entry.path);
          if (stats?.isFile()) yield { key: entry.key, size: stats.size };
        }
      })(),
    );
    if (streams.length === 1) {
      yield* streams[0]!;
      return;
    }
    // Equal keys stay side by side (a file and its displaced copy): list() refuses them.
    const sorted = streams.map((items) => ({ items, key: (object: StoredObject) => object.key, name: `the listing of ${folder}`, repeats: true }));
    for await (const { items } of mergeSorted(sorted)) for (const group of items) yield* group;
  }

  /**
   * Temporary files below a prefix's folder: writes a killed run left half done (a finished or
   * failed write leaves none). `key` is the folder they are in; links are never followed.
   */
  async *temporaryFiles(prefix: string): AsyncGenerator<PartialWrite> {
    const start = await this.prefixFolder(prefix);
    if (start === undefined) return;
    const root = this.root;
    const naming = this.naming;
    const walk = async function* (folder: string, keyPrefix: string): AsyncGenerator<PartialWrite> {
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          const parsed = naming.parse(entry.name);
          yield* walk(path, keyPrefix + parsed.text + (parsed.kind === 'piece' ? '' : '/'));
        } else if (entry.isFile() && entry.name.startsWith(TEMPORARY_PREFIX)) {
          const info = await lstatOrUndefined(path);
          if (info) yield { key: keyPrefix, id: relative(root, path), initiated: info.mtime };
        }
      }
    };
    yield* walk(start.folder, start.folderKey);
  }

  /** Removes a temporary file temporaryFiles found (`id`: its path below the root), and nothing else. */
  async removeTemporary(id: string): Promise<void> {
    const path = resolve(this.root, id);
    const rel = relative(this.root, path);
    if (!basename(path).startsWith(TEMPORARY_PREFIX) || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`not a temporary file of ${this.root}: ${id}`);
    await rm(path, { force: true });
  }
}
