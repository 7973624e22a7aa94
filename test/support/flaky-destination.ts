import { Readable } from 'node:stream';
import type { ObjectMetadata, ObjectSource, ObjectStore, PutOptions, PutResult, SourceVersion, StoredObject, StorePlace } from '../../src/stores/object/types.ts';

/** How a read goes wrong: the connection drops mid-body, or the body simply ends early. */
export type ReadFault = 'reset' | 'truncate';

export interface ReadFaultRule {
  /** Which keys (destination-relative) the fault applies to. */
  match: (key: string) => boolean;
  kind: ReadFault;
  /** Bytes delivered before the fault; a fraction (0..1) of the object's size when below 1. */
  after: number;
  /** How many reads fail before reads of matching keys work again. */
  times: number;
}

/**
 * A real destination (a folder, s3rver) with faults injected into reads of chosen keys: the
 * bytes before the fault are the real ones, and so is everything else. Also counts calls, so a
 * test can prove what a run did (e.g. no data object written twice).
 */
export class FlakyDestination implements ObjectStore {
  readonly faults: ReadFaultRule[] = [];
  readonly injected: { key: string; kind: ReadFault; after: number }[] = [];
  readonly puts: string[] = [];
  readonly heads: string[] = [];
  readonly gets: string[] = [];

  constructor(readonly inner: ObjectStore) {}

  get description(): string {
    return this.inner.description;
  }
  get prefixBytes(): number {
    return this.inner.prefixBytes;
  }
  get place(): StorePlace {
    return this.inner.place;
  }
  get keepsMetadata(): boolean {
    return this.inner.keepsMetadata;
  }

  failReads(rule: ReadFaultRule): this {
    this.faults.push({ ...rule });
    return this;
  }

  check(): Promise<void> {
    return this.inner.check();
  }

  probeWrite(): Promise<string | undefined> {
    return this.inner.probeWrite();
  }

  /** A view has no faults of its own: it is the inner store's. */
  under(subPrefix: string): ObjectStore {
    return this.inner.under(subPrefix);
  }

  put(key: string, body: Readable | Buffer | string, options?: PutOptions): Promise<PutResult> {
    this.puts.push(key);
    return this.inner.put(key, body, options);
  }

  head(key: string): Promise<StoredObject | undefined> {
    this.heads.push(key);
    return this.inner.head(key);
  }

  async get(key: string): Promise<Readable | undefined> {
    this.gets.push(key);
    const body = await this.inner.get(key);
    const rule = this.faults.find((f) => f.times > 0 && f.match(key));
    if (!body || !rule) return body;
    rule.times--;
    const size = rule.after < 1 ? ((await this.inner.head(key))?.size ?? 0) : 0;
    const after = rule.after < 1 ? Math.floor(size * rule.after) : rule.after;
    this.injected.push({ key, kind: rule.kind, after });
    return Readable.from(cutShort(body, after, rule.kind));
  }

  list(prefix: string, startAfter?: string): AsyncIterable<StoredObject> {
    return this.inner.list(prefix, startAfter);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  get copyFromSource(): ((source: ObjectSource, version: SourceVersion, key: string) => Promise<{ metadata: ObjectMetadata } | false>) | undefined {
    const inner = this.inner;
    return inner.copyFromSource ? (source, version, key) => inner.copyFromSource!(source, version, key) : undefined;
  }
}

/** The first `after` bytes of a body, then a dropped connection or a quiet end. */
async function* cutShort(body: Readable, after: number, kind: ReadFault): AsyncGenerator<Buffer> {
  let sent = 0;
  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      const room = after - sent;
      if (chunk.length >= room) {
        if (room > 0) yield chunk.subarray(0, room);
        sent = after;
        break;
      }
      sent += chunk.length;
      yield chunk;
    }
  } finally {
    body.destroy();
  }
  // What the SDK's body stream does when the server drops the connection mid-body.
  if (kind === 'reset') throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}
