import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { ActionsCacheWatermarkStore, configHash } from '../../src/watermark/actions-cache-store.ts';

const noop = (): void => {};

describe('configHash', () => {
  const config = { sources: ['s3://a/x', 'sdb:items'], destination: { bucket: 'b', endpoint: 'https://s3.example' }, overlapSeconds: 300 };

  test('is 16 hex digits and stable whatever the key order', () => {
    const hash = configHash(config);
    assert.match(hash, /^[0-9a-f]{16}$/);
    assert.equal(configHash({ overlapSeconds: 300, destination: { endpoint: 'https://s3.example', bucket: 'b' }, sources: ['s3://a/x', 'sdb:items'] }), hash);
    assert.equal(configHash({ ...config, dryRun: undefined }), hash);
  });

  test('differs for a different source, destination or order of sources', () => {
    const hash = configHash(config);
    assert.notEqual(configHash({ ...config, sources: ['s3://a/y', 'sdb:items'] }), hash);
    assert.notEqual(configHash({ ...config, destination: { bucket: 'c', endpoint: 'https://s3.example' } }), hash);
    assert.notEqual(configHash({ ...config, sources: ['sdb:items', 's3://a/x'] }), hash);
  });

  test('leaves out secrets: credential keys and URL passwords', () => {
    const hash = configHash({ ...config, mysqlUrl: 'mysql://backup@db.example:3306/history' });
    assert.equal(configHash({ ...config, mysqlUrl: 'mysql://backup:s3cret@db.example:3306/history' }), hash);
    assert.equal(
      configHash({ ...config, mysqlUrl: 'mysql://backup:other@db.example:3306/history', destination: { ...config.destination, secretAccessKey: 'x', sessionToken: 'y', credentials: { a: 1 } } }),
      hash,
    );
    assert.notEqual(configHash({ ...config, mysqlUrl: 'mysql://backup@db2.example:3306/history' }), hash);
  });
});

describe('ActionsCacheWatermarkStore keys and path', () => {
  test('save key is unique per run and attempt; restore uses the prefix', () => {
    const store = new ActionsCacheWatermarkStore({ configHash: '0123456789abcdef', runId: '42', runAttempt: '3', tempDir: '/runner/_temp', warn: noop });
    assert.equal(store.name, 'actions-cache');
    assert.equal(store.keyPrefix, 'pullback-watermark-0123456789abcdef-');
    assert.equal(store.saveKey, 'pullback-watermark-0123456789abcdef-42-3');
    assert.equal(store.path, join(resolve('/runner/_temp'), 'pullback-watermark-0123456789abcdef', 'watermarks.json'));
  });

  test('rejects inputs that would make a bad key', () => {
    const base = { configHash: '0123456789abcdef', runId: '1', runAttempt: '1', tempDir: '/tmp', warn: noop };
    assert.throws(() => new ActionsCacheWatermarkStore({ ...base, configHash: 'not,hex' }), /configHash/);
    assert.throws(() => new ActionsCacheWatermarkStore({ ...base, runId: '' }), /runId/);
    assert.throws(() => new ActionsCacheWatermarkStore({ ...base, runAttempt: 'a,b' }), /runAttempt/);
    assert.throws(() => new ActionsCacheWatermarkStore({ ...base, tempDir: '' }), /tempDir/);
  });
});
