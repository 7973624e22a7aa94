import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { latestPageFromSdk, latestPageFromXml, versionPageFromSdk, versionPageFromXml } from '../../src/stores/object/s3/listing-page.ts';
import { readListingXml } from '../../src/stores/object/s3/listing-xml.ts';

/**
 * A listing page read from its raw XML (stores/object/s3/listing-xml.ts, listing-page.ts) is the
 * page the SDK's own parser reads, or nothing (the SDK then reads it): a catalogue written from one
 * must read the same keys from the other. The SDK's deserializer is the reference here, given the
 * same bytes through a request handler that answers with them.
 */

/** The SDK's parse of `xml` as the answer to `command`. */
function sdkClient(xml: () => string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(xml())]) } }),
    } as never,
  });
}

let nextXml = '';
const client = sdkClient(() => nextXml);
async function sdkLatest(xml: string) {
  nextXml = xml;
  return latestPageFromSdk(await client.send(new ListObjectsV2Command({ Bucket: 'b' })));
}
async function sdkVersions(xml: string) {
  nextXml = xml;
  return versionPageFromSdk(await client.send(new ListObjectVersionsCommand({ Bucket: 'b' })));
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const PIECES = ['a', 'Z', '0', '/', ' ', '-', '.', '&', '<', '>', '"', "'", '\u00e9', '\u4e2d', '\u{1F600}', '\t', '\n', '%', '+', '=', '\u00a0', ';', '#'];

/** A key as text S3 could send: each character raw, or as a reference where XML allows it. */
function escape(text: string, rnd: () => number): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const choice = rnd();
    if (ch === '&') out += choice < 0.5 ? '&amp;' : '&#38;';
    else if (ch === '<') out += choice < 0.5 ? '&lt;' : '&#x3C;';
    else if (ch === '>' && choice < 0.5) out += '&gt;';
    else if (ch === '"' && choice < 0.5) out += '&quot;';
    else if (ch === "'" && choice < 0.5) out += '&apos;';
    else if (code <= 0xffff && choice < 0.15) out += choice < 0.07 ? `&#${code};` : `&#x${code.toString(16)};`;
    else out += ch;
  }
  return out;
}

function key(rnd: () => number): string {
  const length = 1 + Math.floor(rnd() * 12);
  let out = '';
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(rnd() * PIECES.length)];
  return out;
}

function time(rnd: () => number): string {
  return new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 2e11)).toISOString();
}

/** A page as servers write them: compact or indented, optional fields, nested ones the listing ignores. */
function page(rnd: () => number, versioned: boolean): string {
  const pretty = rnd() < 0.5;
  const nl = pretty ? '\n  ' : '';
  const entries: string[] = [];
  const count = Math.floor(rnd() * 6);
  for (let i = 0; i < count; i++) {
    const fields: string[] = [`<Key>${escape(key(rnd), rnd)}</Key>`];
    const marker = versioned && rnd() < 0.3;
    if (versioned) fields.push(`<VersionId>${rnd() < 0.2 ? 'null' : Math.floor(rnd() * 1e9).toString(36)}</VersionId>`, `<IsLatest>${rnd() < 0.5}</IsLatest>`);
    fields.push(`<LastModified>${time(rnd)}</LastModified>`);
    if (!marker) {
      fields.push(`<ETag>${rnd() < 0.5 ? '&quot;' : '"'}${Math.floor(rnd() * 1e12).toString(16)}${rnd() < 0.3 ? '-2' : ''}${rnd() < 0.5 ? '&quot;' : '"'}</ETag>`);
      if (rnd() < 0.9) fields.push(`<Size>${Math.floor(rnd() * 1e10)}</Size>`);
      if (rnd() < 0.8) fields.push(`<StorageClass>${rnd() < 0.8 ? 'STANDARD' : 'GLACIER'}</StorageClass>`);
      if (rnd() < 0.3) fields.push('<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>');
      if (rnd() < 0.2) fields.push('<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>');
    }
    if (rnd() < 0.3) fields.push(`<Owner>${nl}<ID>abc</ID>${nl}<DisplayName>${rnd() < 0.5 ? '' : 'me &amp; you'}</DisplayName></Owner>`);
    if (rnd() < 0.2) fields.push('<Prefix/>');
    // The order of an entry's fields is the server's.
    for (let j = fields.length - 1; j > 0; j--) {
      const k = Math.floor(rnd() * (j + 1));
      [fields[j], fields[k]] = [fields[k]!, fields[j]!];
    }
    const tag = versioned ? (marker ? 'DeleteMarker' : 'Version') : 'Contents';
    entries.push(`<${tag}>${nl}${fields.join(nl)}${nl}</${tag}>`);
  }
  const truncated = rnd() < 0.5;
  const head = versioned
    ? [`<Name>b</Name>`, `<Prefix>${escape(key(rnd), rnd)}</Prefix>`, '<KeyMarker></KeyMarker>', '<VersionIdMarker/>', `<MaxKeys>1000</MaxKeys>`, `<IsTruncated>${truncated}</IsTruncated>`]
    : [`<Name>b</Name>`, '<Prefix></Prefix>', `<KeyCount>${count}</KeyCount>`, `<MaxKeys>1000</MaxKeys>`, `<IsTruncated>${truncated}</IsTruncated>`];
  if (truncated) {
    if (versioned) head.push(`<NextKeyMarker>${escape(key(rnd), rnd)}</NextKeyMarker>`, `<NextVersionIdMarker>${Math.floor(rnd() * 1e9)}</NextVersionIdMarker>`);
    else head.push(`<NextContinuationToken>${escape(key(rnd), rnd)}==</NextContinuationToken>`);
  }
  const root = versioned ? 'ListVersionsResult' : 'ListBucketResult';
  const declaration = rnd() < 0.7 ? '<?xml version="1.0" encoding="UTF-8"?>' + (pretty ? '\n' : '') : '';
  // Entries may come before or after the page's own fields (both happen: moto, s3rver, AWS).
  const body = rnd() < 0.5 ? [...head, ...entries] : [...entries, ...head];
  return `${declaration}<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${nl}${body.join(nl)}${pretty ? '\n' : ''}</${root}>${pretty ? '\n' : ''}`;
}

describe('listing pages read from their XML', () => {
  it('read 3,000 generated pages as the SDK reads them (ListObjectsV2 and ListObjectVersions)', async () => {
    let read = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = random(seed);
      const versioned = seed % 2 === 0;
      const xml = page(rnd, versioned);
      const ours = versioned ? versionPageFromXml(xml) : latestPageFromXml(xml);
      const sdk = versioned ? await sdkVersions(xml) : await sdkLatest(xml);
      // Every generated page is plain XML: the fast way must take it, and agree.
      assert.ok(ours, `seed ${seed}: the page was not read:\n${xml}`);
      assert.deepEqual(ours, sdk, `seed ${seed}:\n${xml}`);
      read++;
    }
    assert.equal(read, 3000);
  });

  const plain = (inside: string, root = 'ListBucketResult') => `<?xml version="1.0" encoding="UTF-8"?><${root}><IsTruncated>false</IsTruncated>${inside}</${root}>`;
  const contents = (fields: string) => plain(`<Contents>${fields}<LastModified>2026-11-30T10:00:00.000Z</LastModified><Size>1</Size></Contents>`);

  const LEFT_TO_THE_SDK: [string, string][] = [
    ['a CDATA section', contents('<Key><![CDATA[a<b]]></Key>')],
    ['a comment', contents('<Key>a<!-- x --></Key>')],
    ['a carriage return (the SDK reads CR LF as LF)', contents('<Key>a\r\nb</Key>')],
    ['an entity the SDK drops', contents('<Key>a&nbsp;b</Key>')],
    ['an ampersand that is no reference', contents('<Key>a & b</Key>')],
    ['a reference past U+FFFF (the SDK truncates it)', contents('<Key>&#x1F600;</Key>')],
    ['an attribute on an inner element', contents('<Key type="x">a</Key>')],
    ['a key given twice', contents('<Key>a</Key><Key>b</Key>')],
    ['a key holding elements', contents('<Key><Part>a</Part></Key>')],
    ['a closing tag with a space', contents('<Key>a</Key >')],
    ['mismatched tags', contents('<Key>a</Kex>')],
    ['text beside elements', plain('stray<Contents><Key>a</Key></Contents>')],
    ['content after the root', `${contents('<Key>a</Key>')}<more/>`],
    ['a processing instruction inside', contents('<?pi x?><Key>a</Key>')],
    ['keys asked url-encoded', plain('<EncodingType>url</EncodingType><Contents><Key>a%20b</Key></Contents>')],
    ['no IsTruncated', '<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>'],
    ['IsTruncated neither true nor false', '<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>'],
    ['a time without milliseconds', plain('<Contents><Key>a</Key><LastModified>2026-11-30T10:00:00Z</LastModified></Contents>')],
    ['a time with an offset', plain('<Contents><Key>a</Key><LastModified>2026-11-30T10:00:00.000+01:00</LastModified></Contents>')],
    ['a day that does not exist', plain('<Contents><Key>a</Key><LastModified>2026-02-30T10:00:00.000Z</LastModified></Contents>')],
    ['a negative size', contents('<Key>a</Key>').replace('<Size>1</Size>', '<Size>-1</Size>')],
    ['a size past 2^53', contents('<Key>a</Key>').replace('<Size>1</Size>', '<Size>123456789012345678</Size>')],
    ['an empty entry', plain('<Contents/>')],
    ['another root', '<Error><Code>x</Code></Error>'],
    ['a byte order mark', `\uFEFF${contents('<Key>a</Key>')}`],
    ['elements nested 10,000 deep', plain(`<Contents><Key>a</Key>${'<X>'.repeat(10_000)}${'</X>'.repeat(10_000)}</Contents>`)],
    ['an unclosed root', '<ListBucketResult><IsTruncated>false</IsTruncated>'],
  ];
  // Found by a review's differential fuzzing (220,000 mutated pages): each was read differently
  // from the SDK, or threw, before it was left to the SDK.
  const READ_OTHERWISE_BY_THE_SDK: [string, string, 'latest' | 'versions'][] = [
    ['a space between an entry\'s fields (the SDK reads the entry as that text: no key)', plain('<Contents> <Key>a</Key><Size>1</Size></Contents>'), 'latest'],
    ['a tab before an entry\'s end', plain('<Contents><Key>a</Key><Size>1</Size>\t</Contents>'), 'latest'],
    ['a space between the page\'s fields', plain(' <Contents><Key>a</Key></Contents>'), 'latest'],
    ['a root attribute named like a field (the SDK copies it over the field)', '<ListBucketResult IsTruncated="true"><IsTruncated>false</IsTruncated></ListBucketResult>', 'latest'],
    ['a root attribute naming the next page', '<ListBucketResult NextContinuationToken="evil"><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken></ListBucketResult>', 'latest'],
    ['a root attribute named like the entries', '<ListVersionsResult DeleteMarker="x"><IsTruncated>false</IsTruncated><DeleteMarker><Key>a</Key><IsLatest>true</IsLatest></DeleteMarker></ListVersionsResult>', 'versions'],
    ['the day 0000-02-29 (the SDK reads 0000-03-01)', plain('<Contents><Key>a</Key><LastModified>0000-02-29T00:00:00.000Z</LastModified></Contents>'), 'latest'],
    ['a page field given twice', plain('<KeyCount>1</KeyCount><KeyCount>2</KeyCount>'), 'latest'],
    ['a bad time in an entry without a key', plain('<Contents><LastModified>yesterday</LastModified></Contents>'), 'latest'],
    ['a bad flag in a version without a key', '<ListVersionsResult><IsTruncated>false</IsTruncated><Version><IsLatest>maybe</IsLatest></Version></ListVersionsResult>', 'versions'],
  ];
  for (const [what, xml, kind] of READ_OTHERWISE_BY_THE_SDK) {
    it(`leaves to the SDK: ${what}`, async () => {
      assert.equal(kind === 'latest' ? latestPageFromXml(xml) : versionPageFromXml(xml), undefined);
    });
  }

  it('leaves to the SDK, without an error, a root of a million attributes (it exhausted a regular expression\'s stack)', () => {
    for (const attribute of [' a="b"', ' xmlns:a="b"']) {
      assert.equal(latestPageFromXml(`<ListBucketResult${attribute.repeat(1_000_000)}><IsTruncated>false</IsTruncated></ListBucketResult>`), undefined, attribute);
    }
  });

  for (const [what, xml] of LEFT_TO_THE_SDK) {
    it(`leaves to the SDK: ${what}`, () => {
      assert.equal(latestPageFromXml(xml), undefined);
    });
  }

  it('reads what a page needs and nothing of what it ignores', () => {
    const xml = plain(
      '<NextContinuationToken>t&amp;1</NextContinuationToken><Contents><Key> sp &#x41;&#66; </Key><LastModified>2026-11-30T10:00:00.123Z</LastModified>' +
        '<ETag>&quot;abc&quot;</ETag><Size>007</Size><Owner><ID>x</ID></Owner><StorageClass></StorageClass></Contents>' +
        '<Contents><Key>\n \n</Key><LastModified>2026-11-30T10:00:00.123Z</LastModified></Contents>',
    ).replace('false', 'true');
    assert.deepEqual(latestPageFromXml(xml), {
      truncated: true,
      nextToken: 't&1',
      lastKey: '',
      versions: [
        { key: ' sp AB ', lastModified: '2026-11-30T10:00:00.123Z', size: 7, etag: 'abc' },
        // Whitespace holding a line break reads as empty text, as the SDK reads it.
        { key: '', lastModified: '2026-11-30T10:00:00.123Z', size: 0 },
      ],
    });
    const shape = { root: 'ListBucketResult', entries: ['Contents'], pageFields: ['NextContinuationToken'], entryFields: ['Key', 'Owner', 'Size'] };
    assert.deepEqual(readListingXml(xml, shape), {
      fields: ['t&1'],
      entries: [
        // Owner holds elements: null, as a field given twice would be.
        { tag: 'Contents', fields: [' sp AB ', null, '007'] },
        { tag: 'Contents', fields: ['', undefined, undefined] },
      ],
    });
    assert.equal(readListingXml(xml, { ...shape, root: 'ListVersionsResult' }), undefined, 'another root');
  });

  it('the SDK still reads the plain pages left to it, as it always has', async () => {
    // What the fallback lists: the SDK's reading, quirks included (a reference past U+FFFF truncated).
    const expected = ['a<b', 'a', 'a\nb', 'ab', 'a & b', '\uF600'];
    for (const [index, [what, xml]] of LEFT_TO_THE_SDK.slice(0, expected.length).entries()) {
      const page = await sdkLatest(xml);
      assert.deepEqual(page.versions.map((v) => v.key), [expected[index]], what);
    }
  });
});
