/**
 * `npm run local-servers`: the project's own stand-ins for AWS, to try pullback on a laptop with
 * no AWS account: a local S3 (s3rver, a dev dependency) with a bucket `demo` holding this
 * repository's docs/, and the project's SimpleDB-compatible server with a domain `demo_users`
 * written by the write convention (stamps and a delete log). Both accept the key pair
 * S3RVER / S3RVER, so one AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY pair reaches both.
 *
 *   npm run local-servers                     # start both in the background, seeded; returns when they answer
 *   npm run local-servers -- --stop           # stop them
 *   npm run local-servers -- --foreground     # run in this terminal until Ctrl-C
 *
 * Options: --s3-port (4568), --simpledb-port (4569), --dir (.try: s3rver's files, the state
 * file, the log). Each start begins from a freshly seeded bucket and domain.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { startSimpleDbServer } from '../src/simpledb-local/server.ts';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { ConventionWriter } from '../src/simpledb/convention.ts';

const KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'demo';
const DOMAIN = 'demo_users';
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = join(repositoryRoot, 'docs');

interface RunningState {
  pid: number;
  s3: string;
  simpledb: string;
}

const { values } = parseArgs({
  options: {
    stop: { type: 'boolean', default: false },
    foreground: { type: 'boolean', default: false },
    's3-port': { type: 'string', default: '4568' },
    'simpledb-port': { type: 'string', default: '4569' },
    dir: { type: 'string', default: '.try' },
  },
  strict: true,
});
const dir = resolve(values.dir);
const stateFile = join(dir, 'servers.json');
const logFile = join(dir, 'servers.log');

function port(name: 's3-port' | 'simpledb-port'): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`--${name} must be a port number 1-65535, got ${values[name]}`);
  return value;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readState(): Promise<RunningState | undefined> {
  try {
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as RunningState;
    return Number.isInteger(state.pid) && alive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

function describe(state: RunningState): string {
  return [
    `S3 (s3rver)         ${state.s3}   bucket ${BUCKET}: the files of docs/`,
    `SimpleDB (pullback) ${state.simpledb}   domain ${DOMAIN}: 3 items, 1 deletion in pullback_delete_log`,
    `Both accept AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER. Stop them: npm run local-servers -- --stop`,
  ].join('\n');
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs both servers in this process until SIGINT or SIGTERM. */
async function serve(): Promise<void> {
  await rm(join(dir, 's3rver'), { recursive: true, force: true });
  await mkdir(join(dir, 's3rver'), { recursive: true });
  const s3rver = new S3rver({ port: port('s3-port'), address: '127.0.0.1', silent: true, directory: join(dir, 's3rver') });
  const { port: s3Port } = (await s3rver.run()) as { port: number };
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const simpledb = await startSimpleDbServer({ host: '127.0.0.1', port: port('simpledb-port'), credentials: [KEY] });

  const s3 = new S3Client({ region: 'us-east-1', endpoint: s3Endpoint, forcePathStyle: true, credentials: KEY });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const entry of await readdir(SEED, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const key = relative(SEED, path).split('\\').join('/');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: await readFile(path), ContentType: key.endsWith('.md') ? 'text/markdown' : 'application/octet-stream' }));
  }
  s3.destroy();

  const client = new SimpleDbClient({ region: 'us-east-1', endpoint: simpledb.url, credentials: KEY });
  const writer = new ConventionWriter(client);
  await writer.ensureDeleteLog();
  await client.createDomain({ DomainName: DOMAIN });
  await writer.put(DOMAIN, 'u-1001', { name: 'Ann', plan: 'pro', tags: ['admin', 'beta'] });
  await writer.put(DOMAIN, 'u-1002', { name: 'Bob', plan: 'free' });
  await writer.put(DOMAIN, 'u-1003', { name: 'Cy', plan: 'free' });
  await writer.put(DOMAIN, 'u-0999', { name: 'Old account', plan: 'free' });
  await writer.delete(DOMAIN, 'u-0999');

  const state: RunningState = { pid: process.pid, s3: s3Endpoint, simpledb: simpledb.url };
  await writeFile(stateFile, `${JSON.stringify(state)}\n`);
  console.log(describe(state));
  const stop = () => {
    void (async () => {
      await rm(stateFile, { force: true });
      await simpledb.close();
      await s3rver.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Starts `serve` in a detached process and returns once it has written its state file. */
async function start(): Promise<void> {
  const running = await readState();
  if (running) {
    console.log(`Already running (pid ${running.pid}):\n${describe(running)}`);
    return;
  }
  await mkdir(dir, { recursive: true });
  await rm(stateFile, { force: true });
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', process.argv[1]!, '--foreground', '--dir', dir, '--s3-port', values['s3-port'], '--simpledb-port', values['simpledb-port']], {
    cwd: repositoryRoot,
    detached: true,
    stdio: ['ignore', log, log],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (exited !== undefined) break;
    const state = await readState();
    if (state) {
      child.unref();
      console.log(`Started in the background (pid ${state.pid}, log ${relative(process.cwd(), logFile)}):\n${describe(state)}`);
      return;
    }
    await sleep(100);
  }
  if (exited === undefined) child.kill('SIGTERM');
  const output = existsSync(logFile) ? await readFile(logFile, 'utf8') : '';
  throw new Error(`the local servers did not start${exited !== undefined ? ` (exit ${exited})` : ' within 30 s'}:\n${output.trim()}`);
}

async function stop(): Promise<void> {
  const state = await readState();
  if (!state) {
    await rm(stateFile, { force: true });
    console.log('The local servers are not running.');
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && alive(state.pid); waited += 100) await sleep(100);
  if (alive(state.pid)) throw new Error(`pid ${state.pid} did not stop within 10 s; kill ${state.pid} stops it`);
  console.log(`Stopped (pid ${state.pid}).`);
}

const main = values.stop ? stop : values.foreground ? serve : start;
main().catch((error: unknown) => {
  console.error(`local-servers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
