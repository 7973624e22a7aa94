// A destination whose writes wait for one write to land first: a backup's start marker. The run
// reads (its previous state, the listing) and plans while the marker is on its way, but nothing it
// writes can reach the destination before the marker does, so a run killed at any point leaves a
// marker for every write it made, as when the marker was awaited before the run began.
import type { ObjectSource, ObjectStore } from '../../stores/object/types.ts';

/**
 * What may run before the marker landed: reads only. Everything else waits, writes and any
 * method added later alike (a new write cannot slip through by not being listed here).
 */
const READS: ReadonlySet<string> = new Set(['check', 'head', 'get', 'getTagged', 'list', 'listPartialWrites', 'serverTime', 'requestCounts']);

/**
 * `store` with every write held until `ready` resolves. When `ready` rejects, every write fails at
 * once with an error the transfer layer treats as fatal (`fatal: true`: the pass stops at its first
 * write instead of failing key after key); the caller then fails the run with `ready`'s own error.
 */
export function gateWrites(store: ObjectStore, ready: Promise<unknown>): ObjectStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof name === 'string' && READS.has(name)) return method.bind(target);
      // A view under a sub-prefix writes to the same destination: gated the same way.
      if (name === 'under') return (subPrefix: string) => gateWrites(method.call(target, subPrefix) as ObjectStore, ready);
      return afterReady(ready, method.bind(target));
    },
  });
}

/**
 * `source` with its downloads (open) held until `ready` resolves (a backup: the sweep the start
 * marker follows): a download opened long before its write may begin would sit paused, its body
 * idle (behind a slow sweep, past the stall guard's limit). Listing and probing go on.
 */
export function gateOpens(source: ObjectSource, ready: Promise<unknown>): ObjectSource {
  return new Proxy(source, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (name !== 'open') return method.bind(target);
      return afterReady(ready, method.bind(target));
    },
  });
}

/** `call` once `ready` resolved; when it rejects, the gate's fatal error instead. */
function afterReady(ready: Promise<unknown>, call: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      await ready;
    } catch (error) {
      throw notMarked(error);
    }
    return call(...args);
  };
}

function notMarked(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return Object.assign(new Error(`the run's start marker could not be written (${reason}), and nothing is written before it`, { cause }), { name: 'StartMarkerNotWritten', fatal: true });
}
