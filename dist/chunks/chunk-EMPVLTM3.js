import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  formatBytes,
  mergeWatermarks
} from "./chunk-IEKX4IZP.js";
import {
  buildS3RestoreConfig,
  buildS3VerifyConfig,
  buildSimpleDbBackupConfig,
  buildSimpleDbRestoreConfig,
  buildSimpleDbVerifyConfig
} from "./chunk-EKUDSRVZ.js";
import {
  Inputs,
  buildS3BackupConfig,
  listSetting,
  optional
} from "./chunk-62Y63P5L.js";
import {
  ConfigError
} from "./chunk-CRCO44CK.js";

// src/config/build.ts
var MODES = ["backup", "restore", "verify"];
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
function buildJobs(mode, raw, env = process.env, now = /* @__PURE__ */ new Date()) {
  const s3 = wantsS3(raw, mode);
  const simpledb = wantsSimpleDb(raw, mode);
  if (!s3 && !simpledb) {
    throw mode === "backup" ? new ConfigError(Inputs.sources, `is required for a backup (or \`${Inputs.simpledbDomains}\`): list the buckets to back up, one bucket[/prefix] per line`) : new ConfigError(Inputs.destination, `is required for ${mode} of S3 backups (or set \`${Inputs.mysqlUrl}\` for SimpleDB backups in MySQL)`);
  }
  const jobs = [];
  if (mode === "backup") {
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3BackupConfig(raw, env) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbBackupConfig(raw) });
  } else if (mode === "restore") {
    const split = splitSelection(raw, Inputs.restoreSources, s3 && simpledb);
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3RestoreConfig(split.s3, env, now) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbRestoreConfig(split.simpledb, now) });
  } else {
    const split = splitSelection(raw, Inputs.verifySources, s3 && simpledb);
    if (s3) jobs.push({ backend: "s3", mode, config: buildS3VerifyConfig(split.s3, env) });
    if (simpledb) jobs.push({ backend: "simpledb", mode, config: buildSimpleDbVerifyConfig(split.simpledb) });
  }
  return jobs;
}

// src/report/markdown.ts
function cell(text) {
  return String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}
function seconds(ms) {
  return ms < 6e4 ? `${(ms / 1e3).toFixed(1)} s` : `${Math.floor(ms / 6e4)} min ${Math.round(ms % 6e4 / 1e3)} s`;
}

// src/report/s3.ts
function s3BackupSummary(result, recent, origins) {
  const icon = result.status === "complete" ? "\u2705" : result.status === "dry-run" ? "\u{1F4DD}" : "\u26A0\uFE0F";
  const lines = [];
  lines.push(`## ${icon} pullback S3 backup: ${result.status}`);
  lines.push("");
  lines.push(`Run \`${result.runId}\` took ${seconds(result.durationMs)}. Watermark from ${origins}.`);
  lines.push("");
  lines.push("| Source | Scanned | Copied | Bytes | Deleted | Unchanged | Failed | Time |");
  lines.push("|---|--:|--:|--:|--:|--:|--:|--:|");
  for (const s of result.sources) {
    const c = s.counts;
    lines.push(
      `| \`${cell(s.id)}\`${s.versioned ? " (versioned)" : ""} | ${c.keys} | ${c.copied} | ${formatBytes(c.bytes)} | ${c.deleted + c.deleteMarkers} | ${c.unchanged} | ${c.failed} | ${seconds(s.durationMs)} |`
    );
  }
  const t = result.totals;
  if (result.sources.length > 1) {
    lines.push(`| **Total** | ${t.keys} | ${t.copied} | ${formatBytes(t.bytes)} | ${t.deleted + t.deleteMarkers} | ${t.unchanged} | ${t.failed} | ${seconds(result.durationMs)} |`);
  }
  const failures = result.sources.flatMap((s) => s.errors.map((e) => `- \`${cell(s.id)}\`: ${e}`));
  if (failures.length > 0) {
    lines.push("", "### Failed keys (retried on the next run)", "", ...failures.slice(0, 20));
  }
  const notices = result.sources.filter((s) => s.stateFallback).map((s) => `- \`${cell(s.id)}\`: the state of run \`${s.stateFallback.damagedRunId}\` was damaged; compared in full against ${s.stateFallback.usedRunId ? `run \`${s.stateFallback.usedRunId}\`` : "an empty state"} (nothing copied twice): ${cell(s.stateFallback.reason)}`);
  if (result.cleanup?.aborted) notices.push(`- aborted ${result.cleanup.aborted} unfinished uploads left by runs that did not finish`);
  if (result.cleanup?.skipped) notices.push(`- ${cell(result.cleanup.skipped)}`);
  if (notices.length > 0) lines.push("", "### Catalogue", "", ...notices);
  if (recent.length > 1) {
    const labels = recent.map((r) => `"${r.runId.slice(4, 8)} ${r.runId.slice(9, 13)}"`);
    lines.push("", "### Recent runs", "", "```mermaid", "xychart-beta", '  title "Versions copied per run"', `  x-axis [${labels.join(", ")}]`, '  y-axis "versions"', `  bar [${recent.map((r) => r.copied).join(", ")}]`, "```");
  }
  lines.push("");
  return lines.join("\n");
}
function s3RestoreSummary(result) {
  const t = result.totals;
  const lines = [
    `### ${result.status === "dry-run" ? "Restore plan (dry run: nothing was written)" : `Restore ${result.status}`} as of ${result.at}${result.inPlace ? " (in place)" : ""}`,
    "",
    "| source | target | at T | write | overwrite | already right | remove | uncertain | failed | bytes |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.sources.map((s) => {
      const c = s.totals;
      return `| ${cell(s.id)} | ${cell(s.target)} | ${c.keysAtT} | ${c.write} | ${c.overwrite}${c.check ? ` (+${c.check} to compare)` : ""} | ${c.skip} | ${c.remove} | ${c.uncertain} | ${c.failed} | ${formatBytes(result.status === "dry-run" ? c.bytesToWrite : c.bytesWritten)} |`;
    }),
    `| **total** | | ${t.keysAtT} | ${t.write} | ${t.overwrite} | ${t.skip} | ${t.remove} | ${t.uncertain} | ${t.failed} | ${formatBytes(result.status === "dry-run" ? t.bytesToWrite : t.bytesWritten)} |`
  ];
  if (result.safetyBackupRunId) lines.push("", `The live objects were backed up first (run \`${result.safetyBackupRunId}\`): restore to just before now to undo.`);
  for (const warning of result.warnings) lines.push("", `> ${cell(warning)}`);
  if (result.uncertainDeletions.length > 0) {
    lines.push(
      "",
      `<details><summary>${t.uncertain} objects restored although they may have been deleted before T (deleted between two runs that straddle T)</summary>`,
      "",
      "| source | key | deleted after | and before |",
      "| --- | --- | --- | --- |",
      ...result.uncertainDeletions.map((u) => `| ${cell(u.source)} | ${cell(u.key)} | ${u.after} | ${u.before} |`),
      "",
      "</details>"
    );
  }
  if (result.planned.length > 0) {
    lines.push(
      "",
      `<details><summary>${result.status === "dry-run" ? "Planned changes" : "Changes"} (first ${result.planned.length})</summary>`,
      "",
      "| source | key | action | size |",
      "| --- | --- | --- | ---: |",
      ...result.planned.map((p) => `| ${cell(p.source)} | ${cell(p.key)} | ${p.action}${p.uncertain ? " (uncertain deletion)" : ""} | ${formatBytes(p.size)} |`),
      "",
      "</details>"
    );
  }
  return lines.join("\n") + "\n";
}
function s3VerifySummary(result) {
  const lines = [
    `### Verify: ${result.ok ? "the backup is complete and readable" : `${result.differenceCount} differences`}`,
    "",
    "| source | live versions | in backup | not backed up | catalogued objects | missing | wrong size | read back | damaged |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.sources.map(
      (s) => `| ${cell(s.id)} | ${s.live?.versions ?? "\u2013"} | ${s.live?.backedUp ?? "\u2013"} | ${s.live?.notBackedUp ?? "\u2013"} | ${s.catalogued.objects} | ${s.catalogued.missing} | ${s.catalogued.wrongSize} | ${s.readBack.objects} (${formatBytes(s.readBack.bytes)}) | ${s.readBack.damaged} |`
    )
  ];
  if (result.differences.length > 0) {
    lines.push("", "| kind | source | key | detail |", "| --- | --- | --- | --- |", ...result.differences.map((d) => `| ${d.kind} | ${cell(d.source)} | ${cell(d.key ?? "")} | ${cell(d.detail)} |`));
  }
  return lines.join("\n") + "\n";
}
function watermarkOrigins(result) {
  const names = result.sources.map((s) => s.watermarkOrigin === "store" ? "the Actions cache" : s.watermarkOrigin === "catalogue" ? "the destination's catalogue" : "nowhere (first run)");
  return [...new Set(names)].join(", ");
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
      "watermark-before": JSON.stringify(result.watermarksBefore),
      "watermark-after": JSON.stringify(result.watermarksAfter)
    },
    lines: [
      `S3: run ${result.runId} ${result.status}: ${t.keys} keys scanned, ${t.copied} versions copied (${t.bytes} bytes), ${t.deleted + t.deleteMarkers} deletions recorded, ${t.unchanged} unchanged, ${t.failed} failed`
    ],
    ...result.status === "partial" ? { failure: `${t.failed} S3 keys failed to copy; they are retried on the next run (the watermark did not move)` } : {}
  };
}
function reportS3Restore(result) {
  return {
    summary: s3RestoreSummary(result),
    outputs: { "restore-status": result.status, "objects-restored": result.totals.written },
    lines: [`S3 restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`],
    ...result.status === "partial" ? { failure: "the S3 restore is partial: run it again to finish" } : {}
  };
}
function reportS3Verify(result) {
  return {
    summary: s3VerifySummary(result),
    outputs: {},
    lines: [`S3 verify: ${result.ok ? "ok" : `${result.differenceCount} differences`}`, ...result.differences.slice(0, 50).map((d) => `  ${JSON.stringify(d)}`)],
    verify: { ok: result.ok, differences: result.differenceCount }
  };
}

// src/report/simpledb.ts
function sdbBackupSummary(result, failed) {
  const lines = [];
  if (result.dryRun) {
    lines.push(`## \u{1F4DD} pullback SimpleDB backup plan (dry run: nothing was written)${failed ? ": partial" : ""}`, "");
    lines.push("What a backup would write now, planned against what MySQL holds: no table, runs row or watermark was written.", "");
  } else {
    lines.push(`## ${failed ? "\u26A0\uFE0F" : "\u2705"} pullback SimpleDB backup: ${failed ? "partial" : "complete"}`, "");
    lines.push(`Run \`${result.runId}\`. Watermarks are kept in MySQL's runs table.`, "");
  }
  lines.push(`| Domain | Mode | Items read | Versions ${result.dryRun ? "to write" : "written"} | Deletions | Unchanged | Watermark after | Time | Error |`);
  lines.push("|---|---|--:|--:|--:|--:|---|--:|---|");
  for (const d of result.domains) {
    lines.push(
      `| \`${cell(d.domain)}\` | ${d.mode} | ${d.itemsRead} | ${d.versionsWritten} | ${d.tombstones} | ${d.unchangedSkipped} | ${d.watermarkAfter ?? "-"} | ${seconds(d.durationMs)} | ${d.error ? cell(d.error) : ""} |`
    );
  }
  lines.push("");
  return lines.join("\n");
}
function sdbRestoreSummary(result) {
  const lines = [
    `### SimpleDB ${result.status === "dry-run" ? "restore plan (dry run: nothing was written)" : `restore ${result.status}`} as of ${result.at}${result.inPlace ? " (in place)" : ""}`,
    "",
    "| domain | target | items at T | written | already right | deleted | verified | differ |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${cell(d.targetDomain)} | ${d.counts.itemsAtT} | ${d.counts.put} | ${d.counts.unchanged} | ${d.counts.removed} | ${d.counts.verified} | ${d.counts.mismatched} |`)
  ];
  if (result.safetyBackupRunId) lines.push("", `The live items were backed up first (run \`${result.safetyBackupRunId}\`).`);
  const damaged = result.domains.flatMap((d) => d.damaged.map((x) => `- ${cell(d.domain)}: item ${cell(x.item)}: ${cell(x.damage)}`));
  if (damaged.length > 0) lines.push("", `Refused, never written: ${result.totals.damaged} item(s) whose history row is damaged:`, ...damaged);
  return lines.join("\n") + "\n";
}
function sdbVerifySummary(result) {
  const lines = [
    `### SimpleDB verify: ${result.ok ? "every live item is in the backup" : `${result.differenceCount} differences`}`,
    "",
    "| domain | live items | in backup | not backed up | differ | deleted since |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...result.domains.map((d) => `| ${cell(d.domain)} | ${d.liveItems} | ${d.backedUp} | ${d.notBackedUp} | ${d.differs} | ${d.deletedSinceBackup} |`)
  ];
  if (result.differences.length > 0) lines.push("", ...result.differences.map((d) => `- ${d.kind}: ${cell(d.detail)}`));
  return lines.join("\n") + "\n";
}
function reportSimpleDbBackup(result) {
  const sum = (pick) => result.domains.reduce((n, d) => n + pick(d), 0);
  const failed = result.failure !== void 0;
  return {
    summary: sdbBackupSummary(result, failed),
    outputs: {
      "simpledb-run-id": result.runId,
      "simpledb-status": result.status,
      "items-read": sum((d) => d.itemsRead),
      "item-versions-written": sum((d) => d.versionsWritten),
      "item-deletions": sum((d) => d.tombstones),
      "simpledb-watermarks": JSON.stringify(result.watermarks)
    },
    lines: [
      result.dryRun ? `SimpleDB: plan (dry run) ${failed ? "partial" : "complete"}, nothing written: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ${sum((d) => d.versionsWritten)} versions, ${sum((d) => d.tombstones)} deletions and ${sum((d) => d.unchangedSkipped)} unchanged would be recorded` : `SimpleDB: run ${result.runId} ${result.status}: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ${sum((d) => d.versionsWritten)} versions written, ${sum((d) => d.tombstones)} deletions`
    ],
    ...result.failure !== void 0 ? { failure: result.failure } : {}
  };
}
function reportSimpleDbRestore(result) {
  const report = {
    summary: sdbRestoreSummary(result),
    outputs: { "simpledb-restore-status": result.status },
    lines: [`SimpleDB restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`]
  };
  if (result.status === "partial") {
    const why = result.domains.flatMap((d) => [
      ...d.counts.damaged > 0 ? [`${d.domain}: ${d.counts.damaged} item(s) refused for damaged history rows (${d.damaged.map((x) => x.item).join(", ")})`] : [],
      ...d.counts.mismatched > 0 ? [`${d.domain}: ${d.counts.mismatched} item(s) differ after the restore (run it again to finish)`] : []
    ]);
    report.failure = `the SimpleDB restore is partial: ${why.join("; ")}`;
  }
  return report;
}
function reportSimpleDbVerify(result) {
  return {
    summary: sdbVerifySummary(result),
    outputs: {},
    lines: [`SimpleDB verify: ${result.ok ? "ok" : `${result.differenceCount} differences`}`, ...result.differences.slice(0, 50).map((d) => `  ${JSON.stringify(d)}`)],
    verify: { ok: result.ok, differences: result.differenceCount }
  };
}

// src/report/run-report.ts
function reportOutcome(outcome) {
  switch (outcome.backend) {
    case "s3":
      if (outcome.mode === "backup") return reportS3Backup(outcome.result);
      if (outcome.mode === "restore") return reportS3Restore(outcome.result);
      return reportS3Verify(outcome.result);
    case "simpledb":
      if (outcome.mode === "backup") return reportSimpleDbBackup(outcome.result);
      if (outcome.mode === "restore") return reportSimpleDbRestore(outcome.result);
      return reportSimpleDbVerify(outcome.result);
  }
}
function reportRun(mode, outcomes) {
  const report = { mode, summary: "", outputs: {}, lines: [], outcomes };
  const failures = [];
  let ok = true;
  let differences = 0;
  for (const outcome of outcomes) {
    const part = reportOutcome(outcome);
    report.summary += part.summary;
    Object.assign(report.outputs, part.outputs);
    report.lines.push(...part.lines);
    if (part.failure) failures.push(part.failure);
    if (part.verify) {
      ok &&= part.verify.ok;
      differences += part.verify.differences;
    }
  }
  if (mode === "verify") {
    report.outputs["verify-ok"] = String(ok);
    report.outputs["differences"] = differences;
    if (!ok) failures.push(`verify found ${differences} differences between the sources and the backup`);
  }
  if (failures.length > 0) report.failure = failures.join("; ");
  return report;
}

// src/app/run-mode.ts
var loaders = {
  s3: async () => (await import("./s3-GTVCK4OO.js")).s3Backend,
  simpledb: async () => (await import("./simpledb-UQ2HMZQ7.js")).simpleDbBackend
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
  const runContext = { logger: context.logger, env, now, ...context.watermarkStore ? { watermarkStore: context.watermarkStore } : {} };
  const outcomes = [];
  for (const job of jobs) outcomes.push(await runJob(job, runContext));
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

export {
  MODES,
  runMode,
  parseWatermarks,
  formatWatermarks,
  FileWatermarkStore
};
