// Settings -> config: defaults, URL and parts, and errors that name the setting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { parseMySqlUrl } from '../../src/config/mysql.ts';
import { parseDuration } from '../../src/config/parse.ts';
import { buildSimpleDbBackupConfig as parseSimpleDbBackupSettings, describeSimpleDbConfig as describeConfig } from '../../src/config/simpledb.ts';
import { describeMySql } from '../../src/stores/history/mysql/settings.ts';

const base = { 'mysql-database': 'backups', 'simpledb-domains': 'users, orders' };

describe('parseSimpleDbBackupSettings', () => {
  test('defaults', () => {
    const c = parseSimpleDbBackupSettings(base);
    assert.deepStrictEqual(c.domains, ['users', 'orders']);
    assert.equal(c.stampAttribute, 'lastModified');
    assert.equal(c.deleteLogDomain, 'pullback_delete_log');
    assert.equal(c.overlapMs, 300_000);
    assert.equal(c.fullScan, 'auto');
    assert.equal(c.tablePrefix, 'sdb_');
    assert.equal(c.batchSize, 500);
    assert.equal(c.domainsAtOnce, 4, 'four domains at once unless simpledb-domains-at-once says otherwise');
    assert.deepStrictEqual({ ...c.mysql }, { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'backups', ssl: 'off' });
  });

  test('a URL, with separate settings overriding its parts', () => {
    const c = parseSimpleDbBackupSettings({
      'mysql-url': 'mysql://backup%40x:p%3Ass@db.example.com:3307/prod?ssl=verify',
      'mysql-password': 's3cret',
      'simpledb-domains': 'all',
      'simpledb-overlap': '10m',
      'full-scan': 'always',
      'simpledb-domains-at-once': '1',
      'mysql-table-prefix': '',
      'simpledb-endpoint': 'http://127.0.0.1:8080',
    });
    assert.equal(c.mysql.user, 'backup@x');
    assert.equal(c.mysql.password, 's3cret');
    assert.equal(c.mysql.host, 'db.example.com');
    assert.equal(c.mysql.port, 3307);
    assert.equal(c.mysql.database, 'prod');
    assert.equal(c.mysql.ssl, 'verify');
    assert.equal(c.domains, 'all');
    assert.equal(c.overlapMs, 600_000);
    assert.equal(c.fullScan, 'always');
    assert.equal(c.domainsAtOnce, 1);
    assert.equal(c.tablePrefix, '');
    assert.equal(parseMySqlUrl('mysql://u:pw@h/d').password, 'pw');
  });

  test('the password never shows', () => {
    const c = parseSimpleDbBackupSettings({ ...base, 'mysql-password': 'hunter2' });
    assert.ok(!JSON.stringify(describeConfig(c)).includes('hunter2'));
    assert.ok(!describeMySql(c.mysql).includes('hunter2'));
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ 'simpledb-domains': 'users' }, 'mysql-database', /missing/],
    [{ 'mysql-database': 'd' }, 'simpledb-domains', /missing/],
    [{ ...base, 'simpledb-domains': 'no' }, 'simpledb-domains', /not a SimpleDB domain/],
    [{ ...base, 'simpledb-domains': 'a;b' }, 'simpledb-domains', /not a SimpleDB domain/],
    [{ ...base, 'mysql-url': 'postgres://x/y' }, 'mysql-url', /scheme/],
    [{ ...base, 'mysql-url': 'not a url' }, 'mysql-url', /not a URL/],
    [{ ...base, 'mysql-url': 'mysql://u@h:3306/' }, 'mysql-url', /no database/],
    [{ ...base, 'mysql-port': '99999' }, 'mysql-port', /not a port/],
    [{ ...base, 'mysql-ssl': 'maybe' }, 'mysql-ssl', /off, on or verify/],
    [{ ...base, 'mysql-ssl-ca': 'a path' }, 'mysql-ssl-ca', /PEM/],
    [{ ...base, 'simpledb-overlap': 'soon' }, 'simpledb-overlap', /duration/],
    [{ ...base, 'full-scan': 'sometimes' }, 'full-scan', /auto/],
    [{ ...base, 'simpledb-domains-at-once': '0' }, 'simpledb-domains-at-once', /from 1 to 16/],
    [{ ...base, 'simpledb-domains-at-once': '17' }, 'simpledb-domains-at-once', /from 1 to 16/],
    [{ ...base, 'simpledb-domains-at-once': 'many' }, 'simpledb-domains-at-once', /whole number/],
    [{ ...base, 'mysql-table-prefix': 'a-b' }, 'mysql-table-prefix', /16 characters/],
        [{ ...base, 'delete-log-domain': 'x' }, 'delete-log-domain', /domain name/],
    [{ ...base, 'simpledb-region': 'mars' }, 'simpledb-region', /region/],
  ];
  for (const [raw, setting, message] of bad) {
    test(`error names ${setting} (${JSON.stringify(raw[setting] ?? 'missing')})`, () => {
      assert.throws(
        () => parseSimpleDbBackupSettings(raw),
        (err: unknown) => err instanceof ConfigError && err.input === setting && message.test(err.message) && err.message.startsWith(`input \`${setting}\`: `),
      );
    });
  }

  test('durations: the one rule of every input (a bare number is seconds)', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('250'), 250_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('soon'), undefined);
  });
});
