import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  Catalog,
  LocalDestination,
  OrderedPool,
  S3Destination,
  S3Source,
  cataloguedSources,
  march,
  runS3Backup,
  runS3Restore,
  selectSources
} from "./chunk-S4ETG4Q6.js";
import "./chunk-DDIQ3ZGG.js";
import {
  describeConfig,
  endpointIdentity,
  formatBytes
} from "./chunk-5L4H3FAT.js";
import "./chunk-FDATSQWK.js";
import "./chunk-VUYMQBFW.js";
import "./chunk-LEEQLYU6.js";

// src/backends/s3/open.ts
function openDestination(d) {
  return d.kind === "local" ? new LocalDestination(d.path) : new S3Destination(d.bucket, d.prefix, d.connection, endpointIdentity(d.connection, d.credentialsFrom === "source" ? "chain" : d.credentialsFrom));
}
function openSources(specs, connection) {
  const identity = endpointIdentity(connection, "chain");
  return specs.map((s) => new S3Source(s.bucket, s.prefix, connection, identity));
}
function openStorage(config) {
  return { sources: openSources(config.sources, config.sourceConnection), destination: openDestination(config.destination) };
}

// src/backends/s3/verify.ts
import { createHash } from "node:crypto";
var PLAIN_MD5 = /^[0-9a-f]{32}$/;
function inSample(backupKey, percent, seed = "") {
  if (percent >= 100) return true;
  const hash = createHash("sha256").update(`${seed}\0${backupKey}`).digest();
  return hash.readUInt32BE(0) / 4294967296 * 100 < percent;
}
async function digest(body) {
  const sha = createHash("sha256");
  const md5 = createHash("md5");
  let bytes = 0;
  for await (const chunk of body) {
    sha.update(chunk);
    md5.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: sha.digest("hex"), md5: md5.digest("hex"), bytes };
}
async function runS3Verify(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const catalog = new Catalog(destination);
  const differences = [];
  let differenceCount = 0;
  const report = (difference) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(difference);
  };
  const known = await cataloguedSources(catalog);
  const selected = selectSources(known, options.sources, "verify-sources");
  const reports = /* @__PURE__ */ new Map();
  for (const source of selected) {
    reports.set(source.id, {
      id: source.id,
      catalogued: { objects: 0, present: 0, missing: 0, wrongSize: 0, bytes: 0 },
      readBack: { objects: 0, bytes: 0, damaged: 0, unchecked: 0 }
    });
  }
  for (const live of deps.liveSources ?? []) {
    const source = known.get(live.id);
    if (!source) {
      report({ kind: "never-backed-up", source: live.id, detail: `${live.id} is not in the catalogue: it has never been backed up to ${destination.description}` });
      continue;
    }
    const sourceReport = reports.get(source.id);
    if (!sourceReport) continue;
    await logger.group(`Comparing ${live.id} with its latest backup`, async () => {
      sourceReport.live = await compareLive(live, source, catalog, report);
      const l = sourceReport.live;
      logger.info(`${live.id}: ${l.keys} live keys, ${l.versions} versions; ${l.backedUp} in the backup, ${l.notBackedUp} not; ${l.deletedSinceBackup} deleted since run ${l.lastRunId}`);
    });
  }
  const listings = /* @__PURE__ */ new Map();
  for (const source of selected) {
    const sourceReport = reports.get(source.id);
    await logger.group(`Checking the backup objects of ${source.id}`, async () => {
      let stored = listings.get(source.bucket);
      if (!stored) {
        stored = /* @__PURE__ */ new Map();
        for await (const object of destination.list(`data/${source.bucket}/`)) stored.set(object.key, object.size);
        listings.set(source.bucket, stored);
      }
      const toRead = [];
      const seen = /* @__PURE__ */ new Set();
      for (const { source: record } of source.history) {
        try {
          for await (const event of catalog.readEvents(record)) {
            if (event.type !== "version" || !event.b || seen.has(event.b)) continue;
            seen.add(event.b);
            sourceReport.catalogued.objects++;
            const size = stored.get(event.b);
            if (size === void 0) {
              sourceReport.catalogued.missing++;
              report({ kind: "backup-missing", source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} (${event.t}) is missing from the destination` });
            } else if (size !== (event.s ?? 0)) {
              sourceReport.catalogued.wrongSize++;
              report({ kind: "backup-size", source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} has ${size} bytes, the catalogue recorded ${event.s ?? 0}` });
            } else {
              sourceReport.catalogued.present++;
              sourceReport.catalogued.bytes += size;
              const policy = options.readData;
              if (policy.kind === "all" || policy.kind === "sample" && inSample(event.b, policy.percent, options.sampleSeed)) toRead.push(event);
            }
          }
        } catch (error) {
          report({ kind: "catalogue-damaged", source: source.id, backupKey: record.events, detail: `cannot read ${record.events}: ${error.message}` });
        }
      }
      const c = sourceReport.catalogued;
      logger.info(`${source.id}: ${c.objects} catalogued backup objects, ${c.present} present (${formatBytes(c.bytes)}), ${c.missing} missing, ${c.wrongSize} with another size`);
      if (toRead.length > 0) await readBack(toRead, source, sourceReport, destination, options.concurrency, report);
      if (options.readData.kind !== "none") {
        const r = sourceReport.readBack;
        logger.info(`${source.id}: read back ${r.objects} objects (${formatBytes(r.bytes)}): ${r.damaged} damaged, ${r.unchecked} without a recorded checksum (size only)`);
      }
    });
  }
  const ok = differenceCount === 0;
  for (const difference of differences) logger.warn(`${difference.source}: ${difference.kind}: ${difference.detail}`);
  logger.info(ok ? "verify: the backup is complete and readable" : `verify: ${differenceCount} differences`);
  return { ok, sources: [...reports.values()], differences, differenceCount, readData: options.readData, durationMs: now().getTime() - started.getTime() };
}
async function compareLive(live, source, catalog, report) {
  const latest = source.history[source.history.length - 1];
  const { versioned } = await live.probe();
  const result = { lastRunId: latest.run.runId, keys: 0, versions: 0, backedUp: 0, notBackedUp: 0, deletedSinceBackup: 0 };
  for await (const plan of march(live.list(versioned), catalog.readState(latest.source))) {
    if (plan.current) {
      result.keys++;
      const versions = plan.current.versions.filter((v) => !v.deleteMarker);
      result.versions += versions.length;
      result.backedUp += versions.length - plan.copy.length;
      for (const version of plan.copy) {
        result.notBackedUp++;
        report({
          kind: "not-backed-up",
          source: live.id,
          key: version.key,
          detail: `${version.key} (${version.versionId ? `version ${version.versionId}, ` : ""}ETag ${version.etag ?? "?"}, ${version.size ?? 0} bytes, modified ${version.lastModified}) is not in the latest backup run ${latest.run.runId}`
        });
      }
    } else if (plan.previous?.v.some((v) => !v.dm)) {
      result.deletedSinceBackup++;
    }
  }
  return result;
}
async function readBack(events, source, sourceReport, destination, concurrency, report) {
  const pool = new OrderedPool(concurrency, concurrency * 4);
  const collect = (outcome) => {
    sourceReport.readBack.objects++;
    sourceReport.readBack.bytes += outcome.bytes;
    if (!outcome.checked) sourceReport.readBack.unchecked++;
    if (outcome.problem) {
      sourceReport.readBack.damaged++;
      report({ kind: "backup-checksum", source: source.id, key: outcome.event.k, backupKey: outcome.event.b, detail: `the backup of ${outcome.event.k} (${outcome.event.t}) is damaged: ${outcome.problem}` });
    }
  };
  const check = async (event) => {
    const body = await destination.get(event.b);
    if (!body) return { event, problem: "it vanished while being read", bytes: 0, checked: true };
    const d = await digest(body);
    let problem;
    let checked = true;
    if (d.bytes !== (event.s ?? 0)) problem = `${d.bytes} bytes read, ${event.s ?? 0} recorded`;
    else if (event.sha256) {
      if (d.sha256 !== event.sha256) problem = `SHA-256 ${d.sha256} differs from the recorded ${event.sha256}`;
    } else if (event.e && PLAIN_MD5.test(event.e)) {
      if (d.md5 !== event.e) problem = `MD5 ${d.md5} differs from the source ETag ${event.e}`;
    } else checked = false;
    return { event, bytes: d.bytes, checked, ...problem ? { problem } : {} };
  };
  for (const event of events) {
    while (pool.full) collect(await pool.next());
    await pool.submit(() => check(event));
  }
  while (pool.pending > 0) collect(await pool.next());
}

// src/backends/s3/index.ts
async function recentRuns(destination, limit) {
  const catalog = new Catalog(destination);
  const runs = [];
  for (const id of (await catalog.runIds()).committed.slice(-limit)) {
    const record = await catalog.readRun(id);
    if (!record) continue;
    runs.push({
      runId: id,
      finishedAt: record.finishedAt,
      copied: record.sources.reduce((n, s) => n + s.counts.copied, 0),
      bytes: record.sources.reduce((n, s) => n + s.counts.bytes, 0),
      deletions: record.sources.reduce((n, s) => n + s.counts.deleted + s.counts.deleteMarkers, 0)
    });
  }
  return runs;
}
var s3Backend = {
  name: "s3",
  async backup(config, context) {
    const { sources, destination } = openStorage(config);
    const store = context.watermarkStore?.("s3", describeConfig(config));
    const result = await runS3Backup(
      { overlapMs: config.overlapMs, concurrency: config.concurrency, dryRun: config.dryRun, serverSideCopy: config.serverSideCopy },
      { sources, destination, logger: context.logger, now: context.now, ...store ? { watermarkStore: store } : {} }
    );
    const recent = result.status === "dry-run" ? [] : await recentRuns(destination, 12).catch(() => []);
    return { ...result, recentRuns: recent };
  },
  async restore(config, context) {
    if (config.time.note) context.logger.info(config.time.note);
    return runS3Restore(
      {
        at: config.time.at,
        sources: config.selection,
        ...config.prefix !== void 0 ? { prefix: config.prefix } : {},
        ...config.keys ? { keys: config.keys } : {},
        target: config.target,
        concurrency: config.concurrency,
        dryRun: config.dryRun,
        backup: { overlapMs: config.overlapMs, serverSideCopy: config.serverSideCopy },
        ...config.sourceConnection.endpoint ? { sourceEndpoint: config.sourceConnection.endpoint } : {}
      },
      { destination: openDestination(config.destination), logger: context.logger, sources: openSources(config.sources, config.sourceConnection), now: context.now }
    );
  },
  async verify(config, context) {
    return runS3Verify(
      { sources: config.selection, readData: config.readData, concurrency: config.concurrency },
      { destination: openDestination(config.destination), logger: context.logger, liveSources: openSources(config.sources, config.sourceConnection), now: context.now }
    );
  }
};
export {
  s3Backend
};
