/**
 * `npm run demo`: the main job on a local default, end to end, with nothing to configure.
 * Starts a local S3 server (s3rver, a dev dependency), seeds a bucket, backs it up into a local
 * folder, changes and deletes objects, backs up again, and shows what each run captured.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { runS3Backup } from '../src/backends/s3/backup.ts';
import { S3Source } from '../src/stores/object/s3/source.ts';
import { Catalog } from '../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf, sourceHistory } from '../src/backends/s3/catalog/history.ts';
import { consoleLogger, formatBytes, silentLogger } from '../src/report/logger.ts';
import { runS3Restore } from '../src/backends/s3/restore.ts';
import { createConnection } from 'mysql2/promise';
import { withMySqlHistory } from '../src/backends/simpledb/open.ts';
import { startSimpleDbServer } from '../src/simpledb-local/server.ts';
import { SimpleDbClient } from '../src/simpledb/client.ts';
import { ConventionWriter } from '../src/simpledb/convention.ts';
import { buildSimpleDbBackupConfig } from '../src/config/simpledb.ts';
import { itemsAsOf, runSimpleDbBackup } from '../src/backends/simpledb/backup.ts';
import { LocalObjectStore } from '../src/stores/object/local/store.ts';
import { destinationNaming } from '../src/stores/object/local/naming.ts';
import type { BackupResult } from '../src/backends/s3/types.ts';

const root = resolve('.demo');
const backupFolder = join(root, 'backup');
const bucket = 'demo-photos';

function section(title: string): void {
  console.log(`\n\x1b[1m### ${title}\x1b[0m`);
}

function describeRun(label: string, result: BackupResult): void {
  const t = result.totals;
  console.log(
    `${label}: run ${result.runId} ${result.status}: ${t.keys} keys scanned, ${t.copied} versions copied (${formatBytes(t.bytes)}), ` +
      `${t.deleted} deletions recorded, ${t.unchanged} unchanged, in ${(result.durationMs / 1000).toFixed(2)} s`,
  );
}

async function main(): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await mkdir(join(root, 's3rver'), { recursive: true });
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(root, 's3rver') });
  const { port } = await server.run();
  const connection = {
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const s3 = new S3Client({ ...connection, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const put = (key: string, body: string, contentType = 'text/plain') => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  const logger = consoleLogger();
  const quietLogger = { ...logger, info: () => {}, group: <T>(_name: string, body: () => Promise<T>) => body() };
  const source = () => new S3Source(bucket, '', connection, 'demo-source');
  const destination = new LocalObjectStore(backupFolder, destinationNaming);
  try {
    section(`A local S3 server on port ${port}, bucket ${bucket}, seeded with 5 objects`);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await put('albums/2026/beach.jpg', 'pretend this is a beach photo', 'image/jpeg');
    await put('albums/2026/mountain.jpg', 'pretend this is a mountain photo', 'image/jpeg');
    await put('notes/todo.txt', 'buy film');
    await put('notes/ideas with spaces & symbols+.txt', 'keys with awkward characters survive');
    await put('index.html', '<h1>my photos</h1>', 'text/html');

    section('Run 1: the first backup copies everything');
    const first = await runS3Backup({ overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: false }, { sources: [source()], destination, logger: quietLogger });
    describeRun('run 1', first);
    await new Promise((r) => setTimeout(r, 1100)); // S3 times are whole seconds
    const afterFirst = new Date();
    await new Promise((r) => setTimeout(r, 1100));

    section('Between runs: overwrite one object, add one, delete one');
    await put('notes/todo.txt', 'buy film\nfix the bike');
    await put('albums/2026/forest.jpg', 'pretend this is a forest photo', 'image/jpeg');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'albums/2026/mountain.jpg' }));
    console.log('changed notes/todo.txt, added albums/2026/forest.jpg, deleted albums/2026/mountain.jpg');

    section('Run 2: only the changes are copied; the deletion is recorded');
    const second = await runS3Backup({ overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: false }, { sources: [source()], destination, logger: quietLogger });
    describeRun('run 2', second);

    section('What each run captured (from the catalogue in the backup folder)');
    const catalog = new Catalog(destination);
    for (const { run, source: record } of await sourceHistory(catalog, `s3://${bucket}/`)) {
      console.log(`run ${run.runId}:`);
      for await (const event of catalog.readEvents(record)) {
        if (event.type === 'version') console.log(`  + ${event.k}  (version of ${event.t}, stored as ${event.b})`);
        else if (event.type === 'deleted') console.log(`  - ${event.k}  (deleted between ${event.after} and ${event.before})`);
      }
    }

    section(`The bucket as it was after run 1 (${afterFirst.toISOString()}), read back from the backup alone`);
    for await (const state of sourceAsOf(catalog, `s3://${bucket}/`, afterFirst)) {
      if (state.version) console.log(`  ${state.key}${state.uncertainDeletion ? '  (deleted between the two runs: restored, by the documented rule)' : ''}`);
    }
    console.log(`\nThe backup is in ${backupFolder}: data/ holds every version, catalog/ says which existed when.`);

    section(`Restore: the bucket as of ${afterFirst.toISOString()} into a new folder (live data untouched)`);
    const restoreFolder = join(root, 'restored');
    const restore = await runS3Restore(
      { at: afterFirst, sources: [], target: { kind: 'local', path: restoreFolder }, concurrency: 8, dryRun: false },
      { destination, logger: silentLogger },
    );
    console.log(`restore ${restore.status}: ${restore.totals.written} objects written to ${restoreFolder}`);
    const expected: Record<string, string> = {
      'albums/2026/beach.jpg': 'pretend this is a beach photo',
      'albums/2026/mountain.jpg': 'pretend this is a mountain photo',
      'notes/todo.txt': 'buy film',
      'notes/ideas with spaces & symbols+.txt': 'keys with awkward characters survive',
      'index.html': '<h1>my photos</h1>',
    };
    let same = 0;
    for (const [key, body] of Object.entries(expected)) {
      // A restored folder holds each key under its real name (here every key is one a file
      // system can hold): read it as a person would, not through the backup's encoded layout.
      const text = await readFile(join(restoreFolder, ...key.split('/')), 'utf8').catch(() => undefined);
      if (text === body) same++;
      else console.log(`  MISMATCH ${key}: ${JSON.stringify(text)}`);
    }
    console.log(`${same} of ${Object.keys(expected).length} objects equal what the demo wrote before run 1 (the deleted mountain.jpg is back, todo.txt is its first version)`);
    if (same !== Object.keys(expected).length) process.exitCode = 1;
  } finally {
    await server.close();
  }
  await simpleDbDemo();
}

/** The SimpleDB half: a local SimpleDB-compatible server, backed up into MySQL in two runs. */
async function simpleDbDemo(): Promise<void> {
  const mysqlUrl = process.env['MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
  section(`SimpleDB: the project's SimpleDB server, backed up into MySQL (${mysqlUrl.replace(/:[^:@/]*@/, ':***@')})`);
  try {
    const probe = await createConnection({ uri: mysqlUrl, connectTimeout: 3000 });
    // A clean slate for the demo's own tables (prefix pbdemo_).
    const [tables] = await probe.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'pbdemo\\_%'");
    for (const row of tables as { t: string }[]) await probe.query(`DROP ${row.t.endsWith('__versions') ? 'VIEW' : 'TABLE'} IF EXISTS \`${row.t}\``);
    await probe.end();
  } catch (error) {
    console.log(`MySQL is not reachable at ${mysqlUrl} (${(error as Error).message}): skipping the SimpleDB half. Set MYSQL_URL to try it.`);
    return;
  }
  const sdb = await startSimpleDbServer({ port: 0 });
  try {
    const credentials = sdb.credentials;
    const client = new SimpleDbClient({ endpoint: sdb.url, region: 'us-east-1', credentials: { accessKeyId: credentials!.accessKeyId, secretAccessKey: credentials!.secretAccessKey } });
    const writer = new ConventionWriter(client, { stampAttribute: 'lastModified', deleteLogDomain: 'pullback_delete_log' });
    await client.createDomain({ DomainName: 'users' });
    await writer.ensureDeleteLog();
    await writer.put('users', 'user-1', [{ Name: 'name', Value: 'Ada' }, { Name: 'role', Value: 'admin' }]);
    await writer.put('users', 'user-2', [{ Name: 'name', Value: 'Grace' }, { Name: 'tag', Value: 'navy' }, { Name: 'tag', Value: 'cobol' }]);
    await writer.put('users', 'user-3', [{ Name: 'name', Value: 'Linus' }]);
    const config = buildSimpleDbBackupConfig({ 'mysql-url': mysqlUrl, 'simpledb-domains': 'users', 'simpledb-endpoint': sdb.url, 'mysql-table-prefix': 'pbdemo_' });
    const first = await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history }));
    console.log(`run 1: ${first.domains.map((d) => `${d.domain} (${d.mode}): ${d.itemsRead} items read, ${d.versionsWritten} versions written`).join('; ')}`);
    await new Promise((r) => setTimeout(r, 50));
    const afterFirst = new Date();
    await new Promise((r) => setTimeout(r, 50));
    await writer.put('users', 'user-1', [{ Name: 'role', Value: 'owner', Replace: true }]);
    await writer.delete('users', 'user-3');
    console.log('changed user-1 (role admin -> owner) and deleted user-3 through the delete log');
    const second = await withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history }));
    console.log(`run 2: ${second.domains.map((d) => `${d.domain} (${d.mode}): ${d.itemsRead} items read, ${d.versionsWritten} versions written, ${d.tombstones} deletions`).join('; ')}`);
    section(`SimpleDB as of run 1 (${afterFirst.toISOString()}), read back from MySQL's history`);
    await withMySqlHistory(config, {}, async (history) => {
      for await (const item of itemsAsOf(history, 'users', afterFirst)) {
        console.log(`  ${item.Name}: ${item.Attributes.filter((a) => a.Name !== 'lastModified').map((a) => `${a.Name}=${a.Value}`).join(', ')}`);
      }
    });
    const sqlTime = afterFirst.toISOString().replace('T', ' ').replace('Z', '');
    console.log(`\nThe same by hand, in SQL:\n  SELECT item, attributes FROM pbdemo_users__versions\n  WHERE valid_from <= '${sqlTime}' AND (valid_to IS NULL OR valid_to > '${sqlTime}') AND deleted = 0;`);
  } finally {
    await sdb.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
