import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { MARKING_PACE_MS, startMarkingPacer } from '../../src/app/heap-bounds.ts';

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
