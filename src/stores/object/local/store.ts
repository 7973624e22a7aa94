import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DESTINATION_LABEL, type ObjectStore, type PartialWrite, type PutOptions, type PutResult, type StoreLabel, type StoredObject, type StorePlace } from '../types.ts';
import { LocalFolder } from './folder.ts';
import { folderComponents, type FolderNaming } from './naming.ts';
import { targetNaming } from './target-names.ts';

/**
 * A local folder as an object store: the backup destination (named as paths.ts says, unchanged
 * so existing backups stay readable: `destinationNaming`) or a restore target (the keys' real
 * names where the file system can hold them: `targetNaming()`). A folder keeps bytes only: no
 * ETag, no content type or user metadata. The file work, and the refusal to follow links below
 * the root, is LocalFolder's.
 */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  readonly prefixBytes = 0;
  readonly keepsMetadata = false;
  readonly place: StorePlace;
  private readonly folder: LocalFolder;
  private readonly label: StoreLabel;

  constructor(
    root: string,
    readonly naming: FolderNaming,
    /** `within`: a folder the root lies in whose links below it are not followed either (the destination of a view). */
    options: { within?: string; label?: StoreLabel } = {},
  ) {
    this.folder = new LocalFolder(root, naming, options.within === undefined ? {} : { within: options.within });
    this.root = this.folder.root;
    this.label = options.label ?? DESTINATION_LABEL;
    this.place = { kind: 'local', root: this.root };
  }

  get description(): string {
    return `folder ${this.root}`;
  }

  under(subPrefix: string): ObjectStore {
    // The folders below this root are checked like every other path in it.
    const root = join(this.root, ...folderComponents(this.naming, subPrefix));
    return new LocalObjectStore(root, targetNaming(), { within: this.folder.within ?? this.root, label: { role: 'restore target', input: this.label.input } });
  }

  check(): Promise<void> {
    return this.folder.check();
  }

  async probeWrite(): Promise<undefined> {
    try {
      await this.folder.check();
      const key = `.pullback-restore-probe-${randomBytes(6).toString('hex')}`;
      await this.folder.put(key, 'pullback write probe');
      await this.folder.delete(key);
      return undefined;
    } catch (error) {
      throw new Error(`writing to ${this.label.role} ${this.description} failed: ${(error as Error).message}: check \`${this.label.input}\``, { cause: error });
    }
  }

  async put(key: string, body: Readable | Buffer | string, _options?: PutOptions): Promise<PutResult> {
    await this.folder.put(key, body);
    return {};
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

  /** A folder's partial writes: temporary files a killed run left behind (see LocalFolder.put). */
  listPartialWrites(prefix: string): AsyncIterable<PartialWrite> {
    return this.folder.temporaryFiles(prefix);
  }

  abortPartialWrite(write: PartialWrite): Promise<void> {
    return this.folder.removeTemporary(write.id);
  }
}
