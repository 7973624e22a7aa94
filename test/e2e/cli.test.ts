/**
 * The CLI's runs as a person makes them (test/support/cli.ts runs the bundle): settings from
 * flags, a YAML `--config` file and PULLBACK_* variables; the watermark in a state file; the
 * result as lines or one structured JSON document (--json); exit codes 0, 1, 2 and 3 as
 * docs/cli.md has them. test/e2e/cli-usage.test.ts has the command-line manners. S3: s3rver (source and destination); SimpleDB: the project's
 * SimpleDB-compatible server (same key pair); MySQL: a throwaway MariaDB database.
 * Build first (`npm run build`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf } from '../../src/backends/s3/catalog/history.ts';
import { ConventionWriter } from '../../src/simpledb/convention.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { runCli, show, jsonDocument, type CliRun } from '../support/cli.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { createTestDatabase, type TestDatabase } from '../int/sdb-backup-support.ts';

const BUCKET = 'cli-src';
const BACKUP_BUCKET = 'cli-backup';
const DOMAIN = 'cli_users';

let s3: TestS3Server;
let sdb: TestSimpleDb;
let db: TestDatabase;
let work: string;
let photos: SourceWriter;
let writer: ConventionWriter;

const pullback = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, { cwd: work, env });

function s3Flags(prefix: string): string[] {
  return [
    '--sources', BUCKET,
    '--source-endpoint', s3.endpoint,
    '--destination', `s3://${BACKUP_BUCKET}/${prefix}`,
    '--destination-endpoint', s3.endpoint,
    '--destination-access-key-id', 'S3RVER',
    '--destination-secret-access-key', 'S3RVER',
    '--overlap', '1h',
  ];
}

async function destinationKeys(prefix = ''): Promise<string[]> {
  const response = await s3.client().send(new ListObjectsV2Command({ Bucket: BACKUP_BUCKET, Prefix: prefix }));
  return (response.Contents ?? []).map((o) => o.Key!).sort();
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'pullback-cli-e2e-'));
  s3 = await startS3rver();
  // The CLI's SimpleDB client uses the standard AWS chain too: the server accepts that pair.
  sdb = await startTestSimpleDb({ credentials: [{ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }] });
  db = await createTestDatabase();
  await s3.createBucket(BUCKET);
  await s3.createBucket(BACKUP_BUCKET);
  photos = new SourceWriter(s3.client(), BUCKET);
  writer = new ConventionWriter(sdb.client);
  await sdb.client.createDomain({ DomainName: DOMAIN });
  await writer.ensureDeleteLog();
  await photos.put('one.txt', 'one', { contentType: 'text/plain' });
  await photos.put('two/three.bin', Buffer.alloc(5000, 3));
  await writer.put(DOMAIN, 'alice', { role: ['admin', 'dev'] });
  await writer.put(DOMAIN, 'bob', { role: 'dev' });
});

after(async () => {
  await sdb?.close();
  await db?.drop();
  await s3?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('pullback CLI: setting errors found with the servers at hand', () => {
  it('a bad flag value exits 2 with a message naming the flag, nothing written', async () => {
    const run = await pullback(['backup', ...s3Flags('bad'), '--concurrency', 'lots']);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /^pullback: --concurrency: must be a whole number.*, got "lots"$/m);
    assert.match(run.stderr, /^Run 'pullback backup --help' to see every flag\.$/m);
    assert.equal(run.stdout, '');
    assert.deepEqual(await destinationKeys('bad/'), []);
  });

  // Every setting error is a ConfigError, whichever backend it belongs to: exit 2, the input named.
  it('a bad SimpleDB flag value exits 2 too, naming the flag', async () => {
    const run = await pullback(['backup', '--simpledb-domains', DOMAIN, '--mysql-url', `mysql://root@127.0.0.1:3306/${db.name}`, '--full-scan', 'sometimes']);
    assert.match(run.stderr, /^pullback: --full-scan: "sometimes" is not a full-scan policy/m, show(run));
    assert.equal(run.code, 2, show(run));
  });

  it('a mode without anything to work on names the flag to set', async () => {
    const run = await pullback(['verify']);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /^pullback: --destination: is required for verify of S3 backups \(or set --mysql-url for SimpleDB backups in MySQL\)$/m);
  });
});

describe('pullback CLI: backup, restore --dry-run, verify', () => {
  const configFile = () => join(work, 'pullback.yaml');
  const stateFile = () => join(work, 'state', 'watermarks.json');
  const env = { PULLBACK_DESTINATION_SECRET_ACCESS_KEY: 'S3RVER' };
  let t1: Date;
  let truthAtT1: ReturnType<SourceWriter['snapshot']>;

  it('backup from flags: the summary line, the watermark in the default state file', async () => {
    const run = await pullback(['backup', ...s3Flags('flags'), '--concurrency', '2']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^S3: run \S+ complete: 2 keys listed, 2 versions copied \(4\.9 KiB\), 0 deletions recorded, 0 unchanged, 0 failed$/m);
    // No --state-file: .pullback/state.json in the working directory.
    const state = JSON.parse(await readFile(join(work, '.pullback', 'state.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(state), [`s3://${BUCKET}/`]);
    const reader = new S3ObjectStore(BACKUP_BUCKET, 'flags/', s3.connection(), 'cli-reader');
    await assertBackupMatches(reader, `s3://${BUCKET}/`, new Date(), photos.snapshot(), 'backup from flags');
  });

  it('backup --dry-run says what it would copy', async () => {
    await photos.put('dry.txt', 'only planned');
    const run = await pullback(['backup', ...s3Flags('flags'), '--dry-run']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^S3: dry run, nothing copied: 3 keys listed; would copy 1 version \(12 B\) and record 0 deletions; 2 unchanged$/m);
    await photos.delete('dry.txt');
  });

  it('backup from a YAML --config file (+ PULLBACK_* env) with --state-file and --json: structured, per source and per domain', async () => {
    // Lists stay lists, numbers numbers; the destination secret comes from the environment.
    await writeFile(
      configFile(),
      [
        'sources:',
        `  - ${BUCKET}`,
        `source-endpoint: ${s3.endpoint}`,
        `destination: s3://${BACKUP_BUCKET}/cfg`,
        `destination-endpoint: ${s3.endpoint}`,
        'destination-access-key-id: S3RVER',
        'overlap: 1h',
        'concurrency: 4',
        `simpledb-domains: [${DOMAIN}]`,
        `simpledb-endpoint: ${sdb.server.url}`,
        `mysql-url: mysql://root@127.0.0.1:3306/${db.name}`,
        '',
      ].join('\n'),
    );
    const first = await pullback(['backup', '--config', configFile(), '--state-file', stateFile(), '--json'], env);
    assert.equal(first.code, 0, show(first));
    const doc1 = jsonDocument(first);
    assert.equal(doc1['command'], 'backup');
    assert.equal(doc1['exitCode'], 0);
    assert.equal(doc1['status'], 'ok');
    const out1 = doc1.outputs;
    assert.equal(out1['status'], 'complete');
    assert.equal(out1['objects-copied'], 2);
    assert.equal(out1['items-read'], 2);
    assert.equal(out1['item-versions-written'], 2);
    assert.equal(out1['item-deletions'], 0);
    // Watermarks are objects, not JSON text inside JSON.
    assert.deepEqual(out1['watermark-before'], {});
    const s3Mark = out1['watermark-after'] as Record<string, string>;
    const sdbMark = out1['simpledb-watermarks'] as Record<string, string>;
    assert.equal(typeof s3Mark, 'object');
    const state1 = JSON.parse(await readFile(stateFile(), 'utf8')) as Record<string, string>;
    // One state file for both backends: the S3 source's watermark and the domain's.
    assert.deepEqual(state1, { ...s3Mark, ...sdbMark }, 'the state file holds the watermarks the run reached');
    assert.deepEqual(Object.keys(state1).sort(), [`s3://${BUCKET}/`, `sdb:${DOMAIN}`]);
    // Per source and per domain, as the result types have them.
    const s3Result = doc1.results['s3'];
    assert.equal(s3Result.sources[0].id, `s3://${BUCKET}/`);
    assert.equal(s3Result.sources[0].counts.copied, 2);
    assert.equal(s3Result.sources[0].counts.reused, 0);
    assert.equal(doc1.results['simpledb'].domains[0].domain, DOMAIN);
    assert.equal(doc1.results['simpledb'].domains[0].versionsWritten, 2);
    assert.doesNotThrow(() => JSON.parse(first.stdout));
    assert.match(first.stderr, /== Backing up s3:\/\/cli-src\//, 'the log went to stderr');

    t1 = await checkpoint();
    truthAtT1 = photos.snapshot();
    await photos.put('one.txt', 'one, edited', { contentType: 'text/plain' });
    await photos.delete('two/three.bin');
    await writer.put(DOMAIN, 'carol', { role: 'ops' });
    const deleted = await writer.delete(DOMAIN, 'bob');

    // A flag wins over the file (concurrency), the state file carries the watermark forward.
    const second = await pullback(['backup', '--config', configFile(), '--state-file', stateFile(), '--json', '--concurrency', '1'], env);
    assert.equal(second.code, 0, show(second));
    const out2 = jsonDocument(second).outputs;
    assert.equal(out2['objects-copied'], 1);
    assert.equal(out2['deletions'], 1);
    assert.equal(out2['item-deletions'], 1);
    assert.deepEqual(out2['watermark-before'], s3Mark, 'the run started from the stored watermark');
    const state2 = JSON.parse(await readFile(stateFile(), 'utf8')) as Record<string, string>;
    assert.equal(state2[`sdb:${DOMAIN}`], deleted.deletedAt, 'the domain watermark moved to the delete-log entry');
    assert.ok(Date.parse(state2[`s3://${BUCKET}/`]!) >= Date.parse(state1[`s3://${BUCKET}/`]!));
    const reader = new S3ObjectStore(BACKUP_BUCKET, 'cfg/', s3.connection(), 'cli-reader');
    await assertBackupMatches(reader, `s3://${BUCKET}/`, t1, truthAtT1, 'config backup as of T1');
  });

  it('restore --dry-run: the planned keys and items for both backends, nothing written', async () => {
    const keysBefore = await destinationKeys();
    const domainsBefore = (await sdb.client.listDomains({})).DomainNames.sort();
    const run = await pullback(['restore', '--config', configFile(), '--restore-time', t1.toISOString(), '--dry-run'], env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^S3 restore plan as of \S+ \(dry run, nothing written\): 2 objects at T; would write 2 \(4\.9 KiB\), overwrite 0, compare 0, remove 0; 0 already right$/m);
    assert.match(run.stdout, /^ {2}write +one\.txt {2}\(3 B\)$/m);
    assert.match(run.stdout, /^ {2}write +two\/three\.bin {2}\(4\.9 KiB\)$/m);
    assert.match(run.stdout, /^SimpleDB restore plan as of \S+ \(dry run, nothing written\): 2 items at T; would write 2 and delete 0; 0 already right$/m);
    assert.match(run.stdout, new RegExp(`^ {2}put +${DOMAIN}: alice$`, 'm'));

    const json = await pullback(['restore', '--config', configFile(), '--restore-time', t1.toISOString(), '--dry-run', '--json'], env);
    assert.equal(json.code, 0, show(json));
    const doc = jsonDocument(json);
    assert.equal(doc.outputs['restore-status'], 'dry-run');
    assert.equal(doc.outputs['simpledb-restore-status'], 'dry-run');
    assert.equal(doc.outputs['objects-restored'], 0);
    const planned = doc.results['s3'].planned as { key: string; action: string; size: number }[];
    assert.deepEqual(planned.map((p) => [p.key, p.action, p.size]), [['one.txt', 'write', 3], ['two/three.bin', 'write', 5000]]);
    assert.equal(doc.results['s3'].plannedLeftOut, 0);
    assert.deepEqual(doc.results['simpledb'].domains[0].planned, [{ item: 'alice', action: 'put' }, { item: 'bob', action: 'put' }]);
    assert.deepEqual(await destinationKeys(), keysBefore, 'nothing written to the destination');
    assert.deepEqual((await sdb.client.listDomains({})).DomainNames.sort(), domainsBefore, 'no domain created');
  });

  it('a restore time before the first backup is a usage error (exit 2, it used to be 1), nothing written', async () => {
    const keysBefore = await destinationKeys();
    const run = await pullback(['restore', '--config', configFile(), '--restore-time', '2001-01-01T00:00:00Z', '--restore-sources', BUCKET], env);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /^pullback: --restore-time: 2001-01-01T00:00:00\.000Z is before the first backup of s3:\/\/cli-src\/.*[^)]$/m);
    assert.match(run.stderr, /Run 'pullback restore --help'/);
    assert.deepEqual(await destinationKeys(), keysBefore);
  });

  it('a restore onto the live bucket, unconfirmed: refused in flags (the fix with its config-file key), exit 2, nothing written', async () => {
    const keysBefore = await destinationKeys();
    const liveKeys = async () => ((await s3.client().send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => `${o.Key} ${o.ETag}`).sort();
    const liveBefore = await liveKeys();
    const run = await pullback(['restore', '--config', configFile(), '--restore-time', t1.toISOString(), '--restore-sources', BUCKET, '--restore-target', `s3://${BUCKET}/`, '--restore-target-endpoint', s3.endpoint], env);
    assert.equal(run.code, 2, show(run));
    assert.match(
      run.stderr,
      /^pullback: --restore-target: .* shares keys with the backed-up source s3:\/\/cli-src\/ .* or add --confirm-in-place "overwrite live data" \(confirm-in-place: overwrite live data in the config file\) to restore over the live data on purpose \(.* listed in --sources\)$/m,
      show(run),
    );
    assert.doesNotMatch(run.stderr, /input `|`confirm-in-place`|`sources`/, `the action's words are not a terminal's${show(run)}`);
    assert.deepEqual(await destinationKeys(), keysBefore);
    assert.deepEqual(await liveKeys(), liveBefore, 'the live bucket untouched');
  });

  it('verify: ok (exit 0), then a missing backup object (exit 1)', async () => {
    const ok = await pullback(['verify', '--config', configFile(), '--json'], env);
    assert.equal(ok.code, 0, show(ok));
    const out = jsonDocument(ok).outputs;
    assert.equal(out['verify-ok'], true);
    assert.equal(out['differences'], 0);

    const reader = new S3ObjectStore(BACKUP_BUCKET, 'cfg/', s3.connection(), 'cli-reader');
    let blob: string | undefined;
    for await (const state of sourceAsOf(new Catalog(reader), `s3://${BUCKET}/`, new Date())) if (state.key === 'one.txt') blob = state.version?.b;
    assert.ok(blob);
    await s3.client().send(new DeleteObjectCommand({ Bucket: BACKUP_BUCKET, Key: `cfg/${blob}` }));
    const bad = await pullback(['verify', '--config', configFile()], env);
    assert.equal(bad.code, 1, show(bad));
    assert.match(bad.stdout, /^S3 verify: 1 difference$/m);
    assert.match(bad.stdout, /^ {2}backup-missing s3:\/\/cli-src\/ one\.txt: /m);
    assert.match(bad.stderr, /^pullback: verify found 1 difference between/m);
  });

  it('a partial backup exits 3: the key that failed is named, the others are backed up', async () => {
    const destination = await mkdtemp(join(tmpdir(), 'pullback-cli-partial-'));
    try {
      await s3.createBucket('cli-partial');
      const partial = new SourceWriter(s3.client(), 'cli-partial');
      await partial.put('fine.txt', 'fine');
      await partial.put('blocked/x.txt', 'cannot be stored');
      // A file where the backup needs a folder: that one key cannot be written, the rest can.
      await mkdir(join(destination, 'data', 'cli-partial'), { recursive: true });
      await writeFile(join(destination, 'data', 'cli-partial', 'blocked'), 'in the way');
      const flags = ['backup', '--sources', 'cli-partial', '--source-endpoint', s3.endpoint, '--destination', destination, '--state-file', join(destination, 'state.json')];
      const run = await pullback([...flags, '--json']);
      assert.equal(run.code, 3, show(run));
      const doc = jsonDocument(run);
      assert.equal(doc['status'], 'partial');
      assert.equal(doc.outputs['status'], 'partial');
      assert.equal(doc.outputs['objects-copied'], 1);
      assert.equal(doc.outputs['failed'], 1);
      assert.match(doc.results['s3'].sources[0].errors[0], /^blocked\/x\.txt: /);
      assert.match(run.stderr, /^pullback: 1 S3 key failed to copy; it is retried on the next run/m);
    } finally {
      await rm(destination, { recursive: true, force: true });
    }
  });
});

// A trial of the CLI: each restore printed its totals twice, the engine's log line with 3000 and
// the result's line with 3,000 (and each domain's line with 3000).
describe("pullback CLI: a restore's summary", () => {
  const MANY = 'cli_many';
  const ITEMS = 1002;

  it('one summary line per backend, with thousands separators like every other line', async () => {
    await sdb.client.createDomain({ DomainName: MANY });
    for (let first = 0; first < ITEMS; first += 25) {
      const names = Array.from({ length: Math.min(25, ITEMS - first) }, (_, i) => `item${first + i}`);
      await sdb.client.batchPutAttributes({ DomainName: MANY, Items: names.map((Name) => ({ Name, Attributes: [{ Name: 'n', Value: Name }] })) });
    }
    const flags = [...s3Flags('summary'), '--simpledb-endpoint', sdb.server.url, '--mysql-url', `mysql://root@127.0.0.1:3306/${db.name}`, '--state-file', join(work, 'summary-state.json')];
    const backup = await pullback(['backup', ...flags, '--simpledb-domains', MANY]);
    assert.equal(backup.code, 0, show(backup));
    const at = new Date().toISOString();
    const run = await pullback(['restore', ...flags, '--restore-time', at, '--restore-sources', `${BUCKET},sdb:${MANY}`]);
    assert.equal(run.code, 0, show(run));
    const summaries = run.stdout.split('\n').filter((line) => / as of \S+: \S/.test(line) && !line.startsWith('=='));
    assert.equal(summaries.length, 2, `one summary line for S3, one for SimpleDB:\n${summaries.join('\n')}${show(run)}`);
    assert.match(summaries[0]!, new RegExp(`^S3 restore as of ${at.replace(/\./g, '\\.')}: complete: \\d+ objects? at T, `));
    assert.equal(summaries[1], `SimpleDB restore as of ${at}: complete: 1,002 items at T, 1,002 written, 0 already right, 0 deleted, 1,002 verified, 0 differ`);
    assert.match(run.stdout, new RegExp(`^${MANY} -> ${MANY}-restored-\\S+: 1,002 items at T, 1,002 written, 0 already right, 0 deleted; 1,002 verified by content hash, 0 differ$`, 'm'));
    assert.doesNotMatch(run.stdout, /\b1002\b/, 'no count without its separator');
  });
});
