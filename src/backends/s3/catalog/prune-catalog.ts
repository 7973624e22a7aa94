import type { EventLine, StateLine } from '../plan/model.ts';
import { compareKeys } from '../../../plan/keys.ts';
import type { Catalog } from './catalog.ts';
import { CatalogDamagedError, RECOVER_FROM_COPY } from './errors.ts';
import { readFileLines, readSmallJson, type Recovery } from './reader.ts';
import { parsePruneFile, PRUNES, validatePruneDone, validatePruneRecord, type PruneDone, type PrunedSource, type PruneRecord } from './prune-records.ts';
import { validateEventLine, validateStateLine } from './validate.ts';

/** Reading what prunes left in the catalogue (prune-records.ts): their records, folded histories and lists. */

const MAX_PRUNE_RECORD_BYTES = 64 * 1024 * 1024;
const MAX_EVENT_LINE_BYTES = 1024 * 1024;
const MAX_LIST_LINE_BYTES = 1024 * 1024;

/** Committed prunes (ascending) and those that finished removing. Names that are not prune files are ignored. */
export async function pruneIds(catalog: Catalog): Promise<{ committed: string[]; done: Set<string> }> {
  const committed: string[] = [];
  const done = new Set<string>();
  for await (const object of catalog.destination.list(PRUNES)) {
    const parsed = parsePruneFile(object.key.slice(PRUNES.length));
    if (!parsed) continue;
    if (parsed.done) done.add(parsed.pruneId);
    else committed.push(parsed.pruneId);
  }
  return { committed: committed.sort(compareKeys), done };
}

export async function readPrune(catalog: Catalog, pruneId: string): Promise<PruneRecord | undefined> {
  const file = `${PRUNES}${pruneId}.json`;
  const raw = await readSmallJson(catalog.destination, file, MAX_PRUNE_RECORD_BYTES, catalog.readOptions, RECOVER_FROM_COPY);
  if (raw === undefined) return undefined;
  try {
    return validatePruneRecord(raw, pruneId);
  } catch (error) {
    throw new CatalogDamagedError(file, `is not a prune record pullback wrote (${(error as Error).message})`, RECOVER_FROM_COPY, { cause: error });
  }
}

/**
 * The newest committed prune, which every reader of histories follows (older ones are superseded),
 * with its done marker when it finished removing. A damaged newest record throws, naming it: a
 * restore cannot tell which runs it folded.
 */
export async function latestPrune(catalog: Catalog): Promise<{ record: PruneRecord; done?: PruneDone } | undefined> {
  const { committed, done } = await pruneIds(catalog);
  const newest = committed.at(-1);
  if (newest === undefined) return undefined;
  const record = await readPrune(catalog, newest);
  if (!record) return undefined;
  if (!done.has(newest)) return { record };
  const file = `${PRUNES}${newest}.done.json`;
  const raw = await readSmallJson(catalog.destination, file, MAX_PRUNE_RECORD_BYTES, catalog.readOptions, 'the next prune removes again what this one listed');
  try {
    return raw === undefined ? { record } : { record, done: validatePruneDone(raw, record) };
  } catch {
    // The marker only saves work: without it the next prune goes through the whole list again.
    return { record };
  }
}

/** A source's folded history: its events in key order (several per key, in the order they happened), validated line by line. */
export async function* readHistory(catalog: Catalog, source: PrunedSource, recovery: Recovery = RECOVER_FROM_COPY): AsyncGenerator<EventLine> {
  const context = { bucket: source.bucket, prefix: source.prefix };
  const lines = readFileLines(catalog.destination, source.history, { bytes: source.historyBytes, sha256: source.historySha256 }, catalog.readOptions, recovery, MAX_EVENT_LINE_BYTES, (v) => validateEventLine(v, context));
  let previous: string | undefined;
  for await (const event of lines) {
    if (previous !== undefined && compareKeys(previous, event.k) > 0) {
      throw new CatalogDamagedError(source.history, `is not in S3 key order (${JSON.stringify(event.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
    }
    previous = event.k;
    yield event;
  }
}

/**
 * A list of backup objects (a prune's removals, or what it left): state lines, so every name is
 * checked to be exactly the backup name of its version (nothing else can be listed for removal).
 */
export async function* readObjectList(
  catalog: Catalog,
  source: { bucket: string; prefix: string },
  file: { file: string; sha256: string; bytes: number },
  recovery: Recovery,
): AsyncGenerator<StateLine> {
  const context = { bucket: source.bucket, prefix: source.prefix };
  const lines = readFileLines(catalog.destination, file.file, { bytes: file.bytes, sha256: file.sha256 }, catalog.readOptions, recovery, MAX_LIST_LINE_BYTES, (v) => validateStateLine(v, context));
  let previous: string | undefined;
  for await (const line of lines) {
    if (previous !== undefined && compareKeys(previous, line.k) >= 0) throw new CatalogDamagedError(file.file, 'is not in S3 key order', recovery);
    previous = line.k;
    yield line;
  }
}

/** What an unfinished (or partly blocked) prune still has to remove for a source: its whole list, or what its done marker left. */
export function pendingList(prune: { record: PruneRecord; done?: PruneDone } | undefined, sourceIdValue: string): { file: string; sha256: string; bytes: number } | undefined {
  const source = prune?.record.sources.find((s) => s.id === sourceIdValue);
  if (!prune || !source) return undefined;
  if (prune.done) {
    const left = prune.done.sources.find((s) => s.id === sourceIdValue);
    return left?.left ? { file: left.left, sha256: left.leftSha256!, bytes: left.leftBytes! } : undefined;
  }
  return source.removals ? { file: source.removals, sha256: source.removalsSha256!, bytes: source.removalsBytes! } : undefined;
}
