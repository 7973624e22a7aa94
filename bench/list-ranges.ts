/**
 * Hand-run benchmark: keys/s of one source's listing with 1, 4 and 16 ranges listed at once
 * (list-parallelism), on moto (versioned: ListObjectVersions) and s3rver (ListObjectsV2), directly
 * and through a TCP proxy that delays every chunk by --delay ms each way (what a round trip to AWS
 * looks like). Ranges are cut at the samples a previous run recorded ("samples"), and on a first
 * run by probing ("probing"). Prints keys/s and peak RSS.
 *
 *   npx tsx bench/list-ranges.ts [--server s3rver|moto|both] [--keys 50000] [--delay 0,20] [--ranges 1,4,16] [--repeat 1] [--read-ahead 4000]
 *
 * s3rver runs inside this process (it competes with the lister for the same event loop); moto is a
 * separate Python process. s3rver's continuation tokens are DES-encrypted, which Node 24's OpenSSL 3
 * refuses: a listing past 1000 keys fails with InternalError unless Node runs with
 * NODE_OPTIONS=--openssl-legacy-provider (checked below).
 */
import { createCipheriv } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Source } from '../src/stores/object/s3/source.ts';
import { openListing } from '../src/backends/s3/listing/index.ts';
import type { SourceRunRecord } from '../src/backends/s3/catalog/records.ts';
import { motoAvailable, startMoto, startS3rver, type TestS3Server } from '../test/support/s3.ts';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'both' },
    keys: { type: 'string', default: '50000' },
    delay: { type: 'string', default: '0,20' },
    ranges: { type: 'string', default: '1,4,16' },
    repeat: { type: 'string', default: '1' },
    'read-ahead': { type: 'string', default: '4000' },
  },
});
const keyCount = Number(values.keys);
const delays = values.delay.split(',').map(Number);
const rangeCounts = values.ranges.split(',').map(Number);
const repeat = Number(values.repeat);
/** Keys each open range reads ahead: ranges are cut about this large (the default is pullback's). */
const readAhead = Number(values['read-ahead']);

/** A TCP proxy that holds every chunk `delayMs` in each direction (order kept: equal timers fire in order). */
async function delayingProxy(upstreamPort: number, delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client).add(upstream);
    const pipe = (from: Socket, to: Socket) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
      from.on('error', () => to.destroy());
      from.on('close', () => sockets.delete(from));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function seed(server: TestS3Server, bucket: string): Promise<void> {
  const client = server.client();
  // Keys of uneven density: three prefixes of different sizes, as buckets have.
  const keys = Array.from({ length: keyCount }, (_, i) => {
    const group = i % 10 < 6 ? 'images' : i % 10 < 9 ? 'logs/2026' : 'x';
    return `${group}/${String((i * 7919) % keyCount).padStart(7, '0')}-${i}`;
  });
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        // s3rver fails a put now and then when two create the same folder at once: try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
            break;
          } catch (error) {
            if (attempt === 5) throw error;
          }
        }
        if (++done % 10_000 === 0) console.error(`  seeded ${done} keys (${Math.round(done / ((Date.now() - started) / 1000))}/s)`);
      }
    }),
  );
}

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function list(source: S3Source, versioned: boolean, parallelism: number, previous: SourceRunRecord | undefined) {
  peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const listing = openListing(source, versioned, previous, { parallelism, readAhead });
  let keys = 0;
  for await (const _entry of listing.entries) keys++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { keys, seconds, samples: listing.samples(), how: listing.describe(), peakMb: Math.round(peakRss / 1e6) };
}

const servers = values.server === 'both' ? ['s3rver', 'moto'] : [values.server];
if (servers.includes('s3rver')) {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
  } catch {
    throw new Error('s3rver pages listings with DES, which this Node refuses: run with NODE_OPTIONS=--openssl-legacy-provider');
  }
}
console.log(`| server | delay each way | parallelism | cut by | ranges | keys | seconds | keys/s | peak RSS MB |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const kind of servers) {
  if (kind === 'moto' && !motoAvailable()) {
    console.log(`| moto | - | - | - | - | not installed | | | |`);
    continue;
  }
  const server = kind === 'moto' ? await startMoto() : await startS3rver();
  const versioned = kind === 'moto';
  const bucket = 'list-bench';
  await server.createBucket(bucket, { versioned });
  console.error(`${kind}: seeding ${keyCount} keys`);
  await seed(server, bucket);
  const port = Number(new URL(server.connection().endpoint!).port);
  for (const delay of delays) {
    const proxy = delay > 0 ? await delayingProxy(port, delay) : undefined;
    const connection = { ...server.connection(), endpoint: `http://127.0.0.1:${proxy?.port ?? port}`, maxSockets: 64 };
    // What a previous run recorded: the key count and samples of one whole listing.
    const baseline = await list(new S3Source(bucket, '', connection, 'bench'), versioned, 1, undefined);
    const previous = { counts: { keys: baseline.keys }, keySamples: baseline.samples } as unknown as SourceRunRecord;
    for (const parallelism of rangeCounts) {
      for (const [cut, prev] of parallelism === 1 ? ([['-', previous]] as const) : ([['samples', previous], ['probing', undefined]] as const)) {
        for (let r = 0; r < repeat; r++) {
          const result = await list(new S3Source(bucket, '', connection, 'bench'), versioned, parallelism, prev);
          if (result.keys !== keyCount) throw new Error(`listed ${result.keys} keys, expected ${keyCount}`);
          const ranges = /(\d+) ranges/.exec(result.how)?.[1] ?? '1';
          console.log(`| ${kind} | ${delay} ms | ${parallelism} | ${cut} | ${ranges} | ${result.keys} | ${result.seconds.toFixed(2)} | ${Math.round(result.keys / result.seconds)} | ${result.peakMb} |`);
          console.error(`  ${result.how}`);
        }
      }
    }
    await proxy?.close();
  }
  await server.stop();
}
clearInterval(rssTimer);
