// Whether the MySQL user may do what a backup does, judged from SHOW GRANTS before anything is
// written, so a read-only user fails at once with the GRANT to run rather than halfway through.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { ConfigError } from '../../../config/errors.ts';

/** Privileges the backup needs on its database. */
export const REQUIRED_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'CREATE VIEW'] as const;

/**
 * Throws a ConfigError naming `mysql-user` when the connection's user lacks any of
 * REQUIRED_PRIVILEGES on its database; returns when it has them or when the grants cannot be
 * judged (roles, proxies).
 */
export async function checkPrivileges(conn: Connection): Promise<void> {
  const database = conn.config.database ?? '';
  const user = conn.config.user ?? '';
  const missing = await missingPrivileges(conn, database);
  if (missing && missing.length > 0) {
    throw new ConfigError(
      'mysql-user',
      `user "${user}" lacks ${missing.join(', ')} on database "${database}"; ` +
        `run GRANT ${missing.join(', ')} ON \`${database}\`.* TO '${user}'@'%' (or use another user)`,
    );
  }
}

/**
 * The privileges of REQUIRED_PRIVILEGES the current user lacks on `database`, from SHOW GRANTS;
 * undefined when the grants cannot be judged (roles, proxies): the caller then proceeds.
 */
export async function missingPrivileges(conn: Connection, database: string): Promise<string[] | undefined> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW GRANTS');
  const lines = rows.map((r) => String(Object.values(r)[0]));
  return missingFromGrants(lines, database);
}

/** Pure part of missingPrivileges. */
export function missingFromGrants(lines: readonly string[], database: string): string[] | undefined {
  const have = new Set<string>();
  let unsure = false;
  for (const line of lines) {
    const m = /^GRANT (.+?) ON (\S+) TO /i.exec(line);
    if (!m) {
      if (/^GRANT /i.test(line)) unsure = true; // a role grant: its privileges are not listed here
      continue;
    }
    const target = m[2]!;
    const dbPart = target.split('.')[0]!;
    const tablePart = target.slice(dbPart.length + 1);
    if (tablePart !== '*') continue;
    const applies = dbPart === '*' || matchesDbPattern(dbPart.replace(/^`|`$/g, '').replaceAll('``', '`'), database);
    if (!applies) continue;
    for (const p of m[1]!.split(',').map((s) => s.trim().toUpperCase())) {
      if (p === 'ALL' || p === 'ALL PRIVILEGES') for (const r of REQUIRED_PRIVILEGES) have.add(r);
      else have.add(p.replace(/\s+/g, ' '));
    }
  }
  const missing = REQUIRED_PRIVILEGES.filter((p) => !have.has(p));
  if (missing.length > 0 && unsure) return undefined;
  return missing;
}

/** A database name against a GRANT's pattern (`_` and `%` are wildcards, `\` escapes). */
function matchesDbPattern(pattern: string, database: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '_') re += '.';
    else if (ch === '%') re += '.*';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 's').test(database);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
