/**
 * Progress of a long pass: counts, rates, and a total with percentage and ETA when one is known
 * (a restore knows how many objects existed at T once it has read the catalogue; a backup knows
 * its listing's size only at the end, so it shows the previous run's key count as an estimate,
 * `~`, until the listing passes it). A logger with a live status line (the CLI on a terminal) gets
 * the line redrawn twice a second, as rclone's -P does; any other logger (the action, the CLI in
 * CI) gets a line every `intervalMs`, the first one after `intervalMs` (a short pass logs none).
 * At the end the live line is cleared: the engine logs each pass's totals itself.
 */
import { formatBytes, type Logger } from './logger.ts';
import { count, number } from './words.ts';

/** How often a live line is redrawn, and how often a plain log gets a line. */
export const LIVE_INTERVAL_MS = 500;
export const LOG_INTERVAL_MS = 10_000;

export interface ProgressOptions {
  intervalMs?: number;
  /** Milliseconds since some fixed point (tests inject a clock). */
  now?: () => number;
}

/** `1h02m`, `4m05s`, `12s`. */
export function formatEta(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** `45%`, never 100% before the end, never over 100. */
function percent(done: number, total: number): string {
  if (total <= 0) return '100%';
  const value = Math.min(100, Math.floor((done / total) * 100));
  return `${done < total ? Math.min(value, 99) : value}%`;
}

/** What one line says: how far along, and how fast. */
export interface ProgressState {
  /** Units done (keys listed, objects restored or checked). */
  done: number;
  /** All units, when known. */
  total?: number;
  /** The total is a guess (the previous run's count): shown with `~`, dropped once passed. */
  estimated?: boolean;
  /** Bytes done, and of how many when known (restores: the ETA then follows bytes). */
  bytes: number;
  bytesTotal?: number;
  /** What the units are: `keys listed`, `objects`. */
  unit: string;
  /** The units of the rate: `keys` (default: the first word of `unit`). */
  rateUnit?: string;
  /** Said after the counts: `12 versions copied (3.1 MiB)`. */
  detail?: string;
}

/** Throttles and renders progress lines for one labelled pass. */
export class ProgressLine {
  private lastShown: number;
  private readonly started: number;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(
    private readonly logger: Pick<Logger, 'info' | 'status'>,
    private readonly label: string,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastShown = this.started;
    this.intervalMs = options.intervalMs ?? (logger.status ? LIVE_INTERVAL_MS : LOG_INTERVAL_MS);
  }

  /**
   * Shows the state if the interval has passed; `final` clears a live line. Called once per key:
   * the state is built only when a line is shown (formatting numbers for every key cost 70 ms of
   * CPU in a run of 2,000 keys).
   */
  update(state: ProgressState | (() => ProgressState), final = false): void {
    if (final) {
      this.logger.status?.(undefined);
      return;
    }
    const now = this.now();
    if (now - this.lastShown < this.intervalMs) return;
    this.lastShown = now;
    const line = this.render(typeof state === 'function' ? state() : state, now);
    if (this.logger.status) this.logger.status(line);
    else this.logger.info(line);
  }

  render(state: ProgressState, now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const { done, bytes } = state;
    // An estimate already passed says nothing: show counts and rates only.
    const total = state.total !== undefined && !(state.estimated && done > state.total) ? state.total : undefined;
    const parts: string[] = [];
    // Most important first: a narrow terminal cuts the end of the line.
    if (total !== undefined) {
      parts.push(`${count(done)} of ${state.estimated ? '~' : ''}${count(total)} ${state.unit} (${percent(done, total)})`);
      const eta = this.eta(state, total, seconds);
      if (eta !== undefined) parts.push(`ETA ${formatEta(eta)}`);
    } else parts.push(`${count(done)} ${state.unit}`);
    if (state.detail) parts.push(state.detail);
    const rate = done / seconds;
    parts.push(`${rate < 100 ? rate.toFixed(1) : number(rate)} ${state.rateUnit ?? state.unit.split(' ')[0]}/s`);
    if (bytes > 0) parts.push(`${formatBytes(bytes / seconds)}/s`);
    return `${this.label}: ${parts.join(', ')}`;
  }

  /**
   * By bytes when the total's bytes are known (large objects dominate), else by units. None before
   * 1 % is done: a pass that waited for its first page and read one item of it showed an ETA of
   * 47 minutes for a read-back that took 2 s.
   */
  private eta(state: ProgressState, total: number, seconds: number): number | undefined {
    if (state.bytesTotal !== undefined && state.bytesTotal > 0 && state.bytes > 0) {
      if (state.bytes * 100 < state.bytesTotal) return undefined;
      return ((state.bytesTotal - Math.min(state.bytes, state.bytesTotal)) / (state.bytes / seconds)) * 1000;
    }
    if (state.done === 0 || state.done * 100 < total) return undefined;
    return ((total - Math.min(state.done, total)) / (state.done / seconds)) * 1000;
  }
}

/**
 * A backup pass over one source: keys listed (of about as many as the previous run listed),
 * versions copied and their bytes, copies an unfinished run made and this one reused.
 */
export class Progress {
  private readonly line: ProgressLine;

  constructor(
    logger: Logger,
    label: string,
    private readonly options: ProgressOptions & { estimatedKeys?: number } = {},
  ) {
    this.line = new ProgressLine(logger, label, options);
  }

  tick(counts: { keys: number; copied: number; bytes: number; reused?: number }, force = false): void {
    this.line.update(
      () => ({
        done: counts.keys,
        ...(this.options.estimatedKeys ? { total: this.options.estimatedKeys, estimated: true } : {}),
        bytes: counts.bytes,
        unit: 'keys listed',
        detail: `${count(counts.copied, 'version')} copied (${formatBytes(counts.bytes)})${counts.reused ? `, ${count(counts.reused)} reused` : ''}`,
      }),
      force,
    );
  }
}
