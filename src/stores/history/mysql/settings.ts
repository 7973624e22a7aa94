// MySQL/MariaDB connection settings (config/mysql.ts parses them from the inputs) and their
// description for logs, never with the password. Pure (no driver): config/ imports it without
// loading mysql2.

/** TLS: `off`; `on` (encrypted, server certificate not verified); `verify` (encrypted and verified, optionally against `sslCa`). */
export type MySqlSslMode = 'off' | 'on' | 'verify';

export interface MySqlSettings {
  host: string;
  port: number;
  user: string;
  /** A secret: never logged, never part of an error message. */
  password: string;
  database: string;
  ssl: MySqlSslMode;
  /** PEM certificate authority for `verify` (the text, not a path). */
  sslCa?: string;
  /** Connect timeout in ms (default 10 000). */
  connectTimeoutMs?: number;
}

/** `user@host:port/database (tls on)`, for logs: never the password. */
export function describeMySql(s: MySqlSettings): string {
  return `${s.user}@${s.host}:${s.port}/${s.database} (tls ${s.ssl})`;
}
