import { Readable } from 'node:stream';
import type { Destination, StoredObject } from '../types.ts';
import { LocalFolder } from './folder.ts';
import { destinationNaming } from './naming.ts';

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
}

export function readableFrom(data: string | Buffer): Readable {
  return Readable.from([typeof data === 'string' ? Buffer.from(data) : data]);
}
