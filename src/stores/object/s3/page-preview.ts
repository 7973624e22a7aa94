import type { DeserializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { Readable } from 'node:stream';
import { readWhole } from '../../../transfer/read-whole.ts';
import { serverDateMiddleware, type ServerDateListener } from './client.ts';
import { leafText } from './listing-xml.ts';
import { latestPageFromXml, versionPageFromXml, type LatestPage, type LatestPageHead, type VersionPage, type VersionPageHead } from './listing-page.ts';

/**
 * A listing page read from its raw response, before the SDK parses it: whole by listing-xml.ts
 * when it can be (the SDK is then given an empty page to parse), else only its next marker, so
 * the next page can be requested during the SDK's parse (prefetchedPages' preview). A preview is
 * a guess checked against the parsed page: anything it cannot read plainly (an entity it does not
 * know, a missing element) gives no preview, never a wrong page.
 */

/**
 * A listing page is read whole before the SDK parses it; one larger than this fails instead of
 * being held (1,000 entries of 1 KiB keys, escaped, are a few megabytes).
 */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;

/** The listing page has more bytes than any page of 1,000 entries could. */
export class OversizedPageError extends Error {
  override readonly name = 'OversizedPageError';
}

/**
 * A deserialize-step middleware (added to one command, it runs inside the SDK's deserializer): a
 * successful response's body is read whole and handed to `onBody` as text. When `onBody` returns
 * a replacement (it read the page itself), the SDK parses that instead; otherwise the bytes read.
 * (A body that stops flowing fails the attempt: the client's stall guard, createS3Client, sits
 * inside this middleware.)
 */
export function previewMiddleware<Input extends object, Output extends MetadataBearer>(
  onBody: (xml: string) => string | void,
  options: { what: string; onAttempt?: () => void },
): DeserializeMiddleware<Input, Output> {
  return (next) => async (args) => {
    options.onAttempt?.();
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== 200 || !isReadable(response.body)) return result;
    const body = await readWhole(response.body, MAX_PAGE_BYTES);
    if (!body) {
      throw new OversizedPageError(
        `${options.what}: a listing page was larger than ${MAX_PAGE_BYTES / 1024 / 1024} MiB, more than 1,000 entries can take: ` +
          'the endpoint ignores MaxKeys or does not answer as S3 does; check the endpoint setting',
      );
    }
    const replacement = onBody(body.toString('utf8'));
    response.body = replacement === undefined ? body : Buffer.from(replacement);
    return result;
  };
}

/** How one kind of listing page is read from its raw XML. */
export interface PageReader<Page extends Head, Head> {
  /** The whole page, or undefined when the SDK must read it. */
  page(xml: string): Page | undefined;
  /** Its next marker alone, or undefined when it cannot be read plainly. */
  head(xml: string): Head | undefined;
  /** An empty page of this kind: what the SDK parses instead of a page read whole. */
  empty: string;
}

/**
 * One listing page's command watched: its Date header to `onDate`; its body read by `reader`
 * (whole when it can be, else its next marker alone), the next marker to `onHead`. `what` names
 * the listing in an error. Returns the page as read from the XML, once the command's answer has
 * come (undefined: the SDK's parse is the page).
 */
export function watchPage<Input extends object, Output extends MetadataBearer, Page extends Head, Head>(
  stack: MiddlewareStack<Input, Output>,
  what: string,
  reader: PageReader<Page, Head>,
  onDate?: ServerDateListener,
  onHead?: (head: Head) => void,
): () => Page | undefined {
  if (onDate) stack.add(serverDateMiddleware(onDate), { step: 'deserialize', name: 'pullbackPageDate' });
  let read: Page | undefined;
  const onBody = (xml: string): string | undefined => {
    read = reader.page(xml);
    const head = read ?? (onHead ? reader.head(xml) : undefined);
    if (head !== undefined) onHead?.(head);
    return read === undefined ? undefined : reader.empty;
  };
  // Each attempt starts afresh: only the attempt whose answer the SDK returns may give the page.
  const onAttempt = () => void (read = undefined);
  stack.add(previewMiddleware(onBody, { what, onAttempt }), { step: 'deserialize', name: 'pullbackPagePreview' });
  return () => read;
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.on === 'function' && typeof (body as Readable).read === 'function';
}

/** What a ListObjectsV2 page says of its next page, or undefined when it cannot be read plainly. */
export function latestPageHead(xml: string): LatestPageHead | undefined {
  const truncated = element(xml, 'IsTruncated');
  if (truncated !== 'true' && truncated !== 'false') return undefined;
  if (truncated === 'false') return { truncated: false };
  const token = element(xml, 'NextContinuationToken');
  if (token === undefined) return undefined;
  const lastKey = element(xml, 'Key', true);
  return { truncated: true, nextToken: token, ...(lastKey !== undefined ? { lastKey } : {}) };
}

/** What a ListObjectVersions page says of its next page, or undefined when it cannot be read plainly. */
export function versionPageHead(xml: string): VersionPageHead | undefined {
  const truncated = element(xml, 'IsTruncated');
  if (truncated !== 'true' && truncated !== 'false') return undefined;
  if (truncated === 'false') return { truncated: false };
  const keyMarker = element(xml, 'NextKeyMarker');
  if (keyMarker === undefined) return undefined;
  const versionIdMarker = element(xml, 'NextVersionIdMarker');
  return { truncated: true, nextKeyMarker: keyMarker, ...(versionIdMarker !== undefined ? { nextVersionIdMarker: versionIdMarker } : {}) };
}

/**
 * The text of the first `<name>` element (the page's own fields come before its entries), or with
 * `last` of the last one (the page's last entry).
 */
function element(xml: string, name: string, last = false): string | undefined {
  const open = `<${name}>`;
  const start = last ? xml.lastIndexOf(open) : xml.indexOf(open);
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : leafText(xml.slice(start + open.length, end));
}

/** ListObjectsV2 pages: read whole by listing-page.ts, else previewed. */
export const LATEST_PAGES: PageReader<LatestPage, LatestPageHead> = {
  page: latestPageFromXml,
  head: latestPageHead,
  empty: '<ListBucketResult></ListBucketResult>',
};

/** ListObjectVersions pages: read whole by listing-page.ts, else previewed. */
export const VERSION_PAGES: PageReader<VersionPage, VersionPageHead> = {
  page: versionPageFromXml,
  head: versionPageHead,
  empty: '<ListVersionsResult></ListVersionsResult>',
};
