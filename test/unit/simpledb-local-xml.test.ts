// The SimpleDB server's text elements: the quick path (text with nothing to escape or encode goes
// as it is) must give what the careful path gives, for every UTF-16 code unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeText, textElement } from '../../src/simpledb-local/xml.ts';

// The careful path alone, as textElement was before its quick path.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function careful(tag: string, value: string): string {
  if (INVALID_XML.test(value)) return `<${tag} encoding="base64">${Buffer.from(value, 'utf8').toString('base64')}</${tag}>`;
  return `<${tag}>${escapeText(value)}</${tag}>`;
}

test('textElement gives the careful result for every code unit, alone and inside text', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    for (const value of [ch, `ab${ch}cd`]) assert.equal(textElement('Value', value), careful('Value', value), `U+${c.toString(16)}`);
  }
});

test('textElement keeps surrogate pairs as text and escapes markup beside them', () => {
  for (const value of ['😀', 'a😀&<b>', '\uD83D\uDE00\r', '\uD800', 'x\uDC00', '', 'plain text 123']) {
    assert.equal(textElement('Name', value), careful('Name', value), JSON.stringify(value));
  }
  assert.equal(textElement('Name', 'a😀&b'), '<Name>a😀&amp;b</Name>');
  assert.equal(textElement('Name', 'plain'), '<Name>plain</Name>');
});
