import { Transform, type TransformCallback } from 'node:stream';
import { realSleep } from './retry.ts';

/**
 * The bandwidth limit (`bandwidth-limit`, rclone's `--bwlimit`): one token bucket shared by every
 * transfer of a run, so the limit holds for the run as a whole however many objects are in flight.
 *
 * Each chunk takes its bytes from the bucket before it passes on. The bucket may go into debt: a
 * taker waits until the debt it leaves is repaid at the limit's rate, so takers queue behind one
 * another in the order they came and, over any stretch of time, no more than
 * `burst + rate x elapsed` bytes pass. The bucket starts empty and refills up to `burst` (a quarter
 * of a second of the rate) while idle, so N bytes take at least (N - burst) / rate.
 */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => performance.now(), sleep: realSleep };

/** Chunks are taken in pieces this large at most, so one large read does not stall the others for long. */
const PIECE = 64 * 1024;

export class TokenBucket {
  private available = 0;
  private last: number;
  readonly burst: number;

  constructor(
    readonly bytesPerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`a bandwidth limit must be more than 0 bytes a second, got ${bytesPerSecond}`);
    this.burst = Math.max(1, Math.floor(bytesPerSecond / 4));
    this.last = clock.now();
  }

  /** Waits until `bytes` may pass. */
  async take(bytes: number): Promise<void> {
    const now = this.clock.now();
    this.available = Math.min(this.burst, this.available + ((now - this.last) * this.bytesPerSecond) / 1000);
    this.last = now;
    this.available -= bytes;
    if (this.available >= 0) return;
    await this.clock.sleep((-this.available * 1000) / this.bytesPerSecond);
  }

  /** A stream stage that lets bytes through at the bucket's pace. */
  transform(): Transform {
    return new ThrottleTransform(this);
  }
}

/** Passes each chunk on in pieces, each once the bucket allows it. */
class ThrottleTransform extends Transform {
  constructor(private readonly bucket: TokenBucket) {
    super({ highWaterMark: PIECE });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.passOn(chunk).then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  private async passOn(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += PIECE) {
      const piece = chunk.subarray(offset, offset + PIECE);
      await this.bucket.take(piece.length);
      this.push(piece);
    }
  }
}
