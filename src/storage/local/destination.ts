import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile, access, constants, lstat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination, PartialWrite, StoredObject } from '../types.ts';
import { compareKeys } from '../../plan/keys.ts';
import { pathInside, relativePathToKey } from './paths.ts';

/**
 * A local folder as a destination. Writes go to a temporary name in the same folder and are
 * renamed into place, so a crash never leaves a half-written file under a final name.
 */
export class LocalDestination implements Destination {
  readonly root: string;
  readonly prefixBytes = 0;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get description(): string {
    return `folder ${this.root}`;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    const path = pathInside(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.pullback-tmp-${randomBytes(6).toString('hex')}`);
    try {
      if (typeof body === 'string' || Buffer.isBuffer(body)) await writeFile(temporary, body);
      else await pipeline(body, createWriteStream(temporary));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const info = await stat(pathInside(this.root, key));
      return info.isFile() ? { key, size: info.size } : undefined;
    } catch {
      return undefined;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const found = await this.head(key);
    return found ? createReadStream(pathInside(this.root, key)) : undefined;
  }

  async *list(prefix: string, startAfter?: string): AsyncIterable<StoredObject> {
    // Walk only the folder the prefix names (its last segment may be partial).
    const folderKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const start = folderKey === '' ? this.root : dirname(pathInside(this.root, folderKey + 'x'));
    const found: StoredObject[] = [];
    const walk = async (folder: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.pullback-tmp-')) continue;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) {
          const key = relativePathToKey(relative(this.root, path).split(sep).join(sep));
          if (key.startsWith(prefix) && (startAfter === undefined || compareKeys(key, startAfter) > 0)) {
            found.push({ key, size: (await stat(path)).size });
          }
        }
      }
    };
    await walk(start);
    found.sort((a, b) => compareKeys(a.key, b.key));
    yield* found;
  }

  async delete(key: string): Promise<void> {
    await rm(pathInside(this.root, key), { force: true });
  }

  /** A folder's partial writes: temporary files a killed run left behind (see put). */
  async *listPartialWrites(prefix: string): AsyncIterable<PartialWrite> {
    const start = prefix === '' ? this.root : dirname(pathInside(this.root, prefix + 'x'));
    const walk = async function* (folder: string, root: string): AsyncGenerator<PartialWrite> {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) yield* walk(path, root);
        else if (entry.isFile() && entry.name.startsWith('.pullback-tmp-')) {
          const info = await lstat(path).catch(() => undefined);
          if (info) yield { key: relativePathToKey(relative(root, folder)) + '/', id: relative(root, path), initiated: info.mtime };
        }
      }
    };
    yield* walk(start, this.root);
  }

  async abortPartialWrite(write: PartialWrite): Promise<void> {
    const path = resolve(this.root, write.id);
    if (!basename(path).startsWith('.pullback-tmp-') || relative(this.root, path).startsWith('..')) throw new Error(`not a temporary file of this folder: ${write.id}`);
    await rm(path, { force: true });
  }
}

export function readableFrom(data: string | Buffer): Readable {
  return Readable.from([typeof data === 'string' ? Buffer.from(data) : data]);
}
