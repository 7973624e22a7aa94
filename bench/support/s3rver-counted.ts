/**
 * s3rver in a process of its own (so the benchmark can read its CPU time from /proc), counting
 * every request it answers by kind. `GET /__counts` returns the counts as JSON; the benchmark
 * subtracts two readings to get one run's requests, counted at the server whatever the client.
 *
 *   node --openssl-legacy-provider --import tsx bench/support/s3rver-counted.ts <directory> [port] [--raw-versioning] [--conditions]
 *
 * --openssl-legacy-provider: s3rver's ListObjectsV2 continuation tokens use a cipher Node 17+
 * only has in its legacy provider (without it any listing of more than 1,000 keys fails with 500).
 * Prints `listening <port>` on stdout once ready. S3RVER_TRACE=<file> appends one line per request
 * (start ms, duration ms, method, path and query), to see which requests a run makes one after another.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import S3rver from 's3rver';

type Kind = 'list' | 'get' | 'head' | 'put' | 'copy' | 'part' | 'multipart' | 'delete' | 'other';

export function kindOf(req: IncomingMessage): Kind {
  const url = new URL(req.url ?? '/', 'http://x');
  // Path style: /bucket or /bucket/key...
  const hasKey = url.pathname.split('/').filter(Boolean).length > 1;
  const q = url.searchParams;
  switch (req.method) {
    case 'GET':
      if (!hasKey) return q.has('location') || q.has('versioning') || q.has('acl') || q.has('cors') ? 'other' : 'list';
      return q.has('uploadId') ? 'list' : 'get';
    case 'HEAD':
      return 'head';
    case 'PUT':
      if (!hasKey) return 'other';
      if (q.has('partNumber')) return req.headers['x-amz-copy-source'] ? 'copy' : 'part';
      return req.headers['x-amz-copy-source'] ? 'copy' : 'put';
    case 'POST':
      return q.has('delete') ? 'delete' : 'multipart';
    case 'DELETE':
      return q.has('uploadId') ? 'multipart' : 'delete';
    default:
      return 'other';
  }
}

/**
 * GetBucketVersioning of a bucket s3rver has: answered here as S3 answers it for a bucket never
 * versioned (s3rver keeps no versions). --raw-versioning leaves it to s3rver.
 */
function versioningStatusRequest(req: IncomingMessage): boolean {
  if (rawVersioning || req.method !== 'GET') return false;
  const url = new URL(req.url ?? '/', 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  return parts.length === 1 && url.searchParams.has('versioning') && existsSync(join(directory!, parts[0]!));
}

/**
 * With --conditions, a PutObject carrying If-Match or If-None-Match is answered as S3 answers it
 * (since 2024): 412 when the condition fails, 404 for If-Match on a missing key. s3rver ignores both
 * silently. Checked against the stored object's MD5 just before s3rver writes: not atomic with the
 * write, which is enough for one benchmark run at a time, never for a race test.
 */
function failedCondition(req: IncomingMessage): { status: number; code: string } | undefined {
  if (!enforceConditions || req.method !== 'PUT' || kindOf(req) !== 'put') return undefined;
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  const [bucket, ...key] = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
  const store = (s3rver as unknown as { store: { getResourcePath(bucket: string, key: string, resource: string): string } }).store;
  const md5File = store.getResourcePath(bucket!, key.map(decodeURIComponent).join('/'), 'object.md5');
  const md5 = existsSync(md5File) ? readFileSync(md5File, 'utf8') : undefined;
  if (ifNoneMatch === '*' && md5 !== undefined) return { status: 412, code: 'PreconditionFailed' };
  if (ifMatch !== undefined && md5 === undefined) return { status: 404, code: 'NoSuchKey' };
  if (ifMatch !== undefined && ifMatch.replace(/"/g, '') !== md5) return { status: 412, code: 'PreconditionFailed' };
  return undefined;
}

const rawVersioning = process.argv.includes('--raw-versioning');
const enforceConditions = process.argv.includes('--conditions');
const [directory, portArg] = process.argv.slice(2).filter((a) => a !== '--raw-versioning' && a !== '--conditions');
if (!directory) throw new Error('usage: s3rver-counted.ts <directory> [port]');
const counts: Record<Kind, number> = { list: 0, get: 0, head: 0, put: 0, copy: 0, part: 0, multipart: 0, delete: 0, other: 0 };
const trace = process.env['S3RVER_TRACE'];
const s3rver = new S3rver({ silent: true, directory });
// s3rver is a Koa application: its request handler, served by a counting HTTP server of our own.
const handle = (s3rver as unknown as { callback(): (req: IncomingMessage, res: ServerResponse) => void }).callback();
const server = createServer((req, res) => {
  if (req.url === '/__counts') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counts));
    return;
  }
  counts[kindOf(req)]++;
  if (trace) {
    const start = Date.now();
    res.once('finish', () => appendFileSync(trace, `${start} ${Date.now() - start} ${req.method} ${req.url}\n`));
  }
  if (versioningStatusRequest(req)) {
    // s3rver has no GET ?versioning: it answers with a listing of the whole bucket's first 1,000
    // keys (277 KB and ~70 ms of its CPU at 2,020 keys) instead of S3's empty configuration.
    res.setHeader('content-type', 'application/xml');
    res.end('<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>');
    return;
  }
  const failed = failedCondition(req);
  if (failed) {
    req.resume();
    res.statusCode = failed.status;
    res.setHeader('content-type', 'application/xml');
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failed.code}</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>`);
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
