import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemClock, MAX_CLOCK_OFFSET_MS, MTIME_RESOLUTION_MS } from '../../src/stores/object/local/clock.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-clock-'));
  folders.push(folder);
  return folder;
}
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

const MINUTE = 60_000;
const at = (ms: number) => () => new Date(ms);

describe("a folder's clock (the file system's, from the times of what it writes)", () => {
  it('is unknown until a write was stamped, then follows the local clock by the offset seen', () => {
    let local = Date.parse('2026-11-30T12:00:00.000Z');
    const clock = new FileSystemClock(() => new Date(local));
    assert.equal(clock.time(), undefined);
    clock.observe(local + 30 * MINUTE);
    assert.equal(clock.time()?.toISOString(), '2026-11-30T12:30:00.000Z');
    local += 5_000;
    assert.equal(clock.time()?.toISOString(), '2026-11-30T12:30:05.000Z', 'time elapsed since is added');
    clock.observe(local - 7 * MINUTE);
    assert.equal(clock.time()?.toISOString(), '2026-11-30T11:53:05.000Z', 'the latest write decides');
  });

  it('asks for a write\'s time at once, then only every few seconds', () => {
    const clock = new FileSystemClock();
    assert.equal(clock.due(), true, 'none read yet');
    clock.observe(Date.now());
    assert.equal(clock.due(), false, 'just read');
  });

  it('takes an offset within the coarsest modification-time step (2 s, rounded down) as none', () => {
    const local = Date.parse('2026-11-30T12:00:00.000Z');
    const clock = new FileSystemClock(at(local));
    for (const offset of [-MTIME_RESOLUTION_MS, -1_999, -1, 0, 1, MTIME_RESOLUTION_MS]) {
      clock.observe(local + offset);
      assert.equal(clock.time()?.getTime(), local, `offset ${offset}`);
    }
    clock.observe(local - MTIME_RESOLUTION_MS - 1);
    assert.equal(clock.time()?.getTime(), local - MTIME_RESOLUTION_MS - 1);
  });

  it('ignores a time more than a day off (1970, 2300, not a number), keeping what it knew', () => {
    const local = Date.parse('2026-11-30T12:00:00.000Z');
    const clock = new FileSystemClock(at(local));
    for (const absurd of [0, Date.parse('2300-01-01T00:00:00Z'), local - MAX_CLOCK_OFFSET_MS - 1, local + MAX_CLOCK_OFFSET_MS + 1, Number.NaN]) clock.observe(absurd);
    assert.equal(clock.time(), undefined, 'nothing believable yet');
    clock.observe(local + 14 * 60 * MINUTE);
    assert.equal(clock.time()?.getTime(), local + 14 * 60 * MINUTE, 'a clock off by a time zone is believed');
    clock.observe(0);
    assert.equal(clock.time()?.getTime(), local + 14 * 60 * MINUTE, 'the offset before an absurd time stays');
  });

  it('a folder store reads it from a put and from its check, leaving no file behind', async () => {
    const root = await tempFolder();
    const slow = new LocalObjectStore(root, destinationNaming, { now: () => new Date(Date.now() - 30 * MINUTE) });
    assert.equal(slow.serverTime(), undefined);
    await slow.put('k', 'body');
    const time = slow.serverTime();
    assert.ok(time && Math.abs(time.getTime() - Date.now()) < MTIME_RESOLUTION_MS, `the file system's time, not the slow clock's: ${time?.toISOString()}`);

    const checked = new LocalObjectStore(root, destinationNaming, { now: () => new Date(Date.now() + 30 * MINUTE) });
    await checked.check();
    assert.ok(Math.abs(checked.serverTime()!.getTime() - Date.now()) < MTIME_RESOLUTION_MS, 'known from the check alone');
    assert.deepEqual(await readdir(root), ['k'], 'the probe file is gone');
    assert.ok(Math.abs(checked.under('restored/x/').serverTime!()!.getTime() - Date.now()) < MTIME_RESOLUTION_MS, 'a view shares it');

    const local = new LocalObjectStore(root, destinationNaming);
    await local.check();
    const before = Date.now();
    const now = local.serverTime()!.getTime();
    assert.ok(now >= before && now <= Date.now(), 'a local disk: this machine\'s clock exactly');
  });

  it('a folder store whose runner is centuries off believes no offset: the lease keeps the local clock', async () => {
    const root = await tempFolder();
    for (const year of ['1970-01-02T00:00:00Z', '2300-01-01T00:00:00Z']) {
      const store = new LocalObjectStore(root, destinationNaming, { now: () => new Date(year) });
      await store.check();
      await store.put('k', 'body');
      assert.equal(store.serverTime(), undefined, year);
    }
  });
});
