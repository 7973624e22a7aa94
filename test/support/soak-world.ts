/**
 * The soak's dice: random changes to a source bucket (puts, overwrites, deletes, multipart
 * objects, awkward keys, two writes of a key in one second), random fault rules for the proxies
 * and random crash points for the CLI, all drawn from one seeded generator so a soak replays.
 */
import type { Fault, FaultRule } from './fault-proxy.ts';
import type { SourceWriter } from './scenario.ts';

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** Keys that break naive backups (all portable to S3 and moto). */
export const AWKWARD_KEYS = [
  'with space and + plus.txt',
  '100% & more?.txt',
  'ünïcødé/日本語/😀.txt',
  'dir/',
  'trailing/slash/',
  'a/../b/./c.txt',
  '../escape/attempt.txt',
  'double//slash.txt',
  'quote"and\'apostrophe.txt',
  `long/${'k'.repeat(1000)}`,
  `long/${'é'.repeat(400)}`,
  'a',
  'a/b',
];

const MULTIPART_BYTES = 8 * 1024 * 1024 + 100 * 1024;

export interface ChangeCounts {
  puts: number;
  overwrites: number;
  deletes: number;
  multipart: number;
  sameSecond: number;
}

export function emptyChangeCounts(): ChangeCounts {
  return { puts: 0, overwrites: 0, deletes: 0, multipart: 0, sameSecond: 0 };
}

/** Applies 1 to `max` random changes to the bucket; the writer keeps the ground truth. */
export async function randomChanges(random: Random, writer: SourceWriter, run: number, counts: ChangeCounts, max = 8): Promise<void> {
  const operations = between(random, 1, max);
  for (let i = 0; i < operations; i++) {
    const existing = [...writer.current.keys()];
    const dice = random();
    if (dice < 0.4 || existing.length === 0) {
      const key = random() < 0.3 ? pick(random, AWKWARD_KEYS) : `k/${run}-${i}-${between(random, 0, 999)}.bin`;
      await writer.put(key, randomBody(random, run, i), random() < 0.3 ? { contentType: 'application/x-soak', user: { run: String(run) } } : {});
      counts.puts++;
    } else if (dice < 0.7) {
      const key = pick(random, existing);
      await writer.put(key, randomBody(random, run, i));
      counts.overwrites++;
      if (random() < 0.2) {
        // A second write within the same second: two versions, one Last-Modified.
        await writer.put(key, randomBody(random, run, i + 1000));
        counts.sameSecond++;
      }
    } else if (dice < 0.85) {
      // Big objects go first: they are what makes a soak slow.
      const big = existing.filter((key) => key.startsWith('big/'));
      await writer.delete(pick(random, big.length > 0 && random() < 0.7 ? big : existing));
      counts.deletes++;
    } else if (dice < 0.86) {
      await writer.put(`big/${run}-${i}.bin`, Buffer.alloc(MULTIPART_BYTES, between(random, 0, 255)), { multipart: true });
      counts.multipart++;
    } else {
      // Deleted and written again (a new version after a delete marker).
      const key = pick(random, existing);
      await writer.delete(key);
      await writer.put(key, randomBody(random, run, i));
      counts.deletes++;
      counts.puts++;
    }
  }
}

function randomBody(random: Random, run: number, i: number): Buffer {
  const size = random() < 0.1 ? 0 : between(random, 1, random() < 0.2 ? 200_000 : 4000);
  const body = Buffer.alloc(size);
  const seed = `${run}.${i}.${Math.floor(random() * 1e9)}:`;
  for (let offset = 0; offset < size; offset += seed.length) body.write(seed, offset);
  return body;
}

export const FAULTS: Record<string, Fault> = {
  '500': { type: 'status', status: 500 },
  '503': { type: 'status', status: 503 },
  slowdown: { type: 'slowdown' },
  throttle: { type: 'throttle', status: 429, burst: 2 },
  reset: { type: 'reset' },
  'reset-mid-body': { type: 'reset-mid-body' },
  truncate: { type: 'truncate' },
};
const STALLS: Fault[] = [{ type: 'stall' }, { type: 'stall', midBody: true }];

/** Where on each side a fault can land (undefined: any request of that side). */
const TARGETS: Record<'source' | 'destination', (Omit<FaultRule, 'fault'> | undefined)[]> = {
  source: [undefined, { op: 'GetObject' }, { op: 'ListObjectVersions' }, { op: ['HeadBucket', 'GetBucketVersioning'] }],
  destination: [
    undefined,
    { op: 'PutObject', key: /(^|\/)data\// },
    { op: ['UploadPart', 'CreateMultipartUpload', 'CompleteMultipartUpload'] },
    { op: 'GetObject', key: /(^|\/)catalog\// },
    { op: 'PutObject', key: /(^|\/)catalog\// },
    { op: ['HeadObject', 'ListObjectsV2'] },
  ],
};

export interface PlannedFault {
  side: 'source' | 'destination';
  rule: FaultRule;
  describe: string;
}

/** One to three rules: a side, a target, a fault kind, a rate (or the Nth request). */
export function randomFaults(random: Random, allowStalls: boolean): PlannedFault[] {
  const count = between(random, 1, 3);
  const planned: PlannedFault[] = [];
  for (let i = 0; i < count; i++) {
    const side = random() < 0.5 ? 'source' : 'destination';
    const target = pick(random, TARGETS[side]);
    const stall = allowStalls && random() < 0.04;
    const fault = stall ? pick(random, STALLS) : FAULTS[pick(random, Object.keys(FAULTS))]!;
    const byNth = random() < 0.35;
    const rate = Math.round((fault.type === 'throttle' ? 0.03 + random() * 0.12 : 0.05 + random() * 0.35) * 100) / 100;
    const nth = between(random, 1, 4);
    const rule: FaultRule = { ...(target ?? {}), fault, ...(byNth || stall ? { nth: stall ? 1 : nth } : { rate }) };
    const where = target?.op ? `${[target.op].flat().join('/')}${target.key ? ` ${target.key.source}` : ''}` : 'any request';
    planned.push({ side, rule, describe: `${side} ${where}: ${fault.type}${'status' in fault ? ` ${fault.status}` : ''} ${byNth || stall ? `on #${rule.nth}` : `at ${Math.round(rate * 100)}%`}` });
  }
  return planned;
}

export interface CrashPlan {
  side: 'source' | 'destination';
  at: Omit<FaultRule, 'fault'>;
  forward: boolean;
  describe: string;
}

const CRASH_POINTS: Omit<CrashPlan, 'forward'>[] = [
  { side: 'destination', at: { op: 'PutObject', key: /(^|\/)data\// }, describe: 'a data write' },
  { side: 'destination', at: { op: 'UploadPart' }, describe: 'a multipart part' },
  { side: 'destination', at: { op: 'CreateMultipartUpload' }, describe: 'a multipart creation' },
  { side: 'destination', at: { op: 'PutObject', key: /state(-delta)?\.jsonl\.gz$/ }, describe: 'the state file upload' },
  { side: 'destination', at: { op: 'PutObject', key: /events\.jsonl\.gz$/ }, describe: 'the events file upload' },
  { side: 'destination', at: { op: 'PutObject', key: /catalog\/runs\/[^/]+(?<!\.started)\.json$/ }, describe: 'the run record upload' },
  { side: 'destination', at: { op: 'GetObject', key: /(^|\/)catalog\// }, describe: 'a catalogue read' },
  { side: 'source', at: { op: 'GetObject' }, describe: 'a source read' },
  { side: 'source', at: { op: 'ListObjectVersions' }, describe: 'the source listing' },
];

export function randomCrash(random: Random): CrashPlan {
  const point = pick(random, CRASH_POINTS);
  const forward = random() < 0.5;
  const nth = point.describe === 'a data write' || point.describe === 'a source read' ? between(random, 1, 3) : 1;
  return { ...point, at: { ...point.at, nth }, forward, describe: `${point.describe} #${nth}, ${forward ? 'after it landed' : 'before it landed'}` };
}
