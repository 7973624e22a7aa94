import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ObjectStore } from '../../../stores/object/types.ts';
import type { Logger } from '../../../report/logger.ts';
import { CONDITIONS_PROBE_FILE, LEASE_FILE, LEASE_FORMAT, MAX_STALE_AFTER_MS, readLease, staleAt, writeLease, type LeaseRecord } from './lease-record.ts';

// Kept importable from here: the lease's file, format and record (lease-record.ts).
export { LEASE_FILE, LEASE_FORMAT, type LeaseRecord } from './lease-record.ts';

/**
 * The run lease: `catalog/lock.json` names the one run allowed to write to a destination. The
 * workflow's concurrency group is the first guard; this is defence in depth, so that two runs
 * (a second workflow, a terminal) never clean up each other's uploads. A run holds the lease from
 * before it reads the catalogue until it has committed, refreshing it every `heartbeatMs`; a lease
 * without a heartbeat for `staleAfterMs` (by the destination's clock) is free, and so is one
 * released, or held by a process on this host that no longer exists. Writes are conditional
 * (If-None-Match / If-Match) where the store supports them, and read back unless the store was
 * shown to refuse stale ones (acquire).
 */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
export const DEFAULT_HEARTBEAT_MS = 60_000;

export interface LeaseOptions {
  staleAfterMs?: number;
  heartbeatMs?: number;
  /** The local clock; the destination's clock (serverTime) is preferred when it has one. */
  now?: () => Date;
  host?: string;
  pid?: number;
  /** Whether a process of this host still exists (tests replace it). */
  isAlive?: (pid: number) => boolean;
  /**
   * Hold the lease together with every process of this sharded run: a fresh lease with the same
   * `shared` name is joined (its token adopted, its heartbeat kept) instead of refused.
   */
  shared?: string;
  /**
   * Called once, when the first read finds the lease free (absent or released), just before this
   * run writes its own: no run can commit from then on, unless this run's write loses a race
   * (RunLease.takenFromFirstRead is then false). A backup starts its listings here. `releasedBy`:
   * the run that released it, when no run can have written since it did: it took the lease without
   * a takeover (tookOver) and wrote it with conditions the store honours (not `unconditional`).
   * Absent otherwise, and when no lease was there.
   */
  whenFree?: (releasedBy: string | undefined) => void;
  /**
   * Nothing is written before this settles (a rejection fails the acquisition): a backup reads the
   * lease beside its checks of the destination and the sources, and writes it once they passed.
   */
  writeAfter?: Promise<unknown>;
}

/** Another run holds a fresh lease: this run refuses to start. */
export class LeaseHeldError extends Error {
  constructor(readonly holder: LeaseRecord, staleAt: Date, now: Date) {
    const minutes = Math.max(0, Math.ceil((staleAt.getTime() - now.getTime()) / 60_000));
    // No run writes a heartbeat far ahead of the clock it is judged by (a bucket's Date headers, or
    // runners' clocks within minutes of each other): a lease dated that far ahead was damaged or
    // edited, and would hold the destination until then. Not taken over (a runner with a wildly
    // wrong clock may be alive and writing), but the operator is told what it is and what to do.
    const ahead = Date.parse(holder.heartbeatAt) - now.getTime();
    const damaged =
      ahead > MAX_STALE_AFTER_MS
        ? `. Its heartbeat is ${Math.round(ahead / 3_600_000)} h ahead of that clock, which no live run writes: the lease file looks damaged or edited. ` +
          `If no pullback run is running against this destination (check the host and the workflow's runs), delete ${LEASE_FILE} there and run again`
        : '';
    super(
      `another pullback run holds the destination's lease (${LEASE_FILE}): run ${holder.runId} on host ${holder.host} (pid ${holder.pid}), ` +
        `last heartbeat ${holder.heartbeatAt} by the destination's clock. Two runs at once are refused. If that run is dead, its lease goes stale at ` +
        `${staleAt.toISOString()} (in about ${minutes} min) and the next run takes over; otherwise let it finish (and keep runs in one concurrency group)${damaged}`,
    );
    this.name = 'LeaseHeldError';
  }
}

/** This run's lease was taken over (it looked stale to another run): it must not commit. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}


function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}


export class RunLease {
  private record: LeaseRecord;
  private timer: NodeJS.Timeout | undefined;
  private beat: Promise<void> = Promise.resolve();
  /** The check beginCheck started ahead of the commit. */
  private earlyCheck: { began: number; done: Promise<void> } | undefined;
  /** The release under way (release() is called early by a commit, and again when the run ends). */
  private releasing: Promise<void> | undefined;
  private lost: string | undefined;
  private failing = false;
  /** When the lease was taken, by the destination's clock. */
  readonly acquiredAt: Date;

  private constructor(
    private readonly destination: ObjectStore,
    private readonly logger: Logger,
    private readonly options: Required<Pick<LeaseOptions, 'staleAfterMs' | 'heartbeatMs' | 'now'>>,
    record: LeaseRecord,
    acquiredAt: Date,
    /** Joined a lease another shard of the same run took (it swept; this one must not). */
    readonly joined = false,
    /**
     * Taken with the write that followed the first read, which found the lease free: nothing was
     * committed between that read and now (whenFree was called in between).
     */
    readonly takenFromFirstRead = false,
  ) {
    this.record = record;
    this.acquiredAt = acquiredAt;
  }

  /** Takes the lease for `runId`, or throws LeaseHeldError naming the holder. */
  static async acquire(destination: ObjectStore, runId: string, logger: Logger, options: LeaseOptions = {}): Promise<RunLease> {
    const settings = { staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, now: options.now ?? (() => new Date()) };
    const clock = () => destination.serverTime?.() ?? settings.now();
    const host = options.host ?? hostname();
    const pid = options.pid ?? process.pid;
    const isAlive = options.isAlive ?? processAlive;
    const token = randomBytes(12).toString('hex');
    // Beside the first read: whether a conditional write of the lease can be trusted unread. Never
    // waited for: an answer not in by the time the write is reads the lease back, as before.
    let staleIfMatchRefused = false;
    if (destination.refusesStaleIfMatch && destination.putIf) {
      destination.refusesStaleIfMatch(CONDITIONS_PROBE_FILE).then(
        (refused) => (staleIfMatchRefused = refused),
        () => undefined,
      );
    }
    for (let attempt = 1; attempt <= 4; attempt++) {
      const current = await readLease(destination);
      const now = clock();
      let tookOver: string | undefined;
      if (current.record && current.record.token !== token) {
        const holder = current.record;
        if (options.shared !== undefined && holder.shared === options.shared && !holder.releasedAt && staleAt(holder).getTime() > now.getTime()) {
          logger.info(`joining the lease of sharded run ${options.shared} (run ${holder.runId}, taken by host ${holder.host})`);
          const joined = new RunLease(destination, logger, settings, holder, new Date(Date.parse(holder.acquiredAt)), true);
          joined.startHeartbeat();
          return joined;
        }
        const deadHere = holder.host === host && holder.pid !== pid && !holder.releasedAt && !isAlive(holder.pid);
        if (!holder.releasedAt && !deadHere && staleAt(holder).getTime() > now.getTime()) throw new LeaseHeldError(holder, staleAt(holder), now);
        if (!holder.releasedAt) {
          tookOver = holder.runId;
          logger.warn(
            `taking over the lease of run ${holder.runId} (host ${holder.host}, pid ${holder.pid}): ` +
              (deadHere ? 'that process no longer exists on this host' : `no heartbeat since ${holder.heartbeatAt}`),
          );
        }
      } else if (current.damaged) {
        tookOver = '(damaged)';
        logger.warn(`${LEASE_FILE} could not be read (${current.damaged}): taking the lease`);
      }
      // Free at the first read: absent, or released by its holder (not a takeover, not damaged).
      const freeAtFirstRead = attempt === 1 && !current.damaged && (!current.record || current.record.releasedAt !== undefined);
      if (freeAtFirstRead) {
        const released = current.record;
        const clean = released !== undefined && current.etag !== undefined && destination.putIf !== undefined && released.tookOver === undefined && released.unconditional === undefined;
        options.whenFree?.(clean ? released.runId : undefined);
      }
      if (attempt === 1) await options.writeAfter;
      const mine: LeaseRecord = {
        format: LEASE_FORMAT,
        runId,
        host,
        pid,
        token,
        acquiredAt: now.toISOString(),
        heartbeatAt: now.toISOString(),
        staleAfterSeconds: Math.round(settings.staleAfterMs / 1000),
        ...(options.shared !== undefined ? { shared: options.shared } : {}),
        ...(tookOver !== undefined ? { tookOver } : {}),
      };
      const written = await writeLease(destination, mine, current);
      if (written === 'conflict') continue;
      // Kept in the heartbeats and the release: the next backup reads every run record.
      if (written === 'unconditional') mine.unconditional = true;
      // Read back: a store that ignores conditions lets the last writer win; only it holds the lease.
      // Not needed when this write replaced the lease read with If-Match (a lease read with an ETag:
      // contentTagged says there was one, and that it was the MD5 of its bytes, so no other lease
      // can carry it: the tokens differ), and the store was shown this run to refuse a stale
      // If-Match: then nothing was written between the read and this write (issue 11: one round
      // trip fewer before every run's first write).
      const trusted = written === 'written' && current.contentTagged === true && staleIfMatchRefused;
      if (trusted) logger.debug(`${LEASE_FILE}: written with If-Match on a store that refuses stale ones; not read back`);
      else {
        const back = await readLease(destination);
        if (back.record?.token !== token) continue;
      }
      const lease = new RunLease(destination, logger, settings, mine, clock(), false, freeAtFirstRead);
      lease.startHeartbeat();
      return lease;
    }
    const holder = (await readLease(destination)).record;
    if (holder) throw new LeaseHeldError(holder, staleAt(holder), clock());
    throw new Error(`could not take the destination's lease (${LEASE_FILE}): other runs kept changing it; run again`);
  }

  private clock(): Date {
    return this.destination.serverTime?.() ?? this.options.now();
  }

  private startHeartbeat(): void {
    this.timer = setInterval(() => {
      this.beat = this.beat.then(() => this.refresh());
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** Re-reads the lease and writes a new heartbeat; records a takeover instead of throwing. */
  private async refresh(): Promise<void> {
    if (this.lost) return;
    try {
      const current = await readLease(this.destination);
      if (current.record?.token !== this.record.token) {
        this.loseTo(current.record);
        return;
      }
      // A shared lease: another shard may have written the newer heartbeat; keep its fields.
      const next = { ...(this.record.shared !== undefined && current.record ? current.record : this.record), heartbeatAt: this.clock().toISOString() };
      const written = await writeLease(this.destination, next, current);
      if (written === 'conflict') return; // changed between read and write: the next beat re-reads it
      this.record = written === 'unconditional' ? { ...next, unconditional: true } : next;
      if (this.failing) this.logger.info(`${LEASE_FILE}: heartbeat written again`);
      this.failing = false;
    } catch (error) {
      // A missed heartbeat is not fatal: the lease goes stale only after several.
      if (!this.failing) this.logger.warn(`${LEASE_FILE}: heartbeat failed (${(error as Error).message}); retrying`);
      this.failing = true;
    }
  }

  /**
   * Reads the lease once and throws LeaseLostError if another run has taken over. Call before
   * committing. A read, not a heartbeat: the commit that follows takes seconds against a stale
   * time of minutes, so a write here would only cost a round trip on every run.
   */
  async assertHeld(): Promise<void> {
    this.beat = this.beat.then(() => this.confirm());
    await this.beat;
    if (this.lost) throw new LeaseLostError(this.lost);
  }

  /**
   * Begins assertHeld ahead of the commit (a backup: beside its last state and events writes, its
   * own files, which no record names yet); assertHeldSince then reuses it while it is fresh.
   */
  beginCheck(): void {
    if (this.earlyCheck) return;
    const done = this.assertHeld();
    done.catch(() => undefined);
    this.earlyCheck = { began: Date.now(), done };
  }

  /**
   * assertHeld, answered by beginCheck's read when that began at most `freshMs` ago (so the window
   * between the check and the commit stays that short); a clock stepped back proves nothing fresh.
   */
  async assertHeldSince(freshMs: number): Promise<void> {
    const age = this.earlyCheck ? Date.now() - this.earlyCheck.began : Number.NaN;
    if (this.earlyCheck && age >= 0 && age <= freshMs) return this.earlyCheck.done;
    return this.assertHeld();
  }

  private async confirm(): Promise<void> {
    if (this.lost) return;
    try {
      const current = await readLease(this.destination);
      if (current.record?.token !== this.record.token) this.loseTo(current.record);
    } catch (error) {
      // As with a missed heartbeat: a read that fails says nothing about who holds the lease.
      this.logger.warn(`${LEASE_FILE}: could not be read before committing (${(error as Error).message}); committing under the lease this run took`);
    }
  }

  private loseTo(holder: LeaseRecord | undefined): void {
    const by = holder ? `run ${holder.runId} on host ${holder.host}` : 'nobody (the lease file is gone or damaged)';
    this.lost = `this run's lease (${LEASE_FILE}) is now held by ${by}: it looked stale to that run. Nothing was committed; run again once the other run has finished`;
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Stops the heartbeat and leaves the lease as it is: a shard of a sharded run hands it on to the
   * other shards and the commit, which releases it (or it goes stale by itself).
   */
  async leave(): Promise<void> {
    this.stop();
    await this.beat.catch(() => undefined);
  }

  /**
   * Frees the lease for the next run (a marker, not a delete: backup credentials cannot delete).
   * With `after` (writes still under way that must land under the lease: a commit's pointers), the
   * read that confirms this run still holds the lease overlaps them and the write waits for them
   * to settle: one round trip after them, not two. Called again, it returns the first call's promise.
   * It stops the heartbeat: never call it before the commit point (the run record) has landed, or a
   * slow record write could outlast the stale time with no heartbeat and another run take over.
   */
  release(after?: Promise<unknown>): Promise<void> {
    this.releasing ??= this.freeLease(after);
    return this.releasing;
  }

  private async freeLease(after: Promise<unknown> | undefined): Promise<void> {
    this.stop();
    await this.beat.catch(() => undefined);
    if (this.lost) return;
    try {
      const reading = readLease(this.destination);
      // Both are awaited below; neither rejection may go unhandled while the other is pending.
      reading.catch(() => undefined);
      await after?.catch(() => undefined);
      const current = await reading;
      if (current.record?.token !== this.record.token) return;
      await writeLease(this.destination, { ...this.record, releasedAt: this.clock().toISOString() }, current);
    } catch (error) {
      this.logger.warn(`${LEASE_FILE}: could not release the lease (${(error as Error).message}); it goes stale by itself`);
    }
  }

  get holder(): LeaseRecord {
    return this.record;
  }
}
