// Signature Version 2 over real HTTP: temporary credentials, GET and POST, HmacSHA1, and every way to fail.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { SimpleDbClient, SimpleDbError } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

const TEMP = { accessKeyId: 'ASIATEMP', secretAccessKey: 'temp-secret', sessionToken: 'session/token+with=odd chars' };
let db: TestSimpleDb;
before(async () => {
  db = await startTestSimpleDb({ credentials: [{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }, TEMP] });
  await db.client.createDomain({ DomainName: 'auth' });
});
after(async () => {
  await db.close();
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof SimpleDbError, String(err));
    return `${err.code}/${err.statusCode}`;
  }
}

test('temporary credentials: SecurityToken is sent, signed and checked', async () => {
  const ok = db.makeClient({ credentials: TEMP });
  await ok.putAttributes({ DomainName: 'auth', ItemName: 'i', Attributes: [{ Name: 'a', Value: '1' }] });
  const noToken = db.makeClient({ credentials: { accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey } });
  assert.equal(await code(noToken.listDomains()), 'AuthFailure/403');
  const wrongToken = db.makeClient({ credentials: { ...TEMP, sessionToken: 'other' } });
  assert.equal(await code(wrongToken.listDomains()), 'AuthFailure/403');
  // A provider function (like the default chain) works the same way.
  const viaProvider = db.makeClient({ credentials: async () => TEMP });
  assert.deepEqual((await viaProvider.listDomains()).DomainNames, ['auth']);
});

test('bad secret, unknown key: AuthFailure 403, never retried', async () => {
  let calls = 0;
  const bad = db.makeClient({ credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'wrong' }, sleep: async () => void calls++ });
  const err = await bad.listDomains().catch((e: SimpleDbError) => e);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'AuthFailure');
  assert.equal(err.statusCode, 403);
  assert.equal(err.attempts, 1);
  assert.ok(err.requestId);
  assert.equal(calls, 0);
  assert.equal(await code(db.makeClient({ credentials: { accessKeyId: 'NOPE', secretAccessKey: 'x' } }).listDomains()), 'AuthFailure/403');
});

test('GET and HmacSHA1 are accepted too', async () => {
  const get = db.makeClient({ httpMethod: 'GET', signatureMethod: 'HmacSHA1' });
  const page = await get.select({ SelectExpression: "select * from auth where a = '1' and `odd name` is null", ConsistentRead: true });
  assert.deepEqual(page.Items.map((i) => i.Name), ['i']);
});

test('expired requests: a Timestamp far from the server clock is RequestExpired', async () => {
  const old = db.makeClient({ now: () => new Date(Date.now() - 20 * 60_000) });
  assert.equal(await code(old.listDomains()), 'RequestExpired/400');
  const future = db.makeClient({ now: () => new Date(Date.now() + 20 * 60_000) });
  assert.equal(await code(future.listDomains()), 'RequestExpired/400');
  const slightlyOff = db.makeClient({ now: () => new Date(Date.now() - 5 * 60_000) });
  assert.deepEqual((await slightlyOff.listDomains()).DomainNames, ['auth']);
});

/** Signs by hand (independently of src/simpledb/sigv2.ts) and posts raw parameters. */
function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
async function raw(params: Record<string, string>, opts: { sign?: boolean; secret?: string; method?: 'GET' | 'POST' } = {}): Promise<{ status: number; body: string }> {
  const url = new URL(db.server.url);
  const method = opts.method ?? 'POST';
  const all: Record<string, string> = { ...params };
  if (opts.sign !== false) {
    const keys = Object.keys(all).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const canonical = keys.map((k) => `${rfc3986(k)}=${rfc3986(all[k]!)}`).join('&');
    const toSign = `${method}\n${url.host.toLowerCase()}\n/\n${canonical}`;
    all['Signature'] = createHmac('sha256', opts.secret ?? 'local-secret').update(toSign).digest('base64');
  }
  const body = new URLSearchParams(all).toString();
  const res = method === 'POST'
    ? await fetch(url, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    : await fetch(new URL(`/?${body}`, url), { method });
  return { status: res.status, body: await res.text() };
}
const base = () => ({ Version: '2009-04-15', AWSAccessKeyId: 'AKIDLOCAL', SignatureVersion: '2', SignatureMethod: 'HmacSHA256', Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });

test('an independently signed request is accepted; its XML is SimpleDB-shaped', async () => {
  const res = await raw({ ...base(), Action: 'ListDomains' });
  assert.equal(res.status, 200);
  assert.match(res.body, /^<\?xml version="1.0"\?>\n<ListDomainsResponse xmlns="http:\/\/sdb.amazonaws.com\/doc\/2009-04-15\/"><ListDomainsResult><DomainName>auth<\/DomainName><\/ListDomainsResult><ResponseMetadata><RequestId>[0-9a-f-]+<\/RequestId><BoxUsage>[0-9.]+<\/BoxUsage><\/ResponseMetadata><\/ListDomainsResponse>$/);
  const get = await raw({ ...base(), Action: 'ListDomains' }, { method: 'GET' });
  assert.equal(get.status, 200);
});

test('Expires instead of Timestamp, offsets in Timestamp', async () => {
  const { Timestamp: _t, ...rest } = base();
  void _t;
  assert.equal((await raw({ ...rest, Action: 'ListDomains', Expires: new Date(Date.now() + 60_000).toISOString() })).status, 200);
  assert.equal((await raw({ ...rest, Action: 'ListDomains', Expires: new Date(Date.now() - 60_000).toISOString() })).status, 400);
  const d = new Date(Date.now() - 7 * 3600_000);
  const local = `${d.toISOString().slice(0, 19)}-07:00`;
  assert.equal((await raw({ ...rest, Action: 'ListDomains', Timestamp: local })).status, 200);
});

test('error bodies: missing signature, missing action, unknown action, bad version, tampered parameter', async () => {
  const missingSig = await raw({ ...base(), Action: 'ListDomains' }, { sign: false });
  assert.equal(missingSig.status, 400);
  assert.match(missingSig.body, /^<\?xml version="1.0"\?>\n<Response><Errors><Error><Code>MissingParameter<\/Code><Message>[^<]*Signature<\/Message><BoxUsage>[0-9.]+<\/BoxUsage><\/Error><\/Errors><RequestID>[0-9a-f-]+<\/RequestID><\/Response>$/);
  const noAction = await raw({ ...base() });
  assert.equal(noAction.status, 400);
  assert.match(noAction.body, /<Code>MissingAction<\/Code>/);
  const unknown = await raw({ ...base(), Action: 'DropEverything' });
  assert.match(unknown.body, /<Code>InvalidAction<\/Code>/);
  const version = await raw({ ...base(), Version: '2007-11-07', Action: 'ListDomains' });
  assert.match(version.body, /<Code>InvalidParameterValue<\/Code>/);
  const wrongSecret = await raw({ ...base(), Action: 'ListDomains' }, { secret: 'nope' });
  assert.equal(wrongSecret.status, 403);
  assert.match(wrongSecret.body, /<Code>AuthFailure<\/Code>/);
  const v4 = await raw({ ...base(), SignatureVersion: '4', Action: 'ListDomains' });
  assert.equal(v4.status, 400);
});

test('list parameters accept any positive index, with gaps', async () => {
  const res = await raw({ ...base(), Action: 'PutAttributes', DomainName: 'auth', ItemName: 'gaps', 'Attribute.3.Name': 'c', 'Attribute.3.Value': '3', 'Attribute.17.Name': 'q', 'Attribute.17.Value': '17' });
  assert.equal(res.status, 200, res.body);
  const got = await db.client.getAttributes({ DomainName: 'auth', ItemName: 'gaps', ConsistentRead: true });
  assert.deepEqual(got.Attributes.map((a) => `${a.Name}=${a.Value}`).sort(), ['c=3', 'q=17']);
});

test('a region with no SimpleDB endpoint is refused at construction; known regions map to endpoints', () => {
  assert.throws(() => new SimpleDbClient({ region: 'eu-central-1', credentials: TEMP }), (e: unknown) => e instanceof SimpleDbError && e.code === 'InvalidParameterValue');
  assert.equal(new SimpleDbClient({ region: 'us-east-1', credentials: TEMP }).endpoint.href, 'https://sdb.amazonaws.com/');
  assert.equal(new SimpleDbClient({ region: 'eu-west-1', credentials: TEMP }).endpoint.href, 'https://sdb.eu-west-1.amazonaws.com/');
  assert.equal(new SimpleDbClient({ endpoint: 'sdb.example.test:8443', credentials: TEMP }).endpoint.href, 'https://sdb.example.test:8443/');
  assert.equal(JSON.stringify(new SimpleDbClient({ credentials: TEMP })).includes('temp-secret'), false);
});
