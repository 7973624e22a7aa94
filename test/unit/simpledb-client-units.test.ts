// Pure pieces of the client: SigV2 canonicalisation, the XML reader, expression quoting, paginators.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { countItems, paginateSelect, quoteName, quoteValue, sdbSelect, name, value, values, names, limit, likePattern, incrementalSelect, isStamp, type SelectInput, type SelectOutput } from '../../src/simpledb/index.ts';
import { canonicalQuery, rfc3986, signedBody, signV2, stringToSign } from '../../src/simpledb/sigv2.ts';
import { batchDeleteParams, batchPutParams } from '../../src/simpledb/client.ts';
import { parseXml, childText, childrenNamed, XmlLimitError, XmlSyntaxError } from '../../src/simpledb/xml.ts';

describe('SigV2', () => {
  test('RFC 3986 encoding', () => {
    assert.equal(rfc3986("a b*c~d!e'f(g)h"), 'a%20b%2Ac~d%21e%27f%28g%29h');
    assert.equal(rfc3986('é/+=&'), '%C3%A9%2F%2B%3D%26');
    assert.equal(rfc3986('-_.~'), '-_.~');
  });

  test('canonical query: byte order of names, Signature left out', () => {
    const q = canonicalQuery([['b', '2'], ['Attribute.2.Name', 'x'], ['Attribute.10.Name', 'y'], ['a', '1'], ['Signature', 'zzz'], ['B', '3']]);
    assert.equal(q, 'Attribute.10.Name=y&Attribute.2.Name=x&B=3&a=1&b=2');
  });

  test('canonical query: names in UTF-8 byte order whatever their characters (where UTF-16 order differs too)', () => {
    // U+E000..U+FFFF sort before a code point above U+FFFF in UTF-8, after its surrogates in UTF-16.
    const pieces = ['a', 'B', '.', '1', '10', '~', 'é', '\u00ff', '\u0100', '\ue000', '\uffff', '\u{1F600}', '\u{10000}', '\u{10FFFF}'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const names = new Set<string>();
      while (names.size < 12) names.add(Array.from({ length: 1 + next(4) }, () => pieces[next(pieces.length)]!).join(''));
      const expected = [...names].sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'))).map((n) => `${rfc3986(n)}=v`).join('&');
      assert.equal(canonicalQuery([...names].map((n): [string, string] => [n, 'v'])), expected, `names ${JSON.stringify([...names])}`);
    }
  });

  test("a batch call's parameters are listed in the byte order the signature sorts them into, each item and attribute under its own number", () => {
    const byBytes = (x: string, y: string) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));
    const items = Array.from({ length: 25 }, (_, i) => ({
      Name: `item ${i + 1}`,
      Attributes: Array.from({ length: i === 11 ? 120 : 3 }, (_, k) => ({ Name: `a${k + 1}`, Value: `v${i + 1}.${k + 1}`, Replace: k % 2 === 0 })),
    }));
    for (const params of [batchPutParams({ DomainName: 'd', Items: items }), batchDeleteParams({ DomainName: 'd', Items: items.map((item) => ({ Name: item.Name, Attributes: item.Attributes.map(({ Name, Value }) => ({ Name, Value })) })) })]) {
      const names = params.map(([k]) => k);
      assert.deepEqual(names, [...names].sort(byBytes));
      const got = new Map(params);
      items.forEach((item, i) => {
        assert.equal(got.get(`Item.${i + 1}.ItemName`), item.Name);
        item.Attributes.forEach((a, k) => {
          assert.equal(got.get(`Item.${i + 1}.Attribute.${k + 1}.Name`), a.Name);
          assert.equal(got.get(`Item.${i + 1}.Attribute.${k + 1}.Value`), a.Value);
        });
      });
    }
    const put = new Map(batchPutParams({ DomainName: 'd', Items: items }));
    assert.equal(put.get('Item.12.Attribute.101.Replace'), 'true');
    assert.equal(put.has('Item.12.Attribute.100.Replace'), false);
    assert.equal(put.size, 1 + 25 + items.reduce((n, item) => n + 2 * item.Attributes.length + item.Attributes.filter((a) => a.Replace).length, 0));
  });

  test('a signed body holds every parameter, encoded once, and the signature of them all', () => {
    const params: [string, string][] = [['Action', 'BatchPutAttributes'], ['Item.1.ItemName', "it's (1)*"], ['Item.1.Attribute.1.Name', 'naïve ~name'], ['Item.1.Attribute.1.Value', 'a+b=c&d/\u{1F600}'], ['Item.10.Attribute.1.Replace', 'true']];
    const body = signedBody('secret', 'HmacSHA256', 'POST', 'sdb.amazonaws.com', '/', params);
    const decoded = [...new URLSearchParams(body)];
    assert.deepEqual(decoded, [...params, ['Signature', signV2('secret', 'HmacSHA256', 'POST', 'sdb.amazonaws.com', '/', params)]]);
    // RFC 3986, as the string to sign has it: nothing but unreserved characters and %XX.
    assert.match(body, /^[A-Za-z0-9\-_.~%=&]*$/);
    assert.throws(() => signedBody('secret', 'HmacSHA256', 'POST', 'sdb.amazonaws.com', '/', [['Item.1.ItemName', 'lone \ud800']]), URIError);
  });

  test('a signature computed by hand matches', () => {
    const params: [string, string][] = [['Action', 'ListDomains'], ['AWSAccessKeyId', 'AKID'], ['Timestamp', '2026-11-24T16:17:58Z'], ['Version', '2009-04-15'], ['SignatureVersion', '2'], ['SignatureMethod', 'HmacSHA256']];
    const sts = 'POST\nsdb.amazonaws.com\n/\nAWSAccessKeyId=AKID&Action=ListDomains&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2026-11-24T16%3A17%3A58Z&Version=2009-04-15';
    assert.equal(stringToSign('post', 'SDB.amazonaws.com', '', params), sts);
    assert.equal(signV2('secret', 'HmacSHA256', 'POST', 'sdb.amazonaws.com', '/', params), createHmac('sha256', 'secret').update(sts).digest('base64'));
    assert.equal(signV2('secret', 'HmacSHA1', 'POST', 'sdb.amazonaws.com', '/', params), createHmac('sha1', 'secret').update(sts).digest('base64'));
  });
});

describe('XML reader', () => {
  test('entities, numeric references, base64, whitespace and carriage returns are exact', () => {
    const root = parseXml('<?xml version="1.0"?>\n<R xmlns="x"><A><Name>a&amp;b&lt;&gt;&quot;&apos;&#13;&#x1F600;</Name><Value encoding="base64">AAE=</Value></A><A><Name> sp </Name><Value/></A><A><Name>&amp;lt;</Name><Value>\r\n</Value></A></R>');
    const as = childrenNamed(root, 'A');
    assert.equal(childText(as[0]!, 'Name'), 'a&b<>"\'\r😀');
    assert.equal(childText(as[0]!, 'Value'), '\u0000\u0001');
    assert.equal(childText(as[1]!, 'Name'), ' sp ');
    assert.equal(childText(as[1]!, 'Value'), '');
    assert.equal(childText(as[2]!, 'Name'), '&lt;');
    assert.equal(childText(as[2]!, 'Value'), '\r\n');
  });
  test('names with and without attributes, self-closing roots and limits read the same on every path', () => {
    const root = parseXml('<R><a:b x="1" y=\'&amp;\'/><é>t</é><A\tk="v">u</A><B/></R>');
    assert.deepEqual(
      root.children.map((c) => [c.name, { ...c.attributes }, c.text]),
      [['a:b', { x: '1', y: '&' }, ''], ['é', {}, 't'], ['A', { k: 'v' }, 'u'], ['B', {}, '']],
    );
    assert.equal(parseXml('<only a="1"/>').attributes['a'], '1');
    assert.equal(parseXml('<only/>').name, 'only');
    assert.throws(() => parseXml('<r><a/><a/><a/></r>', { maxDepth: 5, maxElements: 3 }), XmlLimitError);
    assert.throws(() => parseXml('<r><a><b/></a></r>', { maxDepth: 2, maxElements: 10 }), XmlLimitError);
    assert.throws(() => parseXml('<r/><s/>'), XmlSyntaxError);
    assert.throws(() => parseXml('<r x="1></r>'), XmlSyntaxError);
  });
  test('end tags and names met again read exactly (names reused, end tags compared in place)', () => {
    // Names of equal length, prefixes of each other, spaces before '>', leaves with and without children.
    const root = parseXml('<R><Item><Name>n</Name><Nama>m</Nama><Attribute><Name>a</Name ><Value>v</Value></Attribute></Item><Item><Name/><N>x</N></Item></R >');
    assert.deepEqual(
      root.children.map((i) => i.children.map((c) => [c.name, c.text, c.children.map((g) => [g.name, g.text])])),
      [[['Name', 'n', []], ['Nama', 'm', []], ['Attribute', '', [['Name', 'a'], ['Value', 'v']]]], [['Name', '', []], ['N', 'x', []]]],
    );
    for (const bad of ['<R><Name>a</Nam></R>', '<R><Name>a</Names></R>', '<R><Name>a</Nama></R>', '<R><Name>a</></R>', '<R><Name>a</Name</R>']) {
      assert.throws(() => parseXml(bad), XmlSyntaxError, bad);
    }
  });
  test('malformed XML is an XmlSyntaxError', () => {
    for (const bad of ['', '<a>', '<a></b>', '<a>&bogus;</a>', '<a>x &amp</a>', 'text', '<a/><b/>']) {
      assert.throws(() => parseXml(bad), XmlSyntaxError, JSON.stringify(bad));
    }
  });
});

describe('expressions', () => {
  test('quoteName: bare when allowed, else backticks with doubled backticks; reserved words quoted', () => {
    assert.equal(quoteName('lastModified'), 'lastModified');
    assert.equal(quoteName('$a_1'), '$a_1');
    assert.equal(quoteName('1abc'), '`1abc`');
    assert.equal(quoteName('my-domain'), '`my-domain`');
    assert.equal(quoteName('order'), '`order`');
    assert.equal(quoteName('ORDER'), '`ORDER`');
    assert.equal(quoteName('a`b'), '`a``b`');
    assert.equal(quoteName(''), '``');
    assert.equal(quoteName('itemName()'), '`itemName()`');
  });
  test('quoteValue doubles single quotes', () => {
    assert.equal(quoteValue("it's"), "'it''s'");
    assert.equal(quoteValue(''), "''");
    assert.equal(quoteValue('100%'), "'100%'");
  });
  test('sdbSelect builds from fragments only', () => {
    assert.equal(
      sdbSelect`select ${names(['a', 'b c'])} from ${name('d.x')} where ${name('k')} in ${values(["x'", 'y'])} and t like ${likePattern('prefix', "o'")} limit ${limit(10)}`,
      "select a, `b c` from `d.x` where k in ('x''', 'y') and t like 'o''%' limit 10",
    );
    assert.equal(incrementalSelect('orders', 'lastModified', '2026-01-01T00:00:00.000Z'), "select * from orders where lastModified >= '2026-01-01T00:00:00.000Z' order by lastModified");
    assert.throws(() => sdbSelect`select * from ${'raw' as never}`, TypeError);
    assert.throws(() => limit(0), RangeError);
    assert.equal(sdbSelect`x ${value('')}`, "x ''");
  });
  test('isStamp', () => {
    assert.equal(isStamp('2026-11-24T16:17:58.123Z'), true);
    assert.equal(isStamp('2026-11-24T16:17:58Z'), false);
    assert.equal(isStamp('2026-13-24T16:17:58.123Z'), false);
  });
});

describe('paginators', () => {
  function fake(pages: SelectOutput[]) {
    const seen: SelectInput[] = [];
    return {
      seen,
      client: {
        async select(input: SelectInput): Promise<SelectOutput> {
          seen.push(input);
          return pages[seen.length - 1]!;
        },
      },
    };
  }
  test('paginateSelect follows NextToken through empty and short pages', async () => {
    const { client, seen } = fake([
      { Items: [], NextToken: 't1' },
      { Items: [{ Name: 'a', Attributes: [] }], NextToken: 't2' },
      { Items: [], NextToken: 't3' },
      { Items: [{ Name: 'b', Attributes: [] }] },
    ]);
    const names: string[] = [];
    for await (const p of paginateSelect(client, { SelectExpression: 'select * from x', ConsistentRead: true })) names.push(...p.Items.map((i) => i.Name));
    assert.deepEqual(names, ['a', 'b']);
    assert.deepEqual(seen.map((s) => s.NextToken), [undefined, 't1', 't2', 't3']);
    assert.ok(seen.every((s) => s.ConsistentRead === true));
  });
  test('paginateSelect with prefetch: the next page is requested before this one is consumed, and its failure comes after it', async () => {
    const log: string[] = [];
    const pages: Record<string, SelectOutput> = {
      first: { Items: [{ Name: 'a', Attributes: [] }], NextToken: 't1' },
      t1: { Items: [{ Name: 'b', Attributes: [] }], NextToken: 't2' },
      t2: { Items: [{ Name: 'c', Attributes: [] }] },
    };
    const client = {
      async select(input: SelectInput): Promise<SelectOutput> {
        const key = input.NextToken ?? 'first';
        log.push(`request ${key}`);
        await new Promise((r) => setTimeout(r, 5));
        if (key === 'fail') throw new Error('the page after x failed');
        return pages[key]!;
      },
    };
    const read = async (paging?: { prefetch: boolean }) => {
      log.length = 0;
      for await (const page of paginateSelect(client, { SelectExpression: 'select * from x' }, undefined, paging)) log.push(`consume ${page.Items[0]!.Name}`);
      return [...log];
    };
    assert.deepEqual(await read({ prefetch: true }), ['request first', 'request t1', 'consume a', 'request t2', 'consume b', 'consume c']);
    // Without it, one page after another, as before.
    assert.deepEqual(await read(), ['request first', 'consume a', 'request t1', 'consume b', 'request t2', 'consume c']);
    // A page ahead that fails: the page before it is consumed first, then its error.
    pages['first'] = { Items: [{ Name: 'x', Attributes: [] }], NextToken: 'fail' };
    await assert.rejects(read({ prefetch: true }), /the page after x failed/);
    assert.deepEqual(log, ['request first', 'request fail', 'consume x']);
    // A consumer that stops at the first page: the request ahead finishes unread, and its failure
    // is never an unhandled rejection (the test runner would fail on one).
    for await (const page of paginateSelect(client, { SelectExpression: 'select * from x' }, undefined, { prefetch: true })) {
      assert.equal(page.Items[0]!.Name, 'x');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  });
  test('countItems sums partial counts', async () => {
    const count = (n: number) => ({ Name: 'Domain', Attributes: [{ Name: 'Count', Value: String(n) }] });
    const { client, seen } = fake([{ Items: [count(1200)], NextToken: 'a' }, { Items: [count(0)], NextToken: 'b' }, { Items: [count(34)] }]);
    assert.equal(await countItems(client, 'my-domain'), 1234);
    assert.equal(seen[0]!.SelectExpression, 'select count(*) from `my-domain`');
    await assert.rejects(countItems(client, { SelectExpression: 'select * from x' }));
  });
});
