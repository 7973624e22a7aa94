import {
  GetObjectCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { compareKeys } from '../../../plan/keys.ts';
import { sourceId } from '../ids.ts';
import { inRange, type KeyRange } from '../types.ts';
import type { KeyListing, ObjectSource, ObjectStore, OpenedObject, RequestCounts, SourceVersion, StorePlace } from '../types.ts';
import { errorName, httpStatus, isAccessDenied, isNotImplemented, isRetryable } from '../../../transfer/errors.ts';
import { retry } from '../../../transfer/retry.ts';
import { handled } from '../../../transfer/promises.ts';
import { createS3Client, describeS3Error, requestCountsOf, unquote, type S3Connection, type ServerDateListener } from './client.ts';
import { metadataFromResponse, type MetadataHeaders } from './metadata.ts';
import { S3ObjectStore } from './store.ts';
import { prefetchedPages } from './pages.ts';
import { LATEST_PAGES, VERSION_PAGES, watchPage } from './page-preview.ts';
import { latestPageFromSdk, versionPageFromSdk, type LatestPage, type LatestPageHead, type VersionPage, type VersionPageHead } from './listing-page.ts';

/**
 * Whether a page whose last key is `lastKey` already reaches past the range's end: its next page
 * holds nothing the range wants, so it is not requested.
 */
function pastRange(lastKey: string | undefined, range: KeyRange | undefined): boolean {
  return range?.upTo !== undefined && lastKey !== undefined && compareKeys(lastKey, range.upTo) > 0;
}

export interface S3SourceOptions {
  /** Injectable for tests: backoff between retries of the versioning check. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts at reading the versioning status (each may include the SDK's own retries). */
  probeAttempts?: number;
  /** Keys per listing page: S3's maximum, 1,000, unless a test needs pages of a few keys. */
  pageSize?: number;
}

/**
 * How long a page startListing fetched stays usable. A backup of several sources starts every
 * source's listing at once (each bucket's access is checked before anything is written), but lists
 * them one after another: a source reached later lists afresh rather than continue from a page
 * (and a continuation token) read long before.
 */
const PAGE_KEPT_MS = 60_000;

/** Errors that are about the bucket or the credentials, not about reading the versioning. */
const BUCKET_ERRORS = new Set(['NoSuchBucket', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'CredentialsProviderError']);

function errorCode(error: unknown): string {
  const status = httpStatus(error);
  return `${errorName(error)}${status ? ` ${status}` : ''}: ${(error as Error)?.message ?? String(error)}`;
}

export class S3Source implements ObjectSource {
  readonly id: string;
  readonly client: S3Client;
  readonly place: StorePlace;
  serverTime: Date | undefined;
  latestServerTime: Date | undefined;
  private capturing = false;
  /** The first answer's clock of the listing startListing began (kept after list() takes it). */
  private pinnedClock: Date | undefined;
  /** The pages of a listing startListing began, until list() takes them. */
  private started: { versioned: boolean; pages: AsyncGenerator<unknown>; first: Promise<IteratorResult<unknown>>; at: number } | undefined;

  constructor(
    readonly bucket: string,
    readonly prefix: string,
    readonly connection: S3Connection,
    readonly endpointIdentity: string,
    private readonly options: S3SourceOptions = {},
  ) {
    this.id = sourceId(bucket, prefix);
    this.place = { kind: 's3', location: { endpoint: connection.endpoint, bucket, prefix } };
    this.client = createS3Client(connection, bucket, (date) => {
      this.latestServerTime = date;
      if (this.capturing) {
        this.serverTime = date;
        this.capturing = false;
      }
    });
  }

  requestCounts(): RequestCounts {
    return { ...requestCountsOf(this.client) };
  }

  asObjectStore(): ObjectStore {
    return new S3ObjectStore(this.bucket, '', { client: this.client, endpoint: this.connection.endpoint }, this.endpointIdentity, { role: 'source', input: 'sources' });
  }

  /**
   * Whether the bucket can be read and keeps versions. Both requests go out together (one round
   * trip, not two); the bucket's own error comes first, as it names the fix, and stops the
   * versioning check's retries. With `listingFollows` (a backup, which calls startListing next)
   * only the versioning is read: the listing's first page is the check that the bucket can be
   * listed, and HeadBucket would ask the same question once more (s3rver answers it by reading the
   * whole bucket: 150 ms at 2,000 keys).
   */
  async probe(options: { listingFollows?: boolean } = {}): Promise<{ versioned: boolean }> {
    const stop = new AbortController();
    const versioning = handled(this.readVersioning(stop.signal));
    if (options.listingFollows) return { versioned: await versioning };
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      stop.abort();
      throw describeS3Error(error, `reading source bucket ${this.bucket}`, 'sources');
    }
    return { versioned: await versioning };
  }

  /**
   * Starts the listing now, ahead of list(): a backup calls it as soon as it may (see backup.ts:
   * once the lease was found free, so no other run can commit in between), and the first pages
   * arrive while the lease and the catalogue are read (on a bucket of a few thousand keys, most of
   * the listing). Resolves once the first page is in (the next is then on its way, as in any
   * listing); rejects, naming the bucket and the fix, when the bucket cannot be listed. list() goes
   * on from here when it starts at the beginning of the key space with the same versioning, within
   * PAGE_KEPT_MS; otherwise it lists afresh.
   */
  startListing(versioned: boolean): Promise<void> {
    this.dropStartedListing();
    this.serverTime = undefined;
    this.capturing = false;
    // The clock of this listing's own first answer, read from that response (not "the next answer
    // on this client"): every listing of the run reports it from then on (pinnedClock), so ranges
    // opened later can never make the listing look younger than it is.
    const pin = (date: Date) => {
      if (this.started?.pages !== pages) return;
      this.pinnedClock = date;
      this.serverTime = date;
    };
    const pages: AsyncGenerator<unknown> = versioned ? this.versionPages(undefined, pin) : this.latestPages(undefined, pin);
    const first = handled(pages.next());
    this.started = { versioned, pages, first, at: performance.now() };
    return first.then(
      () => undefined,
      (error: unknown) => {
        throw describeS3Error(error, `listing source bucket ${this.bucket}`, 'sources');
      },
    );
  }

  private dropStartedListing(): void {
    // Its next page may be in flight: prefetchedPages keeps that request's failure quiet.
    void this.started?.pages.return(undefined).catch(() => undefined);
    this.started = undefined;
    // A listing begun afresh starts its own clock.
    this.pinnedClock = undefined;
  }

  /** The pages startListing began, when this listing can go on from them (handed out once). */
  private takeStartedPages(versioned: boolean, range: KeyRange | undefined): AsyncGenerator<unknown> | undefined {
    const started = this.started;
    if (!started) return undefined;
    if (started.versioned !== versioned || this.startAfter(range) !== undefined || performance.now() - started.at > PAGE_KEPT_MS) {
      this.dropStartedListing();
      return undefined;
    }
    this.started = undefined;
    return (async function* () {
      const first = await started.first;
      if (first.done) return;
      yield first.value;
      yield* started.pages;
    })();
  }

  /**
   * Whether the bucket keeps versions. A wrong "no" would silently back up only the latest
   * versions, so only a store's explicit "not implemented" reads as unversioned; transient faults
   * are retried, and anything else stops the run.
   */
  private async readVersioning(signal: AbortSignal): Promise<boolean> {
    // An aborted check (the bucket itself failed) leaves no timer keeping the process alive.
    const sleep = this.options.sleep ?? ((ms: number) => delay(ms, undefined, { signal }).catch(() => undefined));
    try {
      const versioning = await retry(() => this.client.send(new GetBucketVersioningCommand({ Bucket: this.bucket }), { abortSignal: signal }), {
        attempts: this.options.probeAttempts ?? 4,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        // A store without versioning says so with a 501: that is an answer, not a fault to retry.
        isRetryable: (error) => !signal.aborted && !isNotImplemented(error) && !isAccessDenied(error) && isRetryable(error),
        sleep,
      });
      // Suspended buckets still hold the versions written while versioning was on.
      return versioning.Status === 'Enabled' || versioning.Status === 'Suspended';
    } catch (error) {
      // The answer of a store that has no versioning at all (s3rver, some S3-compatible services).
      if (isNotImplemented(error)) return false;
      // The bucket, the credentials or the endpoint: the answer HeadBucket used to give first.
      if (BUCKET_ERRORS.has(errorName(error)) || httpStatus(error) === 404 || httpStatus(error) === undefined) {
        throw describeS3Error(error, `reading source bucket ${this.bucket}`, 'sources');
      }
      if (isAccessDenied(error)) {
        throw new Error(
          `reading whether source bucket ${this.bucket} keeps versions was refused (${errorCode(error)}): ` +
            `grant s3:GetBucketVersioning on arn:aws:s3:::${this.bucket} to the source credentials (see the least-privilege policy in docs/github-action.md); ` +
            'without it pullback cannot tell whether to back up every version or only the latest',
          { cause: error },
        );
      }
      throw new Error(
        `cannot tell whether source bucket ${this.bucket} keeps versions: GetBucketVersioning failed (${errorCode(error)}); ` +
          'nothing was backed up: run again, and if it keeps failing check the source endpoint',
        { cause: error },
      );
    }
  }

  async *list(versioned: boolean, range?: KeyRange): AsyncIterable<KeyListing> {
    // The first response's Date header is the server's clock at the start of the listing (pages
    // startListing requested set it when the first came).
    const started = this.takeStartedPages(versioned, range);
    if (!started) {
      // While a started listing's clock is pinned, the run's listing began then, whatever range
      // this is; otherwise this listing's first answer sets the clock.
      this.serverTime = this.pinnedClock;
      this.capturing = this.pinnedClock === undefined;
    }
    // A listing started ahead knows no range: its pages are cut to this one's below (and past
    // the range's end it may have asked for one page more than a listing started here would).
    const listing = versioned
      ? this.listVersions((started as AsyncGenerator<VersionPage> | undefined) ?? this.versionPages(range))
      : this.listLatest((started as AsyncGenerator<LatestPage> | undefined) ?? this.latestPages(range));
    for await (const entry of listing) {
      // The server starts after range.after; the end is ours to enforce (and a server that
      // ignores the start marker must not hand another range's keys to this one).
      if (range?.upTo !== undefined && compareKeys(entry.key, range.upTo) > 0) return;
      if (inRange(entry.key, range, compareKeys)) yield entry;
    }
  }

  /** The marker to start after: the range's start, when it lies inside the prefix's keys. */
  private startAfter(range: KeyRange | undefined): string | undefined {
    const after = range?.after;
    return after !== undefined && compareKeys(after, this.prefix) >= 0 ? after : undefined;
  }

  private async latestPage(
    token: string | undefined,
    startAfter: string | undefined,
    onDate?: ServerDateListener,
    onHead?: (head: LatestPageHead) => void,
    signal?: AbortSignal,
  ): Promise<LatestPage> {
    const command = new ListObjectsV2Command({
      Bucket: this.bucket,
      Prefix: this.prefix || undefined,
      ContinuationToken: token,
      ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
      MaxKeys: this.options.pageSize ?? 1000,
    });
    const read = watchPage(command.middlewareStack, `listing source bucket ${this.bucket}`, LATEST_PAGES, onDate, onHead);
    const output = await this.client.send(command, { abortSignal: signal });
    return read() ?? latestPageFromSdk(output);
  }

  private async versionsPage(
    markers: { keyMarker: string | undefined; versionIdMarker: string | undefined } | undefined,
    onDate?: ServerDateListener,
    onHead?: (head: VersionPageHead) => void,
    signal?: AbortSignal,
  ): Promise<VersionPage> {
    const command = new ListObjectVersionsCommand({
      Bucket: this.bucket,
      Prefix: this.prefix || undefined,
      KeyMarker: markers?.keyMarker,
      VersionIdMarker: markers?.versionIdMarker,
      MaxKeys: this.options.pageSize ?? 1000,
    });
    const read = watchPage(command.middlewareStack, `listing source bucket ${this.bucket}`, VERSION_PAGES, onDate, onHead);
    const output = await this.client.send(command, { abortSignal: signal });
    return read() ?? versionPageFromSdk(output);
  }

  /** `onFirstDate`: the first page's own Date header (startListing pins the listing's clock with it). */
  private latestPages(range: KeyRange | undefined, onFirstDate?: ServerDateListener): AsyncGenerator<LatestPage> {
    const startAfter = this.startAfter(range);
    return prefetchedPages<LatestPage, LatestPageHead, string>(
      (token, preview, signal) => this.latestPage(token, startAfter, token === undefined ? onFirstDate : undefined, preview, signal),
      (page) => (page.truncated && !pastRange(page.lastKey, range) ? page.nextToken : undefined),
    );
  }

  private async *listLatest(pages: AsyncIterable<LatestPage>): AsyncIterable<KeyListing> {
    for await (const page of pages) {
      for (const version of page.versions) yield { key: version.key, versions: [version] };
    }
  }

  private versionPages(range: KeyRange | undefined, onFirstDate?: ServerDateListener): AsyncGenerator<VersionPage> {
    type Markers = { keyMarker: string | undefined; versionIdMarker: string | undefined };
    // KeyMarker alone (no VersionIdMarker) lists from the key after it.
    const first: Markers = { keyMarker: this.startAfter(range), versionIdMarker: undefined };
    return prefetchedPages<VersionPage, VersionPageHead, Markers>(
      (markers, preview, signal) => this.versionsPage(markers ?? first, markers === undefined ? onFirstDate : undefined, preview, signal),
      (page): Markers | undefined => {
        if (!page.truncated || page.nextKeyMarker === undefined) return undefined;
        // The next page starts at NextKeyMarker (a key's further versions) or after it.
        return pastRange(page.nextKeyMarker, range) ? undefined : { keyMarker: page.nextKeyMarker, versionIdMarker: page.nextVersionIdMarker };
      },
    );
  }

  /**
   * ListObjectVersions returns versions and delete markers in two lists per page, and a key's
   * versions may continue on the next page: merge them and hold a key until the listing moves on.
   */
  private async *listVersions(pages: AsyncIterable<VersionPage>): AsyncIterable<KeyListing> {
    let pending: KeyListing | undefined;
    for await (const page of pages) {
      const entries = page.versions;
      // Key ascending, then newest first. Versions and delete markers come in separate lists, so
      // within one second the current entry (IsLatest) goes first; a stable sort keeps the server's
      // order for the rest.
      entries.sort(
        (a, b) => compareKeys(a.key, b.key) || Date.parse(b.lastModified) - Date.parse(a.lastModified) || Number(b.isLatest === true) - Number(a.isLatest === true),
      );
      for (const entry of entries) {
        if (pending && pending.key === entry.key) {
          pending.versions.push(entry);
          continue;
        }
        if (pending) yield pending;
        pending = { key: entry.key, versions: [entry] };
      }
    }
    if (pending) yield pending;
  }

  async open(version: SourceVersion, signal?: AbortSignal): Promise<OpenedObject> {
    const versioned = version.versionId !== undefined && version.versionId !== 'null';
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: version.key,
        ...(versioned ? { VersionId: version.versionId } : {}),
        // On an unversioned bucket the key may have been overwritten since the listing: refuse
        // to store other bytes under this version's identity.
        ...(!versioned && version.etag ? { IfMatch: `"${version.etag}"` } : {}),
        ChecksumMode: 'ENABLED',
      }),
      signal ? { abortSignal: signal } : undefined,
    );
    const metadata = metadataFromResponse(response as MetadataHeaders);
    const checksums: OpenedObject['checksums'] = {};
    // Composite checksums of multipart objects (ending in -N) are not whole-object checksums.
    const whole = (value: string | undefined) => (value && !value.includes('-') ? value : undefined);
    if (whole(response.ChecksumCRC32)) checksums.CRC32 = response.ChecksumCRC32!;
    if (whole(response.ChecksumSHA256)) checksums.SHA256 = response.ChecksumSHA256!;
    if (whole(response.ChecksumSHA1)) checksums.SHA1 = response.ChecksumSHA1!;
    const etag = unquote(response.ETag);
    const encrypted = response.ServerSideEncryption?.startsWith('aws:kms') || response.SSECustomerAlgorithm !== undefined;
    return {
      body: response.Body as Readable,
      size: response.ContentLength ?? version.size ?? 0,
      metadata,
      checksums,
      etagIsMd5: etag !== undefined && /^[0-9a-f]{32}$/.test(etag) && !encrypted,
      ...(etag !== undefined ? { etag } : {}),
    };
  }
}
