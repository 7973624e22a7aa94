import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  mergeWatermarks
} from "./chunk-2ZARRT6M.js";
import {
  buildS3RestoreConfig,
  buildS3VerifyConfig,
  buildSimpleDbBackupConfig,
  buildSimpleDbRestoreConfig,
  buildSimpleDbVerifyConfig,
  historySettings,
  parseDomains,
  refuseIdleConfirmation
} from "./chunk-GP7RUDTW.js";
import {
  booleanSetting,
  buildS3BackupConfig,
  count,
  destinationSpec,
  filterInputSet,
  formatBytes,
  integerSetting,
  listSetting,
  listTitle,
  number,
  optional,
  parseDuration,
  writableDestination
} from "./chunk-EKYJ357X.js";
import {
  Inputs
} from "./chunk-BMM2K3KS.js";
import {
  ConfigError
} from "./chunk-JTCAABZB.js";

// src/config/retention.ts
var COUNTS = [
  ["last", Inputs.keepLast],
  ["hourly", Inputs.keepHourly],
  ["daily", Inputs.keepDaily],
  ["weekly", Inputs.keepWeekly],
  ["monthly", Inputs.keepMonthly],
  ["yearly", Inputs.keepYearly]
];
var MAX_WITHIN_MS = 36500 * 864e5;
function retentionPolicy(raw) {
  const policy = {};
  const within = optional(raw, Inputs.keepWithin);
  if (within !== void 0) {
    const ms = parseDuration(within);
    if (ms === void 0 || ms <= 0) throw new ConfigError(Inputs.keepWithin, `must be a duration such as 30d, 12w or 36h, got ${JSON.stringify(within)}`);
    if (ms > MAX_WITHIN_MS) throw new ConfigError(Inputs.keepWithin, `${JSON.stringify(within)} is longer than 36500 days`);
    policy.withinMs = ms;
  }
  for (const [field, input] of COUNTS) {
    const value = integerSetting(raw, input, 0, 0, 1e6);
    if (value > 0) policy[field] = value;
  }
  if (Object.keys(policy).length === 0) {
    throw new ConfigError(
      Inputs.keepWithin,
      `a prune needs a retention policy: set \`${Inputs.keepWithin}\` (e.g. 30d) and/or \`${Inputs.keepDaily}\`, \`${Inputs.keepWeekly}\`, \`${Inputs.keepMonthly}\`, \`${Inputs.keepYearly}\`, \`${Inputs.keepHourly}\`, \`${Inputs.keepLast}\` (nothing is removed without one)`
    );
  }
  return policy;
}
function buildS3PruneConfig(raw, env = process.env) {
  const concurrency = integerSetting(raw, Inputs.concurrency, 32, 1, 512);
  return {
    destination: writableDestination(raw, destinationSpec(raw, env, concurrency)),
    retention: retentionPolicy(raw),
    concurrency,
    dryRun: booleanSetting(raw, Inputs.dryRun, false)
  };
}
function buildSimpleDbPruneConfig(raw) {
  const domains = optional(raw, Inputs.simpledbDomains);
  return {
    ...historySettings(raw),
    domains: domains === void 0 ? "all" : parseDomains(domains),
    retention: retentionPolicy(raw),
    dryRun: booleanSetting(raw, Inputs.dryRun, false)
  };
}

// src/config/build.ts
var MODES = ["backup", "restore", "verify", "prune"];
function wantsS3(raw, mode) {
  return mode === "backup" ? listSetting(raw, Inputs.sources).length > 0 : optional(raw, Inputs.destination) !== void 0;
}
function wantsSimpleDb(raw, mode) {
  if (mode === "backup") return optional(raw, Inputs.simpledbDomains) !== void 0;
  return [Inputs.simpledbDomains, Inputs.mysqlUrl, Inputs.mysqlHost].some((name) => optional(raw, name) !== void 0);
}
function splitSelection(raw, name, both) {
  const entries = listSetting(raw, name);
  const domains = entries.filter((e) => e.startsWith("sdb:")).map((e) => e.slice("sdb:".length));
  const others = entries.filter((e) => !e.startsWith("sdb:"));
  return {
    s3: { ...raw, [name]: others.join("\n") },
    simpledb: { ...raw, [name]: (both ? domains : [...domains, ...others]).join("\n") }
  };
}
function newPlacesOnly(jobs) {
  const places = [];
  for (const job of jobs) {
    if (job.mode !== "restore") continue;
    const { target } = job.config;
    if (target.kind === "default") places.push("the default target restored/<time>/ in the destination");
    else if (target.kind === "local") places.push(`the folder ${target.path}`);
    else if (target.kind === "new") places.push("a new domain <domain>-restored-<time>");
    else return [];
  }
  return places;
}
function buildJobs(mode, raw, env = process.env, now = /* @__PURE__ */ new Date()) {
  const s3 = wantsS3(raw, mode);
  const simpledb = wantsSimpleDb(raw, mode);
  if (!s3 && !simpledb) {
    throw mode === "backup" ? new ConfigError(Inputs.sources, `is required for a backup (or \`${Inputs.simpledbDomains}\`): list the buckets to back up, one bucket[/prefix] per line`) : new ConfigError(Inputs.destination, `is required for ${mode} of S3 backups (or set \`${Inputs.mysqlUrl}\` for SimpleDB backups in MySQL)`);
  }
  const filterInput = mode === "prune" ? void 0 : filterInputSet(raw);
  if (filterInput && !s3) {
    throw new ConfigError(filterInput, `applies to S3 sources only: SimpleDB domains are ${mode === "backup" ? "backed up" : mode === "restore" ? "restored" : "verified"} whole. Remove it, or use \`${Inputs.restoreKeys}\`/\`${Inputs.restorePrefix}\` to pick items in a restore`);
  }
  const jobs = [];
  if (mode === "backup") {
    if (simpledb && optional(raw, Inputs.shard)) {
      throw new ConfigError(Inputs.shard, `shards S3 backups only: back the SimpleDB domains (\`${Inputs.simpledbDomains}\`) up in a job of their own`);
    }
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3BackupConfig(raw, env) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbBackupConfig(raw) });
  } else if (mode === "restore") {
    const split = splitSelection(raw, Inputs.restoreSources, s3 && simpledb);
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3RestoreConfig(split.s3, env, now) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbRestoreConfig(split.simpledb, now) });
    refuseIdleConfirmation(raw, newPlacesOnly(jobs));
  } else if (mode === "prune") {
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3PruneConfig(raw, env) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbPruneConfig(raw) });
  } else {
    const split = splitSelection(raw, Inputs.verifySources, s3 && simpledb);
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3VerifyConfig(split.s3, env) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbVerifyConfig(split.simpledb) });
  }
  return jobs;
}

// src/app/heap-bounds.ts
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
var YOUNG_MB = 16;
var OLD_GROWING_PERCENT = 10;
var CHECK_MS = 50;
var MARKING_PACE_MS = 20;
var bounded = false;
var youngCap;
var oldLimited = false;
function startMarkingPacer(intervalMs = MARKING_PACE_MS, read = getHeapStatistics) {
  const timer = setInterval(read, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
var BUFFER_COLLECT_STEP = 4 * 1024 * 1024;
function startBufferCollector(options = {}) {
  const collect = options.collect ?? youngCollector();
  if (!collect) return () => {
  };
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
function youngCollector() {
  let gc = globalThis.gc;
  if (typeof gc !== "function") {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc");
    } catch {
      return void 0;
    }
  }
  if (typeof gc !== "function") return void 0;
  const collector = gc;
  return () => collector({ type: "minor" });
}
function heapBoundsFor(backend, setFlags = setFlagsFromString) {
  if (backend === "s3") {
    boundHeapGrowth(setFlags);
    return;
  }
  capYoungGeneration(YOUNG_MB);
  limitOldGeneration(false, setFlags);
}
function usersNodeFlags() {
  return `${process.execArgv.join(" ")} ${process.env["NODE_OPTIONS"] ?? ""}`;
}
function limitOldGeneration(on, setFlags) {
  if (on === oldLimited) return;
  if (/--heap-growing-percent/.test(usersNodeFlags())) return;
  setFlags(`--heap-growing-percent=${on ? OLD_GROWING_PERCENT : 0}`);
  oldLimited = on;
}
function boundHeapGrowth(setFlags = setFlagsFromString) {
  limitOldGeneration(true, setFlags);
  if (bounded) return;
  bounded = true;
  startMarkingPacer();
  startBufferCollector();
  capYoungGeneration(YOUNG_MB);
}
function capYoungGeneration(megabytes) {
  if (youngCap !== void 0) return;
  youngCap = megabytes;
  if (/--(max|min)-semi-space-size|--semi-space-growth-factor/.test(usersNodeFlags())) return;
  const timer = setInterval(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    if (!young || young.space_size < megabytes * 1024 * 1024) return;
    setFlagsFromString("--semi-space-growth-factor=1");
    clearInterval(timer);
  }, CHECK_MS);
  timer.unref();
}

// src/report/markdown.ts
function cell(text) {
  return String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}
function seconds(ms) {
  return ms < 6e4 ? `${(ms / 1e3).toFixed(1)} s` : `${Math.floor(ms / 6e4)} min ${Math.round(ms % 6e4 / 1e3)} s`;
}

// src/report/s3.ts
var LINES_LISTED = 20;
var withBytes = (n, bytes) => `${number(n)} (${formatBytes(bytes)})`;
function runLabels(runIds) {
  const parts = runIds.map((id) => /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-([0-9a-f]+)$/.exec(id));
  const forms = [
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}.${p[7]}`,
    (p) => `${p[2]}-${p[3]} ${p[4]}:${p[5]}:${p[6]}.${p[7]} ${p[8]}`
  ];
  for (const form of forms) {
    const labels = parts.map((p, i) => p ? form(p) : runIds[i]);
    if (new Set(labels).size === labels.length) return labels;
  }
  return [...runIds];
}
function recentRunsChart(recent) {
  const labels = runLabels(recent.map((r) => r.runId)).map((label) => `"${label.replace(/"/g, "'")}"`);
  return ["```mermaid", "xychart-beta", '  title "Versions copied per run"', `  x-axis [${labels.join(", ")}]`, '  y-axis "versions"', `  bar [${recent.map((r) => r.copied).join(", ")}]`, "```"];
}
var REQUEST_NAMES = {
  list: "LIST",
  get: "GET",
  head: "HEAD",
  put: "PUT",
  copy: "COPY",
  part: "part",
  multipart: "multipart control",
  delete: "DELETE",
  other: "other"
};
var REQUEST_KINDS = Object.keys(REQUEST_NAMES);
var totalRequests = (counts) => REQUEST_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
function requestKinds(counts) {
  const sent = REQUEST_KINDS.filter((kind) => counts[kind] > 0).sort((a, b) => counts[b] - counts[a]);
  return sent.length === 0 ? "none" : sent.map((kind) => `${number(counts[kind])} ${REQUEST_NAMES[kind]}`).join(", ");
}
function requestsSummary(requests) {
  const total = totalRequests(requests.source) + totalRequests(requests.destination);
  return `${count(total, "request")} (source: ${requestKinds(requests.source)}; destination: ${requestKinds(requests.destination)})`;
}
function s3BackupSummary(result, recent, origins) {
  const dryRun = result.status === "dry-run";
  const icon = result.status === "complete" ? "\u2705" : dryRun ? "\u{1F4DD}" : "\u26A0\uFE0F";
  const lines = [];
  lines.push(
    dryRun ? `## ${icon} pullback S3 backup plan (dry run: nothing was copied)` : result.part ? `## ${icon} pullback S3 backup, shard ${result.part.shard} of ${result.part.count}: part ${result.status === "complete" ? "written" : "written, partial"}` : `## ${icon} pullback S3 backup: ${result.status}`
  );
  if (result.part) lines.push("", `Sharded run \`${result.part.name}\`: the commit step joins the parts into run \`${result.runId}\` once every shard has written its own.`);
  lines.push("");
  lines.push(`Run \`${result.runId}\` took ${seconds(result.durationMs)}. Watermark from ${origins}.`);
  const t = result.totals;
  if (result.unfinishedRuns.length > 0) {
    const runs = result.unfinishedRuns.map((id) => `\`${id}\``).join(", ");
    const which = result.unfinishedRuns.length === 1 ? "an earlier run that did not finish" : "earlier runs that did not finish";
    lines.push(
      "",
      dryRun ? `> Resumes ${which} (${runs}): a backup would reuse the copies found at the destination instead of copying them again.` : `> Resumed ${which} (${runs}): ${count(t.reused, "copy", "copies")} found at the destination ${t.reused === 1 ? "was" : "were"} reused, not copied again.` + (result.status === "complete" ? " This run settled it: later runs no longer mention it." : "")
    );
  }
  lines.push("");
  const reusedColumn = !dryRun && t.reused > 0;
  const head = dryRun ? ["Source", "Keys listed", "Would copy", "Deletions to record", "Unchanged", "Time"] : ["Source", "Keys listed", "Copied", ...reusedColumn ? ["Reused"] : [], "Deletions", "Unchanged", "Failed", "Time"];
  lines.push(`| ${head.join(" | ")} |`, `|---|${head.slice(1).map(() => "--:").join("|")}|`);
  const row = (name, c, durationMs) => dryRun ? [name, number(c.keys), withBytes(c.copied, c.bytes), number(c.deleted + c.deleteMarkers), number(c.unchanged), seconds(durationMs)] : [name, number(c.keys), withBytes(c.copied, c.bytes), ...reusedColumn ? [number(c.reused)] : [], number(c.deleted + c.deleteMarkers), number(c.unchanged), number(c.failed), seconds(durationMs)];
  for (const s of result.sources) lines.push(`| ${row(`\`${cell(s.id)}\`${s.versioned ? " (versioned)" : ""}`, s.counts, s.durationMs).join(" | ")} |`);
  if (result.sources.length > 1) lines.push(`| ${row("**Total**", t, result.durationMs).join(" | ")} |`);
  const filtered = filterNote(t);
  if (filtered) lines.push("", `> ${filtered}`);
  if (result.requests) lines.push("", `${dryRun ? "Planning" : "The run"} sent ${requestsSummary(result.requests)}${dryRun ? "" : ` and copied ${formatBytes(t.bytes)}`}.`);
  const failures = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${cell(e)}`));
  if (failures.length > 0) {
    lines.push("", `### ${listTitle("Failed keys", failures.length, t.failed)}: retried on the next run`, "", ...failures);
  }
  const notices = result.sources.filter((s) => s.stateFallback).map((s) => `- \`${cell(s.id)}\`: the state of run \`${s.stateFallback.damagedRunId}\` was damaged; compared in full against ${s.stateFallback.usedRunId ? `run \`${s.stateFallback.usedRunId}\`` : "an empty state"} (nothing copied twice): ${cell(s.stateFallback.reason)}`);
  if (result.cleanup?.aborted) notices.push(`- aborted ${count(result.cleanup.aborted, "unfinished upload")} left by runs that did not finish`);
  if (result.cleanup?.skipped) notices.push(`- ${cell(result.cleanup.skipped)}`);
  if (notices.length > 0) lines.push("", "### Catalogue", "", ...notices);
  if (recent.length > 1) lines.push("", "### Recent runs", "", ...recentRunsChart(recent));
  lines.push("");
  return lines.join("\n");
}
function s3RestoreSummary(result) {
  const t = result.totals;
  const dryRun = result.status === "dry-run";
  const icon = dryRun ? "\u{1F4DD}" : result.status === "complete" ? "\u2705" : "\u26A0\uFE0F";
  const head = dryRun ? ["Source", "At T", "Would write", "Would overwrite", "Already right", "Would remove"] : ["Source", "At T", "Written", "Already right", "Removed", "Failed"];
  const row = (name, c) => {
    const compare = c.check ? ` (+${number(c.check)} to compare)` : "";
    return dryRun ? [name, number(c.keysAtT), number(c.write), `${number(c.overwrite)}${compare}`, number(c.skip), number(c.remove)] : [name, number(c.keysAtT), withBytes(c.written, c.bytesWritten), number(c.skip), number(c.removed), number(c.failed)];
  };
  const lines = [
    `### ${icon} ${dryRun ? "S3 restore plan (dry run: nothing was written)" : `S3 restore ${result.status}`} as of ${result.at}${result.inPlace ? " (in place)" : ""}`,
    "",
    `| ${head.join(" | ")} |`,
    `|---|${head.slice(1).map(() => "--:").join("|")}|`,
    ...result.sources.map((s) => `| ${row(`\`${cell(s.id)}\``, s.totals).join(" | ")} |`),
    ...result.sources.length > 1 ? [`| ${row("**Total**", t).join(" | ")} |`] : [],
    "",
    `${dryRun ? "Into" : "Restored into"}: ${result.sources.map((s) => `\`${cell(s.id)}\` \u2192 ${cell(s.target)}`).join("; ")}.`
  ];
  if (dryRun && t.bytesToWrite > 0) lines.push(`${formatBytes(t.bytesToWrite)} to write in all.`);
  if (t.uncertain > 0) lines.push(`${count(t.uncertain, "object")} restored although ${t.uncertain === 1 ? "it" : "they"} may have been deleted just before T (listed below).`);
  if (result.safetyBackupRunId) lines.push("", `The live objects were backed up first (run \`${result.safetyBackupRunId}\`): restore to just before now to undo.`);
  for (const warning of result.warnings) lines.push("", `> ${cell(warning)}`);
  const errors = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${cell(e)}`));
  if (errors.length > 0) lines.push("", `#### ${listTitle("Failed", errors.length, t.failed)}: run the restore again to finish`, "", ...errors);
  if (result.uncertainDeletions.length > 0) {
    lines.push(
      "",
      `<details><summary>${listTitle("Objects restored although they may have been deleted before T (deleted between two runs that straddle T)", result.uncertainDeletions.length, t.uncertain)}</summary>`,
      "",
      "| Source | Key | Deleted after | And before |",
      "| --- | --- | --- | --- |",
      ...result.uncertainDeletions.map((u) => `| ${cell(u.source)} | ${cell(u.key)} | ${u.after} | ${u.before} |`),
      "",
      "</details>"
    );
  }
  if (result.planned.length > 0) {
    lines.push(
      "",
      `<details><summary>${listTitle(dryRun ? "Planned changes" : "Changes", result.planned.length, result.planned.length + result.plannedLeftOut)}</summary>`,
      "",
      "| Source | Key | Action | Size |",
      "| --- | --- | --- | ---: |",
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.action}${p.uncertain ? " (uncertain deletion)" : ""} | ${formatBytes(p.size)} |`),
      "",
      "</details>"
    );
  }
  return lines.join("\n") + "\n";
}
function s3VerifySummary(result) {
  const of = (part, whole) => `${number(part)} of ${number(whole)}`;
  const lines = [
    `### ${result.ok ? "\u2705" : "\u26A0\uFE0F"} S3 verify: ${result.ok ? "the backup is complete and readable" : count(result.differenceCount, "difference")}`,
    "",
    "| Source | Live versions backed up | Backup objects present | Read back intact |",
    "|---|--:|--:|--:|",
    ...result.sources.map((s) => {
      const live = s.live ? of(s.live.backedUp, s.live.versions) + (s.live.excluded ? ` (${count(s.live.excluded, "key")} outside the filter, not compared)` : "") : "\u2013";
      const present = of(s.catalogued.objects - s.catalogued.missing - s.catalogued.wrongSize, s.catalogued.objects);
      const read = s.readBack.objects > 0 ? `${of(s.readBack.objects - s.readBack.damaged, s.readBack.objects)} (${formatBytes(s.readBack.bytes)})` : "\u2013";
      return `| \`${cell(s.id)}\` | ${live} | ${present} | ${read} |`;
    })
  ];
  if (result.differences.length > 0) {
    lines.push(
      "",
      `#### ${listTitle("Differences", result.differences.length, result.differenceCount)}`,
      "",
      "| Kind | Source | Key | Detail |",
      "| --- | --- | --- | --- |",
      ...result.differences.map((d) => `| ${d.kind} | ${cell(d.source)} | ${cell(d.key ?? "")} | ${cell(d.detail)} |`)
    );
  }
  return lines.join("\n") + "\n";
}
function watermarkOrigins(result) {
  const names = result.sources.map((s) => s.watermarkOrigin === "store" ? "the Actions cache" : s.watermarkOrigin === "catalogue" ? "the destination's catalogue" : "nowhere (first run)");
  return [...new Set(names)].join(", ");
}
function filterNote(t) {
  const parts = [];
  if (t.excluded > 0) parts.push(`${count(t.excluded, "key")} listed but outside the filter (their last backed-up state is kept, not recorded as deleted)`);
  if (t.skipped > 0) parts.push(`${count(t.skipped, "version")} left out by min-size/max-size (recorded as skipped: a restore to their time reports the key instead of restoring an older version)`);
  return parts.length > 0 ? `Filter: ${parts.join("; ")}.` : void 0;
}
function s3BackupLine(result) {
  const t = result.totals;
  const deletions = t.deleted + t.deleteMarkers;
  if (result.status === "dry-run") {
    return `S3: dry run, nothing copied: ${count(t.keys, "key")} listed; would copy ${count(t.copied, "version")} (${formatBytes(t.bytes)}) and record ${count(deletions, "deletion")}; ${number(t.unchanged)} unchanged`;
  }
  const reused = t.reused > 0 ? `, ${count(t.reused, "copy", "copies")} reused from ${result.unfinishedRuns.length > 0 ? "an unfinished run" : "an earlier run"}` : "";
  const what = result.part ? `S3: part ${result.part.shard}/${result.part.count} of sharded run ${result.part.name} (run ${result.runId}) written, ${result.status} (committed by the commit step)` : `S3: run ${result.runId} ${result.status}`;
  return `${what}: ${count(t.keys, "key")} listed, ${count(t.copied, "version")} copied (${formatBytes(t.bytes)})${reused}, ${count(deletions, "deletion")} recorded, ${number(t.unchanged)} unchanged, ${number(t.failed)} failed` + (t.excluded + t.skipped > 0 ? `; filter: ${count(t.excluded, "key")} left out, ${count(t.skipped, "version")} skipped by size` : "");
}
function reportS3Backup(result) {
  const t = result.totals;
  return {
    summary: s3BackupSummary(result, result.recentRuns, watermarkOrigins(result)),
    outputs: {
      "run-id": result.runId,
      status: result.status,
      "objects-scanned": t.keys,
      "objects-copied": t.copied,
      "bytes-copied": t.bytes,
      deletions: t.deleted + t.deleteMarkers,
      failed: t.failed,
      "watermark-before": result.watermarksBefore,
      "watermark-after": result.watermarksAfter
    },
    lines: [s3BackupLine(result), ...result.requests ? [`S3: ${requestsSummary(result.requests)}`] : []],
    ...result.status === "partial" && t.failed === 0 && result.sources.some((s) => s.stoppedBefore !== void 0) ? { failure: "the time budget (max-duration) was spent before every key was looked at: the next run goes on from where this one stopped (the watermark did not move)", partial: true } : result.status === "partial" ? { failure: `${count(t.failed, "S3 key")} failed to copy; ${t.failed === 1 ? "it is" : "they are"} retried on the next run (the watermark did not move)`, partial: true } : {}
  };
}
function s3RestoreLines(result) {
  const t = result.totals;
  const lines = [];
  if (result.status === "dry-run") {
    lines.push(
      `S3 restore plan as of ${result.at} (dry run, nothing written): ${count(t.keysAtT, "object")} at T; would write ${number(t.write)} (${formatBytes(t.bytesToWrite)}), overwrite ${number(t.overwrite)}, compare ${number(t.check)}, remove ${number(t.remove)}; ${number(t.skip)} already right`
    );
    const shown = result.planned.slice(0, LINES_LISTED);
    const several = result.sources.length > 1;
    for (const p of shown) lines.push(`  ${p.action.padEnd(9)} ${p.key}  (${formatBytes(p.size)})${several ? `  [${p.source}]` : ""}`);
    const more = result.planned.length + result.plannedLeftOut - shown.length;
    if (more > 0) lines.push(`  ... and ${count(more, "more change")} (--json lists the first ${number(result.planned.length)})`);
  } else {
    lines.push(
      `S3 restore as of ${result.at}: ${result.status}: ${count(t.keysAtT, "object")} at T, ${number(t.written)} written (${formatBytes(t.bytesWritten)}), ${number(t.skip)} already right, ${number(t.removed)} removed, ${number(t.failed)} failed`
    );
    const errors = result.sources.flatMap((s) => s.errors.map((e) => `  ${s.id}: ${e}`));
    lines.push(...errors.slice(0, LINES_LISTED));
    if (t.failed > Math.min(errors.length, LINES_LISTED)) lines.push(`  (${listTitle("failures listed", Math.min(errors.length, LINES_LISTED), t.failed)})`);
  }
  return lines;
}
function reportS3Restore(result) {
  return {
    summary: s3RestoreSummary(result),
    outputs: { "restore-status": result.status, "objects-restored": result.totals.written },
    lines: s3RestoreLines(result),
    ...result.status === "partial" ? { failure: `the S3 restore is partial (${count(result.totals.failed, "object")} failed): run it again to finish`, partial: true } : {}
  };
}
function reportS3Verify(result) {
  const shown = result.differences.slice(0, LINES_LISTED);
  const lines = [`S3 verify: ${result.ok ? "ok" : count(result.differenceCount, "difference")}`, ...shown.map((d) => `  ${d.kind} ${d.source}${d.key !== void 0 ? ` ${d.key}` : ""}: ${d.detail}`)];
  if (result.differenceCount > shown.length) lines.push(`  (${listTitle("differences listed", shown.length, result.differenceCount)}; --json lists ${number(result.differences.length)})`);
  return {
    summary: s3VerifySummary(result),
    outputs: {},
    lines,
    verify: { ok: result.ok, differences: result.differenceCount }
  };
}

// src/report/simpledb.ts
var LINES_LISTED2 = 20;
function sdbBackupSummary(result, failed) {
  const lines = [];
  if (result.dryRun) {
    lines.push(`## \u{1F4DD} pullback SimpleDB backup plan (dry run: nothing was written)${failed ? ": partial" : ""}`, "");
    lines.push("What a backup would write now, planned against what MySQL holds: no table, runs row or watermark was written.", "");
  } else {
    lines.push(`## ${failed ? "\u26A0\uFE0F" : "\u2705"} pullback SimpleDB backup: ${failed ? "partial" : "complete"}`, "");
    lines.push(`Run \`${result.runId}\`. Watermarks are kept in MySQL's runs table.`, "");
  }
  const head = ["Domain", "Mode", "Items read", result.dryRun ? "Would write" : "Versions written", result.dryRun ? "Deletions to record" : "Deletions", "Unchanged", "Time"];
  lines.push(`| ${head.join(" | ")} |`, "|---|---|--:|--:|--:|--:|--:|");
  for (const d of result.domains) {
    lines.push(`| \`${cell(d.domain)}\`${d.error ? " \u26A0\uFE0F" : ""} | ${d.mode} | ${number(d.itemsRead)} | ${number(d.versionsWritten)} | ${number(d.tombstones)} | ${number(d.unchangedSkipped)} | ${seconds(d.durationMs)} |`);
  }
  const errors = result.domains.filter((d) => d.error).map((d) => `- \`${cell(d.domain)}\`: ${cell(d.error)}`);
  if (errors.length > 0) lines.push("", `### ${count(errors.length, "domain")} failed: ${errors.length === 1 ? "its watermark" : "their watermarks"} did not move, the next run redoes ${errors.length === 1 ? "it" : "them"}`, "", ...errors);
  const marks = result.domains.filter((d) => d.watermarkAfter);
  if (!result.dryRun && marks.length > 0) {
    lines.push("", "<details><summary>Watermarks after the run</summary>", "", ...marks.map((d) => `- \`${cell(d.domain)}\`: ${d.watermarkAfter}`), "", "</details>");
  }
  lines.push("");
  return lines.join("\n");
}
function sdbRestoreSummary(result) {
  const dryRun = result.status === "dry-run";
  const icon = dryRun ? "\u{1F4DD}" : result.status === "complete" ? "\u2705" : "\u26A0\uFE0F";
  const head = dryRun ? ["Domain", "Items at T", "Would write", "Already right", "Would delete"] : ["Domain", "Items at T", "Written", "Already right", "Deleted", "Verified", "Differ"];
  const lines = [
    `### ${icon} SimpleDB ${dryRun ? "restore plan (dry run: nothing was written)" : `restore ${result.status}`} as of ${result.at}${result.inPlace ? " (in place)" : ""}`,
    "",
    `| ${head.join(" | ")} |`,
    `|---|${head.slice(1).map(() => "--:").join("|")}|`,
    ...result.domains.map((d) => {
      const c = d.counts;
      const cells = dryRun ? [`\`${cell(d.domain)}\``, number(c.itemsAtT), number(c.put), number(c.unchanged), number(c.removed)] : [`\`${cell(d.domain)}\``, number(c.itemsAtT), number(c.put), number(c.unchanged), number(c.removed), number(c.verified), number(c.mismatched)];
      return `| ${cells.join(" | ")} |`;
    }),
    "",
    `${dryRun ? "Into" : "Restored into"}: ${result.domains.map((d) => `\`${cell(d.domain)}\` \u2192 \`${cell(d.targetDomain)}\`${d.live ? " (live)" : ""}`).join("; ")}.`
  ];
  if (result.safetyBackupRunId) lines.push("", `The live items were backed up first (run \`${result.safetyBackupRunId}\`).`);
  const damaged = result.domains.flatMap((d) => d.damaged.map((x) => `- \`${cell(d.domain)}\`: item ${cell(x.item)}: ${cell(x.damage)}`));
  if (damaged.length > 0) lines.push("", `${listTitle(`Refused, never written: ${count(result.totals.damaged, "item")} whose history row is damaged`, damaged.length, result.totals.damaged)}:`, "", ...damaged);
  const planned = result.domains.flatMap((d) => d.planned.map((p) => `| ${cell(d.domain)} | ${cell(p.item)} | ${p.action} |`));
  const plannedTotal = result.domains.reduce((n, d) => n + d.planned.length + d.plannedLeftOut, 0);
  if (planned.length > 0) {
    lines.push("", `<details><summary>${listTitle(dryRun ? "Planned changes" : "Changes", planned.length, plannedTotal)}</summary>`, "", "| Domain | Item | Action |", "| --- | --- | --- |", ...planned, "", "</details>");
  }
  return lines.join("\n") + "\n";
}
function sdbVerifySummary(result) {
  const lines = [
    `### ${result.ok ? "\u2705" : "\u26A0\uFE0F"} SimpleDB verify: ${result.ok ? "every live item is in the backup" : count(result.differenceCount, "difference")}`,
    "",
    "| Domain | Live items | In backup | Not backed up | Differ | Deleted since |",
    "|---|--:|--:|--:|--:|--:|",
    ...result.domains.map((d) => `| \`${cell(d.domain)}\` | ${number(d.liveItems)} | ${number(d.backedUp)} | ${number(d.notBackedUp)} | ${number(d.differs)} | ${number(d.deletedSinceBackup)} |`)
  ];
  if (result.differences.length > 0) {
    lines.push("", `#### ${listTitle("Differences", result.differences.length, result.differenceCount)}`, "", ...result.differences.map((d) => `- ${d.kind}: ${cell(d.detail)}`));
  }
  return lines.join("\n") + "\n";
}
function reportSimpleDbBackup(result) {
  const sum = (pick) => result.domains.reduce((n, d) => n + pick(d), 0);
  const failed = result.failure !== void 0;
  const domains = count(result.domains.length, "domain");
  return {
    summary: sdbBackupSummary(result, failed),
    outputs: {
      "simpledb-run-id": result.runId,
      "simpledb-status": result.status,
      "items-read": sum((d) => d.itemsRead),
      "item-versions-written": sum((d) => d.versionsWritten),
      "item-deletions": sum((d) => d.tombstones),
      "simpledb-watermarks": result.watermarks
    },
    lines: [
      result.dryRun ? `SimpleDB: dry run${failed ? " (partial)" : ""}, nothing written: ${domains}, ${count(sum((d) => d.itemsRead), "item")} read; would record ${count(sum((d) => d.versionsWritten), "version")} and ${count(sum((d) => d.tombstones), "deletion")}; ${number(sum((d) => d.unchangedSkipped))} unchanged` : `SimpleDB: run ${result.runId} ${result.status}: ${domains}, ${count(sum((d) => d.itemsRead), "item")} read, ${count(sum((d) => d.versionsWritten), "version")} written, ${count(sum((d) => d.tombstones), "deletion")}`
    ],
    ...result.failure !== void 0 ? { failure: result.failure, partial: true } : {}
  };
}
function sdbRestoreLines(result) {
  const t = result.totals;
  if (result.status !== "dry-run") {
    return [
      `SimpleDB restore as of ${result.at}: ${result.status}: ${count(t.itemsAtT, "item")} at T, ${number(t.put)} written, ${number(t.unchanged)} already right, ${number(t.removed)} deleted, ${number(t.verified)} verified, ${number(t.mismatched)} differ${t.damaged > 0 ? `, ${number(t.damaged)} refused (damaged history rows)` : ""}`
    ];
  }
  const lines = [
    `SimpleDB restore plan as of ${result.at} (dry run, nothing written): ${count(t.itemsAtT, "item")} at T; would write ${number(t.put)} and delete ${number(t.removed)}; ${number(t.unchanged)} already right${t.damaged > 0 ? `; ${number(t.damaged)} refused (damaged history rows)` : ""}`
  ];
  const planned = result.domains.flatMap((d) => d.planned.map((p) => `  ${p.action.padEnd(9)} ${d.domain}: ${p.item}`));
  const total = result.domains.reduce((n, d) => n + d.planned.length + d.plannedLeftOut, 0);
  lines.push(...planned.slice(0, LINES_LISTED2));
  if (total > Math.min(planned.length, LINES_LISTED2)) lines.push(`  ... and ${count(total - Math.min(planned.length, LINES_LISTED2), "more change")} (--json lists the first ${number(planned.length)})`);
  return lines;
}
function reportSimpleDbRestore(result) {
  const report = {
    summary: sdbRestoreSummary(result),
    outputs: { "simpledb-restore-status": result.status },
    lines: sdbRestoreLines(result)
  };
  if (result.status === "partial") {
    const why = result.domains.flatMap((d) => [
      ...d.counts.damaged > 0 ? [`${d.domain}: ${count(d.counts.damaged, "item")} refused for damaged history rows (${d.damaged.map((x) => x.item).join(", ")})`] : [],
      ...d.counts.mismatched > 0 ? [`${d.domain}: ${count(d.counts.mismatched, "item")} differ after the restore (run it again to finish)`] : []
    ]);
    report.failure = `the SimpleDB restore is partial: ${why.join("; ")}`;
    report.partial = true;
  }
  return report;
}
function reportSimpleDbVerify(result) {
  const shown = result.differences.slice(0, LINES_LISTED2);
  const lines = [`SimpleDB verify: ${result.ok ? "ok" : count(result.differenceCount, "difference")}`, ...shown.map((d) => `  ${d.kind} ${d.domain}${d.item !== void 0 ? ` ${d.item}` : ""}: ${d.detail}`)];
  if (result.differenceCount > shown.length) lines.push(`  (${listTitle("differences listed", shown.length, result.differenceCount)})`);
  return {
    summary: sdbVerifySummary(result),
    outputs: {},
    lines,
    verify: { ok: result.ok, differences: result.differenceCount }
  };
}

// src/report/prune.ts
function describeRetention(policy) {
  const parts = [];
  if (policy.withinMs !== void 0) {
    const ms = policy.withinMs;
    parts.push(`within ${ms % 864e5 === 0 ? `${ms / 864e5}d` : ms % 36e5 === 0 ? `${ms / 36e5}h` : `${Math.round(ms / 1e3)}s`}`);
  }
  for (const rule of ["last", "hourly", "daily", "weekly", "monthly", "yearly"]) if (policy[rule]) parts.push(`${rule} ${policy[rule]}`);
  return parts.join(", ") || "none";
}
function keptOutsideWindow(kept, windowStart) {
  return kept.filter((p) => Date.parse(p.at) < Date.parse(windowStart)).map((p) => `\`${p.at}\` (${p.reasons.join(", ")})`);
}
function s3PruneSummary(result) {
  const dry = result.status === "dry-run";
  const t = result.totals;
  const icon = dry ? "\u{1F4DD}" : result.status === "complete" ? "\u2705" : "\u26A0\uFE0F";
  const lines = [
    `## ${icon} pullback S3 prune: ${result.status}${dry ? " (dry run: nothing was changed)" : ""}`,
    "",
    `Prune \`${result.pruneId}\`, policy ${describeRetention(result.policy)}, took ${seconds(result.durationMs)}.`,
    "",
    `| source | restore points kept | exact from | objects ${dry ? "to remove" : "removed"} | bytes ${dry ? "to free" : "freed"} | history entries kept | left (locked, failed) |`,
    "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ...result.sources.map((s) => {
      const c = s.counts;
      const objects = dry ? c.objects : s.removedObjects;
      const bytes = dry ? c.bytes : s.freedBytes;
      return `| ${cell(s.id)} | ${c.pointsKept} of ${c.pointsBefore} | ${s.windowStart} | ${objects} | ${formatBytes(bytes)} | ${s.unchanged ? "unchanged" : `${c.eventsKept} of ${c.eventsBefore}`} | ${s.unremoved} |`;
    }),
    "",
    `Catalogue files the fold replaced: ${t.catalogueFiles} (${formatBytes(t.catalogueBytes)})${dry ? ", to remove" : ""}.`
  ];
  for (const s of result.sources) {
    const outside = keptOutsideWindow(s.kept, s.windowStart);
    if (outside.length > 0) lines.push("", `\`${cell(s.id)}\`: restores are exact from ${s.windowStart} on, and at these kept points: ${outside.join(", ")}.`);
  }
  if (result.unremoved.length > 0) {
    lines.push("", `### Not removed (the next prune tries again)`, "", "| source | object | why |", "| --- | --- | --- |", ...result.unremoved.map((u) => `| ${cell(u.source)} | ${cell(u.backupKey)} | ${cell(u.reason)} |`));
  }
  if (result.planned.length > 0) {
    lines.push(
      "",
      `<details><summary>${dry ? "Would remove" : "Removed"} (first ${result.planned.length} of ${t.objects})</summary>`,
      "",
      "| source | key | modified | size | backup object |",
      "| --- | --- | --- | ---: | --- |",
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.t} | ${formatBytes(p.size)} | ${cell(p.backupKey)} |`),
      "",
      "</details>"
    );
  }
  for (const warning of result.warnings) lines.push("", `> ${cell(warning)}`);
  return lines.join("\n") + "\n";
}
function reportS3Prune(result) {
  const t = result.totals;
  const dry = result.status === "dry-run";
  return {
    summary: s3PruneSummary(result),
    outputs: { "prune-status": result.status, "objects-removed": dry ? 0 : t.removedObjects, "bytes-freed": dry ? 0 : t.freedBytes },
    lines: [
      dry ? `S3 prune plan (${describeRetention(result.policy)}): ${t.objects} objects (${formatBytes(t.bytes)}) and ${t.catalogueFiles} catalogue files would go; nothing was changed` : `S3 prune ${result.pruneId} ${result.status}: ${t.removedObjects} objects removed, ${formatBytes(t.freedBytes)} freed; ${t.unremoved} left for the next prune`,
      ...result.sources.map((s) => `  ${s.id}: ${s.counts.pointsKept} of ${s.counts.pointsBefore} restore points kept, exact from ${s.windowStart}`),
      ...result.unremoved.slice(0, 20).map((u) => `  not removed: ${u.backupKey} (${u.reason})`)
    ],
    ...t.failed > 0 ? { failure: `${t.failed} objects of the S3 prune could not be removed (errors, not locks); the next prune tries again` } : {}
  };
}
function reportSimpleDbPrune(result) {
  const dry = result.status === "dry-run";
  const t = result.totals;
  const lines = [
    `## ${dry ? "\u{1F4DD}" : "\u2705"} pullback SimpleDB prune: ${result.status}${dry ? " (dry run: nothing was changed)" : ""}`,
    "",
    `Policy ${describeRetention(result.policy)}, took ${seconds(result.durationMs)}.`,
    "",
    `| domain | restore points kept | exact from | versions ${dry ? "to remove" : "removed"} | of | items left with no row | bytes freed |`,
    "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${d.pointsKept} of ${d.pointsBefore} | ${d.windowStart} | ${d.versionsRemoved} | ${d.versionsBefore} | ${d.itemsGone} | ${dry ? "\u2013" : formatBytes(d.bytesFreed)} |`)
  ];
  for (const d of result.domains) {
    const outside = keptOutsideWindow(d.kept, d.windowStart);
    if (outside.length > 0) lines.push("", `\`${cell(d.domain)}\`: restores are exact from ${d.windowStart} on, and at these kept points: ${outside.join(", ")}.`);
  }
  return {
    summary: lines.join("\n") + "\n",
    outputs: { "simpledb-prune-status": result.status, "history-versions-removed": dry ? 0 : t.versionsRemoved },
    lines: [
      `SimpleDB prune ${result.status} (${describeRetention(result.policy)}): ${t.versionsRemoved} of ${t.versionsBefore} history versions ${dry ? "would go" : `removed (${formatBytes(t.bytesFreed)})`}`,
      ...result.domains.map((d) => `  ${d.domain}: ${d.pointsKept} of ${d.pointsBefore} restore points kept, exact from ${d.windowStart}`)
    ]
  };
}

// src/report/run-report.ts
function reportOutcome(outcome) {
  switch (outcome.backend) {
    case "s3":
      if (outcome.mode === "backup") return reportS3Backup(outcome.result);
      if (outcome.mode === "restore") return reportS3Restore(outcome.result);
      if (outcome.mode === "prune") return reportS3Prune(outcome.result);
      return reportS3Verify(outcome.result);
    case "simpledb":
      if (outcome.mode === "backup") return reportSimpleDbBackup(outcome.result);
      if (outcome.mode === "restore") return reportSimpleDbRestore(outcome.result);
      if (outcome.mode === "prune") return reportSimpleDbPrune(outcome.result);
      return reportSimpleDbVerify(outcome.result);
  }
}
function reportRun(mode, outcomes) {
  const report = { mode, summary: "", outputs: {}, lines: [], status: "ok", outcomes };
  const failures = [];
  let partial = false;
  let failed = false;
  let ok = true;
  let differences = 0;
  for (const outcome of outcomes) {
    const part = reportOutcome(outcome);
    report.summary += part.summary;
    Object.assign(report.outputs, part.outputs);
    report.lines.push(...part.lines);
    if (part.failure) {
      failures.push(part.failure);
      if (part.partial) partial = true;
      else failed = true;
    }
    if (part.verify) {
      ok &&= part.verify.ok;
      differences += part.verify.differences;
    }
  }
  if (mode === "verify") {
    report.outputs["verify-ok"] = ok;
    report.outputs["differences"] = differences;
    if (!ok) {
      failures.push(`verify found ${count(differences, "difference")} between the sources and the backup`);
      failed = true;
    }
  }
  report.status = failed ? "failed" : partial ? "partial" : "ok";
  if (failures.length > 0) report.failure = failures.join("; ");
  return report;
}

// src/app/run-mode.ts
var loaders = {
  s3: async () => (await import("./s3-GS3N6HYC.js")).s3Backend,
  simpledb: async () => (await import("./simpledb-75TJQGIQ.js")).simpleDbBackend
};
async function runJob(job, context) {
  const backend = await loaders[job.backend]();
  const result = await backend[job.mode](job.config, context);
  return { backend: job.backend, mode: job.mode, result };
}
async function runMode(mode, raw, context) {
  const env = context.env ?? process.env;
  const now = context.now ?? (() => /* @__PURE__ */ new Date());
  const jobs = buildJobs(mode, raw, env, now());
  const runContext = {
    logger: context.logger,
    env,
    now,
    recentRuns: context.recentRuns ?? true,
    ...context.watermarkStore ? { watermarkStore: context.watermarkStore } : {}
  };
  const outcomes = [];
  for (const job of jobs) {
    heapBoundsFor(job.backend);
    outcomes.push(await runJob(job, runContext));
  }
  return reportRun(mode, outcomes);
}

// src/watermark/file-store.ts
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { randomBytes } from "node:crypto";
var WatermarkFormatError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "WatermarkFormatError";
  }
};
function parseWatermarks(text, where) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WatermarkFormatError(`${where} is not valid JSON`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WatermarkFormatError(`${where} must hold a JSON object of source id -> ISO 8601 time`);
  }
  const watermarks = {};
  for (const [source, time] of Object.entries(value)) {
    if (typeof time !== "string" || Number.isNaN(Date.parse(time))) {
      throw new WatermarkFormatError(`${where}: the watermark of ${JSON.stringify(source)} is not an ISO 8601 time: ${JSON.stringify(time)}`);
    }
    watermarks[source] = time;
  }
  return watermarks;
}
function formatWatermarks(watermarks) {
  const sorted = {};
  for (const source of Object.keys(watermarks).sort()) sorted[source] = watermarks[source];
  return `${JSON.stringify(sorted, null, 2)}
`;
}
async function writeFileAtomic(path, content) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "w", 420);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
function isMissing(error) {
  return error?.code === "ENOENT";
}
var FileWatermarkStore = class {
  name = "file";
  /** The state file, as an absolute path. */
  path;
  loaded;
  constructor(path) {
    this.path = resolve(path);
  }
  /** The file's watermarks; undefined when the file does not exist. Throws when it is not a watermark file. */
  async load() {
    let text;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if (isMissing(error)) return void 0;
      throw error;
    }
    this.loaded = parseWatermarks(text, `watermark file ${this.path}`);
    return this.loaded;
  }
  /**
   * Store the per-source maximum of the file's current content (or, when it cannot be read as
   * watermarks, what `load` returned) and `watermarks`.
   */
  async save(watermarks) {
    let current = this.loaded;
    try {
      current = mergeWatermarks(current, parseWatermarks(await readFile(this.path, "utf8"), this.path));
    } catch (error) {
      if (!isMissing(error) && !(error instanceof WatermarkFormatError)) throw error;
    }
    const merged = mergeWatermarks(current, watermarks);
    await writeFileAtomic(this.path, formatWatermarks(merged));
    this.loaded = merged;
  }
};

// src/action/sub-action-inputs.ts
var sources = [Inputs.sources, Inputs.sourceRegion, Inputs.sourceEndpoint, Inputs.sourceForcePathStyle];
var destination = [
  Inputs.destination,
  Inputs.destinationEndpoint,
  Inputs.destinationRegion,
  Inputs.destinationForcePathStyle,
  Inputs.destinationAccessKeyId,
  Inputs.destinationSecretAccessKey,
  Inputs.destinationSessionToken,
  Inputs.destinationProfile,
  Inputs.destinationUseSourceCredentials
];
var destinationWrites = [Inputs.destinationStorageClass, Inputs.destinationSse, Inputs.destinationSseKmsKeyId, Inputs.objectLockMode, Inputs.objectLockDays];
var filters = [Inputs.include, Inputs.exclude, Inputs.filter, Inputs.minSize, Inputs.maxSize];
var mySqlHistory = [
  Inputs.mysqlUrl,
  Inputs.mysqlHost,
  Inputs.mysqlPort,
  Inputs.mysqlUser,
  Inputs.mysqlPassword,
  Inputs.mysqlDatabase,
  Inputs.mysqlSsl,
  Inputs.mysqlSslCa,
  Inputs.mysqlTablePrefix
];
var retention = [Inputs.keepWithin, Inputs.keepLast, Inputs.keepHourly, Inputs.keepDaily, Inputs.keepWeekly, Inputs.keepMonthly, Inputs.keepYearly];
var simpleDbAndMySql = [Inputs.simpledbRegion, Inputs.simpledbEndpoint, ...mySqlHistory];
var SUB_ACTION_INPUTS = {
  backup: [
    ...sources,
    ...destination,
    ...destinationWrites,
    Inputs.overlap,
    Inputs.concurrency,
    Inputs.dryRun,
    Inputs.serverSideCopy,
    ...filters,
    Inputs.bandwidthLimit,
    Inputs.shard,
    Inputs.shardRun,
    Inputs.maxDuration,
    Inputs.listParallelism,
    Inputs.listing,
    Inputs.inventoryManifest,
    Inputs.simpledbDomains,
    Inputs.stampAttribute,
    Inputs.deleteLogDomain,
    Inputs.simpledbOverlap,
    Inputs.fullScan,
    Inputs.simpledbDomainsAtOnce,
    ...simpleDbAndMySql
  ],
  restore: [
    Inputs.restoreTime,
    Inputs.restoreSources,
    Inputs.restorePrefix,
    Inputs.restoreKeys,
    ...filters,
    Inputs.bandwidthLimit,
    Inputs.restoreTarget,
    Inputs.restoreTargetDomain,
    Inputs.restoreTargetEndpoint,
    Inputs.restoreTargetRegion,
    Inputs.restoreTargetForcePathStyle,
    Inputs.restoreTargetAccessKeyId,
    Inputs.restoreTargetSecretAccessKey,
    Inputs.restoreTargetSessionToken,
    Inputs.restoreTargetProfile,
    Inputs.restoreInPlace,
    Inputs.confirmInPlace,
    Inputs.dryRun,
    Inputs.concurrency,
    ...destination,
    ...destinationWrites,
    ...sources,
    // The safety backup an in-place restore takes first runs with the backup's settings (a
    // full scan of the domains, whatever `full-scan` says).
    Inputs.overlap,
    Inputs.serverSideCopy,
    Inputs.stampAttribute,
    Inputs.deleteLogDomain,
    Inputs.simpledbOverlap,
    // `simpledb-domains` names the live domains: a restore target among them is in place.
    Inputs.simpledbDomains,
    ...simpleDbAndMySql
  ],
  verify: [Inputs.verifySources, Inputs.readData, ...filters, Inputs.concurrency, ...sources, ...destination, ...simpleDbAndMySql],
  // No sources: a prune reads and changes only the backup (and it writes its catalogue files with
  // the destination's write options). `simpledb-domains` picks the domains (default all).
  prune: [...retention, Inputs.dryRun, Inputs.concurrency, ...destination, ...destinationWrites, Inputs.simpledbDomains, ...mySqlHistory]
};

export {
  MODES,
  runMode,
  parseWatermarks,
  formatWatermarks,
  FileWatermarkStore,
  SUB_ACTION_INPUTS
};
