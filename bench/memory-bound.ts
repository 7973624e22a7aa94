/**
 * Hand-run check that a backup's JavaScript heap stays bounded whatever the number of keys: seeds N
 * objects into moto and runs the bundled CLI under a small --max-old-space-size, then unlimited.
 *   npx tsx bench/memory-bound.ts 10000 64,1024
 */
import { spawn } from 'node:child_process';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startMoto } from '../test/support/s3.ts';
const server = await startMoto();
await server.createBucket('mem-source');
const client = server.client();
let next = 0;
const n = Number(process.argv[2] ?? 10000);
await Promise.all(Array.from({ length: 32 }, async () => { while (next < n) { const i = next++; await client.send(new PutObjectCommand({ Bucket: 'mem-source', Key: `k/${i}`, Body: Buffer.alloc(4096, 1) })); } }));
for (const heap of (process.argv[3] ?? '128,1024').split(',')) {
  const child = spawn('/usr/bin/time', ['-f', '%M %e', process.execPath, `--max-old-space-size=${heap}`, 'bin/pullback.js', 'backup', '--sources', 'mem-source', '--destination', `/tmp/memcheck-${heap}-${Date.now()}`, '--source-endpoint', server.endpoint, '--state-file', `/tmp/memcheck-${heap}-${Date.now()}.json`], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1' } });
  let stderr = ''; let stdout = '';
  child.stderr.on('data', (c) => (stderr += c)); child.stdout.on('data', (c) => (stdout += c));
  const status = await new Promise((resolve) => child.on('exit', resolve));
  const r = { status, stderr, stdout };
  console.log(`heap limit ${heap} MiB: exit ${r.status}, peak RSS KiB and seconds: ${r.stderr.trim().split('\n').pop()}`, r.status !== 0 ? r.stderr.slice(-400) : '', r.stdout.split('\n').slice(-2).join(' '));
}
await server.stop();
