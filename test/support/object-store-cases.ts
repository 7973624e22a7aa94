/**
 * The stores test/contract/object-store.test.ts runs its suite against, and what each declares
 * about itself where stores may honestly differ (the keys it can hold, the abilities it has).
 * A new store is one more `StoreCase`: a way to open a fresh empty one, and its traits.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import type { FolderNaming } from '../../src/stores/object/local/naming.ts';
import { TEMPORARY_PREFIX } from '../../src/stores/object/local/folder.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import type { TestS3Server } from './s3.ts';

export interface StoreTraits {
  /** Holds a key beside keys below it as a folder (`a` beside `a/b`). */
  fileBesideFolder: boolean;
  /**
   * Lists any set of keys in S3 byte order. s3rver sorts the names of the files it keeps instead,
   * so a key that starts another (`a` beside `a b`) and a folder beside its siblings (`d/a/x`
   * beside `d/a b`) come out of order there, and `startAfter` compares JavaScript strings (a
   * character above U+FFFF before U+FFFD). pullback's order guard refuses such a listing.
   */
  exactOrder: boolean;
  /** Keeps `.` and `..` segments, empty segments and segments over 255 bytes as they are; s3rver turns keys into paths. */
  pathLikeKeys: boolean;
  /** Conditional puts: refused when the condition fails, accepted regardless (callers read back), or no such ability. */
  conditionalPut: 'enforced' | 'ignored' | 'absent';
  /** Partial writes: listed and abandoned, refused by the server as not implemented, or no such ability. */
  partialWrites: 'listed' | 'not-implemented' | 'absent';
  /** Whether put, head and list give ETags (an S3 store: the MD5 of a single-part body). */
  etags: boolean;
  /** A folder: links below its root are refused, never followed. */
  folder: boolean;
}

export interface StoreFixture {
  /** A new, empty store. */
  fresh(): Promise<ObjectStore>;
  /** A store of this kind that cannot be used (no such bucket, a folder under a file). */
  unusable(): Promise<ObjectStore>;
  /** Leaves a write begun and never finished for `key`, as a killed run would. */
  leavePartialWrite(store: ObjectStore, key: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StoreCase {
  name: string;
  traits: StoreTraits;
  start(): Promise<StoreFixture>;
  /** Why the case cannot run on this machine (said in the skip). */
  skip?: string;
}

/** Everything an S3-compatible store should hold: the traits of AWS itself. */
const S3_TRAITS: StoreTraits = {
  fileBesideFolder: true,
  exactOrder: true,
  pathLikeKeys: true,
  conditionalPut: 'enforced',
  partialWrites: 'listed',
  etags: true,
  folder: false,
};

/** A bucket on a test server, under a prefix so every key is relative to the store. */
export function s3Case(name: string, startServer: () => Promise<TestS3Server>, traits: Partial<StoreTraits> = {}, skip?: string): StoreCase {
  return {
    name,
    traits: { ...S3_TRAITS, ...traits },
    ...(skip ? { skip } : {}),
    async start() {
      const server = await startServer();
      let buckets = 0;
      return {
        async fresh() {
          const bucket = `contract-${++buckets}`;
          await server.createBucket(bucket);
          return new S3ObjectStore(bucket, 'store/', server.connection(), `${server.endpoint}|contract`);
        },
        async unusable() {
          return new S3ObjectStore('contract-no-such-bucket', '', server.connection(), undefined, { role: 'restore target', input: 'restore-target' });
        },
        async leavePartialWrite(store, key) {
          if (store.place.kind !== 's3') throw new Error(`${store.description} is not a bucket`);
          const { bucket, prefix } = store.place.location;
          await server.client().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: prefix + key }));
        },
        stop: () => server.stop(),
      };
    },
  };
}

/** A local folder with the given naming (the destination's, or a restore target's). */
export function localCase(name: string, naming: FolderNaming, traits: Partial<StoreTraits>): StoreCase {
  return {
    name,
    traits: { ...S3_TRAITS, conditionalPut: 'absent', etags: false, folder: true, ...traits },
    async start() {
      const base = await mkdtemp(join(tmpdir(), 'pullback-contract-'));
      let folders = 0;
      return {
        fresh: async () => new LocalObjectStore(join(base, `store-${++folders}`), naming),
        async unusable() {
          const file = join(base, `a-file-${++folders}`);
          await writeFile(file, 'not a folder');
          return new LocalObjectStore(join(file, 'below'), naming, { label: { role: 'restore target', input: 'restore-target' } });
        },
        async leavePartialWrite(store, key) {
          if (store.place.kind !== 'local') throw new Error(`${store.description} is not a folder`);
          // What LocalFolder.put leaves when killed between creating its temporary file and the rename.
          const folder = join(store.place.root, ...key.split('/').slice(0, -1));
          await mkdir(folder, { recursive: true });
          await writeFile(join(folder, `${TEMPORARY_PREFIX}killed`), 'half a body');
        },
        stop: () => rm(base, { recursive: true, force: true }),
      };
    },
  };
}

/**
 * The view of another case's store under a sub-prefix, as a restore writes into the default
 * target `restored/<T>/` of the destination. A folder's view names files as a restore target does.
 */
export function viewCase(of: StoreCase, traits: Partial<StoreTraits> = {}): StoreCase {
  const subPrefix = 'restored/20261124T163000.000Z/';
  return {
    name: `${of.name}, viewed under ${subPrefix}`,
    traits: { ...of.traits, ...traits },
    ...(of.skip ? { skip: of.skip } : {}),
    async start() {
      const fixture = await of.start();
      return {
        ...fixture,
        fresh: async () => (await fixture.fresh()).under(subPrefix),
        unusable: async () => (await fixture.unusable()).under(subPrefix),
      };
    },
  };
}
