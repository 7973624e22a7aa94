import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countStep, emptyRestoreCounts, keySelector, planRestore, planRestoreKey, type RestoreStep, type TargetObject } from '../../src/backends/s3/plan/restore-plan.ts';
import type { KeyAsOf } from '../../src/backends/s3/plan/as-of.ts';

const MD5_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const MD5_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const state = (key: string, size = 3, etag = MD5_A, extra: Partial<KeyAsOf> = {}): KeyAsOf => ({
  key,
  version: { k: key, type: 'version', id: `e:${etag}`, t: '2026-11-24T10:00:00Z', seen: '2026-11-24T10:05:00Z', s: size, e: etag, b: `data/b/${key}` },
  ...extra,
});
const gone = (key: string): KeyAsOf => ({ key });
const obj = (key: string, size = 3, etag?: string): TargetObject => ({ key, size, ...(etag ? { etag } : {}) });

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
async function plan(states: KeyAsOf[], target: TargetObject[], removeAbsent = false): Promise<RestoreStep[]> {
  const steps: RestoreStep[] = [];
  for await (const step of planRestore(from(states), from(target), { removeAbsent })) steps.push(step);
  return steps;
}

describe('planRestoreKey: one key', () => {
  it('writes a key absent at the target', () => assert.equal(planRestoreKey(state('a'), undefined, { removeAbsent: false })?.action, 'write'));
  it('skips a key with the same size and ETag', () => assert.equal(planRestoreKey(state('a'), obj('a', 3, MD5_A), { removeAbsent: false })?.action, 'skip'));
  it('overwrites a key of another size', () => assert.equal(planRestoreKey(state('a'), obj('a', 4, MD5_A), { removeAbsent: false })?.action, 'overwrite'));
  it('overwrites when two plain MD5 ETags differ', () => assert.equal(planRestoreKey(state('a'), obj('a', 3, MD5_B), { removeAbsent: false })?.action, 'overwrite'));
  it('compares content when a multipart ETag cannot decide', () => {
    assert.equal(planRestoreKey(state('a', 3, 'abc-2'), obj('a', 3, MD5_A), { removeAbsent: false })?.action, 'check');
    assert.equal(planRestoreKey(state('a'), obj('a', 3), { removeAbsent: false })?.action, 'check', 'a local folder has no ETag');
  });
  it('removes a key absent at T only in place', () => {
    assert.equal(planRestoreKey(gone('a'), obj('a'), { removeAbsent: true })?.action, 'remove');
    assert.equal(planRestoreKey(gone('a'), obj('a'), { removeAbsent: false }), undefined);
    assert.equal(planRestoreKey(undefined, obj('x'), { removeAbsent: true })?.action, 'remove');
  });
  it('does nothing for a key absent at T and at the target', () => assert.equal(planRestoreKey(gone('a'), undefined, { removeAbsent: true }), undefined));
  it('restores a key whose deletion is uncertain, and flags it (the documented rule)', () => {
    const uncertain = state('a', 3, MD5_A, { uncertainDeletion: { after: '2026-11-24T11:00:00Z', before: '2026-11-24T12:00:00Z' } });
    const step = planRestoreKey(uncertain, undefined, { removeAbsent: true });
    assert.equal(step?.action, 'write');
    assert.deepEqual(step?.uncertainDeletion, { after: '2026-11-24T11:00:00Z', before: '2026-11-24T12:00:00Z' });
  });
});

describe('planRestore: a march of the state at T against the target listing', () => {
  it('walks both sorted streams and counts actions and bytes', async () => {
    const steps = await plan(
      [state('a', 10), state('b', 20), gone('c'), state('d', 5, 'x-2'), state('f', 7)],
      [obj('b', 20, MD5_A), obj('c', 1, MD5_A), obj('d', 5, 'y'), obj('e', 2, MD5_B), obj('f', 8, MD5_A)],
      true,
    );
    assert.deepEqual(steps.map((s) => [s.key, s.action]), [
      ['a', 'write'],
      ['b', 'skip'],
      ['c', 'remove'],
      ['d', 'check'],
      ['e', 'remove'],
      ['f', 'overwrite'],
    ]);
    const counts = emptyRestoreCounts();
    for (const step of steps) countStep(counts, step);
    assert.deepEqual(counts, { keysAtT: 4, write: 1, overwrite: 1, skip: 1, check: 1, remove: 2, unavailable: 0, uncertain: 0, bytesToWrite: 17, bytesSkipped: 20 });
  });
  it('leaves extra target objects alone when not in place', async () => {
    const steps = await plan([state('b')], [obj('a'), obj('b', 3, MD5_A), obj('c')]);
    assert.deepEqual(steps.map((s) => [s.key, s.action]), [['b', 'skip']]);
  });
  it('uses S3 byte order (a key above U+FFFF sorts after U+FFFD)', async () => {
    const steps = await plan([state('\uFFFD'), state('😀')], [obj('\uFFFD', 3, MD5_A), obj('😀', 3, MD5_A)]);
    assert.deepEqual(steps.map((s) => s.action), ['skip', 'skip']);
  });
  it('refuses an unsorted listing rather than planning wrong removals', async () => {
    await assert.rejects(plan([state('a')], [obj('b'), obj('a')], true), /not in S3 byte order/);
  });
});

describe('keySelector', () => {
  it('selects by prefix and by a list of keys', () => {
    const byPrefix = keySelector({ prefix: 'photos/' });
    assert.equal(byPrefix('photos/cat.jpg'), true);
    assert.equal(byPrefix('docs/a.txt'), false);
    const byKeys = keySelector({ keys: ['a.txt', 'b/c.txt'] });
    assert.equal(byKeys('a.txt'), true);
    assert.equal(byKeys('a.txt2'), false);
    assert.equal(keySelector({})('anything'), true);
  });
});
