// Hand-run benchmark (issue 11): the client CPU of one S3 request through pullback's S3 store and
// the AWS SDK, without a network or a server: every request is answered in this process (200, an
// ETag, an empty body). What it measures is the SDK's per-request path as pullback configures it
// (middleware, endpoint, serialisation, signing), which on a full backup of small objects is most
// of the client's CPU.
//   npx tsx bench/s3-request-cpu.ts [--requests 4000] [--repeat 6] [--at-once 32]
// Compare commits by running it from a git worktree of each, alternating (medians of the later
// repetitions: the first ones warm V8 up). With `node --allow-natives-syntax --import tsx` it also
// says whether the SDK's config object is in V8's fast form (src/stores/object/s3/per-request.ts).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../src/stores/object/s3/client.ts';
import { S3ObjectStore } from '../src/stores/object/s3/store.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' }, repeat: { type: 'string', default: '6' }, 'at-once': { type: 'string', default: '32' } } });
const requests = Number(values.requests);
const atOnce = Number(values['at-once']);

const client = createS3Client({ region: 'us-east-1', endpoint: 'http://offline.invalid', forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 }, 'bench');
// Cached handlers keep the request handler they were resolved with: replaced before the first request.
(client.config as { requestHandler: unknown }).requestHandler = {
  handle: async () => ({ response: { statusCode: 200, headers: { etag: '"etag"' }, body: Readable.from([]) } }),
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};
const store = new S3ObjectStore('bench', 'p/', { client, endpoint: 'http://offline.invalid' });
const body = Buffer.alloc(4096, 7);
// As a backup puts a small object: its SHA-256 computed while it was read.
const sha256 = createHash('sha256').update(body).digest('hex');

async function timed(work: (i: number) => Promise<unknown>): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i += atOnce) await Promise.all(Array.from({ length: Math.min(atOnce, requests - i) }, (_, j) => work(i + j)));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / requests;
}

for (let rep = 1; rep <= Number(values.repeat); rep++) {
  const put = await timed((i) => store.put(`object-${i}`, body, { size: body.length, sha256 }));
  const get = await timed((i) => client.send(new GetObjectCommand({ Bucket: 'bench', Key: `p/object-${i}` })));
  console.log(`[${rep}] CPU per request: put of 4 KiB ${put.toFixed(1)} us, get ${get.toFixed(1)} us`);
}
try {
  const fast = new Function('o', 'return %HasFastProperties(o)') as (o: unknown) => boolean;
  console.log(`the SDK's config object is in V8's ${fast(client.config) ? 'fast' : 'dictionary'} form`);
} catch {
  // Without --allow-natives-syntax the check is a syntax error: nothing to say.
}
