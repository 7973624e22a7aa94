// Scratch: which requests a nothing-changed S3 run makes one after another, 20 ms each way.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startDelayProxy } from '../bench/support/delay-proxy.ts';

const cli = process.argv[2] ?? '/tmp/cli-new/cli.js';
const work = mkdtempSync(join(tmpdir(), 'trace20-'));
const traceFile = join(work, 'trace.log');
const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'bench/support/s3rver-counted.ts', join(work, 'data')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, S3RVER_TRACE: traceFile } });
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const port = Number(line.split(' ')[1]);
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const s3 = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: creds, requestChecksumCalculation: 'WHEN_REQUIRED' });
await s3.send(new CreateBucketCommand({ Bucket: 'src' }));
await s3.send(new CreateBucketCommand({ Bucket: 'dst' }));
for (let i = 0; i < 200; i++) await s3.send(new PutObjectCommand({ Bucket: 'src', Key: `k${String(i).padStart(4, '0')}`, Body: 'x'.repeat(4096) }));
const proxy = await startDelayProxy(port, 20);
const env = { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_REGION: 'us-east-1' };
delete env['AWS_CA_BUNDLE'];
const run = async (p: number) => {
  const endpoint = `http://127.0.0.1:${p}`;
  const t0 = Date.now();
  const c = spawn(process.execPath, [cli, 'backup', '--sources', 'src', '--source-endpoint', endpoint, '--destination', 's3://dst/backup', '--destination-endpoint', endpoint, '--destination-use-source-credentials', '--server-side-copy', 'never', '--state-file', join(work, 'state.json'), '--no-progress'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  c.stderr!.on('data', (d) => (out += d));
  const [status] = await once(c, 'exit');
  if (status !== 0) throw new Error(out);
  return { t0, wall: Date.now() - t0 };
};
await run(port);
await run(proxy.port);
writeFileSync(traceFile, '');
const { t0, wall } = await run(proxy.port);
console.log(`wall ${wall} ms`);
for (const l of readFileSync(traceFile, 'utf8').trim().split('\n')) {
  const [start, dur, method, url] = l.split(' ');
  console.log(`${String(Number(start) - t0).padStart(5)} +${dur!.padStart(3)} ${method} ${url}`);
}
await proxy.stop();
child.kill();
