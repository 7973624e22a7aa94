import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { BUFFER_COLLECT_STEP, MARKING_PACE_MS, startBufferCollector, startMarkingPacer } from '../../src/app/heap-bounds.ts';

describe('startMarkingPacer: V8 heap statistics read while copies stream (issue 11)', () => {
  it('reads the statistics every interval until stopped', async () => {
    let reads = 0;
    const stop = startMarkingPacer(10, () => reads++);
    await delay(120);
    stop();
    const seen = reads;
    assert.ok(seen >= 3, `${seen} reads in 120 ms at one every 10 ms`);
    await delay(50);
    assert.equal(reads, seen, 'no read after stop');
  });

  it('reads every 20 ms by default, the interval the 512 MiB benchmark was measured with', () => {
    assert.equal(MARKING_PACE_MS, 20);
  });

  it('never keeps the process alive: the CLI exits when its work is done', () => {
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "import { boundHeapGrowth } from './src/app/heap-bounds.ts'; boundHeapGrowth(); console.log('done');"], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'done');
    assert.ok(Date.now() - started < 30_000);
  });
});

describe('startBufferCollector: a young-generation collection once streams left buffers behind (issue 11)', () => {
  it('collects when external memory has grown a step since the last collection, and only then', async () => {
    const MiB = 1024 * 1024;
    let external = 10 * MiB;
    let collections = 0;
    const stop = startBufferCollector({ intervalMs: 5, stepBytes: 4 * MiB, externalBytes: () => external, collect: () => {
      collections++;
      external = 11 * MiB; // what the collection left
    } });
    external = 13 * MiB; // 3 MiB more: not yet
    await delay(40);
    assert.equal(collections, 0, 'grown less than a step');
    external = 14 * MiB;
    await delay(40);
    assert.equal(collections, 1, 'grown a step: one collection');
    external = 6 * MiB; // freed by another collection: the base follows it down
    await delay(40);
    external = 10 * MiB;
    await delay(40);
    assert.equal(collections, 2, 'a step above the lower base');
    stop();
    external = 100 * MiB;
    await delay(40);
    assert.equal(collections, 2, 'nothing after stop');
  });

  it('steps by 4 MiB by default, the step the 512 MiB benchmark was measured with', () => {
    assert.equal(BUFFER_COLLECT_STEP, 4 * 1024 * 1024);
  });

  it('reaches V8\'s collector without a gc global in this context', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', "import { youngCollector } from './src/app/heap-bounds.ts'; const c = youngCollector(); c(); console.log(typeof c, typeof globalThis.gc);"], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NODE_OPTIONS: '--import tsx' },
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'function undefined');
  });

  it('frees 40 MiB of dropped 64 KiB reads that V8 alone keeps (a real process, with and without boundHeapGrowth)', () => {
    const script = (bounded: boolean) =>
      (bounded ? "import { boundHeapGrowth } from './src/app/heap-bounds.ts'; boundHeapGrowth();\n" : '') +
      "import { setTimeout as delay } from 'node:timers/promises';\n" +
      // Like a download's socket reads: a 64 KiB buffer each, dropped once copied on.
      'for (let i = 0; i < 640; i++) { const b = Buffer.allocUnsafeSlow(65536); b[0] = i; }\n' +
      'await delay(300);\n' +
      'console.log(process.memoryUsage().arrayBuffers);';
    const left = (bounded: boolean) => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(bounded)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(child.status, 0, child.stderr);
      return Number(child.stdout.trim()) / (1024 * 1024);
    };
    const alone = left(false);
    const collected = left(true);
    assert.ok(alone > 32, `without the collector ${alone.toFixed(1)} MiB of buffers are still held after 300 ms (the case this guards)`);
    assert.ok(collected < 8, `with it ${collected.toFixed(1)} MiB are left`);
  });
});

describe('capYoungGeneration: the young generation stops growing at a cap (issue 11)', () => {
  /**
   * A real process allocating as a SimpleDB backup does: objects that live a while (a window of
   * 200,000, replaced 20,000 at a time) outlast a few scavenges, so V8 keeps doubling its young
   * generation. Between rounds it yields, as a backup does between pages and statements, so the
   * cap's timer runs. Prints the largest young generation seen, in MiB.
   */
  const largestYoung = (capped: boolean): number => {
    const script =
      (capped ? "import { capYoungGeneration } from './src/app/heap-bounds.ts'; capYoungGeneration(16);\n" : '') +
      "import { getHeapSpaceStatistics } from 'node:v8';\n" +
      "import { setTimeout as delay } from 'node:timers/promises';\n" +
      'let live = []; let largest = 0;\n' +
      'for (let round = 0; round < 60; round++) {\n' +
      "  for (let i = 0; i < 20000; i++) live.push({ name: 'item-' + round + '-' + i, values: ['value ' + i] });\n" +
      '  if (live.length > 200000) live = live.slice(20000);\n' +
      "  largest = Math.max(largest, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);\n" +
      '  await delay(2);\n' +
      '}\n' +
      'console.log(largest / 1048576);';
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr);
    return Number(child.stdout.trim());
  };

  it('holds a process whose young generation V8 grows past it at 16 MiB, give or take the doubling its timer can miss', (t) => {
    const alone = largestYoung(false);
    // V8 sizes the young generation's limit from the machine's memory: 128 MiB on this project's
    // 24 GB machines. Where it stops at 32 MiB or less by itself there is nothing to hold.
    if (alone <= 32) return t.skip(`V8 alone stopped this process's young generation at ${alone} MiB here: no growth for the cap to stop`);
    const capped = largestYoung(true);
    // Checked every 50 ms, a doubling from 16 can land before the check sees 16: at most 32. (Seen
    // here: 18.5-19.3 MiB capped, 128 MiB alone; space_size counts a little past the semi-space.)
    assert.ok(capped <= 32, `capped at 16 MiB, the young generation reached ${capped} MiB (${alone} MiB without the cap)`);
    assert.ok(capped < alone, `capped ${capped} MiB, alone ${alone} MiB`);
  });
});

describe('heapBoundsFor: an S3 job bounds the old generation, a SimpleDB job after it lifts the bound (issue 11)', () => {
  /** The mark-compacts of a real process that runs `backends` in turn, then allocates as a long backup does. */
  const markCompacts = (backends: string[]): number => {
    const script =
      "import { heapBoundsFor } from './src/app/heap-bounds.ts';\n" +
      `for (const backend of ${JSON.stringify(backends)}) heapBoundsFor(backend);\n` +
      'let live = [];\n' +
      'for (let round = 0; round < 400; round++) {\n' +
      "  for (let i = 0; i < 20000; i++) live.push({ a: i, s: 'x' + i });\n" +
      '  if (live.length > 600000) live = live.slice(300000);\n' +
      '  await new Promise((resolve) => setImmediate(resolve));\n' +
      '}\n';
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--trace-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(child.status, 0, child.stderr);
    return child.stdout.split('\n').filter((line) => line.includes('Mark-Compact')).length;
  };

  it('collects the old generation far more often under an S3 job than once a SimpleDB job of the same run has begun', () => {
    // Seen here: 33 mark-compacts under the S3 bound, 7 after the SimpleDB job lifted it (7 with no S3 job).
    const bounded = markCompacts(['s3']);
    const lifted = markCompacts(['s3', 'simpledb']);
    assert.ok(bounded >= 2 * lifted + 5, `${bounded} mark-compacts with the S3 bound in force, ${lifted} after a SimpleDB job lifted it`);
  });

  it('sets the flag on each change only, and leaves a user\'s own --heap-growing-percent alone', () => {
    const script = (nodeArgs: string[]) => {
      const child = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e',
        "import { heapBoundsFor } from './src/app/heap-bounds.ts';\n" +
        'const set = [];\n' +
        "for (const backend of ['s3', 's3', 'simpledb', 'simpledb', 's3']) heapBoundsFor(backend, (flags) => set.push(flags));\n" +
        'console.log(JSON.stringify(set));'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout.trim()) as string[];
    };
    assert.deepEqual(script([]), ['--heap-growing-percent=10', '--heap-growing-percent=0', '--heap-growing-percent=10']);
    assert.deepEqual(script(['--heap-growing-percent=50']), [], 'the user\'s flag was overridden');
  });
});
