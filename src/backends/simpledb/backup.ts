// The SimpleDB backup into its history store (MySQL). Per domain: read what changed (incremental:
// stamp >= watermark minus overlap; full scan: every item), read the delete log, plan each batch
// against the versions already backed up (plan.ts), and write it in one transaction. The watermark
// is recorded with the domain's run only when the domain completes: a failed run leaves history
// intact and the watermark unmoved, and the next run redoes the work without duplicating a version.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { count, number } from '../../report/words.ts';
import { ProgressLine } from '../../report/progress.ts';
import { SimpleDbError } from '../../simpledb/errors.ts';
import { quoteName, quoteValue } from '../../simpledb/expression.ts';
import { paginateListDomains, paginateSelect } from '../../simpledb/paginate.ts';
import type { DomainRunCounts, DomainWork, StateItem } from '../../stores/history/types.ts';
import { ConfigError } from '../../config/errors.ts';
import { handled } from '../../transfer/promises.ts';
import { Slots } from '../../transfer/slots.ts';
import { DEFAULTS, validateSimpleDbBackupConfig, type SimpleDbBackupConfig } from '../../config/simpledb.ts';
import { deleteLogCandidate, itemCandidate, type ItemCandidate, maxStamp, nextWatermark, parseStamp, readFrom, toStamp } from './plan.ts';
import { PlannedHistory, type BatchTarget } from './plan-only.ts';
import { watermarkSourceId } from './history.ts';
import { Batcher, describeError } from './batcher.ts';
import { begun, readAhead } from './read-ahead.ts';
import { DeleteLogRead } from './delete-log-read.ts';
import { withDomainSessions } from './domain-sessions.ts';
import { PAGE_LIMIT } from './read.ts';
import type { DomainBackupResult, DomainJob, SimpleDbBackupDeps, SimpleDbBackupResult, SimpleDbSource } from './types.ts';


/** A run that failed for at least one domain; `result` holds what was done. */
export class SimpleDbBackupError extends Error {
  readonly result: SimpleDbBackupResult;
  constructor(message: string, result: SimpleDbBackupResult, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimpleDbBackupError';
    this.result = result;
  }
}

/**
 * Select pages read and turned into candidates ahead of the batch being written (each page at most
 * 1 MB of XML): SimpleDB, the XML parsing and the content hashes overlap MySQL's work instead of
 * waiting for it. Pages still come in order, one request at a time (each needs the last NextToken).
 */
const PAGES_AHEAD = 2;
/** DomainMetadata requests in flight at once while the domains named are checked. */
const DOMAIN_CHECKS_AT_ONCE = 8;

export async function runSimpleDbBackup(config: SimpleDbBackupConfig, deps: SimpleDbBackupDeps): Promise<SimpleDbBackupResult> {
  validateSimpleDbBackupConfig(config);
  const log = deps.log ?? (() => undefined);
  const now = deps.now ?? (() => new Date());
  const runId = (deps.newRunId ?? randomUUID)();
  const runStart = now().getTime();
  const planOnly = config.dryRun === true;
  const result: SimpleDbBackupResult = { runId, dryRun: planOnly, startedAt: toStamp(runStart), finishedAt: '', domains: [], watermarks: {} };

  // 1. Everything is checked before anything is written.
  const { history } = deps;
  log(`history store: ${history.description}`);
  // The checks are sent together (MySQL's grants, each domain, the delete log: a round trip, not
  // one each) and their answers taken in this order, so the first failure reported is as before.
  // That failure aborts the checks still out: against a SimpleDB that hangs, each would keep the
  // process up through its attempts after the run has reported.
  const checks = new AbortController();
  const privileges = handled(history.checkPrivileges());
  const domainsFound = handled(resolveDomains(deps.client, config, log, checks.signal));
  const deleteLogFound = handled(domainExists(deps.client, config.deleteLogDomain, config, checks.signal));
  let domains: string[];
  let hasDeleteLog: boolean;
  try {
    await privileges;
    domains = await domainsFound;
    hasDeleteLog = await deleteLogFound;
  } catch (err) {
    checks.abort(new Error('a check before the backup failed'));
    throw err;
  }
  if (!hasDeleteLog) log(`delete-log domain "${config.deleteLogDomain}" does not exist: deletions are found by full scans only`);

  // A plan reads only: it takes no lock (it must never make a scheduled backup fail) and
  // creates nothing; it plans against what the store holds at the moment it reads.
  if (planOnly) log('plan only (dry run): nothing is written to MySQL, no watermark is saved');
  else if (!(await history.lock())) {
    throw new ConfigError('mysql-table-prefix', `another backup into ${config.mysql.database} with table prefix "${config.tablePrefix}" is running; wait for it or use another prefix`);
  }
  try {
    if (!planOnly) {
      await history.ensureSchema();
      const settled = await history.settleInterruptedRuns(runStart);
      if (settled > 0) log(`${settled} run row(s) left "running" by an interrupted run marked failed; this run redoes their work`);
    }
    const stored = await history.readWatermarks();
    const jobs = domains.map((domain) => ({ domain, previous: trustedWatermark(stored.get(domain), runStart, domain, log) }));
    const done = new Map<string, DomainBackupResult>();
    let connectionLost: string | undefined;
    /** Backs one domain up on `store`; whether it failed. */
    const backUp = async (job: (typeof jobs)[number], store: DomainWork): Promise<boolean> => {
      const domainResult = await backupDomain({
        config,
        client: deps.client,
        history: store,
        domain: job.domain,
        runId,
        runStart,
        previous: job.previous,
        hasDeleteLog,
        log,
        status: deps.status,
        now,
        planOnly,
        ...(deps.beforeCommit ? { beforeCommit: deps.beforeCommit } : {}),
        batches: 0,
      });
      done.set(job.domain, domainResult);
      if (domainResult.connectionLost) connectionLost ??= `the MySQL connection was lost while backing up ${job.domain}`;
      return domainResult.error !== undefined;
    };
    // Domains are backed up several at once, each on its own MySQL session, full scans as well as
    // incremental reads (the names a full scan saw are kept by run and domain: the seen table). A
    // plan writes nothing and holds no lock, so it has no sessions: one domain at a time.
    const stopped = () => connectionLost !== undefined;
    await withDomainSessions(history, jobs, planOnly ? 1 : (config.domainsAtOnce ?? DEFAULTS.domainsAtOnce), backUp, stopped);
    // Reported in the order the domains were given, whichever finished first.
    const failures: string[] = [];
    for (const { domain } of jobs) {
      const domainResult = done.get(domain);
      if (domainResult === undefined) {
        failures.push(`${domain}: not backed up (${connectionLost ?? 'the run stopped'})`);
        continue;
      }
      result.domains.push(domainResult);
      if (domainResult.error) failures.push(`${domain}: ${domainResult.error}`);
      if (domainResult.watermarkAfter) result.watermarks[watermarkSourceId(domain)] = domainResult.watermarkAfter;
    }
    result.finishedAt = toStamp(now().getTime());
    if (!planOnly && deps.watermarkStore && Object.keys(result.watermarks).length > 0) {
      await deps.watermarkStore.save(result.watermarks).catch((err: unknown) => log(`watermark store ${deps.watermarkStore!.name}: not saved (${(err as Error).message})`));
    }
    if (failures.length > 0) {
      throw new SimpleDbBackupError(`SimpleDB ${planOnly ? 'backup plan' : 'backup'} failed for ${failures.length} domain(s): ${failures.join('; ')}`, result);
    }
    return result;
  } finally {
    // A lost connection released the lock with it.
    if (!planOnly) await history.unlock().catch(() => undefined);
  }
}

/**
 * The stored watermark is read, not trusted: one that is not a well-formed stamp, or lies in the
 * future (the runs table was edited or damaged), would make every incremental read start past the
 * data and back up nothing, silently. Such a domain reads from the beginning instead, and says so.
 */
function trustedWatermark(previous: { watermark: string | undefined } | undefined, runStart: number, domain: string, log: (line: string) => void): { watermark: string | undefined } | undefined {
  const w = previous?.watermark;
  if (previous === undefined || w === undefined) return previous;
  const ms = parseStamp(w);
  if (ms !== undefined && ms <= runStart) return previous;
  log(`${domain}: the stored watermark ${JSON.stringify(w)} is ${ms === undefined ? 'not a valid stamp' : 'in the future'}; reading every stamped item instead (nothing is skipped)`);
  return { watermark: undefined };
}

async function resolveDomains(client: SimpleDbSource, config: SimpleDbBackupConfig, log: (l: string) => void, signal: AbortSignal): Promise<string[]> {
  if (config.domains === 'all') {
    const all: string[] = [];
    try {
      for await (const d of paginateListDomains(client)) if (d !== config.deleteLogDomain) all.push(d);
    } catch (err) {
      throw simpleDbAccessError(err, config);
    }
    log(`simpledb-domains=all: ${all.length} domain(s)`);
    return all;
  }
  // Asked a few at a time (one round trip for most runs, not one a domain); the answers are taken
  // in the order given, so a failure is the first domain's, as when they were asked one by one.
  const slots = new Slots(DOMAIN_CHECKS_AT_ONCE);
  const asked = config.domains.map((d) =>
    handled(
      (async () => {
        await slots.acquire();
        try {
          signal.throwIfAborted();
          return await domainExists(client, d, config, signal);
        } finally {
          slots.release();
        }
      })(),
    ),
  );
  const found: boolean[] = [];
  for (const answer of asked) found.push(await answer);
  const missing = config.domains.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new ConfigError(
      'simpledb-domains',
      `domain(s) ${missing.map((d) => `"${d}"`).join(', ')} do not exist in SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : config.simpledb.region ? ` in ${config.simpledb.region}` : ''}; check the names and simpledb-region`,
    );
  }
  return config.domains;
}

async function domainExists(client: SimpleDbSource, domain: string, config: SimpleDbBackupConfig, signal?: AbortSignal): Promise<boolean> {
  try {
    await client.domainMetadata({ DomainName: domain }, signal ? { signal } : {});
    return true;
  } catch (err) {
    if (err instanceof SimpleDbError && err.code === 'NoSuchDomain') return false;
    throw simpleDbAccessError(err, config);
  }
}

function simpleDbAccessError(err: unknown, config: SimpleDbBackupConfig): Error {
  if (err instanceof SimpleDbError && (err.code === 'AuthFailure' || err.statusCode === 403)) {
    return Object.assign(
      new ConfigError('simpledb-region', `SimpleDB refused the credentials (${err.code}: ${err.message}); check the AWS credentials and that they allow sdb:Select, sdb:DomainMetadata, sdb:ListDomains and sdb:GetAttributes`),
      { cause: err },
    );
  }
  if (err instanceof SimpleDbError && (err.code === 'NetworkError' || err.code === 'RequestTimeout')) {
    return Object.assign(
      new ConfigError('simpledb-endpoint', `cannot reach SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : ''} (${err.message}); check simpledb-endpoint / simpledb-region`),
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}


/** A full scan when the config asks for one every run, or (auto) for a domain no run completed. */
function domainMode(config: SimpleDbBackupConfig, previous: DomainJob['previous']): 'full' | 'incremental' {
  return config.fullScan === 'always' || (config.fullScan === 'auto' && previous === undefined) ? 'full' : 'incremental';
}

async function backupDomain(job: DomainJob): Promise<DomainBackupResult> {
  const { config, client, history, domain, runId, runStart, log, now } = job;
  const started = now().getTime();
  const watermarkBefore = job.previous?.watermark;
  const mode = domainMode(config, job.previous);
  const r: DomainBackupResult = {
    domain,
    mode,
    itemsRead: 0,
    deleteLogEntriesRead: 0,
    versionsWritten: 0,
    tombstones: 0,
    unchangedSkipped: 0,
    tombstonesSkipped: 0,
    watermarkBefore,
    watermarkAfter: watermarkBefore,
    durationMs: 0,
    tables: { current: '', history: '', versions: '' },
  };
  const counts = (): DomainRunCounts => ({ itemsRead: r.itemsRead, versionsWritten: r.versionsWritten, tombstones: r.tombstones, unchanged: r.unchangedSkipped });
  const since = readFrom(watermarkBefore, config.overlapMs);
  let highest: string | undefined;
  const stamp = quoteName(config.stampAttribute);
  const from = quoteName(domain);
  const itemsExpression =
    mode === 'full'
      ? `select * from ${from} limit ${PAGE_LIMIT}`
      : since === undefined
        ? `select * from ${from} where ${stamp} is not null limit ${PAGE_LIMIT}`
        : `select * from ${from} where ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`;
  // Pages are asked for ahead of the one being written (prefetch, readAhead), the first ones now,
  // beside the MySQL set-up below (the domain's tables, its run row, the first-run probes): a round
  // trip sooner. Whichever way this domain ends, the Selects still in flight are aborted: against
  // a SimpleDB that hangs, each would otherwise keep the process alive through its attempts (5 x
  // 30 s) after the run has reported.
  const scan = new AbortController();
  const progress = new ProgressLine({ info: log, status: job.status }, domain, { now: () => now().getTime() });
  const pages = begun(readAhead(candidatePages(client, itemsExpression, config.stampAttribute, scan.signal), PAGES_AHEAD));
  // The delete log: its first page asked for now by an incremental run (delete-log-read.ts says why
  // only then), its entries applied after the scan's batches; aborted on every way out, as the scan is.
  const deleteLogRead = new DeleteLogRead(client, config.deleteLogDomain, domain, config.stampAttribute, since, job.hasDeleteLog && mode === 'incremental');
  // Everything that touches the store is inside: a connection lost even before the first batch is
  // this domain's failure, reported as such, not a crash of the run.
  try {
    let tables: BatchTarget;
    if (job.planOnly) {
      const planned = await history.planDomain(domain);
      tables = new PlannedHistory(planned.existing, planned.tables);
    } else {
      tables = await history.openDomain(domain);
    }
    r.tables = { ...tables.tables };
    log(`${domain}: ${job.planOnly ? 'plan of a ' : ''}${mode === 'full' ? 'full scan' : `incremental from ${since ?? 'the beginning'}`} (watermark ${watermarkBefore ?? 'none'}) -> ${tables.tables.current}`);
    if (!job.planOnly) await history.startRun({ runId, domain, mode, startedAt: started, watermarkBefore });

    // A domain with no history yet (a first run) has nothing to compare with: the items' lookups
    // can be skipped while the scan reads in name order, and with no live item to lose, a full
    // scan need not record what it saw to find deletions afterwards (every live item is one it wrote).
    // A domain with a watermark was backed up before: its history is taken as not empty without
    // asking (false is always safe: it only lets a first run skip its lookups), a round trip fewer.
    const historyEmptyAtStart = watermarkBefore === undefined && (await tables.historyItemsAfter(undefined, 1)).length === 0;
    const liveAtStart = mode === 'full' && (await tables.liveItemsAfter(undefined, 1)).length > 0;
    const batcher = new Batcher(job, tables, r, { markSeen: liveAtStart, historyEmptyAtStart });
    try {
      for await (const page of pages) {
        for (const c of page) {
          r.itemsRead++;
          if (c.stamp !== null) highest = maxStamp(highest, c.stamp);
          await batcher.add(c);
        }
        progress.update(() => ({ done: r.itemsRead, unit: 'items read', bytes: 0, detail: `${count(r.versionsWritten, 'version')} written, ${number(r.unchangedSkipped)} unchanged` }));
      }
      progress.update(() => ({ done: r.itemsRead, unit: 'items read', bytes: 0 }), true);
      await batcher.flush();
    } finally {
      scan.abort(new Error(`the scan of ${domain} stopped`));
      // On a failure (of SimpleDB, say), a batch written concurrently may still be in flight: the
      // domain is reported, and the next one written, only once it is not.
      await batcher.finish().catch(() => undefined);
    }

    if (job.hasDeleteLog) {
      const deleteLog = deleteLogRead.entries();
      const tombstones = new Batcher(job, tables, r, { markSeen: false });
      for await (const entry of deleteLog) {
        const c = deleteLogCandidate(entry, domain, config.stampAttribute);
        if (!c) continue;
        r.deleteLogEntriesRead++;
        const entryStamp = entry.Attributes.find((a) => a.Name === config.stampAttribute)?.Value;
        if (parseStamp(entryStamp) !== undefined) highest = maxStamp(highest, entryStamp);
        await tombstones.add(c);
      }
      await tombstones.flush();
    }

    if (liveAtStart) {
      // Items backed up as live that the scan did not see are gone (confirmed one by one before a tombstone).
      const scanDeletes = new Batcher(job, tables, r, { markSeen: false });
      let after: string | undefined;
      for (;;) {
        const unseen = await tables.unseenItems(runId, after, 500);
        for (const name of unseen) await scanDeletes.add({ kind: 'tombstone', itemName: name, deletedAt: runStart, origin: 'scan' });
        await scanDeletes.flush();
        if (unseen.length < 500) break;
        after = unseen[unseen.length - 1];
      }
      if (!job.planOnly) await history.clearSeen(runId, domain);
    }

    r.watermarkAfter = nextWatermark(watermarkBefore, highest, toStamp(runStart));
    r.durationMs = now().getTime() - started;
    if (!job.planOnly) await history.finishRun({ runId, domain, finishedAt: now().getTime(), watermarkAfter: r.watermarkAfter, counts: counts() });
    log(
      `${domain}: ${job.planOnly ? 'would write: ' : ''}${number(r.itemsRead)} read, ${count(r.versionsWritten, 'version')}, ${count(r.tombstones, 'tombstone')}, ${number(r.unchangedSkipped)} unchanged; ` +
        `watermark ${r.watermarkBefore ?? 'none'} -> ${r.watermarkAfter ?? 'none'} (${r.durationMs} ms)`,
    );
  } catch (err) {
    // Failed before its scan began (its tables, its run row): the Selects asked for are dropped.
    scan.abort(new Error(`the backup of ${domain} failed`));
    deleteLogRead.abort(new Error(`the backup of ${domain} failed`));
    r.connectionLost = history.isConnectionLost(err);
    const kept =
      'the batch being written was rolled back as one transaction, the batches committed before it stay, ' +
      'and the watermark did not move; run the backup again to finish (it redoes the window without duplicating a version)';
    const message = r.connectionLost
      ? `the MySQL connection was lost (${describeError(err)}): ${kept}`
      : history.domainConnectionLost?.(err)
        ? `the MySQL connection this domain was written on (one of the domains-at-once sessions) was lost (${describeError(err)}): ${kept}; the other domains went on`
        : describeError(err);
    r.error = message;
    r.watermarkAfter = watermarkBefore;
    r.durationMs = now().getTime() - started;
    log(`${domain}: failed after ${r.itemsRead} items (${message}); watermark stays ${watermarkBefore ?? 'none'}`);
    if (!job.planOnly && !r.connectionLost) await history.failRun({ runId, domain, finishedAt: now().getTime(), error: message, counts: counts() }).catch(() => undefined);
  }
  // Read to its end on success; on any other way out, nothing of it stays in flight.
  deleteLogRead.abort(new Error(`the backup of ${domain} ended`));
  return r;
}

/**
 * Items turned into candidates between turns of the event loop. A page holds up to 2,500 items
 * (about 15 ms of hashing): done in one go, it held up the MySQL answers that arrived meanwhile,
 * and MySQL sat idle until it was done. In slices, the batch being written moves on in between.
 */
const CANDIDATES_PER_TURN = 250;

/** The candidates of each page of a Select, a page at a time. */
async function* candidatePages(client: SimpleDbSource, expression: string, stampAttribute: string, signal: AbortSignal): AsyncGenerator<ItemCandidate[]> {
  // The next page is requested as each page arrives: its round trip overlaps this page's candidates.
  for await (const page of paginateSelect(client, { SelectExpression: expression, ConsistentRead: true }, { signal }, { prefetch: true })) {
    const candidates: ItemCandidate[] = [];
    for (const item of page.Items) {
      if (candidates.length > 0 && candidates.length % CANDIDATES_PER_TURN === 0) await nextTurn();
      candidates.push(itemCandidate(item, stampAttribute));
    }
    yield candidates;
  }
}

// The readers of what the backup holds live in history.ts; kept importable from here.
export { itemsAsOf, readStoredWatermarks, stateAsOf, watermarkSourceId } from './history.ts';
export type { StateItem };
