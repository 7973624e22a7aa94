/**
 * The action's watermark store: the GitHub Actions cache, through the real `@actions/cache`.
 *
 * Pattern for a value that changes every run: each run saves under a key of its own,
 * `pullback-watermark-<configHash>-<runId>-<runAttempt>` (cache keys are immutable), and restores
 * by the prefix `pullback-watermark-<configHash>-`, which the service answers with the newest
 * (last finalized) entry. "Newest" is not "highest" when runs overlap, so a save stores the
 * per-source maximum of what was restored and what was reached. The cache is a hint: entries are
 * evicted, branches do not see each other's writes, so the caller merges what `load` returns
 * with the destination's own record, which wins.
 *
 * The cached path. `@actions/cache` computes an entry's version from the path strings exactly as
 * passed (plus the compression method), tars them relative to GITHUB_WORKSPACE and extracts them
 * back relative to it, so save and restore must use the same spelling of the same path on every
 * run. The file lives at `<tempDir>/pullback-watermark-<configHash>/watermarks.json`, with
 * `tempDir` the runner's RUNNER_TEMP: on GitHub-hosted runners that is the same absolute path on
 * every run of an image (`/home/runner/work/_temp` on Linux), outside the checked-out workspace
 * (nothing to commit or upload by mistake). A self-hosted runner installed elsewhere, another OS
 * or a runner without zstd computes another version and misses: that costs a full scan from the
 * destination's record, never a missed change.
 *
 * Never fails a run: `load` answers undefined on a miss, an unavailable service or any error, and
 * `save` turns every failure (saveCache returning -1 or throwing) into one `warn` line.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { mergeWatermarks } from './store.ts';
import type { WatermarkStore, Watermarks } from './store.ts';
import { formatWatermarks, parseWatermarks } from './file-store.ts';

export interface ActionsCacheWatermarkStoreOptions {
  /** `configHash(...)` of the backup configuration: two backup jobs never share a watermark. */
  configHash: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: together unique per saved entry. */
  runId: string;
  runAttempt: string;
  /** RUNNER_TEMP (see the file header for why it must be the same path on every run). */
  tempDir: string;
  warn: (message: string) => void;
  info?: (message: string) => void;
}

const keyPrefixBase = 'pullback-watermark-';

/**
 * @actions/cache, loaded when a watermark is first read or written, not when the action starts:
 * it brings the Azure storage SDK and undici (2.4 MB of the bundle, about 0.25 s of a runner's CPU
 * to load with Node's compile cache cold, as it is on every fresh runner). An S3 backup gets the
 * watermark store ready (prepare) beside its catalogue reads, so the load overlaps them; restore,
 * verify and prune never load it (issue 11, bench/action-start.ts).
 */
let cacheModule: Promise<typeof import('@actions/cache')> | undefined;
const loadCacheModule = () => (cacheModule ??= import('@actions/cache'));
/** The runner gives the cache service's token to jobs that may use it (never to a fork's PR, say). */
const hasRuntimeToken = () => Boolean(process.env['ACTIONS_RUNTIME_TOKEN']);

/** Why the cache cannot be used here for `direction`, or undefined when it can. Never throws. */
async function unavailableReason(direction: 'read' | 'write'): Promise<string | undefined> {
  let available = false;
  try {
    available = hasRuntimeToken() && (await loadCacheModule()).isFeatureAvailable();
  } catch (error) {
    // A bundle that lost its chunk, or a client that throws as it loads: the watermark is a hint,
    // and a backup that committed must not fail over it.
    return `the Actions cache client could not be loaded (${describe(error)})`;
  }
  if (!available) {
    return 'the Actions cache service is not available here (not running in GitHub Actions, or ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN not set)';
  }
  // The same lattice @actions/cache applies (unknown or unset modes permit everything).
  const mode = (process.env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
  const allowed: Record<string, { read: boolean; write: boolean }> = {
    none: { read: false, write: false },
    read: { read: true, write: false },
    write: { read: true, write: true },
    'write-only': { read: false, write: true },
  };
  if (allowed[mode] && !allowed[mode][direction]) return `ACTIONS_CACHE_MODE=${mode} does not permit cache ${direction}s`;
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ActionsCacheWatermarkStore implements WatermarkStore {
  readonly name = 'actions-cache';
  /** `pullback-watermark-<configHash>-`: restores match it as a prefix. */
  readonly keyPrefix: string;
  /** `<keyPrefix><runId>-<runAttempt>`: this run's entry. */
  readonly saveKey: string;
  /** The cached file (absolute; the exact string passed to @actions/cache). */
  readonly path: string;
  /** The key `load` restored, when it restored one (for the summary). */
  restoredKey: string | undefined;

  private readonly warn: (message: string) => void;
  private readonly info: (message: string) => void;
  private restored: Watermarks | undefined;
  private saves = 0;
  private warnedUnavailable = false;

  constructor(options: ActionsCacheWatermarkStoreOptions) {
    if (!/^[0-9a-f]{8,64}$/.test(options.configHash)) {
      throw new Error(`configHash must be hex digits (from configHash()), got ${JSON.stringify(options.configHash)}`);
    }
    for (const [name, value] of [['runId', options.runId], ['runAttempt', options.runAttempt]] as const) {
      if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw new Error(`${name} must be a non-empty run identifier, got ${JSON.stringify(value)}`);
    }
    if (options.tempDir === '') throw new Error('tempDir must be set (RUNNER_TEMP)');
    this.keyPrefix = `${keyPrefixBase}${options.configHash}-`;
    this.saveKey = `${this.keyPrefix}${options.runId}-${options.runAttempt}`;
    this.path = join(resolve(options.tempDir), `${keyPrefixBase}${options.configHash}`, 'watermarks.json');
    this.warn = options.warn;
    this.info = options.info ?? (() => {});
  }

  /** Loads @actions/cache ahead of load or save, where the cache can be used at all. */
  prepare(): void {
    if (hasRuntimeToken()) loadCacheModule().catch(() => undefined);
  }

  async load(): Promise<Watermarks | undefined> {
    this.restored = undefined;
    this.restoredKey = undefined;
    const unavailable = await unavailableReason('read');
    if (unavailable) {
      this.info(`No watermark from the Actions cache: ${unavailable}.`);
      return undefined;
    }
    try {
      // A file left by an earlier load or save in this job must not pass for a restored one.
      await rm(this.path, { force: true });
      const key = await (await loadCacheModule()).restoreCache([this.path], this.saveKey, [this.keyPrefix]);
      if (key === undefined) {
        this.info(
          `No watermark in the Actions cache under ${this.keyPrefix}* (first run, evicted, saved on another branch, ` +
            `or a cache service error reported above); the watermark comes from the destination's record.`,
        );
        return undefined;
      }
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch (error) {
        this.warn(
          `The Actions cache entry ${key} was restored but ${this.path} is not there (${describe(error)}); ` +
            `was it saved with another GITHUB_WORKSPACE? The watermark comes from the destination's record.`,
        );
        return undefined;
      }
      const watermarks = parseWatermarks(text, `Actions cache entry ${key}`);
      this.restored = watermarks;
      this.restoredKey = key;
      this.info(`Watermark restored from the Actions cache entry ${key}.`);
      return watermarks;
    } catch (error) {
      this.warn(`Could not restore the watermark from the Actions cache: ${describe(error)}. The watermark comes from the destination's record.`);
      return undefined;
    }
  }

  async save(watermarks: Watermarks): Promise<void> {
    const unavailable = await unavailableReason('write');
    if (unavailable) {
      if (!this.warnedUnavailable) {
        this.warnedUnavailable = true;
        this.warn(`The watermark was not saved to the Actions cache: ${unavailable}. The next run takes its watermark from the destination's record.`);
      }
      return;
    }
    const merged = mergeWatermarks(this.restored, watermarks);
    // Keys are immutable: a second save in the same run attempt needs a key of its own.
    this.saves += 1;
    const key = this.saves === 1 ? this.saveKey : `${this.saveKey}-${this.saves}`;
    const failure = (detail: string): void =>
      this.warn(
        `The watermark was not saved to the Actions cache under ${key}: ${detail}. ` +
          `The backup itself succeeded; the next run takes its watermark from the destination's record (more scanning, no missed change).`,
      );
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, formatWatermarks(merged), 'utf8');
      const id = await (await loadCacheModule()).saveCache([this.path], key);
      if (id === -1) {
        failure('saveCache returned -1 (the entry exists, the service refused or failed; see the cache messages above)');
        return;
      }
      this.restored = merged;
      this.info(`Watermark saved to the Actions cache as ${key}.`);
    } catch (error) {
      failure(describe(error));
    }
  }
}

/** Key names whose values are never part of the hash (credentials change without the job changing). */
const secretKey = /password|passwd|passphrase|secret|token|credential|private.?key|session/i;

function canonical(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (typeof value === 'string') return withoutUrlPassword(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return withoutUrlPassword(value.href);
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (seen.has(value)) throw new TypeError('configHash: the configuration is circular');
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => canonical(item, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (secretKey.test(key)) continue;
      const item = canonical((value as Record<string, unknown>)[key], seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** `mysql://user:secret@host/db` -> `mysql://user@host/db`; other strings unchanged. */
function withoutUrlPassword(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:[^/?#]*@/i.test(text)) return text;
  try {
    const url = new URL(text);
    url.password = '';
    return url.href;
  } catch {
    return text;
  }
}

/**
 * A short, stable id of a backup configuration: the first 16 hex digits of the sha256 of its
 * canonical JSON (object keys sorted, undefined dropped). Pass the configuration without secrets;
 * as a safety net, keys that name secrets (password, secret, token, credentials, session...)
 * are left out and passwords are cut out of URLs, so rotating a credential keeps the watermark.
 */
export function configHash(parts: unknown): string {
  const json = JSON.stringify(canonical(parts, new Set()) ?? null);
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}
