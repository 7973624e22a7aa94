import type { RetentionPolicy } from '../../../plan/retention.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { MAX_KEY_BYTES, sourceId, sourceSlug } from '../plan/names.ts';
import { RUN_ID } from './records.ts';
import { BUCKET, count, fail, object, sha256, text, time } from './validate.ts';

/**
 * A prune's record (`catalog/prunes/<pruneId>.json`), the commit point of a prune as a run record
 * is a backup's (docs/catalogue.md). For each source it names the folded history: one events file
 * that holds what every committed run up to `foldedThrough` recorded and the kept restore points
 * need, so a restore reads it instead of those runs' events; the restore points kept; the moment
 * from which every restore is exact; and the list of data objects the prune removes once the
 * record is written (data goes only after a catalogue that no longer needs it).
 */
export const PRUNE_FORMAT = 'pullback-prune/1';
export const PRUNES = 'catalog/prunes/';
const PRUNE_FILE = new RegExp(`^(${RUN_ID.source.slice(1, -1)})(\\.json|\\.done\\.json)$`);

export interface PruneCounts {
  /** Restore points before and after. */
  pointsBefore: number;
  pointsKept: number;
  /** Events in the history before and after the fold. */
  eventsBefore: number;
  eventsKept: number;
  /** Data objects (versions) the catalogue no longer needs, and their bytes. */
  objects: number;
  bytes: number;
  /** Left from an earlier prune that did not finish removing (also in `objects`). */
  carried: number;
  /**
   * Versions the policy would have dropped that stay: the latest backed-up version of a live key
   * (the guard), and versions of the latest state recent enough for the next backup to check again.
   */
  protected: number;
}

export function emptyPruneCounts(): PruneCounts {
  return { pointsBefore: 0, pointsKept: 0, eventsBefore: 0, eventsKept: 0, objects: 0, bytes: 0, carried: 0, protected: 0 };
}

export interface KeptPointRecord {
  runId: string;
  /**
   * The point's moment: the end of the run's listing (by the destination's clock, rounded up), when
   * the backup knows the source as the run saw it, deletions included (the restore-time to give).
   */
  at: string;
}

export interface PrunedSource {
  id: string;
  bucket: string;
  prefix: string;
  /** Every committed run of the source up to this one is in `history`; later runs are read as they are. */
  foldedThrough: string;
  history: string;
  historySha256: string;
  historyBytes: number;
  /** What this prune removes (state lines: each version's name is checked); absent when nothing. */
  removals?: string;
  removalsSha256?: string;
  removalsBytes?: number;
  /** The first backup of the source: nothing before it can be restored. */
  firstListStartedAt: string;
  /** The end of the newest folded run's listing. */
  lastListFinishedAt: string;
  /** Every moment from here on restores exactly. */
  windowStart: string;
  /** Restore points kept, oldest first (those in the window included). */
  points: KeptPointRecord[];
  counts: PruneCounts;
}

export interface PruneRecord {
  format: typeof PRUNE_FORMAT;
  pruneId: string;
  startedAt: string;
  finishedAt: string;
  tool: { name: 'pullback'; version: string };
  policy: RetentionPolicy;
  sources: PrunedSource[];
}

/** Written when a prune has removed what it could: what stays (under Object Lock, or failed) is in `left`. */
export interface PruneDone {
  format: typeof PRUNE_FORMAT;
  pruneId: string;
  finishedAt: string;
  sources: { id: string; left?: string; leftSha256?: string; leftBytes?: number }[];
}

export function pruneFolder(bucket: string, prefix: string, pruneId: string): string {
  return `catalog/sources/${sourceSlug(bucket, prefix)}/prunes/${pruneId}/`;
}

/** `<pruneId>.json` / `<pruneId>.done.json` under catalog/prunes/, or undefined for any other name. */
export function parsePruneFile(name: string): { pruneId: string; done: boolean } | undefined {
  const match = PRUNE_FILE.exec(name);
  return match ? { pruneId: match[1]!, done: match[2] === '.done.json' } : undefined;
}

/** A file of this source's prunes: `catalog/sources/<slug>/prunes/<id>/<name>` with id at most `latest`. */
function pruneFile(value: unknown, source: { bucket: string; prefix: string }, name: string, latest: string, what: string): string {
  const file = text(value, what, 2000);
  const folder = `catalog/sources/${sourceSlug(source.bucket, source.prefix)}/prunes/`;
  const id = file.startsWith(folder) ? file.slice(folder.length, -`/${name}`.length) : '';
  if (!RUN_ID.test(id) || file !== `${folder}${id}/${name}` || compareKeys(id, latest) > 0) fail(`${what} ${JSON.stringify(file.slice(0, 200))} is not a ${name} of this source's prunes`);
  return file;
}

function runId(value: unknown, what: string): string {
  const id = text(value, what, 40);
  if (!RUN_ID.test(id)) fail(`${what} is not a run id`);
  return id;
}

const POLICY_FIELDS = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
const COUNT_FIELDS = Object.keys(emptyPruneCounts()) as (keyof PruneCounts)[];
const MAX_POINTS = 1_000_000;

function prunedSource(value: unknown, pruneId: string, index: number): PrunedSource {
  const what = `source ${index + 1}`;
  const raw = object(value, what);
  const bucket = text(raw['bucket'], `${what} "bucket"`, 255);
  if (!BUCKET.test(bucket) || bucket.includes('..')) fail(`${what} "bucket" is not a bucket name`);
  const prefix = text(raw['prefix'], `${what} "prefix"`, MAX_KEY_BYTES);
  const id = text(raw['id'], `${what} "id"`, 2000);
  if (id !== sourceId(bucket, prefix)) fail(`${what} "id" ${JSON.stringify(id)} is not ${JSON.stringify(sourceId(bucket, prefix))}`);
  const source = { bucket, prefix };
  const points = raw['points'];
  if (!Array.isArray(points) || points.length > MAX_POINTS) fail(`${what} "points" is not a list of restore points`);
  const kept = points.map((p, i) => {
    const point = object(p, `${what} point ${i + 1}`);
    return { runId: runId(point['runId'], `${what} point ${i + 1} "runId"`), at: time(point['at'], `${what} point ${i + 1} "at"`) };
  });
  for (let i = 1; i < kept.length; i++) if (Date.parse(kept[i]!.at) < Date.parse(kept[i - 1]!.at)) fail(`${what} "points" are not oldest first`);
  const rawCounts = object(raw['counts'], `${what} "counts"`);
  const counts = emptyPruneCounts();
  for (const name of COUNT_FIELDS) if (rawCounts[name] !== undefined) counts[name] = count(rawCounts[name], `${what} "counts.${name}"`);
  const record: PrunedSource = {
    id,
    bucket,
    prefix,
    foldedThrough: runId(raw['foldedThrough'], `${what} "foldedThrough"`),
    history: pruneFile(raw['history'], source, 'history.jsonl.gz', pruneId, `${what} "history"`),
    historySha256: sha256(raw['historySha256'], `${what} "historySha256"`),
    historyBytes: count(raw['historyBytes'], `${what} "historyBytes"`),
    firstListStartedAt: time(raw['firstListStartedAt'], `${what} "firstListStartedAt"`),
    lastListFinishedAt: time(raw['lastListFinishedAt'], `${what} "lastListFinishedAt"`),
    windowStart: time(raw['windowStart'], `${what} "windowStart"`),
    points: kept,
    counts,
  };
  if (raw['removals'] !== undefined) {
    record.removals = pruneFile(raw['removals'], source, 'removals.jsonl.gz', pruneId, `${what} "removals"`);
    record.removalsSha256 = sha256(raw['removalsSha256'], `${what} "removalsSha256"`);
    record.removalsBytes = count(raw['removalsBytes'], `${what} "removalsBytes"`);
  }
  return record;
}

/** A prune record, read from `catalog/prunes/<pruneId>.json`. */
export function validatePruneRecord(value: unknown, pruneId: string): PruneRecord {
  const raw = object(value, 'the prune record');
  if (raw['format'] !== PRUNE_FORMAT) fail(`"format" ${JSON.stringify(String(raw['format']).slice(0, 40))} is not ${PRUNE_FORMAT}; a newer pullback may have written it`);
  if (raw['pruneId'] !== pruneId) fail(`"pruneId" is not the file's prune id ${pruneId}`);
  const tool = object(raw['tool'], '"tool"');
  if (tool['name'] !== 'pullback') fail('"tool.name" is not pullback');
  const rawPolicy = object(raw['policy'], '"policy"');
  const policy: RetentionPolicy = {};
  if (rawPolicy['withinMs'] !== undefined) policy.withinMs = count(rawPolicy['withinMs'], '"policy.withinMs"');
  for (const field of POLICY_FIELDS) if (rawPolicy[field] !== undefined) policy[field] = count(rawPolicy[field], `"policy.${field}"`);
  const sources = raw['sources'];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  const records = sources.map((s, i) => prunedSource(s, pruneId, i));
  if (new Set(records.map((r) => r.id)).size !== records.length) fail('"sources" names one source twice');
  return {
    format: PRUNE_FORMAT,
    pruneId,
    startedAt: time(raw['startedAt'], '"startedAt"'),
    finishedAt: time(raw['finishedAt'], '"finishedAt"'),
    tool: { name: 'pullback', version: text(tool['version'], '"tool.version"', 100) },
    policy,
    sources: records,
  };
}

/** A done marker, read from `catalog/prunes/<pruneId>.done.json`, against its prune record. */
export function validatePruneDone(value: unknown, record: PruneRecord): PruneDone {
  const raw = object(value, 'the done marker');
  if (raw['format'] !== PRUNE_FORMAT || raw['pruneId'] !== record.pruneId) fail('it is not the done marker of this prune');
  const sources = raw['sources'];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  return {
    format: PRUNE_FORMAT,
    pruneId: record.pruneId,
    finishedAt: time(raw['finishedAt'], '"finishedAt"'),
    sources: sources.map((value, i) => {
      const entry = object(value, `source ${i + 1}`);
      const id = text(entry['id'], `source ${i + 1} "id"`, 2000);
      const source = record.sources.find((s) => s.id === id);
      if (!source) fail(`source ${i + 1} is not a source of the prune`);
      if (entry['left'] === undefined) return { id };
      return {
        id,
        left: pruneFile(entry['left'], source, 'left.jsonl.gz', record.pruneId, `source ${i + 1} "left"`),
        leftSha256: sha256(entry['leftSha256'], `source ${i + 1} "leftSha256"`),
        leftBytes: count(entry['leftBytes'], `source ${i + 1} "leftBytes"`),
      };
    }),
  };
}
