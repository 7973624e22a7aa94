import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { TestS3Server } from './s3.ts';

/** Every object under a prefix of a bucket (keys relative to the prefix) with its bytes. */
export async function readBucket(server: TestS3Server, bucket: string, prefix = ''): Promise<Map<string, string>> {
  const client = server.client();
  const found = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
      found.set(object.Key!.slice(prefix.length), (await buffer(response.Body as NodeJS.ReadableStream)).toString());
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** Every path below a folder (relative, `/`-separated), without following links. */
export async function filesBelow(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${path}/`);
      else found.push(path);
    }
  };
  await walk(folder, '');
  return found.sort();
}

/** Names pullback uses while writing: none may survive a finished or failed operation. */
export async function temporaryFilesBelow(folder: string): Promise<string[]> {
  return (await filesBelow(folder)).filter((path) => path.split('/').some((name) => name.startsWith('.pullback-tmp-')));
}
