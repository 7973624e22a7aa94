/**
 * A folder's clock: the file system's, read from the modification times of the files the store
 * writes. On NFS and SMB the file server stamps a write with its own clock, so every runner that
 * shares the folder reads the same clock (as every runner of a bucket reads its Date headers),
 * whatever its own clock says; on a local disk it is this machine's clock. What the run lease
 * needs: heartbeats that runners on different machines compare (backends/s3/catalog/lease.ts).
 */

/**
 * Offsets this small are taken as none. FAT and SMB keep modification times in 2-second steps
 * (ext3 and HFS+ in whole seconds), always rounded down, and a write takes a round trip to land:
 * inside that the file system cannot tell its clock from this one. The lease judges heartbeats in
 * minutes (10 by default), so the seconds lost either way do not matter, and a local disk (offset
 * about 0) then keeps this machine's clock exactly, as before the folder had a clock.
 */
export const MTIME_RESOLUTION_MS = 2_000;

/**
 * Offsets beyond a day are not believed: a modification time that far from this machine's clock
 * is a file system that keeps no real times (an mtime of 0, 1970), a file server whose clock was
 * never set (a dead battery: 1970 or 2000) or is corrupt (2300), or times written by whatever the
 * client says; not a clock runners should share. Believed, it would stamp every lease decades off
 * for any runner that reads the folder without it (an older pullback, a failed stat), which would
 * then take a live lease over at once or refuse a dead one for years. A runner misconfigured by
 * whole hours (a time zone, a clock kept in local time; at most 14 hours) stays inside the bound.
 */
export const MAX_CLOCK_OFFSET_MS = 24 * 3600_000;

/**
 * How often a write's time is read: one stat per put costs 30 µs on a local disk (3 % of a small
 * put), and may cost a round trip on NFS; the lease needs the clock once a heartbeat (60 s).
 */
export const READ_EVERY_MS = 5_000;

export class FileSystemClock {
  /** The file system's clock less this one's, from the latest believable write; undefined before. */
  private offset: number | undefined;
  /** When a write's time was last read (monotonic, so a stepped clock cannot stop the reads). */
  private lastRead: number | undefined;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Whether the next write's time should be read: none read yet, or none for READ_EVERY_MS. */
  due(): boolean {
    return this.lastRead === undefined || performance.now() - this.lastRead >= READ_EVERY_MS;
  }

  /**
   * A file the store wrote was stamped `modifiedMs` by the file system; `writtenAt` is when the
   * write finished by this clock (taken just before the stat). An unbelievable time is ignored,
   * keeping the offset before it.
   */
  observe(modifiedMs: number, writtenAt: number = this.now().getTime()): void {
    this.lastRead = performance.now();
    const offset = modifiedMs - writtenAt;
    if (!Number.isFinite(offset) || Math.abs(offset) > MAX_CLOCK_OFFSET_MS) return;
    this.offset = Math.abs(offset) <= MTIME_RESOLUTION_MS ? 0 : offset;
  }

  /** This machine's clock as the store's callers should read it (injected in tests). */
  local(): number {
    return this.now().getTime();
  }

  /** The file system's clock now; undefined until a write was stamped with a believable time. */
  time(): Date | undefined {
    return this.offset === undefined ? undefined : new Date(this.now().getTime() + this.offset);
  }
}
