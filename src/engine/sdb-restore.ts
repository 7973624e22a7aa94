// SimpleDB restore to a point in time: the state of each item as of T, read from the MySQL
// history (stateAsOf), written to a target domain with BatchPutAttributes (25 items a call),
// multi-valued attributes exact, items absent at T absent. Idempotent: an item whose content hash
// already equals its state at T is not written again, so a re-run finishes an interrupted one.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { BatchDeleteAttributesInput, BatchPutAttributesInput, SelectInput, SelectOutput } from '../simpledb/client.ts';
import { SimpleDbError } from '../simpledb/errors.ts';
import { quoteName } from '../simpledb/expression.ts';
import { selectItems } from '../simpledb/paginate.ts';
import { quoteIdentifier as q } from '../mysql/identifiers.ts';
import { fromSqlTime, systemTableNames } from '../mysql/store.ts';
import { canonicalAttributes, compareBytes, contentHash, type AttributeMap } from '../sdb-backup/plan.ts';
import { runSimpleDbBackup, stateAsOf, type SimpleDbSource } from '../sdb-backup/run.ts';
import type { SimpleDbBackupConfig } from '../sdb-backup/config.ts';
import { compactTime } from '../plan/names.ts';
import type { Logger } from '../report/logger.ts';
import { IN_PLACE_CONFIRMATION, RestoreError } from './restore.ts';

/** What the restore needs from a SimpleDB client (SimpleDbClient satisfies it). */
export interface SdbRestoreClient {
  createDomain(input: { DomainName: string }): Promise<unknown>;
  select(input: SelectInput): Promise<SelectOutput>;
  batchPutAttributes(input: BatchPutAttributesInput): Promise<unknown>;
  batchDeleteAttributes(input: BatchDeleteAttributesInput): Promise<unknown>;
}

export type SdbRestoreTarget =
  /** A new domain per source domain: `<domain>-restored-<T compact>` (e.g. users-restored-20261124T101500.000Z). */
  | { kind: 'new' }
  /** A named domain (one source domain only). */
  | { kind: 'domain'; name: string }
  /** The source domain itself: overwrites items and deletes those absent at T. */
  | { kind: 'in-place'; confirmed: boolean };

export interface SdbRestoreOptions {
  at: Date;
  /** Source domains to restore; empty: every domain the MySQL backup holds. */
  domains: string[];
  /** Only these item names. */
  items?: string[];
  /** Only item names starting with this. */
  itemPrefix?: string;
  target: SdbRestoreTarget;
  dryRun: boolean;
  /** MySQL table prefix of the backup (default `sdb_`). */
  tablePrefix?: string;
  /** Items per batch call (at most 25, SimpleDB's limit). */
  batchSize?: number;
  /** How many differences and planned items the result lists. */
  listLimit?: number;
}

export interface SdbRestoreDependencies {
  mysql: Connection;
  /** Writes the target (and, in place, is read by the safety backup). */
  client: SdbRestoreClient & Partial<SimpleDbSource>;
  logger: Logger;
  now?: () => Date;
  /** In place: the backup configuration; the domain is backed up (full scan) before it is overwritten. */
  backup?: SimpleDbBackupConfig;
  /** Test hook: called before each batch call (throw to simulate a crash). */
  beforeBatch?: (kind: 'put' | 'delete', items: string[]) => void | Promise<void>;
}

export interface SdbRestoreCounts {
  /** Items that existed at T within the selection. */
  itemsAtT: number;
  /** Items written (absent at the target, or with other content). */
  put: number;
  /** Items already equal to their state at T (by content hash). */
  unchanged: number;
  /** Items deleted because they did not exist at T (in place only). */
  removed: number;
  /** Attribute names removed from items that had more than at T. */
  attributesRemoved: number;
  /** Items read back after the restore whose content hash equals the state at T. */
  verified: number;
  /** Items whose content differs from the state at T after the restore. */
  mismatched: number;
  batchCalls: number;
}

export interface SdbRestoreDomainResult {
  domain: string;
  targetDomain: string;
  counts: SdbRestoreCounts;
  /** The first item names that did not verify. */
  mismatches: string[];
}

export interface SdbRestoreResult {
  status: 'complete' | 'partial' | 'dry-run';
  at: string;
  inPlace: boolean;
  domains: SdbRestoreDomainResult[];
  totals: SdbRestoreCounts;
  /** The id of the backup run taken before an in-place restore. */
  safetyBackupRunId?: string;
  durationMs: number;
}

const MAX_BATCH_ITEMS = 25;
/** BatchPutAttributes takes at most 1 MB a call: stay well under. */
const MAX_BATCH_BYTES = 512 * 1024;

function emptyCounts(): SdbRestoreCounts {
  return { itemsAtT: 0, put: 0, unchanged: 0, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, batchCalls: 0 };
}

/** The default name of a restored domain: `<domain>-restored-<T>`, cut to SimpleDB's 255 characters. */
export function restoredDomainName(domain: string, at: Date): string {
  const suffix = `-restored-${compactTime(at.toISOString())}`;
  return domain.slice(0, 255 - suffix.length) + suffix;
}

function isNoSuchDomain(error: unknown): boolean {
  return error instanceof SimpleDbError && error.code === 'NoSuchDomain';
}

/** Every item of a domain by name, with its canonical attributes (an absent domain is empty). */
async function readDomain(client: SdbRestoreClient, domain: string): Promise<Map<string, AttributeMap>> {
  const items = new Map<string, AttributeMap>();
  try {
    for await (const item of selectItems(client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true })) {
      items.set(item.Name, canonicalAttributes(item.Attributes));
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  }
  return items;
}

/** The backed-up domains and when each was first backed up (successful runs only). */
async function backedUpDomains(mysql: Connection, tablePrefix: string): Promise<Map<string, { first: number; last: number }>> {
  const runs = systemTableNames(tablePrefix).runs;
  const found = new Map<string, { first: number; last: number }>();
  let rows: RowDataPacket[];
  try {
    [rows] = await mysql.query<RowDataPacket[]>(`SELECT domain, MIN(started_at) AS first, MAX(finished_at) AS last FROM ${q(runs)} WHERE status = 'ok' GROUP BY domain`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return found;
    throw error;
  }
  for (const row of rows) {
    const domain = Buffer.isBuffer(row['domain']) ? (row['domain'] as Buffer).toString('utf8') : String(row['domain']);
    found.set(domain, { first: fromSqlTime(String(row['first'])), last: fromSqlTime(String(row['last'])) });
  }
  return found;
}

function pairsOf(attributes: AttributeMap): { Name: string; Value: string; Replace: boolean }[] {
  return Object.entries(attributes).flatMap(([Name, values]) => values.map((Value) => ({ Name, Value, Replace: true })));
}

function itemBytes(name: string, attributes: AttributeMap): number {
  let bytes = Buffer.byteLength(name) + 64;
  for (const [n, values] of Object.entries(attributes)) for (const v of values) bytes += Buffer.byteLength(n) + Buffer.byteLength(v) + 96;
  return bytes;
}

export async function runSdbRestore(options: SdbRestoreOptions, deps: SdbRestoreDependencies): Promise<SdbRestoreResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { logger, client, mysql } = deps;
  const tablePrefix = options.tablePrefix ?? 'sdb_';
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS);
  const listLimit = options.listLimit ?? 100;
  const atIso = options.at.toISOString();
  const inPlace = options.target.kind === 'in-place';

  if (Number.isNaN(options.at.getTime())) throw new RestoreError('input `restore-time`: not a time');
  if (options.at.getTime() > started.getTime()) {
    throw new RestoreError(`input \`restore-time\`: ${atIso} is in the future (now is ${started.toISOString()}): a restore can only go back in time`);
  }
  if (options.target.kind === 'in-place' && !options.target.confirmed) {
    throw new RestoreError(`an in-place restore overwrites live items and deletes those absent at ${atIso}: set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` to confirm`);
  }

  const known = await backedUpDomains(mysql, tablePrefix);
  if (known.size === 0) throw new RestoreError('the MySQL backup holds no successful SimpleDB backup run: there is nothing to restore');
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareBytes);
  for (const domain of domains) {
    const runs = known.get(domain);
    if (!runs) throw new RestoreError(`input \`restore-sources\`: SimpleDB domain ${JSON.stringify(domain)} has never been backed up; backed-up domains: ${[...known.keys()].join(', ')}`);
    if (options.at.getTime() < runs.first) {
      throw new RestoreError(
        `input \`restore-time\`: ${atIso} is before the first backup of domain ${domain} (${new Date(runs.first).toISOString()}): the backup cannot know what it held then`,
      );
    }
    if (options.at.getTime() > runs.last) logger.warn(`${domain}: ${atIso} is after the last backup run (${new Date(runs.last).toISOString()}); later changes are not in the backup`);
  }
  if (options.target.kind === 'domain' && domains.length !== 1) {
    throw new RestoreError('input `restore-target`: a named target domain takes one source domain; select one with `restore-sources`');
  }

  let safetyBackupRunId: string | undefined;
  if (inPlace && !options.dryRun) {
    if (!deps.backup || !deps.client.listDomains || !deps.client.domainMetadata || !deps.client.getAttributes) {
      throw new RestoreError('an in-place SimpleDB restore backs the domains up first: it needs the backup configuration and a client that can read them');
    }
    safetyBackupRunId = await logger.group('Backing up the live items before overwriting them', async () => {
      const result = await runSimpleDbBackup(
        { ...deps.backup!, domains, fullScan: 'always' },
        { client: deps.client as SimpleDbSource, mysql, now },
      );
      logger.info(`safety backup run ${result.runId}: ${result.domains.map((d) => `${d.domain} ${d.versionsWritten} new versions`).join(', ')}`);
      return result.runId;
    });
  }

  const selected = (name: string) =>
    (options.itemPrefix === undefined || name.startsWith(options.itemPrefix)) && (options.items === undefined || options.items.length === 0 || options.items.includes(name));

  const results: SdbRestoreDomainResult[] = [];
  const totals = emptyCounts();
  for (const domain of domains) {
    const targetDomain = options.target.kind === 'in-place' ? domain : options.target.kind === 'domain' ? options.target.name : restoredDomainName(domain, options.at);
    const result = await logger.group(`${options.dryRun ? 'Planning' : 'Restoring'} SimpleDB domain ${domain} as of ${atIso} into ${targetDomain}`, async () => {
      if (!options.dryRun) {
        try {
          await client.createDomain({ DomainName: targetDomain });
        } catch (error) {
          throw new RestoreError(`the restore target domain ${targetDomain} cannot be created or written, nothing was restored: ${(error as Error).message}`, { cause: error });
        }
      }
      return restoreDomain(domain, targetDomain, { options, deps, tablePrefix, batchSize, listLimit, selected });
    });
    results.push(result);
    for (const name of Object.keys(totals) as (keyof SdbRestoreCounts)[]) totals[name] += result.counts[name];
  }
  const status = options.dryRun ? 'dry-run' : totals.mismatched > 0 ? 'partial' : 'complete';
  logger.info(
    `SimpleDB ${options.dryRun ? 'plan' : 'restore'} as of ${atIso}: ${totals.itemsAtT} items existed; ${totals.put} to write, ${totals.unchanged} already right, ` +
      `${totals.removed} to delete${options.dryRun ? ' (dry run: nothing was written)' : `; ${totals.verified} verified, ${totals.mismatched} differ`}`,
  );
  return {
    status,
    at: atIso,
    inPlace,
    domains: results,
    totals,
    ...(safetyBackupRunId ? { safetyBackupRunId } : {}),
    durationMs: now().getTime() - started.getTime(),
  };
}

interface DomainContext {
  options: SdbRestoreOptions;
  deps: SdbRestoreDependencies;
  tablePrefix: string;
  batchSize: number;
  listLimit: number;
  selected: (name: string) => boolean;
}

async function restoreDomain(domain: string, targetDomain: string, context: DomainContext): Promise<SdbRestoreDomainResult> {
  const { options, deps, tablePrefix, batchSize } = context;
  const { client, logger } = deps;
  const counts = emptyCounts();
  const mismatches: string[] = [];
  // The target is read whole (item name -> canonical attributes): SimpleDB's Select has no
  // byte-order guarantee to march against. Memory grows with the target domain.
  const existing = await readDomain(client, targetDomain);
  const wanted = new Map<string, string>();

  let puts: { Name: string; Attributes: { Name: string; Value: string; Replace: boolean }[] }[] = [];
  let putBytes = 0;
  let attributeDeletes: { Name: string; Attributes: { Name: string }[] }[] = [];
  const flushPuts = async () => {
    if (puts.length === 0) return;
    const batch = puts;
    puts = [];
    putBytes = 0;
    await deps.beforeBatch?.('put', batch.map((b) => b.Name));
    await client.batchPutAttributes({ DomainName: targetDomain, Items: batch });
    counts.batchCalls++;
  };
  const flushAttributeDeletes = async () => {
    if (attributeDeletes.length === 0) return;
    const batch = attributeDeletes;
    attributeDeletes = [];
    await deps.beforeBatch?.('delete', batch.map((b) => b.Name));
    await client.batchDeleteAttributes({ DomainName: targetDomain, Items: batch });
    counts.batchCalls++;
  };

  for await (const state of stateAsOf(deps.mysql, domain, options.at, { tablePrefix })) {
    if (!context.selected(state.name)) continue;
    counts.itemsAtT++;
    wanted.set(state.name, state.hash);
    const current = existing.get(state.name);
    if (current && contentHash(current) === state.hash) {
      counts.unchanged++;
      continue;
    }
    counts.put++;
    if (options.dryRun) continue;
    // Attribute names the item has now but did not have at T: removed before the put (which
    // replaces every name it carries), so the item ends exactly as it was.
    const extra = current ? Object.keys(current).filter((name) => !(name in state.attributes)) : [];
    if (extra.length > 0) {
      counts.attributesRemoved += extra.length;
      attributeDeletes.push({ Name: state.name, Attributes: extra.map((Name) => ({ Name })) });
      if (attributeDeletes.length >= batchSize) await flushAttributeDeletes();
    }
    const bytes = itemBytes(state.name, state.attributes);
    if (puts.length >= batchSize || (puts.length > 0 && putBytes + bytes > MAX_BATCH_BYTES)) {
      await flushAttributeDeletes();
      await flushPuts();
    }
    puts.push({ Name: state.name, Attributes: pairsOf(state.attributes) });
    putBytes += bytes;
  }
  if (!options.dryRun) {
    await flushAttributeDeletes();
    await flushPuts();
  }

  // Items the target holds that did not exist at T: deleted in place only.
  if (options.target.kind === 'in-place') {
    const absent = [...existing.keys()].filter((name) => context.selected(name) && !wanted.has(name)).sort(compareBytes);
    counts.removed = absent.length;
    if (!options.dryRun) {
      for (let i = 0; i < absent.length; i += MAX_BATCH_ITEMS) {
        const batch = absent.slice(i, i + MAX_BATCH_ITEMS);
        await deps.beforeBatch?.('delete', batch);
        await client.batchDeleteAttributes({ DomainName: targetDomain, Items: batch.map((Name) => ({ Name })) });
        counts.batchCalls++;
      }
    }
  }

  if (!options.dryRun) {
    // Verify by content hash: read the target back and compare every selected item.
    const after = await readDomain(client, targetDomain);
    for (const [name, hash] of wanted) {
      const got = after.get(name);
      if (got && contentHash(got) === hash) counts.verified++;
      else {
        counts.mismatched++;
        if (mismatches.length < context.listLimit) mismatches.push(name);
      }
    }
    if (options.target.kind === 'in-place') {
      for (const name of after.keys()) {
        if (context.selected(name) && !wanted.has(name)) {
          counts.mismatched++;
          if (mismatches.length < context.listLimit) mismatches.push(name);
        }
      }
    }
  }
  logger.info(
    `${domain} -> ${targetDomain}: ${counts.itemsAtT} items at T, ${counts.put} written, ${counts.unchanged} already right, ${counts.removed} deleted` +
      (options.dryRun ? '' : `; ${counts.verified} verified by content hash, ${counts.mismatched} differ`),
  );
  return { domain, targetDomain, counts, mismatches };
}


export interface SdbVerifyOptions {
  /** Domains to check; empty: every backed-up domain. */
  domains: string[];
  tablePrefix?: string;
  listLimit?: number;
}

export interface SdbVerifyDifference {
  kind: 'never-backed-up' | 'not-backed-up' | 'differs';
  domain: string;
  item?: string;
  detail: string;
}

export interface SdbVerifyResult {
  ok: boolean;
  domains: { domain: string; liveItems: number; backedUp: number; notBackedUp: number; differs: number; deletedSinceBackup: number }[];
  differences: SdbVerifyDifference[];
  differenceCount: number;
  durationMs: number;
}

/**
 * Every live item is in the backup at its current content (by content hash of the canonical
 * attributes, compared with the backup's latest state). Items the backup still holds but the
 * domain no longer has are deletions the next run records: counted, not differences.
 */
export async function runSdbVerify(options: SdbVerifyOptions, deps: { mysql: Connection; client: Pick<SdbRestoreClient, 'select'>; logger: Logger; now?: () => Date }): Promise<SdbVerifyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const tablePrefix = options.tablePrefix ?? 'sdb_';
  const listLimit = options.listLimit ?? 100;
  const known = await backedUpDomains(deps.mysql, tablePrefix);
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareBytes);
  const differences: SdbVerifyDifference[] = [];
  let differenceCount = 0;
  const report = (d: SdbVerifyDifference) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(d);
  };
  const results: SdbVerifyResult['domains'] = [];
  for (const domain of domains) {
    const counts = { domain, liveItems: 0, backedUp: 0, notBackedUp: 0, differs: 0, deletedSinceBackup: 0 };
    results.push(counts);
    if (!known.has(domain)) {
      report({ kind: 'never-backed-up', domain, detail: `SimpleDB domain ${domain} has never been backed up` });
      continue;
    }
    const live = await readDomain(deps.client as SdbRestoreClient, domain);
    // The backup's latest state: as of far enough ahead to include every recorded version.
    const backedUp = new Map<string, string>();
    for await (const state of stateAsOf(deps.mysql, domain, new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), { tablePrefix })) backedUp.set(state.name, state.hash);
    for (const [name, attributes] of live) {
      counts.liveItems++;
      const hash = backedUp.get(name);
      if (hash === undefined) {
        counts.notBackedUp++;
        report({ kind: 'not-backed-up', domain, item: name, detail: `item ${name} is not in the backup` });
      } else if (hash !== contentHash(attributes)) {
        counts.differs++;
        report({ kind: 'differs', domain, item: name, detail: `item ${name} differs from its latest backed-up version` });
      } else counts.backedUp++;
    }
    for (const name of backedUp.keys()) {
      // Deleted since the last run: the next run records it; not a gap in the backup.
      if (!live.has(name)) counts.deletedSinceBackup++;
    }
    deps.logger.info(`${domain}: ${counts.liveItems} live items, ${counts.backedUp} match the backup, ${counts.notBackedUp} missing, ${counts.differs} differ, ${counts.deletedSinceBackup} deleted since`);
  }
  return { ok: differenceCount === 0, domains: results, differences, differenceCount, durationMs: now().getTime() - started.getTime() };
}
