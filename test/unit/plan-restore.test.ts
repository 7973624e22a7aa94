import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyAsOf, statesAsOf } from '../../src/backends/s3/plan/as-of.ts';
import type { EventLine } from '../../src/backends/s3/plan/model.ts';

const t = (s: string) => Date.parse(`2026-11-24T${s}Z`);
const version = (id: string, time: string, seen: string): EventLine => ({ k: 'k', type: 'version', id, t: `2026-11-24T${time}Z`, seen: `2026-11-24T${seen}Z`, b: `b-${id}` });

describe('keyAsOf: the state of a key at time T', () => {
  const history: EventLine[] = [
    version('v1', '10:00:00', '10:05:00'),
    version('v2', '11:00:00', '11:05:00'),
    { k: 'k', type: 'deleted', after: '2026-11-24T11:05:00Z', before: '2026-11-24T12:05:00Z' },
    version('v3', '13:00:00', '13:05:00'),
  ];
  it('is absent before the first version', () => assert.equal(keyAsOf('k', history, t('09:00:00')).version, undefined));
  it('is the version with Last-Modified at T exactly', () => assert.equal(keyAsOf('k', history, t('10:00:00')).version?.id, 'v1'));
  it('is the latest version before T', () => assert.equal(keyAsOf('k', history, t('11:30:00')).version?.id, 'v2'));
  it('keeps the key when the deletion may lie after T, and says so', () => {
    const state = keyAsOf('k', history, t('11:30:00'));
    assert.deepEqual(state.uncertainDeletion, { after: '2026-11-24T11:05:00Z', before: '2026-11-24T12:05:00Z' });
  });
  it('is absent once the deletion is certain', () => assert.equal(keyAsOf('k', history, t('12:30:00')).version, undefined));
  it('comes back when re-created', () => assert.equal(keyAsOf('k', history, t('13:00:00')).version?.id, 'v3'));
  it('prefers the version a later run saw when two share a second', () => {
    const same = [version('a', '10:00:00', '10:00:00'), version('b', '10:00:00', '10:00:01')];
    assert.equal(keyAsOf('k', same, t('10:00:00')).version?.id, 'b');
  });
  it('honours delete markers by their exact time', () => {
    const events: EventLine[] = [version('v1', '10:00:00', '10:05:00'), { k: 'k', type: 'deleteMarker', id: 'v:d', t: '2026-11-24T10:01:00Z', seen: '2026-11-24T10:05:00Z' }];
    assert.equal(keyAsOf('k', events, t('10:00:59')).version?.id, 'v1');
    assert.equal(keyAsOf('k', events, t('10:01:00')).version, undefined);
  });
});

describe('statesAsOf: every run’s events, merged by key', () => {
  async function* run(events: EventLine[]) {
    yield* events;
  }
  const a = (k: string, id: string, time = '10:00:00'): EventLine => ({ k, type: 'version', id, t: `2026-11-24T${time}Z`, seen: '2026-11-24T10:00:00Z' });

  it('gathers a key’s events in run order across the runs’ sorted files', async () => {
    const runs = [
      { name: 'run 1', events: run([a('a', '1'), a('c', '2')]) },
      { name: 'run 2', events: run([a('b', '3'), a('c', '4')]) },
    ];
    const states = [];
    for await (const state of statesAsOf(runs, new Date(t('10:00:00')))) states.push([state.key, state.version?.id]);
    // c: two versions in the same second, the later run's wins, so the events came in run order.
    assert.deepEqual(states, [
      ['a', '1'],
      ['b', '3'],
      ['c', '4'],
    ]);
  });

  it('gathers several events of one key in one run (a version and a delete marker)', async () => {
    const marker: EventLine = { k: 'k', type: 'deleteMarker', id: 'v:d', t: '2026-11-24T10:01:00Z', seen: '2026-11-24T10:05:00Z' };
    const states = [];
    for await (const state of statesAsOf([{ name: 'run 1', events: run([a('k', 'v1'), marker]) }], new Date(t('10:02:00')))) states.push(state);
    assert.equal(states.length, 1);
    assert.equal(states[0]!.version, undefined, 'deleted at T');
  });

  it('refuses an events file out of key order, naming it', async () => {
    const runs = [{ name: 'catalog/x/events.jsonl.gz', events: run([a('b', '1'), a('a', '2')]) }];
    await assert.rejects(async () => {
      for await (const _ of statesAsOf(runs, new Date(t('10:00:00'))));
    }, /catalog\/x\/events\.jsonl\.gz is not in S3 byte order/);
  });
});
