// Scratch: CPU profiles of a nothing-changed and an incremental (26 changed) S3 run, 2,000 x 4 KiB.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';

const cli = process.argv[2] ?? '/tmp/cli-new/cli.js';
const work = mkdtempSync(join(tmpdir(), 'profincr-'));
const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'bench/support/s3rver-counted.ts', join(work, 'data')], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const port = Number(line.split(' ')[1]);
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const s3 = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: creds, requestChecksumCalculation: 'WHEN_REQUIRED' });
await s3.send(new CreateBucketCommand({ Bucket: 'src' }));
await s3.send(new CreateBucketCommand({ Bucket: 'dst' }));
const put = async (i: number, tag: string) => s3.send(new PutObjectCommand({ Bucket: 'src', Key: `k${String(i).padStart(5, '0')}`, Body: tag.repeat(4096) }));
for (let i = 0; i < 2000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => put(i + j, 'a')));
const env = { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_REGION: 'us-east-1' };
delete env['AWS_CA_BUNDLE'];
const run = async (profDir?: string) => {
  const endpoint = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const c = spawn(process.execPath, [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), cli, 'backup', '--sources', 'src', '--source-endpoint', endpoint, '--destination', 's3://dst/backup', '--destination-endpoint', endpoint, '--destination-use-source-credentials', '--server-side-copy', 'never', '--state-file', join(work, 'state.json'), '--no-progress'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  c.stderr!.on('data', (d) => (out += d));
  const [status] = await once(c, 'exit');
  if (status !== 0) throw new Error(out);
  return Date.now() - t0;
};
await run();
console.log('nothing changed', await run(join(work, 'prof-nothing')));
for (let i = 0; i < 26; i++) await put(i * 70, 'b');
console.log('incremental', await run(join(work, 'prof-incr')));
console.log(work);
child.kill();
