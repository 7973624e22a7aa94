import type { Catalog } from './catalog/catalog.ts';
import { JsonLinesWriter } from './catalog/jsonl.ts';
import { readHistory, readObjectList } from './catalog/prune-catalog.ts';
import { emptyPruneCounts, pruneFolder, type PrunedSource } from './catalog/prune-records.ts';
import { mergeSorted, type SortedStream } from '../../plan/merge.ts';
import { applyRetention, type RetentionPolicy } from '../../plan/retention.ts';
import type { EventLine, StateLine, StateVersion } from './plan/model.ts';
import { pruneKey, type Removal } from './plan/prune-plan.ts';
import type { CataloguedSource, PlannedRemoval, PruneSourceResult } from './types.ts';

/**
 * One source's part of a prune, up to the commit: which restore points stay (the policy over the
 * points the last prune kept and the runs since), then one streaming pass over the source's whole
 * history (the last fold and every run's events after it, the latest state beside them, and what
 * an unfinished earlier prune still had to remove) that writes the new folded history and the list
 * of data objects to remove. Nothing is removed here; in a dry run nothing is written either.
 */

export interface SourcePruneInput {
  catalog: Catalog;
  pruneId: string;
  source: CataloguedSource;
  /** What an earlier prune listed and did not finish removing. */
  pending?: { file: string; sha256: string; bytes: number };
  policy: RetentionPolicy;
  dryRun: boolean;
  listLimit: number;
  /** How far before the latest watermark versions of the latest state stay (the backup's overlap). */
  recheckMarginMs: number;
  /** Where the first `listLimit` removals of the whole prune are collected. */
  planned: PlannedRemoval[];
}

export interface SourcePrunePlan {
  /** The source's part of the new prune record. */
  part: PrunedSource;
  result: PruneSourceResult;
}

type Tagged = { tag: 'event'; event: EventLine } | { tag: 'state'; line: StateLine } | { tag: 'pending'; line: StateLine };

function tagged<T>(items: AsyncIterable<T>, wrap: (item: T) => Tagged): AsyncIterable<Tagged> {
  return (async function* () {
    for await (const item of items) yield wrap(item);
  })();
}

const keyOf = (item: Tagged) => (item.tag === 'event' ? item.event.k : item.line.k);

export async function planSourcePrune(input: SourcePruneInput): Promise<SourcePrunePlan> {
  const { catalog, pruneId, source, policy } = input;
  const previous = source.pruned;
  const candidates = [
    ...(previous?.points ?? []).map((p) => ({ id: p.runId, at: Date.parse(p.at) })),
    ...source.history.map((h) => ({ id: h.run.runId, at: Date.parse(h.source.listFinishedAt) })),
  ];
  if (candidates.length === 0) throw new Error(`${source.id}: the catalogue holds no restore point of it to prune`);
  const decision = applyRetention(candidates, policy);
  if (!Number.isFinite(decision.windowStart)) throw new Error('a prune needs a retention policy (keep-within, keep-daily, ...): nothing was changed');
  // A window an earlier prune cut shorter cannot grow back: those moments are gone.
  const windowStart = Math.max(decision.windowStart, previous ? Date.parse(previous.windowStart) : Number.NEGATIVE_INFINITY);
  const kept = decision.kept.map((p) => ({ runId: p.id, at: new Date(p.at).toISOString(), reasons: p.reasons }));
  const counts = { ...emptyPruneCounts(), pointsBefore: candidates.length, pointsKept: kept.length };
  const result: PruneSourceResult = {
    id: source.id,
    counts,
    windowStart: new Date(windowStart).toISOString(),
    kept,
    removedPoints: decision.removed.slice(0, input.listLimit).map((p) => ({ runId: p.id, at: new Date(p.at).toISOString() })),
    removedObjects: 0,
    freedBytes: 0,
    unremoved: 0,
  };

  const samePoints = previous !== undefined && previous.points.length === kept.length && previous.points.every((p, i) => p.runId === kept[i]!.runId);
  if (previous && source.history.length === 0 && !input.pending && samePoints && Date.parse(previous.windowStart) === windowStart) {
    // Nothing new to fold and nothing left to remove: the last fold stands as it is.
    const { pruneId: _id, removals: _r, removalsSha256: _s, removalsBytes: _b, ...part } = previous;
    return { part: { ...part, counts }, result: { ...result, unchanged: true } };
  }

  const folder = pruneFolder(source.bucket, source.prefix, pruneId);
  const historyWriter = input.dryRun ? undefined : new JsonLinesWriter(catalog.destination, `${folder}history.jsonl.gz`);
  const removalsWriter = input.dryRun ? undefined : new JsonLinesWriter(catalog.destination, `${folder}removals.jsonl.gz`);
  const streams: SortedStream<Tagged>[] = [];
  if (previous) streams.push({ items: tagged(readHistory(catalog, previous), (event) => ({ tag: 'event', event })), key: keyOf, name: previous.history, repeats: true });
  for (const h of source.history) streams.push({ items: tagged(catalog.readEvents(h.source), (event) => ({ tag: 'event', event })), key: keyOf, name: h.source.events, repeats: true });
  if (source.latest) streams.push({ items: tagged(catalog.readState(source.latest.source), (line) => ({ tag: 'state', line })), key: keyOf, name: 'the latest state' });
  if (input.pending) {
    const list = readObjectList(catalog, source, input.pending, 'the removals are planned again from the catalogue: run the prune again');
    streams.push({ items: tagged(list, (line) => ({ tag: 'pending', line })), key: keyOf, name: input.pending.file });
  }
  const instants = kept.map((p) => Date.parse(p.at));
  // The next backup checks again that the copies of recent versions exist (those within its
  // `overlap` of the watermark) and copies again any that is missing, outside the catalogue's
  // events: versions of the latest state that recent stay, so nothing is copied twice.
  const watermark = source.latest?.source.watermarkAfter ?? source.latest?.source.listStartedAt;
  const recheckFrom = watermark ? Date.parse(watermark) - input.recheckMarginMs : Number.POSITIVE_INFINITY;

  try {
    for await (const { key, items } of mergeSorted(streams)) {
      const events: EventLine[] = [];
      const protect = new Set<string>();
      let pending: StateVersion[] = [];
      for (const group of items) {
        for (const item of group) {
          if (item.tag === 'event') events.push(item.event);
          else if (item.tag === 'state') {
            // The latest backed-up version of a live key never goes, nor one the next backup rechecks.
            item.line.v.forEach((v, i) => {
              if (v.b && !v.dm && (i === 0 || Date.parse(v.t) >= recheckFrom)) protect.add(v.b);
            });
          } else pending = item.line.v;
        }
      }
      const plan = pruneKey(key, events, { instants, windowStart, protect });
      counts.eventsBefore += events.length;
      counts.eventsKept += plan.keep.length;
      counts.protected += plan.protected;
      for (const event of plan.keep) await historyWriter?.write(event);
      const removals: Removal[] = [...plan.remove];
      const named = new Set([...plan.keep.flatMap((e) => (e.type === 'version' && e.b ? [e.b] : [])), ...removals.map((r) => r.b)]);
      for (const version of pending) {
        // Still named by a kept event (a later backup reused the copy), or already listed: not again.
        if (!version.b || named.has(version.b) || protect.has(version.b)) continue;
        named.add(version.b);
        removals.push(version as Removal);
        counts.carried++;
      }
      if (removals.length === 0) continue;
      counts.objects += removals.length;
      for (const removal of removals) {
        counts.bytes += removal.s ?? 0;
        if (input.planned.length < input.listLimit) input.planned.push({ source: source.id, key, backupKey: removal.b, size: removal.s ?? 0, t: removal.t });
      }
      await removalsWriter?.write({ k: key, v: removals });
    }
  } catch (error) {
    await historyWriter?.abort();
    await removalsWriter?.abort();
    throw error;
  }
  const history = await historyWriter?.close();
  // An empty list is not stored: the record then names none.
  const removals = counts.objects > 0 ? await removalsWriter?.close() : await removalsWriter?.abort(new Error('nothing to remove'));
  const newest = source.history.at(-1);
  const part: PrunedSource = {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    foldedThrough: newest?.run.runId ?? previous!.foldedThrough,
    history: `${folder}history.jsonl.gz`,
    historySha256: history?.sha256 ?? '0'.repeat(64),
    historyBytes: history?.bytes ?? 0,
    ...(counts.objects > 0 ? { removals: `${folder}removals.jsonl.gz`, removalsSha256: removals?.sha256 ?? '0'.repeat(64), removalsBytes: removals?.bytes ?? 0 } : {}),
    firstListStartedAt: previous?.firstListStartedAt ?? source.history[0]!.source.listStartedAt,
    lastListFinishedAt: newest?.source.listFinishedAt ?? previous!.lastListFinishedAt,
    windowStart: result.windowStart,
    points: kept.map(({ runId, at }) => ({ runId, at })),
    counts,
  };
  return { part, result };
}
