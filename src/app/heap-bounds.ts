import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps V8 from growing its heap far past what a run keeps alive (issue 11: peak RSS of a full
 * backup at most 150 MB). A run's live heap is about 20 MB (measured with forced collections every
 * second), but V8 sizes its young generation and its old-generation growth steps from the machine's
 * memory: on a 24 GB runner the young generation grows to 128 MB and the old space to 70 MB, nearly
 * all of it garbage waiting for a collection (bench/results/2026-11-30-memory.md). The action runs
 * under `runs.using: node24`, which takes no node flags, so the limits are set here, at run time,
 * through the two V8 flags V8 reads at every collection rather than once at start-up:
 * `--semi-space-growth-factor` (the young generation stops growing once it holds YOUNG_MB) and
 * `--heap-growing-percent` (the old generation's next limit is 10 % above what survived, not up to
 * 4x). `--max-semi-space-size` and `--max-old-space-size` would be the plain way, but V8 reads those
 * only when the process starts; a user who passes them (NODE_OPTIONS) keeps them. Those are an S3
 * job's limits; a SimpleDB job takes only the young generation's (heapBoundsFor).
 */
/** The young generation's cap, in MB, for every backend's jobs (heapBoundsFor). */
export const YOUNG_MB = 16;
const OLD_GROWING_PERCENT = 10;
const CHECK_MS = 50;
/**
 * How often the marking pacer reads V8's heap statistics (see startMarkingPacer). A run copying one
 * 512 MiB object peaked at 153-155 MB with a read every 20 ms, 155-156 MB every 10 ms, 154-169 MB
 * every 50 ms, 196-204 MB without (bench/results/2026-11-30-bigmem.md).
 */
export const MARKING_PACE_MS = 20;
let bounded = false;
let youngCap: number | undefined;
/** Whether limitOldGeneration's flag is in force. */
let oldLimited = false;

/**
 * Keeps V8's incremental marking moving while a large body streams through (issue 11). Every
 * socket read of a download is a new 64 KiB ArrayBuffer, dead as soon as it is copied on, and freed
 * only by a collection; V8 starts one when external memory has grown 64 MB (a constant, not a flag)
 * and finishes its incremental marking mostly as JavaScript allocates. A stream allocates little
 * JavaScript: with --trace-gc on one 512 MiB copy, each marking took 128 ms on average while reads
 * kept arriving. v8.getHeapStatistics() first closes the main thread's linear allocation area
 * (Isolate::GetHeapStatistics calls Heap::FreeMainThreadLinearAllocationAreas, as
 * getHeapSpaceStatistics does, with the same effect); our reading of V8 is that this gives its
 * allocation observers, the marking's among them, their step. Measured, not proven from V8's code:
 * read every 50 ms, the markings took 48 ms on average (55 collections instead of 46); read every
 * MARKING_PACE_MS, the run's peak RSS fell from 196-204 MB to 153-155 MB. No collection is forced and
 * no flag is needed; a V8 that drops the side effect makes this a no-op of microseconds per read,
 * never a fault. Returns the stop function (tests).
 */
export function startMarkingPacer(intervalMs = MARKING_PACE_MS, read: () => unknown = getHeapStatistics): () => void {
  const timer = setInterval(read, intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * External memory grown by this much since the last young-generation collection starts one (see
 * startBufferCollector). A run copying one 512 MiB object peaked at 139-145 MB without, 124-130 MB
 * at 8 MiB and 120-127 MB at 4 MiB, with no more CPU (bench/results/2026-11-30-6.md).
 */
export const BUFFER_COLLECT_STEP = 4 * 1024 * 1024;

/**
 * Frees the socket reads a stream leaves behind (issue 11). Each read of a download is a 64 KiB
 * ArrayBuffer whose small JavaScript wrapper lives in the young generation; it is freed only by a
 * collection, and a stream allocates so little JavaScript that the young generation (16 MB) fills
 * once per several gigabytes: until then V8 waits for external memory to grow 64 MB, which is the
 * largest share of a big copy's peak. Every `intervalMs`, when external memory has grown
 * `stepBytes` since the last collection, one young-generation collection (a scavenge: about a
 * millisecond for a heap this size) frees them. The collector is V8's `gc`, reached through
 * `--expose-gc` set at run time and read from a fresh context, so no `gc` global appears in this
 * one; where that is refused the collector does nothing. Returns the stop function (tests).
 */
export function startBufferCollector(
  options: { intervalMs?: number; stepBytes?: number; externalBytes?: () => number; collect?: () => void } = {},
): () => void {
  const collect = options.collect ?? youngCollector();
  if (!collect) return () => {};
  const externalBytes = options.externalBytes ?? (() => getHeapStatistics().external_memory);
  const step = options.stepBytes ?? BUFFER_COLLECT_STEP;
  let since = externalBytes();
  const timer = setInterval(() => {
    const now = externalBytes();
    if (now < since) since = now;
    else if (now - since >= step) {
      collect();
      since = externalBytes();
    }
  }, options.intervalMs ?? MARKING_PACE_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** V8's young-generation collection, or undefined where `gc` cannot be reached. */
export function youngCollector(): (() => void) | undefined {
  type Gc = (options?: { type?: 'minor' | 'major' }) => void;
  let gc = (globalThis as { gc?: Gc }).gc;
  if (typeof gc !== 'function') {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc | undefined;
    } catch {
      return undefined;
    }
  }
  if (typeof gc !== 'function') return undefined;
  const collector = gc;
  return () => collector({ type: 'minor' });
}

/** Whether boundHeapGrowth has run in this process (tests). */
export function heapBounded(): boolean {
  return bounded;
}

/** The young generation's cap set in this process (capYoungGeneration), in MB, if any (tests). */
export function youngGenerationCap(): number | undefined {
  return youngCap;
}

/**
 * The heap limits for the backend about to run (run-mode.ts, before each job). An S3 job's streams
 * get every limit (boundHeapGrowth). A SimpleDB job gets the young generation's cap and V8's own
 * old-generation growth back, also after an S3 job of the same run. Its items live long enough
 * (read ahead, then written on up to three connections) to outlast a few scavenges, so V8 kept
 * doubling the young generation to 128 MB; capped, a first run of 100,000 items peaked at 245-262
 * MiB against 361-380 MiB and took 4.07 s against 4.27 s, a verify of them 203-207 MiB against
 * 301-317, a restore 330-351 against 437-447 (bench/results/2026-12-03-5.md). Held to 10 % above
 * what survived, its old generation made the same first run half as long again (its CPU 7.1-7.4 s
 * against 3.8-4.0 s, bench/results/2026-11-30-13.md). `setFlags` is V8's (tests pass a recorder).
 */
export function heapBoundsFor(backend: 's3' | 'simpledb', setFlags: (flags: string) => void = setFlagsFromString): void {
  if (backend === 's3') {
    boundHeapGrowth(setFlags);
    return;
  }
  capYoungGeneration(YOUNG_MB);
  limitOldGeneration(false, setFlags);
}

/** Whether this process's old generation grows at most OLD_GROWING_PERCENT past what survived (tests). */
export function oldGenerationLimited(): boolean {
  return oldLimited;
}

/** The node flags the process was started with, as arguments or in NODE_OPTIONS. */
function usersNodeFlags(): string {
  return `${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`;
}

/**
 * Sets or lifts the old generation's growth limit. V8 reads `--heap-growing-percent` at every
 * collection; 0, its default, means its own growth factor again. A user's own flag is left alone.
 */
function limitOldGeneration(on: boolean, setFlags: (flags: string) => void): void {
  if (on === oldLimited) return;
  if (/--heap-growing-percent/.test(usersNodeFlags())) return;
  setFlags(`--heap-growing-percent=${on ? OLD_GROWING_PERCENT : 0}`);
  oldLimited = on;
}

/**
 * Every limit, for S3's streams. The old generation's limit is set again on every call (a SimpleDB
 * job may have lifted it); the timers and the young generation's cap start once per process (the
 * action's run and the CLI may both call it; tests call run many times).
 */
export function boundHeapGrowth(setFlags: (flags: string) => void = setFlagsFromString): void {
  limitOldGeneration(true, setFlags);
  if (bounded) return;
  bounded = true;
  startMarkingPacer();
  startBufferCollector();
  capYoungGeneration(YOUNG_MB);
}

/**
 * Stops V8 growing its young generation once it holds `megabytes` (it doubles it while enough
 * survives, up to 128 MB on a machine of 24 GB). Once per process: the first cap holds (an S3 run's
 * and a SimpleDB run's are the same). A user's own young-generation flags (NODE_OPTIONS, node
 * arguments) are left to work instead.
 */
export function capYoungGeneration(megabytes: number): void {
  if (youngCap !== undefined) return;
  youngCap = megabytes;
  if (/--(max|min)-semi-space-size|--semi-space-growth-factor/.test(usersNodeFlags())) return;
  // V8 doubles the young generation when enough survives; it stops at `megabytes` once growth is off.
  const timer = setInterval(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!young || young.space_size < megabytes * 1024 * 1024) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    clearInterval(timer);
  }, CHECK_MS);
  timer.unref();
}
