import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { VersionAtT } from './plan/as-of.ts';
import type { Destination } from '../../stores/object/types.ts';
import { VerificationError } from '../../transfer/errors.ts';
import { Verifier } from '../../transfer/verify.ts';
import type { RestoreTarget } from './restore-target.ts';

/**
 * Moving one version from the backup to a restore target, verified. Two ways:
 * - streamed straight through (a new object at a target that holds nothing live): checked as it
 *   passes, and the copy removed if the backup turns out damaged (nothing was there before);
 * - staged (anything that replaces an existing object, and every write of an in-place restore):
 *   the backup object is read whole and verified first, held in memory up to a bound and in a
 *   temporary file beyond it, and only then written. A damaged backup object never reaches the
 *   target, so what was there stays as it was.
 */

/** A backup object whose bytes are not what the catalogue recorded: reading it again will not help. */
export class DamagedBackupError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'DamagedBackupError';
  }
}

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

/** What a backup object can be checked against: the recorded SHA-256, else a single-part MD5 ETag, else only its size. */
export type CheckedBy = 'sha256' | 'md5' | 'size';

export function checkedBy(version: VersionAtT): CheckedBy {
  if (version.sha256) return 'sha256';
  if (version.e && PLAIN_MD5.test(version.e)) return 'md5';
  return 'size';
}

function problemsWith(version: VersionAtT, bytes: number, digests: { sha256: string; md5: string }): string[] {
  const size = version.s ?? 0;
  const problems: string[] = [];
  if (bytes !== size) problems.push(`${bytes} bytes in the backup, ${size} recorded`);
  if (version.sha256 && digests.sha256 !== version.sha256) problems.push('SHA-256 differs from the catalogue');
  if (!version.sha256 && version.e && PLAIN_MD5.test(version.e) && digests.md5 !== version.e) problems.push(`MD5 ${digests.md5} differs from the source ETag ${version.e}`);
  return problems;
}

function damaged(version: VersionAtT, problems: string[], what: string): DamagedBackupError {
  return new DamagedBackupError(`the backup object ${version.b} is damaged (${problems.join('; ')}): ${what}; run verify`);
}

async function openBackup(version: VersionAtT, destination: Destination): Promise<Readable> {
  if (!version.b) throw new DamagedBackupError(`the catalogue records no backup object for ${version.k}`);
  const body = await destination.get(version.b);
  if (!body) throw new DamagedBackupError(`the backup object ${version.b} is missing: run verify`);
  return body;
}

/** A backup object read whole and verified, ready to be written as often as a retry needs. */
export interface StagedObject {
  size: number;
  sha256: string;
  md5: string;
  open(): Readable;
  dispose(): Promise<void>;
}

export interface StagingArea {
  /** A folder of its own for temporary files (removed by the caller when the restore ends). */
  folder: string;
  /** Bytes an object may take in memory before it goes to a temporary file. */
  memoryBytes: number;
}

/** Reads and verifies a backup object before anything is written with it. */
export async function stageVersion(version: VersionAtT, destination: Destination, area: StagingArea): Promise<StagedObject> {
  const body = await openBackup(version, destination);
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let chunks: Buffer[] = [];
  let held = 0;
  let bytes = 0;
  let file: { path: string; handle: FileHandle } | undefined;
  const dispose = async () => {
    chunks = [];
    if (file) {
      await file.handle.close().catch(() => undefined);
      await rm(file.path, { force: true });
    }
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      sha256.update(chunk);
      md5.update(chunk);
      bytes += chunk.length;
      if (file) {
        await file.handle.write(chunk);
        continue;
      }
      chunks.push(chunk);
      held += chunk.length;
      if (held > area.memoryBytes) {
        const path = join(area.folder, `stage-${randomBytes(8).toString('hex')}`);
        file = { path, handle: await open(path, 'wx', 0o600) };
        for (const held of chunks) await file.handle.write(held);
        chunks = [];
      }
    }
    if (file) await file.handle.close();
  } catch (error) {
    body.destroy();
    await dispose();
    throw error;
  }
  const digests = { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
  const problems = problemsWith(version, bytes, digests);
  if (problems.length > 0) {
    await dispose();
    throw damaged(version, problems, 'nothing was written with it');
  }
  const path = file?.path;
  const memory = chunks;
  return {
    size: bytes,
    ...digests,
    open: () => (path !== undefined ? createReadStream(path) : Readable.from(memory, { objectMode: false })),
    dispose: async () => {
      memory.length = 0;
      if (path !== undefined) await rm(path, { force: true });
    },
  };
}

/** Writes a staged object; the target's returned MD5 ETag must match what was sent (else a retryable VerificationError). */
export async function writeStaged(staged: StagedObject, version: VersionAtT, target: RestoreTarget, targetKey: string): Promise<void> {
  const stored = await target.put(targetKey, staged.open(), staged.size, version.meta);
  if (stored.etag && PLAIN_MD5.test(stored.etag) && stored.etag !== staged.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${staged.md5}`, targetKey);
  }
}

/** Streams one version from the backup to a key that held nothing, verifying as it passes. */
export async function streamVersion(version: VersionAtT, target: RestoreTarget, targetKey: string, destination: Destination): Promise<void> {
  const body = await openBackup(version, destination);
  const size = version.s ?? 0;
  const verifier = new Verifier({ md5: true, sha1: false, crc32: false });
  const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
  const put = target.put(targetKey, pass, size, version.meta).catch((error: unknown) => {
    // A refused write must not leave the backup stream hanging open behind it.
    pass.destroy(error as Error);
    throw error;
  });
  const [, stored] = await Promise.all([pipeline(body, verifier, pass), put]);
  const digests = verifier.digests();
  const problems = problemsWith(version, verifier.bytes, { sha256: digests.sha256 ?? '', md5: digests.md5 ?? '' });
  if (problems.length > 0) {
    // The key held nothing before: leave no damaged copy a re-run could take for a good one.
    await target.delete(targetKey).catch(() => undefined);
    throw damaged(version, problems, 'not restored');
  }
  if (stored.etag && PLAIN_MD5.test(stored.etag) && stored.etag !== digests.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${digests.md5}`, targetKey);
  }
}

/** Whether the target's object has exactly these bytes (read whole: same size and SHA-256). */
export async function targetHolds(target: RestoreTarget, targetKey: string, size: number, sha256: string): Promise<boolean> {
  const body = await target.get(targetKey);
  if (!body) return false;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return bytes === size && hash.digest('hex') === sha256;
}
