// What SimpleDB restore and verify read: a live domain's items, and which domains the MySQL
// backup holds (the runs table and the domain mapping).
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { SelectInput, SelectOutput } from '../../simpledb/client.ts';
import { SimpleDbError } from '../../simpledb/errors.ts';
import { quoteName } from '../../simpledb/expression.ts';
import { selectItems } from '../../simpledb/paginate.ts';
import { quoteIdentifier as q } from '../../stores/history/mysql/identifiers.ts';
import { fromSqlTime, systemTableNames } from '../../stores/history/mysql/store.ts';
import { canonicalAttributes, type AttributeMap } from './plan.ts';

export function isNoSuchDomain(error: unknown): boolean {
  return error instanceof SimpleDbError && error.code === 'NoSuchDomain';
}

/** Every item of a live domain, streamed with its canonical attributes (an absent domain is empty). */
export async function* domainItems(client: { select(input: SelectInput): Promise<SelectOutput> }, domain: string): AsyncGenerator<{ name: string; attributes: AttributeMap }> {
  try {
    for await (const item of selectItems(client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true })) {
      yield { name: item.Name, attributes: canonicalAttributes(item.Attributes) };
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  }
}

/** Every item of a domain by name (memory grows with the domain; SimpleDB's Select has no byte order to march against). */
export async function readDomain(client: { select(input: SelectInput): Promise<SelectOutput> }, domain: string): Promise<Map<string, AttributeMap>> {
  const items = new Map<string, AttributeMap>();
  for await (const item of domainItems(client, domain)) items.set(item.name, item.attributes);
  return items;
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** The backed-up domains and when each was first and last backed up (successful runs only). */
export async function backedUpDomains(mysql: Connection, tablePrefix: string): Promise<Map<string, { first: number; last: number }>> {
  const runs = systemTableNames(tablePrefix).runs;
  const found = new Map<string, { first: number; last: number }>();
  let rows: RowDataPacket[];
  try {
    [rows] = await mysql.query<RowDataPacket[]>(`SELECT domain, MIN(started_at) AS first, MAX(finished_at) AS last FROM ${q(runs)} WHERE status = 'ok' GROUP BY domain`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return found;
    throw error;
  }
  for (const row of rows) found.set(text(row['domain']), { first: fromSqlTime(String(row['first'])), last: fromSqlTime(String(row['last'])) });
  return found;
}

/**
 * Every domain the backup has tables for, whatever became of its runs: each holds (or held) live
 * data the backup covers, so restoring into one is restoring over live data.
 */
export async function domainsInBackup(mysql: Connection, tablePrefix: string): Promise<Set<string>> {
  const found = new Set<string>();
  let rows: RowDataPacket[];
  try {
    [rows] = await mysql.query<RowDataPacket[]>(`SELECT domain FROM ${q(systemTableNames(tablePrefix).domains)}`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return found;
    throw error;
  }
  for (const row of rows) found.add(text(row['domain']));
  return found;
}
