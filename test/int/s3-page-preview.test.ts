import { after, before, describe, it } from 'node:test';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import assert from 'node:assert/strict';
import { DeleteObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { latestPageHead, previewMiddleware, versionPageHead } from '../../src/stores/object/s3/page-preview.ts';
import { latestPageFromSdk, latestPageFromXml, versionPageFromSdk, versionPageFromXml } from '../../src/stores/object/s3/listing-page.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startPagingS3rver, type TestS3Server } from '../support/s3.ts';

/**
 * A listing page is previewed from its raw XML so the next page is requested while the SDK parses
 * it (stores/object/s3/pages.ts). Against real servers: the preview of every page names the same
 * next page as the parsed page (keys that XML escapes included), the SDK still parses the bytes the
 * preview read, and a listing makes one request per page: no guess was wrong.
 */
/** The raw body of the command's answer, as the preview middleware hands it on. */
function rawBody<Input extends object, Output extends MetadataBearer>(stack: MiddlewareStack<Input, Output>): () => string | undefined {
  let xml: string | undefined;
  const keep = (text: string) => {
    xml = text;
  };
  stack.add(previewMiddleware(keep, { what: 'test listing' }), { step: 'deserialize', name: 'testPreview' });
  return () => xml;
}

const KEYS = ['a&b', 'c<d>e', 'f"g\'h', 'caf\u00e9', 'emoji \u{1F600}', 'plain', 'sp ace', 'x&amp;y', 'z'];

for (const kind of ['s3rver', 'moto'] as const) {
  describe(`listing page previews (${kind})`, { skip: kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false }, () => {
    let server: TestS3Server;
    const versioned = kind === 'moto';
    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startPagingS3rver();
      await server.createBucket('previews', { versioned });
      const client = server.client();
      for (const key of KEYS) await client.send(new PutObjectCommand({ Bucket: 'previews', Key: `p/${key}`, Body: key }));
      if (versioned) {
        // Several versions of some keys and a delete marker: a page can end inside a key's versions.
        for (const key of ['a&b', 'plain', 'plain']) await client.send(new PutObjectCommand({ Bucket: 'previews', Key: `p/${key}`, Body: `${key} again` }));
        await client.send(new DeleteObjectCommand({ Bucket: 'previews', Key: 'p/z' }));
      }
    });
    after(() => server.stop());

    it('every page of two keys previews the next page its parse names (ListObjectsV2)', async () => {
      const client = server.client();
      let token: string | undefined;
      let pages = 0;
      do {
        const command = new ListObjectsV2Command({ Bucket: 'previews', Prefix: 'p/', MaxKeys: 2, ContinuationToken: token });
        const raw = rawBody(command.middlewareStack);
        const page = await client.send(command);
        const xml = raw();
        pages++;
        assert.ok(xml, 'the preview saw the raw page');
        const head = latestPageHead(xml);
        assert.ok(head, `the page could be read plainly: ${xml.slice(0, 200)}`);
        assert.equal(head.truncated, page.IsTruncated ?? false);
        if (page.IsTruncated) {
          assert.equal(head.nextToken, page.NextContinuationToken);
          assert.equal(head.lastKey, page.Contents?.at(-1)?.Key, 'the last key, unescaped as the SDK does');
        }
        assert.deepEqual(latestPageFromXml(xml), latestPageFromSdk(page), 'the page read from its XML is the SDK\'s page');
        assert.ok((page.Contents?.length ?? 0) > 0, 'the SDK parsed the bytes the preview read');
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      // A versioned bucket's latest listing leaves out the key whose latest version is a delete marker.
      assert.equal(pages, Math.ceil((KEYS.length - (versioned ? 1 : 0)) / 2));
    });

    if (versioned) {
      it('every page of two versions previews the next markers its parse names (ListObjectVersions)', async () => {
        const client = server.client();
        let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
        let truncated = true;
        while (truncated) {
          const command = new ListObjectVersionsCommand({ Bucket: 'previews', Prefix: 'p/', MaxKeys: 2, ...markers });
          const raw = rawBody(command.middlewareStack);
          const page = await client.send(command);
          const xml = raw();
          const head = versionPageHead(xml!);
          assert.ok(head, `the page could be read plainly: ${xml!.slice(0, 200)}`);
          truncated = page.IsTruncated ?? false;
          assert.equal(head.truncated, truncated);
          assert.deepEqual(versionPageFromXml(xml!), versionPageFromSdk(page), 'the page read from its XML is the SDK\'s page');
          if (truncated) {
            assert.equal(head.nextKeyMarker, page.NextKeyMarker);
            assert.equal(head.nextVersionIdMarker, page.NextVersionIdMarker);
            markers = { KeyMarker: page.NextKeyMarker!, ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}) };
          }
        }
      });
    }

    it('a listing of pages of two keys lists every key once, in order, with one request per page', async () => {
      const source = new S3Source('previews', 'p/', server.connection(), 'test', { pageSize: 2 });
      const before = source.requestCounts().list;
      // Each request's start and the moment its page is parsed (the initialize step wraps them all).
      const events: string[] = [];
      let sent = 0;
      source.client.middlewareStack.add(
        (next) => async (args) => {
          const n = ++sent;
          events.push(`send ${n}`);
          const output = await next(args);
          events.push(`parsed ${n}`);
          return output;
        },
        { step: 'initialize', name: 'testPageEvents' },
      );
      const keys: string[] = [];
      let versions = 0;
      for await (const entry of source.list(versioned)) {
        keys.push(entry.key);
        versions += entry.versions.length;
      }
      assert.deepEqual(keys, KEYS.map((k) => `p/${k}`).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
      const expectedVersions = versioned ? KEYS.length + 3 + 1 : KEYS.length;
      assert.equal(versions, expectedVersions);
      assert.equal(source.requestCounts().list - before, Math.ceil(expectedVersions / 2), 'one LIST per page: no previewed request was dropped');
      assert.ok(events.indexOf('send 2') < events.indexOf('parsed 1'), `page 2 asked for before page 1 was parsed: ${events.join(', ')}`);
    });
  });
}
