/**
 * Hand-run: a synthetic sorted listing of N keys (default 10,000,000) marched through the real
 * backup planner (planFilteredBackup, nextStateLine, sameStateLine, each line serialised as the
 * state writer would) against a synthetic previous state, with no server: peak RSS and keys/s.
 * Issue 11's target: 10 M keys in under 200 MB.
 *
 *   npx tsx bench/planner-scale.ts [keys] [--unversioned] [--no-heap-bounds]
 *
 * The listing is versioned unless --unversioned: one to three versions per key, 1 % of the keys
 * with a new version, 0.5 % deleted (a delete marker), 0.5 % purged (gone from the listing), 0.5 %
 * new keys.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { planFilteredBackup } from '../src/backends/s3/plan/filtered-plan.ts';
import { nextStateLine, sameStateLine, type KeyPlan } from '../src/backends/s3/plan/backup-plan.ts';
import { versionIdentity, type StateLine, type StateVersion } from '../src/backends/s3/plan/model.ts';
import { KeyFilter } from '../src/plan/filter.ts';
import type { KeyListing, SourceVersion } from '../src/stores/object/types.ts';
import { boundHeapGrowth } from '../src/app/heap-bounds.ts';

const keys = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const versioned = !process.argv.includes('--unversioned');

const keyOf = (i: number) => `data/${String(Math.floor(i / 1000)).padStart(5, '0')}/object-${String(i).padStart(8, '0')}.bin`;
const time = (i: number, n: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000 + n * 86_400_000).toISOString();

function versionsOf(i: number, now: boolean): SourceVersion[] {
  const key = keyOf(i);
  const count = versioned ? 1 + (i % 3) : 1;
  const list: SourceVersion[] = [];
  for (let n = count - 1; n >= 0; n--) {
    list.push({ key, lastModified: time(i, n), etag: (i * 7 + n).toString(16).padStart(32, '0'), size: 4096 + (i % 97), ...(versioned ? { versionId: `v${i}.${n}` } : {}) });
  }
  if (now && i % 100 === 0) list.unshift({ key, lastModified: time(i, 9), etag: (i * 11).toString(16).padStart(32, '0'), size: 5000, ...(versioned ? { versionId: `v${i}.new` } : {}) });
  if (now && versioned && i % 200 === 50) list.unshift({ key, lastModified: time(i, 9), deleteMarker: true, versionId: `v${i}.dm` });
  return list;
}

function stateOf(version: SourceVersion): StateVersion {
  const state: StateVersion = { id: versionIdentity(version), t: version.lastModified, s: version.size ?? 0, b: `b/${version.key}/${version.versionId ?? ''}` };
  if (version.versionId) state.vid = version.versionId;
  if (version.etag) state.e = version.etag;
  return state;
}

async function* listing(): AsyncGenerator<KeyListing> {
  for (let i = 0; i < keys; i++) {
    // Purged (versioned) or deleted (unversioned): no longer listed.
    if (i % 200 !== 150) yield { key: keyOf(i), versions: versionsOf(i, true) };
    if (i % 200 === 199) yield { key: `${keyOf(i)}.new`, versions: [{ key: `${keyOf(i)}.new`, lastModified: time(i, 9), etag: 'f'.repeat(32), size: 10, ...(versioned ? { versionId: `n${i}` } : {}) }] };
  }
}

async function* previousState(): AsyncGenerator<StateLine> {
  for (let i = 0; i < keys; i++) yield { k: keyOf(i), v: versionsOf(i, false).map(stateOf) };
}

// As the CLI and the action do before a run.
if (!process.argv.includes('--no-heap-bounds')) boundHeapGrowth();
const peakKb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const startRssKb = peakKb();
let maxHeap = 0;
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const counts = { plans: 0, copy: 0, deleted: 0, gone: 0, kept: 0, deltaLines: 0, stateBytes: 0 };
const plans: AsyncIterable<KeyPlan> = planFilteredBackup(listing(), previousState(), { filter: KeyFilter.everything, prefix: '', previousListStart: time(0, 0) });
for await (const plan of plans) {
  counts.plans++;
  if (counts.plans % 10_000 === 0) {
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    // The real pass awaits the network between keys: let timers (heap-bounds.ts) run as they would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  counts.copy += plan.copy.length;
  counts.kept += plan.kept.length;
  counts.gone += plan.gone.length;
  if (plan.deleted) counts.deleted++;
  // What the pass does with a plan: every copy succeeds, the next state line is written in full
  // (serialised as the state writer does), and a delta keeps the lines that changed.
  const copied = new Map(plan.copy.map((v) => [versionIdentity(v), stateOf(v)]));
  const line = nextStateLine(plan, copied, false);
  if (line) counts.stateBytes += JSON.stringify(line).length + 1;
  if (!sameStateLine(line, plan.previous)) counts.deltaLines++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const peak = peakKb();
console.log(`${keys.toLocaleString('en')} keys (${versioned ? 'versioned' : 'unversioned'}): ${counts.plans.toLocaleString('en')} plans in ${seconds.toFixed(1)} s, ` +
  `${Math.round(counts.plans / seconds).toLocaleString('en')} keys/s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ` +
  `peak RSS ${(peak / 1024).toFixed(0)} MB (${(startRssKb / 1024).toFixed(0)} MB at start), peak heap used ${(maxHeap / 1048576).toFixed(0)} MB; ` +
  `copies ${counts.copy.toLocaleString('en')}, kept ${counts.kept.toLocaleString('en')}, gone ${counts.gone.toLocaleString('en')}, deleted ${counts.deleted.toLocaleString('en')}, ` +
  `delta lines ${counts.deltaLines.toLocaleString('en')}, state ${(counts.stateBytes / 1048576).toFixed(0)} MB of JSON; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
