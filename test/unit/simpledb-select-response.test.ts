// The Select page read straight into items (src/simpledb/select-response.ts) against the general
// reader (parseXml, then selectFromTree): on every body, the direct reader either declines
// (undefined: the general reader then reads it) or gives exactly what the general reader gives.
// Bodies come from a seeded PRNG (the same every run) and from the project's own server, in the
// compact form SimpleDB sends and in forms the direct reader must leave to the general one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selectFromTree } from '../../src/simpledb/client.ts';
import { readCompactSelect } from '../../src/simpledb/select-response.ts';
import { child, DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from '../../src/simpledb/xml.ts';
import { responseMetadata } from '../../src/simpledb/transport.ts';
import type { SelectOutput } from '../../src/simpledb/types.ts';
import { SimpleDbActions } from '../../src/simpledb-local/actions.ts';
import { DEFAULT_LIMITS } from '../../src/simpledb-local/limits.ts';
import { successBody } from '../../src/simpledb-local/xml.ts';
import { prng } from '../support/simpledb-select-reference.ts';

/** What the client returns for a body the general reader reads (as transport.ts and client.ts do), or its error's name. */
function general(body: string, limits: XmlLimits = DEFAULT_XML_LIMITS): SelectOutput | string {
  let root;
  try {
    root = parseXml(body, limits);
  } catch (error) {
    return (error as Error).name;
  }
  if (root.name !== 'SelectResponse') return 'not a SelectResponse';
  return selectFromTree(child(root, 'SelectResult'), responseMetadata(root));
}

function direct(body: string, limits: XmlLimits = DEFAULT_XML_LIMITS): SelectOutput | undefined {
  return readCompactSelect(body, limits)?.output;
}

/** Asserts the two readers agree; returns whether the direct one read the body. */
function agree(body: string, limits?: XmlLimits): boolean {
  const fast = direct(body, limits);
  if (fast === undefined) return false;
  assert.deepEqual(fast, general(body, limits), `the readers differ on ${JSON.stringify(body.slice(0, 300))}`);
  return true;
}

// Text as SimpleDB escapes it: &, <, > and carriage returns; quotes and other characters as they are.
const escape = (s: string) => s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
const ALPHABET = ['a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\r', '\n', '\t', 'é', '😀', ';', '#', '=', '/', 'x'];

function randomText(rand: () => number): string {
  const length = Math.floor(rand() * 8);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return text;
}

interface Page {
  items: { name: string; attributes: [string, string][] }[];
  token: string | undefined;
}

function randomPage(rand: () => number): Page {
  const items = Array.from({ length: Math.floor(rand() * 5) }, () => ({
    name: randomText(rand),
    attributes: Array.from({ length: Math.floor(rand() * 4) }, (): [string, string] => [randomText(rand), randomText(rand)]),
  }));
  return { items, token: rand() < 0.5 ? randomText(rand) : undefined };
}

/** The compact form: what SimpleDB and the project's server send. */
function compact(page: Page, meta = { id: 'req-1', box: '0.0000093222' }): string {
  const items = page.items
    .map((item) => `<Item><Name>${escape(item.name)}</Name>${item.attributes.map(([n, v]) => `<Attribute><Name>${escape(n)}</Name><Value>${escape(v)}</Value></Attribute>`).join('')}</Item>`)
    .join('');
  const token = page.token === undefined ? '' : `<NextToken>${escape(page.token)}</NextToken>`;
  const result = items === '' && token === '' ? '<SelectResult/>' : `<SelectResult>${items}${token}</SelectResult>`;
  return `<?xml version="1.0"?>\n<SelectResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/">${result}<ResponseMetadata><RequestId>${meta.id}</RequestId><BoxUsage>${meta.box}</BoxUsage></ResponseMetadata></SelectResponse>`;
}

/** Changes that take a body out of the compact form (or break it): the direct reader must decline each. */
const VARIANTS: [string, (body: string, rand: () => number) => string][] = [
  ['white space between elements', (b) => b.replace('<SelectResult>', '<SelectResult>\n  ').replace(/<\/Item>/g, '</Item>\n')],
  ['a comment', (b) => b.replace('<ResponseMetadata>', '<!-- c --><ResponseMetadata>')],
  ['CDATA in a value', (b) => b.replace(/<Value>/, '<Value><![CDATA[x<y]]>')],
  ['a base64 value', (b) => b.replace(/<Value>[^<]*<\/Value>/, '<Value encoding="base64">AAE=</Value>')],
  ['a base64 item name', (b) => b.replace(/<Item><Name>[^<]*<\/Name>/, '<Item><Name encoding="base64">4pyT</Name>')],
  ['a self-closing value', (b) => b.replace(/<Value>[^<]*<\/Value>/, '<Value/>')],
  ['an element inside a value', (b) => b.replace(/<Value>/, '<Value><b>bold</b>')],
  ['an unknown element in the result', (b) => b.replace('</SelectResult>', '<Extra>1</Extra></SelectResult>')],
  ['metadata in another order', (b) => b.replace(/<RequestId>([^<]*)<\/RequestId><BoxUsage>([^<]*)<\/BoxUsage>/, '<BoxUsage>$2</BoxUsage><RequestId>$1</RequestId>')],
  ['no metadata', (b) => b.replace(/<ResponseMetadata>.*<\/ResponseMetadata>/, '')],
  ['a bad entity', (b) => b.replace(/<Value>/, '<Value>&bogus;')],
  ['an unterminated entity', (b) => b.replace(/<Value>/, '<Value>&amp ')],
  ['cut short', (b, rand) => b.slice(0, Math.floor(rand() * b.length))],
  ['text after the root', (b) => `${b}junk`],
  ['another root', (b) => b.replace('SelectResponse xmlns', 'ListDomainsResponse xmlns').replace('</SelectResponse>', '</ListDomainsResponse>')],
  ['an error response', () => '<?xml version="1.0"?>\n<Response><Errors><Error><Code>InvalidQueryExpression</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>'],
  ['a self-closing root attribute tag', (b) => b.replace(/<SelectResponse [^>]*>/, '<SelectResponse xmlns="x"/>')],
  ['mismatched end tag', (b) => b.replace('</Item>', '</Itm>')],
];

describe('Select pages read straight into items', () => {
  test('compact bodies: read directly, exactly as the general reader reads them', () => {
    let read = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      if (agree(compact(randomPage(rand)))) read++;
    }
    // Every compact body takes the direct path (a bad entity cannot occur: escape() writes none).
    assert.equal(read, 300);
  });

  test('every other form is left to the general reader', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const page = randomPage(rand);
      page.items.push({ name: 'n', attributes: [['a', 'v']] });
      for (const [label, change] of VARIANTS) {
        const body = change(compact(page), rand);
        assert.notEqual(body, compact(page), `${label}: the change changed nothing`);
        assert.equal(agree(body), false, `${label}: read directly (seed ${seed})`);
      }
    }
  });

  test('root tags the general reader refuses or reads differently are left to it (found by review)', () => {
    const page: Page = { items: [{ name: 'i', attributes: [['a', 'v']] }], token: undefined };
    const body = compact(page);
    const withRoot = (tag: string) => body.replace(/<SelectResponse [^>]*>/, tag);
    // An entity in an attribute value: the general reader decodes it, and refuses a bad one.
    for (const tag of ['<SelectResponse xmlns="&bogus;">', '<SelectResponse xmlns="a & b">', '<SelectResponse xmlns="&amp">', '<SelectResponse xmlns="&#x110000;">', '<SelectResponse xmlns="&amp;">']) {
      assert.equal(direct(withRoot(tag)), undefined, tag);
    }
    // A million attributes: V8's regex engine ran out of stack on them (a RangeError, retried as a
    // network error); now declined, and the general reader reads the page.
    const many = withRoot(`<SelectResponse${' a=""'.repeat(1_000_000)}>`);
    assert.equal(direct(many), undefined);
    assert.equal((general(many) as SelectOutput).Items.length, 1);
    // A prefixed root is another element to the general reader too.
    assert.equal(direct(withRoot('<sdb:SelectResponse xmlns:sdb="x">')), undefined);
  });

  test('a page deeper than maxDepth is left to the general reader, which refuses it (found by review)', () => {
    const withAttribute = compact({ items: [{ name: 'i', attributes: [['a', 'v']] }], token: 't' });
    const withoutAttribute = compact({ items: [{ name: 'i', attributes: [] }], token: 't' });
    const empty = compact({ items: [], token: undefined });
    // SelectResponse > SelectResult > Item > Attribute > Name: 5; an item without attributes 4;
    // ResponseMetadata > RequestId: 3.
    for (const [body, depth] of [[withAttribute, 5], [withoutAttribute, 4], [empty, 3]] as const) {
      assert.equal(agree(body, { maxDepth: depth, maxElements: 1000 }), true, `depth ${depth}`);
      assert.equal(direct(body, { maxDepth: depth - 1, maxElements: 1000 }), undefined, `depth ${depth - 1}`);
      assert.equal(general(body, { maxDepth: depth - 1, maxElements: 1000 }), 'XmlLimitError');
    }
  });

  test('a page past the element limit is left to the general reader, which refuses it', () => {
    const page: Page = { items: Array.from({ length: 10 }, (_, i) => ({ name: `i${i}`, attributes: [['a', 'b']] })), token: 't' };
    const body = compact(page);
    // 5 fixed + 10 items x (2 + 3) + the token = 56 elements.
    assert.equal(agree(body, { maxDepth: 32, maxElements: 56 }), true);
    assert.equal(direct(body, { maxDepth: 32, maxElements: 55 }), undefined);
    assert.equal(general(body, { maxDepth: 32, maxElements: 55 }), 'XmlLimitError');
  });

  test("the project's server's pages are read directly", () => {
    const server = new SimpleDbActions(DEFAULT_LIMITS, 0, () => Date.now());
    server.createDomain(new Map([['DomainName', 'ddd']]));
    const params = new Map<string, string>([['DomainName', 'ddd']]);
    const values = ['plain', 'a & b < c > d', 'line\r\nbreak', 'quote " and \'', 'control \u0001 char', 'emoji 😀'];
    values.forEach((v, i) => {
      params.set(`Item.${i + 1}.ItemName`, `item ${i} ${v}`);
      params.set(`Item.${i + 1}.Attribute.1.Name`, `attr ${v}`);
      params.set(`Item.${i + 1}.Attribute.1.Value`, v);
    });
    server.batchPutAttributes(params);
    let token: string | undefined;
    let pages = 0;
    let direct_ = 0;
    const seen: string[] = [];
    do {
      const query = new Map([['SelectExpression', 'select * from ddd limit 2'], ['ConsistentRead', 'true']]);
      if (token) query.set('NextToken', token);
      const body = successBody('Select', server.select(query), 'rid', '0.0000001');
      pages++;
      // The control character goes base64-encoded: that page is the general reader's.
      if (agree(body)) direct_++;
      const page = general(body) as SelectOutput;
      seen.push(...page.Items.map((item) => item.Name));
      token = page.NextToken;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(direct_, 2);
    assert.equal(seen.length, values.length);
  });
});
