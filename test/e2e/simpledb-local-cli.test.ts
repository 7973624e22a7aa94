/**
 * `pullback-simpledb-local` (the bundled server's command, bin/pullback-simpledb-local.js) as a
 * person runs it: what --help says. Build first (`npm run build`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '../support/action-runner.ts';

const command = join(repositoryRoot, 'bin', 'pullback-simpledb-local.js');

describe('pullback-simpledb-local --help', () => {
  // A user trial took `--lag-ms 0` for network latency.
  it('says --lag-ms is read-after-write lag (eventual consistency), not network latency, in one line', () => {
    const run = spawnSync(process.execPath, [command, '--help'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((line) => line.trimStart().startsWith('--lag-ms'));
    assert.equal(lines.length, 1, run.stdout);
    assert.match(lines[0]!, /read-after-write lag, not network latency: a write stays invisible for N ms to reads without ConsistentRead \(SimpleDB's eventual consistency\)/);
  });
});
