import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Connection } from '../../src/stores/object/s3/client.ts';

/** A running S3-compatible server for a test, on a free loopback port. */
export interface TestS3Server {
  kind: 's3rver' | 'moto';
  endpoint: string;
  /** A connection with credentials this server accepts. */
  connection(accessKeyId?: string): S3Connection;
  client(): S3Client;
  createBucket(name: string, options?: { versioned?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function helpers(kind: TestS3Server['kind'], endpoint: string, stop: () => Promise<void>): TestS3Server {
  // s3rver checks signatures against its one built-in key pair; moto accepts any pair.
  const connection = (accessKeyId = 'AKIDTEST') => ({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: kind === 's3rver' ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : { accessKeyId, secretAccessKey: 'test-secret' },
    maxAttempts: 3,
  });
  const client = () =>
    new S3Client({
      ...connection(),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  return {
    kind,
    endpoint,
    connection,
    client,
    async createBucket(name, options = {}) {
      const c = client();
      await c.send(new CreateBucketCommand({ Bucket: name }));
      if (options.versioned) {
        await c.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
      }
    },
    stop,
  };
}

/** s3rver: portable, file-backed, no versioning; keys with `//` or segments over 255 bytes fail there. */
export async function startS3rver(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'pullback-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const info = (await server.run()) as { port: number };
  return helpers('s3rver', `http://127.0.0.1:${info.port}`, async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
}

/**
 * s3rver in a child process with Node's legacy OpenSSL provider, which its ListObjectsV2
 * continuation tokens need: in the test process a listing of more than one page fails with
 * InternalError. For tests that page through ListObjectsV2 (the benchmark runs it the same way).
 */
export async function startPagingS3rver(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'pullback-s3rver-'));
  const script = fileURLToPath(new URL('../../bench/support/s3rver-counted.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', script, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver (child process) exited with ${code} before listening`)));
  });
  return helpers('s3rver', `http://127.0.0.1:${port}`, async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(directory, { recursive: true, force: true });
  });
}

let motoPython: string | null | undefined;
/**
 * The Python that has moto: PULLBACK_PYTHON, else python3 on PATH, else pyenv's (the image keeps
 * moto in pyenv's Python, which a PATH with /usr/bin first would hide).
 */
export function motoInterpreter(): string | undefined {
  if (motoPython === undefined) {
    const home = process.env['HOME'] ?? '/root';
    const pyenv = process.env['PYENV_ROOT'] ?? `${home}/.pyenv`;
    const candidates = [process.env['PULLBACK_PYTHON'], 'python3', `${pyenv}/shims/python3`, 'python'].filter((c): c is string => !!c);
    motoPython = candidates.find((c) => spawnSync(c, ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0) ?? null;
  }
  return motoPython ?? undefined;
}

/** moto is in the image's Python; versioned-bucket cases need it. */
export function motoAvailable(): boolean {
  return motoInterpreter() !== undefined;
}

export const MOTO_MISSING = 'moto is not installed (python3 -c "import moto" fails): versioning and exact S3 behaviour need it';

/** moto.server with the fix S3 listings after an arbitrary key need (see the file). */
const MOTO_SERVER = fileURLToPath(new URL('./moto-server.py', import.meta.url));

export async function startMoto(): Promise<TestS3Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(motoInterpreter() ?? 'python3', [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_CALL_RESET_API: 'false' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited early: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not start within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return helpers('moto', endpoint, async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  });
}
