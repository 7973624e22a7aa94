import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';

/** One call to the destination: its method, its key, and when it began and ended (performance.now()). */
export interface TimedCall {
  name: string;
  key: string;
  began: number;
  ended: number;
}

/** The calls timed, with `list` and `listPartialWrites` (the others pass through). */
const TIMED = new Set(['put', 'putIf', 'get', 'getTagged', 'head', 'delete', 'purge', 'copyFromSource', 'abortPartialWrite', 'probeWrite']);

interface TimingOptions {
  slow?: (name: string, key: string) => number;
  /** A call held back until this settles (before any `slow` delay): to order it after another call. */
  waitFor?: (name: string, key: string) => Promise<unknown> | undefined;
  fail?: (name: string, key: string) => Error | undefined;
}

/**
 * A folder destination (a new folder, added to `folders` for the caller to remove) recording when
 * each read and write began and ended, so a test can check what overlaps what; `slow` holds a call
 * back by that many milliseconds before it runs, `fail` makes it throw (after the delay) instead.
 */
export async function timedDestination(folders: string[], options: TimingOptions = {}): Promise<{ store: ObjectStore; folder: string; calls: TimedCall[] }> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-timed-'));
  folders.push(folder);
  return { ...timedStore(new LocalObjectStore(folder, destinationNaming), options), folder };
}

/** Any destination (an S3 bucket on s3rver, say), timed as timedDestination times a folder. */
export function timedStore(inner: ObjectStore, options: TimingOptions = {}): { store: ObjectStore; calls: TimedCall[] } {
  const calls: TimedCall[] = [];
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      if (name === 'list' || name === 'listPartialWrites') {
        // A listing (of keys, or of partial writes: the sweep): timed from its call to its last entry (the prefix is its key).
        return (...args: unknown[]) =>
          (async function* () {
            const call: TimedCall = { name, key: typeof args[0] === 'string' ? args[0] : '', began: performance.now(), ended: Number.POSITIVE_INFINITY };
            calls.push(call);
            try {
              const delay = options.slow?.(name, call.key) ?? 0;
              if (delay > 0) await sleep(delay);
              yield* value.apply(target, args) as AsyncIterable<unknown>;
            } finally {
              call.ended = performance.now();
            }
          })();
      }
      if (!TIMED.has(name)) return value.bind(target);
      return async (...args: unknown[]) => {
        const key = typeof args[0] === 'string' ? args[0] : '';
        const call: TimedCall = { name, key, began: performance.now(), ended: Number.POSITIVE_INFINITY };
        calls.push(call);
        try {
          const delay = options.slow?.(name, key) ?? 0;
          await options.waitFor?.(name, key);
          if (delay > 0) await sleep(delay);
          const failure = options.fail?.(name, key);
          if (failure) throw failure;
          return await value.apply(target, args);
        } finally {
          call.ended = performance.now();
        }
      };
    },
  });
  return { store, calls };
}
