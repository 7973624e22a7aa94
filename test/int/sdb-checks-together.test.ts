// From the review of cd5ad15 (the checks before a SimpleDB backup sent together; each test failed
// until the next commit). Before it, a run that
// failed on MySQL's grants (or on a missing domain) had sent nothing to SimpleDB (or not the
// delete-log check), and the first failure in the order of the domains was the one reported.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { SimpleDbClient } from '../../src/simpledb/client.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { backupConfig, createTestDatabase, type TestDatabase } from './sdb-backup-support.ts';

describe('SimpleDB backup: the checks before a run, sent together', () => {
  let sdb: TestSimpleDb;
  let proxy: FaultProxy;
  let db: TestDatabase;
  const user = `pb_rv_${randomBytes(4).toString('hex')}`;

  before(async () => {
    sdb = await startTestSimpleDb();
    proxy = await startFaultProxy({ upstream: sdb.server.url, flavor: 'simpledb', seed: 3 });
    db = await createTestDatabase();
    for (const d of ['rv_a', 'rv_b', DEFAULTS.deleteLogDomain]) await sdb.client.createDomain({ DomainName: d });
    await db.conn.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'ro-pass-1'`);
    await db.conn.query(`GRANT SELECT, INSERT ON \`${db.name}\`.* TO '${user}'@'%'`);
  });
  after(async () => {
    await db?.conn.query(`DROP USER IF EXISTS '${user}'@'%'`).catch(() => undefined);
    await proxy?.stop();
    await db?.drop();
    await sdb?.close();
  });

  const backup = (config: SimpleDbBackupConfig, client: SimpleDbClient) => withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history }));

  /** Runs `config` with every DomainMetadata matching `held` held; reports the outcome and whether each held request was hung up on soon after. */
  async function runWithHeld(config: SimpleDbBackupConfig, held: (domain: string | null | undefined) => boolean) {
    proxy.clearRules();
    proxy.resetCounts();
    let holds = 0;
    let gone = 0;
    proxy.inject({
      op: 'DomainMetadata',
      match: (r) => held(r.params?.get('DomainName')),
      fault: { type: 'hold', onHold: () => holds++, onClientGone: () => gone++ },
    });
    // The CLI's retry settings: 5 attempts, 30 s each (here 60 s).
    const patient = sdb.makeClient({ endpoint: proxy.url, maxAttempts: 5, requestTimeoutMs: 60_000 });
    const outcome = await backup(config, patient).then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.clearRules();
    return { outcome, holds, gone };
  }

  test('MySQL grants refused: no DomainMetadata is left hanging after the run reported (a hanging SimpleDB keeps the process alive 5 x 30 s)', async () => {
    const config = backupConfig(db, ['rv_a', 'rv_b'], { mysql: { ...db.settings, user, password: 'ro-pass-1' } });
    const { outcome, holds, gone } = await runWithHeld(config, () => true);
    assert.ok(outcome instanceof ConfigError && outcome.input === 'mysql-user', `the grants are reported: ${String(outcome)}`);
    assert.equal(holds - gone, 0, `${holds} DomainMetadata request(s) sent; ${holds - gone} still in flight 3 s after the run failed on MySQL's grants`);
  });

  test('a missing domain: the delete-log check is not left hanging after the run reported', async () => {
    const config = backupConfig(db, ['rv_a', 'rv_absent']);
    const { outcome, holds, gone } = await runWithHeld(config, (d) => d === DEFAULTS.deleteLogDomain);
    assert.ok(outcome instanceof ConfigError && outcome.input === 'simpledb-domains', `the missing domain is reported: ${String(outcome)}`);
    assert.equal(holds - gone, 0, `${holds} delete-log DomainMetadata sent; ${holds - gone} still in flight 3 s after the run failed`);
  });

  test('more than 8 domains, the first refused: no further checks are sent or left hanging once the run has failed', async () => {
    const domains = Array.from({ length: 12 }, (_, i) => `rv_many_${i}`);
    for (const d of domains) await sdb.client.createDomain({ DomainName: d });
    proxy.clearRules();
    proxy.resetCounts();
    proxy.inject({ op: 'DomainMetadata', match: (r) => r.params?.get('DomainName') === 'rv_many_0', fault: { type: 'status', status: 403, code: 'AuthFailure', message: 'refused' } });
    let holds = 0;
    let gone = 0;
    proxy.inject({ op: 'DomainMetadata', match: (r) => r.params?.get('DomainName') !== 'rv_many_0', fault: { type: 'hold', onHold: () => holds++, onClientGone: () => gone++ } });
    const patient = sdb.makeClient({ endpoint: proxy.url, maxAttempts: 5, requestTimeoutMs: 60_000 });
    const outcome = await backup(backupConfig(db, domains), patient).then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.clearRules();
    assert.ok(outcome instanceof ConfigError && outcome.input === 'simpledb-region', `the refusal is reported: ${String(outcome)}`);
    assert.equal(holds - gone, 0, `${holds} DomainMetadata request(s) held; ${holds - gone} still in flight 3 s after the run failed`);
  });

  test('the first failure in the order of the domains is the one reported (unreachable for the first, refused for the second)', async () => {
    proxy.clearRules();
    proxy.resetCounts();
    proxy.inject({ op: 'DomainMetadata', match: (r) => r.params?.get('DomainName') === 'rv_a', fault: { type: 'stall' } });
    proxy.inject({ op: 'DomainMetadata', match: (r) => r.params?.get('DomainName') === 'rv_b', fault: { type: 'status', status: 403, code: 'AuthFailure', message: 'refused' } });
    const client = sdb.makeClient({ endpoint: proxy.url, maxAttempts: 2, requestTimeoutMs: 300 });
    const outcome = await backup(backupConfig(db, ['rv_a', 'rv_b']), client).then(
      () => undefined,
      (e: unknown) => e,
    );
    proxy.clearRules();
    // Before cd5ad15 the domains were checked one by one: rv_a's failure (cannot reach SimpleDB) came first.
    assert.ok(outcome instanceof ConfigError, String(outcome));
    assert.equal(outcome.input, 'simpledb-endpoint', `rv_a (first named) cannot be reached; reported instead: ${outcome.message}`);
  });
});
