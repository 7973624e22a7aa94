/**
 * The bundled action (dist/index.js) run as the runner runs it: a child `node` process with every
 * input as an INPUT_<NAME> variable (defaults from action.yml filled in, as the runner does),
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP, GITHUB_WORKSPACE, the run id and
 * attempt, the Actions cache service (the local emulator), source credentials from the standard
 * AWS chain (AWS_ACCESS_KEY_ID...), and the destination's own credentials as inputs.
 *
 * Source: moto (versioned bucket, the exact S3 behaviour) when installed, else s3rver.
 * Destination: s3rver (S3RVER/S3RVER is the only key pair it accepts).
 *
 * Build first (`npm run build`): this tests the artifact that ships, not src/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { readActionYml } from '../../scripts/action-yml.ts';
import { assertFailedOn, assertSucceeded, log, startActionRunner, type ActionRun, type ActionRunner } from '../support/action-runner.ts';
import { freePort, MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';

const metadata = readActionYml();

let runner: ActionRunner;

/** A scheduled run of the backup step. */
function runAction(inputs: Record<string, string>, options: { runId: number; attempt?: number; env?: Record<string, string> }): Promise<ActionRun> {
  return runner.run(inputs, { eventName: 'schedule', ...options });
}

/**
 * The runner masks a value from the moment it reads `::add-mask::`; this action's log never
 * needs to print a secret at all, so the only lines holding one are masks.
 */
function assertMasked(run: ActionRun, secret: string): void {
  assert.ok(run.lines.includes(`::add-mask::${secret}`), `::add-mask:: is issued for the secret${log(run)}`);
  // Masks of a larger value holding it (a connection URL with its password) may come first.
  const unmasked = run.lines.filter((l) => l.includes(secret) && !l.startsWith('::add-mask::'));
  assert.deepEqual(unmasked, [], 'no line but a mask ever contains the secret');
  assert.ok(!run.stderr.includes(secret), 'stderr never contains the secret');
  assert.ok(!run.summary.includes(secret), 'the job summary never contains the secret');
  for (const [name, value] of Object.entries(run.outputs)) assert.ok(!value.includes(secret), `output ${name} never contains the secret`);
}

/** The summary table row of a source: `| \`s3://b/p\` (versioned)? | scanned | copied | bytes | deleted | unchanged | failed | time |`. */
function summaryRow(summary: string, id: string): { scanned: number; copied: number; deleted: number; unchanged: number; failed: number } {
  const line = summary.split('\n').find((l) => l.startsWith(`| \`${id}\``));
  assert.ok(line, `the summary has a row for ${id}:\n${summary}`);
  const cells = line.split('|').slice(1, -1).map((c) => c.trim());
  // Source, keys listed, copied (with bytes), deletions, unchanged, failed, time.
  assert.equal(cells.length, 7, `a row has 7 cells: ${line}`);
  const n = (i: number) => Number(/^[\d,]+/.exec(cells[i]!)?.[0].replace(/,/g, ''));
  return { scanned: n(1), copied: n(2), deleted: n(3), unchanged: n(4), failed: n(5) };
}

function watermarks(run: ActionRun, name: 'watermark-before' | 'watermark-after'): Record<string, string> {
  const text = run.outputs[name];
  assert.ok(text !== undefined, `output ${name} is set${log(run)}`);
  return JSON.parse(text) as Record<string, string>;
}

// ---------------------------------------------------------------------------------------------

let source: TestS3Server;
let destination: TestS3Server;
let photos: SourceWriter;
let docs: SourceWriter;
let catalogReader: S3ObjectStore;
const backupBucket = 'e2e-backup';
const photosId = 's3://e2e-photos/';
const docsId = 's3://e2e-docs/reports/';

/** The inputs of the scheduled backup step. */
function backupInputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    sources: 'e2e-photos\ne2e-docs/reports/\n',
    'source-endpoint': source.endpoint,
    destination: `s3://${backupBucket}/main`,
    'destination-endpoint': destination.endpoint,
    'destination-access-key-id': 'S3RVER',
    'destination-secret-access-key': 'S3RVER',
    overlap: '1h',
    concurrency: '4',
    ...extra,
  };
}

async function destinationKeys(prefix: string): Promise<string[]> {
  const response = await destination.client().send(new ListObjectsV2Command({ Bucket: backupBucket, Prefix: prefix }));
  return (response.Contents ?? []).map((o) => o.Key!);
}

before(async () => {
  runner = await startActionRunner();

  destination = await startS3rver();
  source = motoAvailable() ? await startMoto() : destination;
  // What aws-actions/configure-aws-credentials exports for the job (moto accepts any pair).
  runner.sourceEnv =
    source.kind === 'moto'
      ? { AWS_ACCESS_KEY_ID: 'AKIAE2ESOURCE', AWS_SECRET_ACCESS_KEY: 'e2e-source-secret', AWS_REGION: 'us-east-1' }
      : { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const versioned = source.kind === 'moto';
  await source.createBucket('e2e-photos', { versioned });
  await source.createBucket('e2e-docs', { versioned });
  await destination.createBucket(backupBucket);
  photos = new SourceWriter(source.client(), 'e2e-photos');
  docs = new SourceWriter(source.client(), 'e2e-docs');
  catalogReader = new S3ObjectStore(backupBucket, 'main/', destination.connection(), 'e2e-reader');
  if (source.kind !== 'moto') process.stderr.write(`# source is s3rver: ${MOTO_MISSING}\n`);
});

after(async () => {
  await runner?.close();
  if (source && source !== destination) await source.stop();
  await destination?.stop();
});

describe('the bundled action, run as the runner runs it', () => {
  let hash = '';
  let firstRun: ActionRun;
  const truthAt: { at: Date; photos: ReturnType<SourceWriter['snapshot']>; docs: ReturnType<SourceWriter['snapshot']> }[] = [];

  async function assertContents(label: string): Promise<void> {
    for (const [index, state] of truthAt.entries()) {
      await assertBackupMatches(catalogReader, photosId, state.at, state.photos, `${label}, photos at checkpoint ${index + 1}`);
      await assertBackupMatches(catalogReader, docsId, state.at, state.docs, `${label}, docs at checkpoint ${index + 1}`);
    }
  }

  async function remember(): Promise<void> {
    const at = await checkpoint();
    truthAt.push({ at, photos: photos.snapshot(), docs: docs.snapshot() });
  }

  it('run 1 (empty cache, empty destination) copies everything, saves the watermark in the cache', async () => {
    await photos.put('2026/a.jpg', 'photo a', { contentType: 'image/jpeg' });
    await photos.put('2026/b.jpg', 'photo b', { contentType: 'image/jpeg', user: { camera: 'x100' } });
    await photos.put('c.jpg', Buffer.alloc(70_000, 7));
    await docs.put('reports/q1.txt', 'q1');
    await docs.put('reports/q2.txt', 'q2');
    await docs.put('drafts/outside-the-prefix.txt', 'not backed up');
    docs.current.delete('drafts/outside-the-prefix.txt');

    const run = await runAction(backupInputs(), { runId: 5001 });
    // After the run: an unversioned source's deletions are dated when a run sees them.
    await remember();
    firstRun = run;
    assertSucceeded(run);
    assert.equal(run.outputs['status'], 'complete');
    assert.equal(run.outputs['objects-scanned'], '5');
    assert.equal(run.outputs['objects-copied'], '5');
    assert.equal(run.outputs['deletions'], '0');
    assert.equal(run.outputs['failed'], '0');
    assert.equal(Number(run.outputs['bytes-copied']), 7 + 7 + 70_000 + 2 + 2);
    assert.deepEqual(watermarks(run, 'watermark-before'), {});
    assert.deepEqual(Object.keys(watermarks(run, 'watermark-after')).sort(), [docsId, photosId].sort());
    // The S3 backup's outputs (SimpleDB, restore and verify outputs belong to their own runs).
    const s3BackupOutputs = ['run-id', 'status', 'objects-scanned', 'objects-copied', 'bytes-copied', 'deletions', 'failed', 'watermark-before', 'watermark-after'];
    for (const name of s3BackupOutputs) assert.ok(metadata.outputs.some((o) => o.name === name), `output ${name} is declared in action.yml`);
    for (const name of s3BackupOutputs) assert.ok(name in run.outputs, `output ${name} declared in action.yml is set`);

    // The run id output is the catalogue's committed run.
    const runIds = (await new Catalog(catalogReader).runIds()).committed;
    assert.deepEqual(runIds, [run.outputs['run-id']]);

    // The summary a person reads.
    assert.match(run.summary, /^## ✅ pullback S3 backup: complete$/m);
    assert.match(run.summary, new RegExp(`Run \`${run.outputs['run-id']}\` took [0-9.]+ s\\. Watermark from nowhere \\(first run\\)\\.`));
    assert.match(run.summary, /\| Source \| Keys listed \| Copied \| Deletions \| Unchanged \| Failed \| Time \|/);
    assert.deepEqual(summaryRow(run.summary, photosId), { scanned: 3, copied: 3, deleted: 0, unchanged: 0, failed: 0 });
    assert.deepEqual(summaryRow(run.summary, docsId), { scanned: 2, copied: 2, deleted: 0, unchanged: 0, failed: 0 });
    assert.match(run.summary, /^\| \*\*Total\*\* \| 5 \| 5 \([\d.]+ (B|KiB)\) \|/m);

    // Log grouped by phase.
    for (const group of ['Checking the destination', 'Checking the sources', `Backing up ${photosId}`, 'Committing the catalogue']) {
      assert.ok(run.lines.includes(`::group::${group}`), `log group ${group}${log(run)}`);
    }

    // One cache entry saved under this run's key, nothing restored.
    const entries = runner.cache.entries();
    assert.equal(entries.length, 1, `one cache entry${log(run)}`);
    const match = /^pullback-watermark-([0-9a-f]{16})-5001-1$/.exec(entries[0]!.key);
    assert.ok(match, `the entry key is per configuration, run and attempt: ${entries[0]!.key}`);
    hash = match[1]!;
    assert.match(run.stdout, new RegExp(`No watermark in the Actions cache under pullback-watermark-${hash}-\\*`));
    assert.match(run.stdout, new RegExp(`Watermark saved to the Actions cache as pullback-watermark-${hash}-5001-1`));

    await assertContents('after run 1');
  });

  it('run 2 takes its watermark from the catalogue without reading the cache, copies only the changes and saves the watermark', async () => {
    await photos.put('2026/a.jpg', 'photo a, retouched', { contentType: 'image/jpeg' }); // overwritten
    await photos.delete('2026/b.jpg'); // deleted
    await photos.put('2026/d.jpg', 'photo d'); // new
    await docs.delete('reports/q1.txt');
    await docs.put('reports/q3.txt', 'q3, new');

    const requestsBefore = runner.cache.requests().length;
    const run = await runAction(backupInputs(), { runId: 5002 });
    await remember();
    assertSucceeded(run);
    assert.equal(run.outputs['status'], 'complete');
    assert.equal(run.outputs['objects-copied'], '3');
    assert.equal(run.outputs['deletions'], '2');
    assert.equal(run.outputs['failed'], '0');
    assert.equal(Number(run.outputs['bytes-copied']), 'photo a, retouched'.length + 'photo d'.length + 'q3, new'.length);
    assert.deepEqual(watermarks(run, 'watermark-before'), watermarks(firstRun, 'watermark-after'));
    for (const [id, after] of Object.entries(watermarks(run, 'watermark-after'))) {
      assert.ok(after >= watermarks(firstRun, 'watermark-after')[id]!, `the watermark of ${id} never goes back`);
    }
    assert.notEqual(run.outputs['run-id'], firstRun.outputs['run-id']);

    // The catalogue has every source's watermark, which wins over the cache's: the cache is not
    // read (no lookup, no download, nothing unpacked), only written (issue 11).
    const requests = runner.cache.requests().slice(requestsBefore);
    assert.equal(requests.find((r) => r.call === 'GetCacheEntryDownloadURL'), undefined, `no lookup${log(run)}`);
    assert.ok(!requests.some((r) => r.call === 'blob' && r.method === 'GET'), 'no download');
    assert.doesNotMatch(run.stdout, /Watermark restored from the Actions cache|No watermark in the Actions cache/);
    assert.deepEqual(
      runner.cache.entries().map((e) => e.key),
      [`pullback-watermark-${hash}-5001-1`, `pullback-watermark-${hash}-5002-1`],
    );
    // What the new entry holds is the watermark the run reached.
    assert.match(run.stdout, new RegExp(`Watermark saved to the Actions cache as pullback-watermark-${hash}-5002-1`));

    // The summary: the destination's catalogue is the truth whenever it has a record.
    assert.match(run.summary, /Watermark from the destination's catalogue\./);
    // A versioned source also lists the deleted key (its delete marker) and its older versions.
    const versioned = source.kind === 'moto';
    assert.deepEqual(summaryRow(run.summary, photosId), { scanned: versioned ? 4 : 3, copied: 2, deleted: 1, unchanged: versioned ? 3 : 1, failed: 0 });
    assert.deepEqual(summaryRow(run.summary, docsId), { scanned: versioned ? 3 : 2, copied: 1, deleted: 1, unchanged: versioned ? 2 : 1, failed: 0 });
    if (versioned) assert.match(run.summary, /^\| `s3:\/\/e2e-photos\/` \(versioned\) \|/m);
    assert.match(run.summary, /```mermaid\nxychart-beta\n {2}title "Versions copied per run"\n {2}x-axis \[.*\]\n {2}y-axis "versions"\n {2}bar \[5, 3\]\n```/);

    await assertContents('after run 2');
  });

  it('a cache evicted between runs: the watermark comes from the catalogue and no change is missed', async () => {
    runner.cache.evictAll();
    await photos.put('2026/e.jpg', 'photo e');
    await photos.put('c.jpg', Buffer.alloc(70_000, 9));

    const run = await runAction(backupInputs(), { runId: 5003 });
    await remember();
    assertSucceeded(run);
    assert.equal(run.outputs['objects-copied'], '2');
    assert.ok(!run.lines.some((l) => l.startsWith('::warning::')), `an empty cache is no warning${log(run)}`);
    assert.match(run.summary, /Watermark from the destination's catalogue\./);
    assert.deepEqual(
      runner.cache.entries().map((e) => e.key),
      [`pullback-watermark-${hash}-5003-1`],
    );
    await assertContents('after run 3 (cache evicted)');
  });

  it('a failing cache service: the run succeeds with a warning', async () => {
    await docs.put('reports/q4.txt', 'q4');
    runner.cache.failAll(true);
    try {
      const started = Date.now();
      const run = await runAction(backupInputs(), { runId: 5004 });
      assertSucceeded(run);
      assert.equal(run.outputs['status'], 'complete');
      assert.equal(run.outputs['objects-copied'], '1');
      const warnings = run.lines.filter((l) => l.startsWith('::warning::'));
      assert.ok(
        warnings.some((w) => /The watermark was not saved to the Actions cache under pullback-watermark-[0-9a-f]+-5004-1/.test(w)),
        `a warning says the watermark was not saved${log(run)}`,
      );
      assert.match(run.summary, /✅ pullback S3 backup: complete/);
      assert.ok(Date.now() - started < 60_000, 'the cache client gave up without long retries');
    } finally {
      runner.cache.failAll(false);
    }
    await remember();
    assert.equal(runner.cache.entries().length, 1, 'nothing was saved while the service failed');
    await assertContents('after run 4 (cache failing)');
  });

  it('a re-run (attempt 2) of a run saves under a key of its own', async () => {
    const run = await runAction(backupInputs(), { runId: 5004, attempt: 2 });
    assertSucceeded(run);
    assert.equal(run.outputs['objects-copied'], '0');
    assert.match(run.summary, /Watermark from the destination's catalogue\./);
    assert.equal(runner.cache.entries().at(-1)?.key, `pullback-watermark-${hash}-5004-2`);
  });

  it('dry-run lists and reports but writes nothing: no catalogue run, no cache entry', async () => {
    await photos.put('2026/f.jpg', 'photo f');
    const runsBefore = (await new Catalog(catalogReader).runIds()).committed;
    const entriesBefore = runner.cache.entries().length;
    const keysBefore = await destinationKeys('main/');
    const run = await runAction(backupInputs({ 'dry-run': 'true' }), { runId: 5006 });
    assertSucceeded(run);
    assert.equal(run.outputs['status'], 'dry-run');
    assert.match(run.summary, /📝 pullback S3 backup plan \(dry run: nothing was copied\)/);
    assert.deepEqual((await new Catalog(catalogReader).runIds()).committed, runsBefore);
    assert.equal(runner.cache.entries().length, entriesBefore);
    assert.deepEqual(await destinationKeys('main/'), keysBefore);
    photos.current.delete('2026/f.jpg'); // not backed up: leave it out of later checks
    await photos.delete('2026/f.jpg');
  });

  it('the destination secret is masked before anything is logged', async () => {
    // s3rver accepts only S3RVER as the secret: check the mask comes before any line with it.
    const run = await runAction(backupInputs({ 'mysql-password': 'e2e-Mysql-Pw-51c3a' }), { runId: 5007, env: { RUNNER_DEBUG: '1' } });
    assertSucceeded(run);
    assertMasked(run, 'S3RVER');
    assertMasked(run, 'e2e-Mysql-Pw-51c3a');
  });
});

describe('a destination with a distinctive secret (moto)', () => {
  it('never prints the secret: in the log, the errors, the summary or the outputs', { skip: motoAvailable() ? false : MOTO_MISSING }, async () => {
    const secret = 'e2e-Dest-Secret-9f41c7d2';
    await source.createBucket('e2e-moto-backup');
    const inputs = {
      ...backupInputs(),
      destination: 's3://e2e-moto-backup/copy',
      'destination-endpoint': source.endpoint,
      'destination-access-key-id': 'AKIAE2EDEST',
      'destination-secret-access-key': secret,
      'destination-session-token': 'e2e-Session-Token-77ab',
      'mysql-url': 'mysql://backup:e2e-Url-Pw-0c9d@127.0.0.1:3306/backups',
    };
    const run = await runAction(inputs, { runId: 6001, env: { RUNNER_DEBUG: '1' } });
    assertSucceeded(run);
    assert.equal(run.outputs['status'], 'complete');
    assert.ok(Number(run.outputs['objects-copied']) >= photos.current.size + docs.current.size, log(run));
    assertMasked(run, secret);
    assertMasked(run, 'e2e-Session-Token-77ab');
    assertMasked(run, 'e2e-Url-Pw-0c9d');

    // And on a failure path, where error messages carry request details.
    const failed = await runAction({ ...inputs, destination: 's3://e2e-no-such-bucket/copy' }, { runId: 6002, env: { RUNNER_DEBUG: '1' } });
    assert.equal(failed.code, 1, log(failed));
    assertMasked(failed, secret);
  });
});

describe('bad inputs: a failed step naming the input, no data moved', () => {
  let entriesBefore: number;
  let badIndex = 0;

  async function badRun(inputs: Record<string, string>): Promise<{ run: ActionRun; prefix: string }> {
    badIndex += 1;
    const prefix = `bad-${badIndex}/`;
    entriesBefore = runner.cache.entries().length;
    const run = await runAction(inputs, { runId: 7000 + badIndex });
    return { run, prefix };
  }

  async function assertNothingMoved(run: ActionRun, prefix: string): Promise<void> {
    assert.deepEqual(await destinationKeys(prefix), [], `nothing written under ${prefix}${log(run)}`);
    assert.equal(runner.cache.entries().length, entriesBefore, 'no cache entry saved');
    assert.equal(run.summary, '', 'no job summary for a run that did not start');
  }

  const cases: { name: string; input: string; inputs: (prefix: string) => Record<string, string>; pattern: RegExp }[] = [
    {
      name: 'missing sources',
      input: 'sources',
      inputs: (prefix) => ({ ...backupInputs({ destination: `s3://${backupBucket}/${prefix}` }), sources: '' }),
      pattern: /is required/,
    },
    {
      name: 'a concurrency that is not a number',
      input: 'concurrency',
      inputs: (prefix) => backupInputs({ destination: `s3://${backupBucket}/${prefix}`, concurrency: 'lots' }),
      pattern: /whole number/,
    },
    {
      name: 'a concurrency of 0',
      input: 'concurrency',
      inputs: (prefix) => backupInputs({ destination: `s3://${backupBucket}/${prefix}`, concurrency: '0' }),
      pattern: /from 1 to 512/,
    },
    {
      name: 'a dry-run that is not a YAML boolean',
      input: 'dry-run',
      inputs: (prefix) => backupInputs({ destination: `s3://${backupBucket}/${prefix}`, 'dry-run': 'yes' }),
      pattern: /must be true or false, got "yes"/,
    },
    {
      name: 'an overlap that is not a duration',
      input: 'overlap',
      inputs: (prefix) => backupInputs({ destination: `s3://${backupBucket}/${prefix}`, overlap: 'a while' }),
      pattern: /duration/,
    },
    {
      name: 'an unknown mode',
      input: 'mode',
      inputs: (prefix) => backupInputs({ destination: `s3://${backupBucket}/${prefix}`, mode: 'backpu' }),
      pattern: /must be one of backup, restore, verify/,
    },
    {
      name: 'an s3:// destination without credentials',
      input: 'destination-access-key-id',
      inputs: (prefix) => ({
        ...backupInputs({ destination: `s3://${backupBucket}/${prefix}` }),
        'destination-access-key-id': '',
        'destination-secret-access-key': '',
      }),
      pattern: /needs its own credentials/,
    },
    {
      name: 'a destination secret without its key id',
      input: 'destination-access-key-id',
      inputs: (prefix) => ({ ...backupInputs({ destination: `s3://${backupBucket}/${prefix}` }), 'destination-access-key-id': '' }),
      pattern: /set both or neither/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const { run, prefix } = await badRun(c.inputs(`bad-${badIndex + 1}/`));
      assertFailedOn(run, c.input, c.pattern);
      await assertNothingMoved(run, prefix);
    });
  }

  it('an unreachable destination endpoint', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const { run, prefix } = await badRun(backupInputs({ destination: `s3://${backupBucket}/bad-${badIndex + 1}/`, 'destination-endpoint': closed }));
    const message = assertFailedOn(run, 'destination', /unreachable/);
    assert.ok(message.includes('destination bucket'), message);
    assert.ok(Date.now() - started < 60_000, 'gives up within a minute');
    await assertNothingMoved(run, prefix);
  });
});
