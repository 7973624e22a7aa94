import { keyAsOf, type KeyAsOf } from './as-of.ts';
import type { EventLine, StateVersion } from './model.ts';

/**
 * What a prune keeps of one key's history, decided from the key's events alone (pure). The rule:
 * a restore to a kept moment must give exactly what it gave before the prune. The kept moments
 * are the kept restore points before the window, and every moment from `windowStart` on.
 *
 * 1. Every version a restore returns at some kept moment is needed: keyAsOf is asked at each kept
 *    point and at every moment in the window where its answer can change (each event time, and
 *    the millisecond after it: the state between two events is constant). Every version written in
 *    the window is kept too, and every version named in `protect` (the latest backed-up version of
 *    a live key: the caller passes the state's).
 * 2. A candidate history is made of those versions and the deletions around them, and checked: at
 *    every moment above, keyAsOf over the candidate must answer as it did over the whole history
 *    (the same version, the same uncertain deletion). The first candidate that passes is kept:
 *    without the deletions before the first kept version, then with every deletion, then (never
 *    expected, but never lossy) the whole history unchanged.
 * 3. The data objects of the versions left out, and named by no kept event, can go.
 */

/** A backup object no kept moment needs: its version, as a state line names it (so its name can be checked). */
export type Removal = StateVersion & { b: string };

export interface KeyPrune {
  key: string;
  /** The key's events in the new history, in their order. */
  keep: EventLine[];
  /** Data objects to remove (each once), with their sizes. */
  remove: Removal[];
  /** Events left out of the new history. */
  dropped: number;
  /** Which candidate passed: 1 (deletions before the first kept version dropped too), 2, or 3 (nothing pruned). */
  level: 1 | 2 | 3;
  /** Versions kept only because `protect` named them (the policy alone would have dropped them). */
  protected: number;
}

export interface KeyPruneInput {
  /** Restore points kept before the window (ms); points inside it are covered by the window. */
  instants: readonly number[];
  /** Every moment from here on restores exactly (ms). */
  windowStart: number;
  /** Backup keys that must stay whatever the policy says (the latest backed-up version of a live key). */
  protect?: ReadonlySet<string>;
}

type VersionEvent = Extract<EventLine, { type: 'version' }>;

/** The times of an event at which a restore's answer about its key can change. */
function boundaries(event: EventLine): number[] {
  switch (event.type) {
    case 'version':
    case 'deleteMarker':
    case 'skipped':
      return [Date.parse(event.t)];
    case 'deleted':
    case 'purged':
      return [Date.parse(event.after), Date.parse(event.before)];
  }
}

/** Every moment at which a restore must answer as before: kept points, and the window's pieces. */
function probeInstants(events: readonly EventLine[], input: KeyPruneInput): number[] {
  const probes = new Set<number>();
  const first = Math.min(...events.flatMap(boundaries));
  // Before the key's first event both histories say it did not exist: nothing to check there.
  for (const at of input.instants) if (at < input.windowStart && at >= first) probes.add(at);
  if (Number.isFinite(input.windowStart)) probes.add(input.windowStart);
  for (const event of events) {
    for (const at of boundaries(event)) {
      if (at < input.windowStart) continue;
      probes.add(at);
      probes.add(at + 1);
    }
  }
  return [...probes].sort((a, b) => a - b);
}

function sameAnswer(a: KeyAsOf, b: KeyAsOf): boolean {
  if (a.version?.id !== b.version?.id || a.version?.b !== b.version?.b || a.skipped?.id !== b.skipped?.id) return false;
  return a.uncertainDeletion?.after === b.uncertainDeletion?.after && a.uncertainDeletion?.before === b.uncertainDeletion?.before;
}

function latestTime(event: EventLine): number {
  return Math.max(...boundaries(event));
}

export function pruneKey(key: string, events: readonly EventLine[], input: KeyPruneInput): KeyPrune {
  if (events.length === 0) return { key, keep: [], remove: [], dropped: 0, level: 3, protected: 0 };
  // An empty policy (a window from the beginning of time) keeps everything as it is.
  if (input.windowStart === Number.NEGATIVE_INFINITY) return { key, keep: [...events], remove: [], dropped: 0, level: 3, protected: 0 };
  const probes = probeInstants(events, input);
  const answers = probes.map((at) => keyAsOf(key, events as EventLine[], at));

  const needed = new Set<EventLine>();
  for (const answer of answers) if (answer.version) needed.add(answer.version);
  let guarded = 0;
  for (const event of events) {
    if (event.type !== 'version' || needed.has(event)) continue;
    if (Date.parse(event.t) >= input.windowStart) needed.add(event);
    else if (event.b !== undefined && input.protect?.has(event.b)) {
      needed.add(event);
      guarded++;
    }
  }

  const passes = (candidate: EventLine[]) => probes.every((at, i) => sameAnswer(keyAsOf(key, candidate, at), answers[i]!));
  const firstKept = events.findIndex((e) => needed.has(e));
  const lean = events.filter((e, i) => (e.type === 'version' ? needed.has(e) : firstKept >= 0 ? i > firstKept || latestTime(e) >= input.windowStart : latestTime(e) >= input.windowStart));
  const withDeletions = events.filter((e) => e.type !== 'version' || needed.has(e));
  let keep: EventLine[];
  let level: KeyPrune['level'];
  if (passes(lean)) [keep, level] = [lean, 1];
  else if (passes(withDeletions)) [keep, level] = [withDeletions, 2];
  else [keep, level] = [[...events], 3];

  const referenced = new Set<string>();
  for (const event of keep) if (event.type === 'version' && event.b !== undefined) referenced.add(event.b);
  const remove: Removal[] = [];
  const listed = new Set<string>();
  for (const event of events) {
    if (event.type !== 'version' || event.b === undefined || referenced.has(event.b) || listed.has(event.b)) continue;
    listed.add(event.b);
    remove.push(removalOf(event));
  }
  return { key, keep, remove, dropped: events.length - keep.length, level, protected: guarded };
}

function removalOf(event: VersionEvent): Removal {
  const removal: Removal = { id: event.id, t: event.t, b: event.b! };
  if (event.vid !== undefined) removal.vid = event.vid;
  if (event.e !== undefined) removal.e = event.e;
  if (event.s !== undefined) removal.s = event.s;
  return removal;
}
