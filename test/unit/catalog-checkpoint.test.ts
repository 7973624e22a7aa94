import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planStateWrite } from '../../src/backends/s3/catalog/checkpoint.ts';
import { emptyCounts, type RunRecord, type SourceRunRecord, type StateLink } from '../../src/backends/s3/catalog/records.ts';

const sha = (c: string) => c.repeat(64);
function base(runId: string, extra: Partial<SourceRunRecord>): { run: RunRecord; source: SourceRunRecord } {
  const source: SourceRunRecord = {
    id: 's3://b/',
    bucket: 'b',
    prefix: '',
    versioned: false,
    listStartedAt: '2026-01-01T00:00:00.000Z',
    listFinishedAt: '2026-01-01T00:00:01.000Z',
    state: 'x',
    events: 'y',
    counts: emptyCounts(),
    complete: true,
    durationMs: 1,
    ...extra,
  };
  return { run: { format: 'pullback-catalog/3', runId, startedAt: '', finishedAt: '', status: 'complete', tool: { name: 'pullback', version: '0' }, sources: [source] }, source };
}
const id = (n: number) => `20260101T0000${String(n).padStart(2, '0')}.000Z-abcdef`;
const chain = (deltas: number[], checkpoint = 1000): StateLink[] => [
  { runId: id(0), kind: 'full', sha256: sha('a'), bytes: checkpoint },
  ...deltas.map((bytes, i) => ({ runId: id(i + 1), kind: 'delta' as const, sha256: sha('b'), bytes })),
];

describe('planStateWrite: when a run writes a checkpoint', () => {
  it('a first run, a run after damage, and a run after a format 1 state (no digest to chain to) write one', () => {
    assert.equal(planStateWrite(undefined, false).kind, 'full');
    assert.equal(planStateWrite(base(id(0), { stateSha256: sha('a'), stateBytes: 10 }), true).kind, 'full');
    assert.match((planStateWrite(base(id(0), {}), false) as { reason: string }).reason, /format 1/);
  });

  it('after a checkpoint (format 2 or 3) a run writes a delta chained to it', () => {
    assert.deepEqual(planStateWrite(base(id(0), { stateSha256: sha('a'), stateBytes: 1000 }), false), { kind: 'delta', chain: chain([]) });
  });

  it('a delta extends the chain until it would hold `every` files, or the deltas weigh `deltaRatio` of the checkpoint', () => {
    const deltas = (n: number, bytes = 10) => base(id(n), { stateKind: 'delta', stateChain: chain(Array(n).fill(bytes)), stateSha256: sha('b'), stateBytes: bytes });
    assert.equal(planStateWrite(deltas(2), false, { every: 4, deltaRatio: 0.5 }).kind, 'delta', 'a chain of 3 becomes 4');
    assert.equal(planStateWrite(deltas(3), false, { every: 4, deltaRatio: 0.5 }).kind, 'full', 'a chain of 4 would become 5');
    assert.equal(planStateWrite(deltas(3, 160), false, { every: 32, deltaRatio: 0.5 }).kind, 'delta', '480 of 1000 bytes');
    assert.equal(planStateWrite(deltas(3, 170), false, { every: 32, deltaRatio: 0.5 }).kind, 'full', '510 of 1000 bytes');
    assert.equal(planStateWrite(deltas(70), false, { every: 1000, deltaRatio: 100 }).kind, 'full', 'never longer than a reader accepts');
  });
});

describe('run records as stored', () => {
  it('each link of a state chain on one line, and the record reads back the same', async () => {
    const { formatRunRecord } = await import('../../src/backends/s3/catalog/catalog.ts');
    const record = base(id(3), { stateKind: 'delta', stateChain: chain([10, 20, 30]), stateSha256: sha('b'), stateBytes: 30 }).run;
    const text = formatRunRecord(record);
    assert.deepEqual(JSON.parse(text), record);
    const links = text.split('\n').filter((l) => l.trim().startsWith('{ "runId"'));
    assert.equal(links.length, 4);
    for (const line of links) assert.match(line, /^\s+\{ "runId": "[^"]+", "kind": "(full|delta)", "sha256": "[0-9a-f]{64}", "bytes": \d+ \},?$/);
  });
});
