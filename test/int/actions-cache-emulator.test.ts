/**
 * The cache service emulator's own protocol behaviour, spoken to directly over HTTP: what the real
 * service does and `@actions/cache` relies on (the library round trip is in actions-cache-store).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startActionsCacheEmulator } from '../support/actions-cache-emulator.ts';
import type { ActionsCacheEmulator } from '../support/actions-cache-emulator.ts';

let emulator: ActionsCacheEmulator;

async function call(method: string, body: unknown, token = emulator.env['ACTIONS_RUNTIME_TOKEN']): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/twirp/github.actions.results.api.v1.CacheService/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Create, upload in one PUT, finalize. */
async function store(key: string, data: string, version = 'v1'): Promise<void> {
  const created = await call('CreateCacheEntry', { key, version });
  assert.equal(created.status, 200);
  const put = await fetch(String(created.body['signed_upload_url']), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: data });
  assert.equal(put.status, 201);
  const done = await call('FinalizeCacheEntryUpload', { key, version, size_bytes: String(Buffer.byteLength(data)) });
  assert.equal(done.body['ok'], true);
}

async function lookup(key: string, restoreKeys: string[] = [], version = 'v1'): Promise<{ matched?: string; data?: string }> {
  const found = await call('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version });
  assert.equal(found.status, 200);
  if (found.body['ok'] !== true) return {};
  const download = await fetch(String(found.body['signed_download_url']));
  assert.equal(download.status, 200);
  const data = await download.text();
  assert.equal(download.headers.get('content-length'), String(Buffer.byteLength(data)));
  return { matched: String(found.body['matched_key']), data };
}

before(async () => {
  emulator = await startActionsCacheEmulator();
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.evictAll();
  emulator.failAll(false);
});

describe('actions cache emulator', () => {
  test('env selects the v2 service and carries a JWT-shaped token with an ac claim', () => {
    assert.equal(emulator.env['ACTIONS_CACHE_SERVICE_V2'], 'true');
    assert.equal(emulator.env['ACTIONS_RESULTS_URL'], `${emulator.url}/`);
    assert.equal(emulator.env['GITHUB_SERVER_URL'], 'https://github.com');
    const parts = emulator.env['ACTIONS_RUNTIME_TOKEN']!.split('.');
    assert.equal(parts.length, 3);
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { ac: string };
    assert.deepEqual(JSON.parse(claims.ac), [{ Scope: 'refs/heads/main', Permission: 3 }]);
  });

  test('exact match first, then the newest (last finalized) entry with the prefix; versions must match', async () => {
    // Created in one order, finalized in the other: "newest" is the last finalized.
    const a = await call('CreateCacheEntry', { key: 'p-1', version: 'v1' });
    await store('p-2', 'two');
    await fetch(String(a.body['signed_upload_url']), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'one' });
    await call('FinalizeCacheEntryUpload', { key: 'p-1', version: 'v1', size_bytes: '3' });
    assert.deepEqual(await lookup('p-'), { matched: 'p-1', data: 'one' });
    assert.deepEqual(await lookup('p-2', ['p-']), { matched: 'p-2', data: 'two' });
    assert.deepEqual(await lookup('q-', ['p-2']), { matched: 'p-2', data: 'two' });
    assert.deepEqual(await lookup('p-', [], 'v2'), {});
    assert.deepEqual(
      emulator.entries().map((e) => [e.key, e.size]),
      [['p-2', 3], ['p-1', 3]],
    );
  });

  test('an entry is not visible until finalized, and a key cannot be created twice', async () => {
    const created = await call('CreateCacheEntry', { key: 'k', version: 'v1' });
    assert.equal(created.body['ok'], true);
    assert.deepEqual(await lookup('k'), {});
    const again = await call('CreateCacheEntry', { key: 'k', version: 'v1' });
    assert.equal(again.status, 409);
    assert.equal(again.body['code'], 'already_exists');
  });

  test('block uploads and a block list make one blob', async () => {
    const created = await call('CreateCacheEntry', { key: 'blocks', version: 'v1' });
    const url = new URL(String(created.body['signed_upload_url']));
    const ids = ['AAAA', 'AAAB'].map((id) => Buffer.from(id).toString('base64'));
    for (const [i, id] of ids.entries()) {
      const block = new URL(url);
      block.searchParams.set('comp', 'block');
      block.searchParams.set('blockid', id);
      assert.equal((await fetch(block, { method: 'PUT', body: i === 0 ? 'hello ' : 'world' })).status, 201);
    }
    const list = new URL(url);
    list.searchParams.set('comp', 'blocklist');
    const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    assert.equal((await fetch(list, { method: 'PUT', body: xml })).status, 201);
    await call('FinalizeCacheEntryUpload', { key: 'blocks', version: 'v1', size_bytes: '11' });
    assert.deepEqual(await lookup('blocks'), { matched: 'blocks', data: 'hello world' });
  });

  test('evict drops an entry; evictAll drops them all', async () => {
    await store('e-1', 'x');
    await store('e-2', 'y');
    assert.equal(emulator.evict('e-2'), true);
    assert.equal(emulator.evict('e-2'), false);
    assert.deepEqual(await lookup('e-'), { matched: 'e-1', data: 'x' });
    emulator.evictAll();
    assert.deepEqual(emulator.entries(), []);
    assert.deepEqual(await lookup('e-'), {});
  });

  test('errors are JSON {code, msg}: a wrong token, failAll, an unknown method', async () => {
    const denied = await call('GetCacheEntryDownloadURL', { key: 'k', version: 'v1' }, 'wrong');
    assert.equal(denied.status, 401);
    assert.equal(denied.body['code'], 'unauthenticated');
    emulator.failAll(true);
    const failing = await call('GetCacheEntryDownloadURL', { key: 'k', version: 'v1' });
    assert.equal(failing.status, 403);
    assert.equal(typeof failing.body['msg'], 'string');
    emulator.failAll(true, 'internal');
    assert.equal((await call('CreateCacheEntry', { key: 'k', version: 'v1' })).status, 500);
    emulator.failAll(false);
    const unknown = await call('DeleteCacheEntry', { key: 'k' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body['code'], 'not_found');
    assert.ok(emulator.requests().some((r) => r.call === 'DeleteCacheEntry' && r.status === 404));
  });
});
