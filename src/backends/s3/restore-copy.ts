import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { VersionAtT } from './plan/as-of.ts';
import { isPlainMd5 } from './plan/model.ts';
import type { ObjectStore } from '../../stores/object/types.ts';
import { VerificationError } from '../../transfer/errors.ts';
import type { ScratchSpace } from '../../transfer/scratch.ts';
import { digestStream, Verifier } from '../../transfer/verify.ts';
import type { TokenBucket } from '../../transfer/throttle.ts';

/**
 * Moving one version from the backup to a restore target, verified. Two ways:
 * - streamed straight through (a new object at a target that holds nothing live): checked as it
 *   passes, and the copy removed if the backup turns out damaged (nothing was there before);
 * - staged (anything that replaces an existing object, and every write of an in-place restore):
 *   the backup object is read whole and verified first, held in memory up to a bound and in a
 *   temporary file beyond it (src/transfer/scratch.ts), and only then written. A damaged backup
 *   object never reaches the target, so what was there stays as it was.
 */

/** A backup object whose bytes are not what the catalogue recorded: reading it again will not help. */
export class DamagedBackupError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'DamagedBackupError';
  }
}

/** What a backup object can be checked against: the recorded SHA-256, else a single-part MD5 ETag, else only its size. */
export type CheckedBy = 'sha256' | 'md5' | 'size';

export function checkedBy(version: VersionAtT): CheckedBy {
  if (version.sha256) return 'sha256';
  if (isPlainMd5(version.e)) return 'md5';
  return 'size';
}

function problemsWith(version: VersionAtT, bytes: number, digests: { sha256: string; md5: string }): string[] {
  const size = version.s ?? 0;
  const problems: string[] = [];
  if (bytes !== size) problems.push(`${bytes} bytes in the backup, ${size} recorded`);
  if (version.sha256 && digests.sha256 !== version.sha256) problems.push('SHA-256 differs from the catalogue');
  if (!version.sha256 && isPlainMd5(version.e) && digests.md5 !== version.e) problems.push(`MD5 ${digests.md5} differs from the source ETag ${version.e}`);
  return problems;
}

function damaged(version: VersionAtT, problems: string[], what: string): DamagedBackupError {
  return new DamagedBackupError(`the backup object ${version.b} is damaged (${problems.join('; ')}): ${what}; run verify`);
}

async function openBackup(version: VersionAtT, destination: ObjectStore, bandwidth?: TokenBucket): Promise<Readable> {
  if (!version.b) throw new DamagedBackupError(`the catalogue records no backup object for ${version.k}`);
  const body = await destination.get(version.b);
  if (!body) throw new DamagedBackupError(`the backup object ${version.b} is missing: run verify`);
  if (!bandwidth) return body;
  // The bytes read are the bytes written: the limit is taken once, as they are read.
  const limited = bandwidth.transform();
  // An error on either side destroys both; the reader of `limited` sees it.
  pipeline(body, limited).catch(() => undefined);
  return limited;
}

/** A backup object read whole and verified, ready to be written as often as a retry needs. */
export interface StagedObject {
  size: number;
  sha256: string;
  md5: string;
  open(): Readable;
  dispose(): Promise<void>;
}

/** Reads and verifies a backup object before anything is written with it. */
export async function stageVersion(version: VersionAtT, destination: ObjectStore, scratch: ScratchSpace, bandwidth?: TokenBucket): Promise<StagedObject> {
  const body = await openBackup(version, destination, bandwidth);
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const staged = await scratch.stage(body, (chunk) => {
    sha256.update(chunk);
    md5.update(chunk);
  });
  const digests = { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
  const problems = problemsWith(version, staged.size, digests);
  if (problems.length > 0) {
    await staged.dispose();
    throw damaged(version, problems, 'nothing was written with it');
  }
  return { ...digests, size: staged.size, open: () => staged.open(), dispose: () => staged.dispose() };
}

/** Writes in one request (so the ETag is the MD5 where the target has ETags) with the version's metadata. */
function putVersion(target: ObjectStore, targetKey: string, body: Readable, size: number, version: VersionAtT) {
  return target.put(targetKey, body, { size, ...(version.meta ? { metadata: version.meta } : {}), singleRequest: true });
}

/** Writes a staged object; the target's returned MD5 ETag must match what was sent (else a retryable VerificationError). */
export async function writeStaged(staged: StagedObject, version: VersionAtT, target: ObjectStore, targetKey: string): Promise<void> {
  const stored = await putVersion(target, targetKey, staged.open(), staged.size, version);
  if (isPlainMd5(stored.etag) && stored.etag !== staged.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${staged.md5}`, targetKey);
  }
}

/** Streams one version from the backup to a key that held nothing, verifying as it passes. */
export async function streamVersion(version: VersionAtT, target: ObjectStore, targetKey: string, destination: ObjectStore, bandwidth?: TokenBucket): Promise<void> {
  const body = await openBackup(version, destination);
  const verifier = new Verifier({ md5: true, sha1: false, crc32: false });
  // 64 KiB, the stream default: a 1 MiB buffer per copy, 32 copies at once, churned the allocator
  // into about 100 MB of freed-but-resident memory (bench/results/2026-11-30-memory.md).
  const pass = new PassThrough({ highWaterMark: 64 * 1024 });
  const put = putVersion(target, targetKey, pass, version.s ?? 0, version).catch((error: unknown) => {
    // A refused write must not leave the backup stream hanging open behind it.
    pass.destroy(error as Error);
    throw error;
  });
  const [, stored] = await Promise.all([(bandwidth ? pipeline(body, bandwidth.transform(), verifier, pass) : pipeline(body, verifier, pass)), put]);
  const digests = verifier.digests();
  const problems = problemsWith(version, verifier.bytes, { sha256: digests.sha256 ?? '', md5: digests.md5 ?? '' });
  if (problems.length > 0) {
    // The key held nothing before: leave no damaged copy a re-run could take for a good one.
    await target.delete(targetKey).catch(() => undefined);
    throw damaged(version, problems, 'not restored');
  }
  if (isPlainMd5(stored.etag) && stored.etag !== digests.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${digests.md5}`, targetKey);
  }
}

/** Whether the target's object has exactly these bytes (read whole: same size and SHA-256). */
export async function targetHolds(target: ObjectStore, targetKey: string, size: number, sha256: string): Promise<boolean> {
  const body = await target.get(targetKey);
  if (!body) return false;
  const read = await digestStream(body);
  return read.bytes === size && read.sha256 === sha256;
}
