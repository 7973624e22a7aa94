// The SimpleDB client bounds what it reads (issue 9, item 13): a response larger than the cap is
// refused while it streams in (SimpleDB's own pages stop at 1 MB), and XML nested too deep or
// with too many elements is refused before it is built. A small HTTP server here plays a hostile
// or broken endpoint; each case checks the error (naming the action and the endpoint, not
// retried) and the peak memory the call took.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RESPONSE_LIMITS, SimpleDbClient, SimpleDbError } from '../../src/simpledb/client.ts';

const MiB = 1024 * 1024;
/** The hostile body (the issue's 300 MiB). SIMPLEDB_LIMITS_BODY_MIB shrinks it to try unbounded code safely. */
const HUGE_BYTES = Number(process.env['SIMPLEDB_LIMITS_BODY_MIB'] ?? 300) * MiB;
/** What a refused call may add to the process's peak RSS. */
const MEMORY_BUDGET = 96 * MiB;

type Behaviour = (res: ServerResponse) => void;

/** Streams `total` bytes of `<Item>` elements after a Select preamble, honouring backpressure. */
function endless(total: number, declareLength: boolean, sent: { bytes: number }): Behaviour {
  return (res) => {
    const head = Buffer.from('<?xml version="1.0"?><SelectResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"><SelectResult>');
    const chunk = Buffer.from('<Item><Name>x</Name><Attribute><Name>a</Name><Value>v</Value></Attribute></Item>'.repeat(800));
    res.writeHead(200, { 'content-type': 'text/xml', ...(declareLength ? { 'content-length': String(total) } : {}) });
    let written = 0;
    const pump = (): void => {
      while (written < total) {
        const piece = written === 0 ? head : chunk.subarray(0, Math.min(chunk.length, total - written));
        written += piece.length;
        sent.bytes = written;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => undefined);
    pump();
  };
}

function fixed(body: string): Behaviour {
  const bytes = Buffer.from(body);
  return (res) => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(bytes.length) });
    res.end(bytes);
  };
}

/** The largest RSS seen while `run` was in flight, minus the RSS before it. */
async function peakGrowth(run: () => Promise<unknown>): Promise<{ growth: number; outcome: unknown }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (error) {
    outcome = error;
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { growth: peak - before, outcome };
}

describe('SimpleDB client: bounded responses', () => {
  let server: Server;
  let endpoint: string;
  let behaviour: Behaviour = fixed('<x/>');
  let requests = 0;
  let client: SimpleDbClient;
  const measured: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => behaviour(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new SimpleDbClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, maxAttempts: 3, sleep: async () => {}, requestTimeoutMs: 120_000 });
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    console.log(`# peak RSS growth per refused call: ${measured.join('; ')}`);
  });

  const refused = (outcome: unknown, code: string, action: string): SimpleDbError => {
    assert.ok(outcome instanceof SimpleDbError, `expected a SimpleDbError, got ${outcome instanceof Error ? outcome.stack : `a result (${String(JSON.stringify(outcome)).slice(0, 120)}...)`}`);
    assert.equal(outcome.code, code, outcome.message);
    assert.equal(outcome.action, action);
    assert.match(outcome.message, new RegExp(`^${action}: `));
    assert.ok(outcome.message.includes(endpoint), `the message names the endpoint: ${outcome.message}`);
    assert.equal(outcome.retryable, false, 'a refused response is not retried');
    return outcome;
  };

  test(`a ${HUGE_BYTES / MiB} MiB streamed body is refused at the cap, memory bounded`, async () => {
    const sent = { bytes: 0 };
    behaviour = endless(HUGE_BYTES, false, sent);
    requests = 0;
    const { growth, outcome } = await peakGrowth(() => client.select({ SelectExpression: 'select * from d' }));
    measured.push(`streamed ${HUGE_BYTES / MiB} MiB: ${(growth / MiB).toFixed(1)} MiB`);
    const error = refused(outcome, 'ResponseTooLarge', 'Select');
    assert.match(error.message, /larger than 16 MiB/);
    assert.equal(requests, 1);
    assert.ok(growth < MEMORY_BUDGET, `peak RSS grew ${(growth / MiB).toFixed(1)} MiB`);
    assert.ok(sent.bytes < HUGE_BYTES, `the client stopped reading (the server sent ${(sent.bytes / MiB).toFixed(1)} MiB)`);
  });

  test('a declared Content-Length over the cap is refused before the body is read', async () => {
    const sent = { bytes: 0 };
    behaviour = endless(HUGE_BYTES, true, sent);
    requests = 0;
    const { growth, outcome } = await peakGrowth(() => client.getAttributes({ DomainName: 'd', ItemName: 'i' }));
    measured.push(`declared ${HUGE_BYTES / MiB} MiB: ${(growth / MiB).toFixed(1)} MiB`);
    refused(outcome, 'ResponseTooLarge', 'GetAttributes');
    assert.equal(requests, 1);
    assert.ok(growth < MEMORY_BUDGET, `peak RSS grew ${(growth / MiB).toFixed(1)} MiB`);
  });

  test('XML nested deeper than the cap is refused', async () => {
    const depth = 20_000;
    behaviour = fixed(`<SelectResponse><SelectResult>${'<Item>'.repeat(depth)}${'</Item>'.repeat(depth)}</SelectResult></SelectResponse>`);
    requests = 0;
    const { outcome } = await peakGrowth(() => client.select({ SelectExpression: 'select * from d' }));
    const error = refused(outcome, 'ResponseTooComplex', 'Select');
    assert.match(error.message, new RegExp(`nested deeper than ${DEFAULT_RESPONSE_LIMITS.maxDepth}`));
    assert.equal(requests, 1);
  });

  test('a body under the byte cap with millions of elements is refused, memory bounded', async () => {
    const count = Math.floor((15 * MiB) / '<Item/>'.length);
    behaviour = fixed(`<SelectResponse><SelectResult>${'<Item/>'.repeat(count)}</SelectResult></SelectResponse>`);
    requests = 0;
    const { growth, outcome } = await peakGrowth(() => client.select({ SelectExpression: 'select * from d' }));
    measured.push(`${count} elements in 15 MiB: ${(growth / MiB).toFixed(1)} MiB`);
    const error = refused(outcome, 'ResponseTooComplex', 'Select');
    assert.match(error.message, /more than 250000 elements/);
    assert.ok(growth < MEMORY_BUDGET, `peak RSS grew ${(growth / MiB).toFixed(1)} MiB`);
  });

  test('responses within the limits still parse (a 1 MB page with its NextToken)', async () => {
    const items = Array.from({ length: 2500 }, (_, i) => `<Item><Name>item-${i}</Name><Attribute><Name>v</Name><Value>${'x'.repeat(380)}</Value></Attribute></Item>`).join('');
    behaviour = fixed(`<SelectResponse><SelectResult>${items}<NextToken>t</NextToken></SelectResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SelectResponse>`);
    const page = await client.select({ SelectExpression: 'select * from d' });
    assert.equal(page.Items.length, 2500);
    assert.equal(page.NextToken, 't');
  });
});
