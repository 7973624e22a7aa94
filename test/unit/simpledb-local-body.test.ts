// The project's SimpleDB server writes a Select page's items as UTF-8 pieces (select-page.ts) and
// joins them into the body as bytes (successBodyBytes): the body must be byte for byte the one the
// string form gives, whatever the pieces hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { successBody, successBodyBytes } from '../../src/simpledb-local/xml.ts';

test('a result in pieces makes the same body as the same result as one string', () => {
  const cases: string[][] = [
    ['<Item><Name>a</Name></Item>'],
    ['<Item><Name>é 😀 &amp;</Name><Attribute><Name>n</Name><Value>v\r</Value></Attribute></Item>', '<Item><Name>b</Name></Item>', '<NextToken>t</NextToken>'],
    ['<NextToken>only a token</NextToken>'],
    [],
    ['', ''],
  ];
  for (const pieces of cases) {
    const expected = Buffer.from(successBody('Select', pieces.join(''), 'req', '0.0000001'), 'utf8');
    assert.deepEqual(successBodyBytes('Select', pieces.map((p) => Buffer.from(p, 'utf8')), 'req', '0.0000001'), expected, JSON.stringify(pieces));
  }
  // An empty page is `<SelectResult/>`, as SimpleDB writes it; no result at all, no element.
  assert.match(successBodyBytes('Select', [], 'r', 'b').toString(), /<SelectResult\/><ResponseMetadata>/);
  assert.doesNotMatch(successBodyBytes('PutAttributes', null, 'r', 'b').toString(), /Result/);
  assert.deepEqual(successBodyBytes('ListDomains', '<DomainName>d</DomainName>', 'r', 'b'), Buffer.from(successBody('ListDomains', '<DomainName>d</DomainName>', 'r', 'b')));
});
