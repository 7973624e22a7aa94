import type { Readable } from 'node:stream';

/**
 * A small body read whole, or undefined once it passes `maxBytes` (the body is then destroyed, and
 * no more than `maxBytes` plus one chunk was ever held): catalogue files, the lease, manifests, and
 * the small objects a backup copies without a stream. The caller names the file in its error.
 */
export async function readWhole(body: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes);
}
