// The smallest complete bucket copy the benchmark can think of, as its own process (plain
// JavaScript: no TypeScript loader to start): list the source (ListObjectsV2, page after page),
// then GET each object whole and PUT it into the target, 64 at once. No verification, no
// catalogue, no retries: what any tool copying these objects through this server must at least do.
//   node bench/support/minimal-copy.mjs <endpoint> <source bucket> <target bucket> [concurrency]
// Credentials and region from the environment (AWS_ACCESS_KEY_ID, ...).
import { Agent } from 'node:http';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const [endpoint, source, target, concurrencyArg] = process.argv.slice(2);
if (!endpoint || !source || !target) throw new Error('usage: minimal-copy.mjs <endpoint> <source> <target> [concurrency]');
const concurrency = Number(concurrencyArg ?? 64);
const client = new S3Client({
  region: process.env.AWS_REGION ?? 'us-east-1',
  endpoint,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }) }),
});
const keys = [];
let token;
do {
  const page = await client.send(new ListObjectsV2Command({ Bucket: source, ContinuationToken: token }));
  for (const object of page.Contents ?? []) keys.push(object.Key);
  token = page.NextContinuationToken;
} while (token);
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < keys.length) {
    const key = keys[next++];
    const got = await client.send(new GetObjectCommand({ Bucket: source, Key: key }));
    const body = Buffer.from(await got.Body.transformToByteArray());
    await client.send(new PutObjectCommand({ Bucket: target, Key: key, Body: body }));
  }
}));
console.log(`copied ${keys.length}`);
