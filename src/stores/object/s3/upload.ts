import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { Slots } from '../../../transfer/slots.ts';
import { unquote } from './client.ts';
import { setPayloadHash } from './payload-hash.ts';

/** Largest object one PutObject or CopyObject takes. */
export const MAX_SINGLE_REQUEST_BYTES = 5 * 1024 ** 3;
/**
 * Multipart part size: memory per upload is partSize x (PARTS_IN_FLIGHT + 1). S3's smallest part
 * (every part but the last must hold 5 MiB): 15 MiB of part buffers per upload, where 8 MiB parts
 * held 24 MiB at the peak of a run copying one 512 MiB object (issue 11).
 */
export const PART_SIZE = 5 * 1024 * 1024;
/**
 * Largest body of known size sent as one streamed PutObject (never buffered): up to 8 MiB, as when
 * the parts were of 8 MiB, so objects of 5 to 8 MiB still cost one request and no part buffers.
 */
export const SINGLE_PUT_BYTES = 8 * 1024 * 1024;
/** Parts of one upload sent at once; one more part buffer is filled meanwhile. */
const PARTS_IN_FLIGHT = 2;
/**
 * Multipart uploads at once per client: each holds three part buffers (15 MiB at the default part
 * size), so a bucket of large objects costs about 30 MiB of buffers whatever the concurrency.
 */
export const MULTIPART_UPLOADS_AT_ONCE = 2;
const multipartSlotsByClient = new WeakMap<S3Client, Slots>();
/** S3 refuses a multipart upload of more parts. */
const MAX_PARTS = 10_000;

/** The part size for a body of `size` bytes: PART_SIZE, or larger when that many parts would not hold it. */
export function partSizeFor(size: number | undefined): number {
  if (size === undefined) return PART_SIZE;
  return Math.max(PART_SIZE, Math.ceil(size / MAX_PARTS / (1024 * 1024)) * 1024 * 1024);
}

/** What one write sends besides its body: bucket, key, metadata, class, encryption, retention. */
export type PutParams = Omit<PutObjectCommandInput, 'Body' | 'ContentLength'> & { Bucket: string; Key: string };

/**
 * Writes one object and returns its ETag (unquoted). A body of known size up to SINGLE_PUT_BYTES (or up
 * to 5 GiB when `singleRequest`) goes as one PutObject streamed straight through; anything bigger,
 * or of unknown size, goes in parts.
 */
export async function putObject(
  client: S3Client,
  params: PutParams,
  body: Readable | Buffer | string,
  options: { size?: number; singleRequest?: boolean; sha256?: string },
): Promise<string | undefined> {
  const whole = typeof body === 'string' || Buffer.isBuffer(body);
  if (options.sha256 !== undefined && Buffer.isBuffer(body)) setPayloadHash(body, options.sha256);
  const size = options.size;
  const single = size !== undefined && (size <= SINGLE_PUT_BYTES || (options.singleRequest === true && size <= MAX_SINGLE_REQUEST_BYTES));
  if (whole || single) {
    // One request: the ETag is the content's MD5 (unless the bucket encrypts with KMS). A stream
    // of known length is never buffered: the SDK pipes it into the request.
    const result = await client.send(new PutObjectCommand({ ...params, Body: body, ...(whole ? {} : { ContentLength: size }) }));
    return unquote(result.ETag);
  }
  // Bigger bodies go in parts, a few uploads at a time, so the run's memory stays bounded whatever
  // the concurrency. Only bodies of known size (copies) take a slot: a body of unknown size is a
  // catalogue file written as the run goes, open for the whole pass, and two of them would hold
  // every slot while the copies wait on them.
  const slots = size !== undefined ? multipartSlots(client) : undefined;
  await slots?.acquire();
  try {
    return await uploadInParts(client, params, body, partSizeFor(size));
  } finally {
    slots?.release();
  }
}

/** Shared by every store on this client (a view `under` a prefix included). */
function multipartSlots(client: S3Client): Slots {
  let slots = multipartSlotsByClient.get(client);
  if (!slots) multipartSlotsByClient.set(client, (slots = new Slots(MULTIPART_UPLOADS_AT_ONCE)));
  return slots;
}

/**
 * A multipart upload that copies the body into PARTS_IN_FLIGHT + 1 buffers of one part each and
 * reuses them part after part. lib-storage's Upload concatenated every part into a new buffer:
 * 8 MiB of garbage per part, which lived long enough (the part's request) to reach V8's old space
 * and stayed in memory until a full collection, about 64 MiB at a time. A body that ends within
 * its first part goes as one PutObject. Any failure aborts the upload: no parts are left behind.
 */
async function uploadInParts(client: S3Client, params: PutParams, body: Readable, partSize: number): Promise<string | undefined> {
  const free: Buffer[] = [];
  let allocated = 0;
  const inFlight = new Set<Promise<void>>();
  const parts: CompletedPart[] = [];
  let uploadId: string | undefined;
  let failure: unknown;
  const checksum = params.ChecksumAlgorithm ? { ChecksumAlgorithm: params.ChecksumAlgorithm } : {};

  const sendPart = (buffer: Buffer, length: number, partNumber: number) => {
    const sending = (async () => {
      try {
        const result = await client.send(
          new UploadPartCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId, PartNumber: partNumber, Body: buffer.subarray(0, length), ...checksum }),
        );
        if (!result.ETag) throw new Error(`part ${partNumber} of ${params.Key} came back without an ETag`);
        parts.push({
          PartNumber: partNumber,
          ETag: result.ETag,
          ...(result.ChecksumCRC32 ? { ChecksumCRC32: result.ChecksumCRC32 } : {}),
          ...(result.ChecksumCRC32C ? { ChecksumCRC32C: result.ChecksumCRC32C } : {}),
          ...(result.ChecksumCRC64NVME ? { ChecksumCRC64NVME: result.ChecksumCRC64NVME } : {}),
          ...(result.ChecksumSHA1 ? { ChecksumSHA1: result.ChecksumSHA1 } : {}),
          ...(result.ChecksumSHA256 ? { ChecksumSHA256: result.ChecksumSHA256 } : {}),
        });
      } catch (error) {
        failure ??= error;
      } finally {
        // The request is over (answered or failed for good): the SDK holds the buffer no more.
        free.push(buffer);
      }
    })();
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };

  const takeBuffer = async (): Promise<Buffer> => {
    while (free.length === 0 && allocated > PARTS_IN_FLIGHT) await Promise.race(inFlight);
    const reused = free.pop();
    if (reused) return reused;
    allocated++;
    return Buffer.allocUnsafeSlow(partSize);
  };

  try {
    let partNumber = 1;
    let buffer = await takeBuffer();
    let filled = 0;
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      while (data.length > 0) {
        const taken = Math.min(data.length, partSize - filled);
        data.copy(buffer, filled, 0, taken);
        filled += taken;
        data = data.subarray(taken);
        if (filled < partSize) continue;
        // A full part: there is more to come (or an empty last part, which is never sent).
        if (failure) throw failure;
        if (partNumber > MAX_PARTS) throw new Error(`${params.Key} needs more than ${MAX_PARTS} parts of ${partSize} bytes`);
        uploadId ??= (await client.send(new CreateMultipartUploadCommand(params))).UploadId;
        sendPart(buffer, filled, partNumber++);
        buffer = await takeBuffer();
        filled = 0;
      }
    }
    if (uploadId === undefined) {
      // The whole body fits in one part: one request, as lib-storage did.
      const result = await client.send(new PutObjectCommand({ ...params, Body: buffer.subarray(0, filled) }));
      return unquote(result.ETag);
    }
    if (filled > 0) {
      if (partNumber > MAX_PARTS) throw new Error(`${params.Key} needs more than ${MAX_PARTS} parts of ${partSize} bytes`);
      sendPart(buffer, filled, partNumber++);
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure) throw failure;
    parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
    const result = await client.send(new CompleteMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    return unquote(result.ETag);
  } catch (error) {
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (uploadId !== undefined) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId }));
      } catch (abortError) {
        if (error instanceof Error && error.cause === undefined) error.cause = abortError;
      }
    }
    throw error;
  }
}
