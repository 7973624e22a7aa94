import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Destination, PartialWrite, StoredObject } from '../types.ts';
import { LocalFolder, TEMPORARY_PREFIX } from './folder.ts';
import { destinationNaming } from './naming.ts';
import { pathInside, relativePathToKey } from './paths.ts';

/**
 * A local folder as a destination, named as paths.ts says (unchanged, so existing backups stay
 * readable). The file work, and the refusal to follow links below the root, is LocalFolder's.
 */
export class LocalDestination implements Destination {
  readonly root: string;
  readonly prefixBytes = 0;
  private readonly folder: LocalFolder;

  constructor(root: string) {
    this.folder = new LocalFolder(root, destinationNaming);
    this.root = this.folder.root;
  }

  get description(): string {
    return `folder ${this.root}`;
  }

  check(): Promise<void> {
    return this.folder.check();
  }

  put(key: string, body: Readable | Buffer | string): Promise<void> {
    return this.folder.put(key, body);
  }

  head(key: string): Promise<StoredObject | undefined> {
    return this.folder.head(key);
  }

  get(key: string): Promise<Readable | undefined> {
    return this.folder.get(key);
  }

  list(prefix: string, startAfter?: string): AsyncIterable<StoredObject> {
    return this.folder.list(prefix, startAfter);
  }

  delete(key: string): Promise<void> {
    return this.folder.delete(key);
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
        else if (entry.isFile() && entry.name.startsWith(TEMPORARY_PREFIX)) {
          const info = await lstat(path).catch(() => undefined);
          if (info) yield { key: relativePathToKey(relative(root, folder)) + '/', id: relative(root, path), initiated: info.mtime };
        }
      }
    };
    yield* walk(start, this.root);
  }

  async abortPartialWrite(write: PartialWrite): Promise<void> {
    const path = resolve(this.root, write.id);
    if (!basename(path).startsWith(TEMPORARY_PREFIX) || relative(this.root, path).startsWith('..')) throw new Error(`not a temporary file of this folder: ${write.id}`);
    await rm(path, { force: true });
  }
}

export function readableFrom(data: string | Buffer): Readable {
  return Readable.from([typeof data === 'string' ? Buffer.from(data) : data]);
}
