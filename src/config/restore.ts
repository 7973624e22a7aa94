/**
 * Restore and verify settings of the S3 backend, and what both backends' restores share: the
 * restore time and the in-place confirmation, each validated here and nowhere else.
 */
import type { S3Connection } from '../stores/object/s3/client.ts';
import { parseRestoreTime } from '../plan/restore-time.ts';
import { ConfigError } from './errors.ts';
import { IN_PLACE_CONFIRMATION, Inputs } from './inputs.ts';
import { booleanSetting, listSetting, optional, type RawSettings } from './parse.ts';
import { writableDestination } from './destination-writes.ts';
import { bandwidthSetting, filterSetting } from './filters.ts';
import type { KeyFilter } from '../plan/filter.ts';
import { backupTuning, buildS3Settings, connectionFrom, parseLocation, restoreTargetInputs, type S3Settings } from './s3.ts';

/** Where restored objects go. */
export type S3RestoreTarget =
  /** A new prefix inside the backup destination: `restored/<T>/<bucket>/<key>`. */
  | { kind: 'default' }
  /** Another bucket (and prefix): `<prefix><key>`, or `<prefix><bucket>/<key>` when several buckets are restored. */
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      connection: S3Connection;
      /**
       * `confirm-in-place` was given: a target that turns out to share keys with a backed-up
       * source is then restored as an in-place restore (the overlapped sources backed up first).
       * Whether it does is known only once the catalogue is read.
       */
      confirmed?: boolean;
    }
  /** A local folder, same layout as an S3 target (bytes only: a folder keeps no metadata). */
  | { kind: 'local'; path: string }
  /** The source buckets themselves: overwrites live objects and removes those absent at T. */
  | { kind: 'in-place'; confirmed: true };

/** The moment to restore, and how its text was read (e.g. "no time zone given: read as UTC"). */
export interface RestoreMoment {
  at: Date;
  note?: string;
}

export interface S3RestoreConfig extends S3Settings {
  time: RestoreMoment;
  /** Catalogued sources to restore (`bucket`, `bucket/prefix`, `s3://...`); empty: all. */
  selection: string[];
  /** Only keys starting with this, and/or only these keys. */
  prefix?: string;
  keys?: string[];
  target: S3RestoreTarget;
  /** Settings of the safety backup an in-place restore runs first. */
  overlapMs: number;
  serverSideCopy: boolean;
  /** Which keys and sizes the restore covers (relative to each source's prefix). */
  filter: KeyFilter;
  /** Bytes per second for every transfer of the run; undefined: no limit. */
  bandwidthLimit?: number;
}

export type ReadDataPolicy = { kind: 'none' } | { kind: 'all' } | { kind: 'sample'; percent: number };

export interface S3VerifyConfig extends S3Settings {
  /** Catalogued sources to check; empty: all. Live buckets (`sources`) are compared with the backup. */
  selection: string[];
  readData: ReadDataPolicy;
  /** Which keys the comparison with the live buckets covers. */
  filter: KeyFilter;
}

/** `restore-time`: required, and never in the future. */
export function restoreMoment(raw: RawSettings, now: Date): RestoreMoment {
  const text = optional(raw, Inputs.restoreTime);
  if (text === undefined) throw new ConfigError(Inputs.restoreTime, 'is required: the moment to restore, such as 2026-11-24T16:30:00Z, `yesterday` or `2 days ago`');
  let moment: RestoreMoment;
  try {
    moment = parseRestoreTime(text, now);
  } catch (error) {
    throw new ConfigError(Inputs.restoreTime, (error as Error).message);
  }
  if (moment.at.getTime() > now.getTime()) {
    throw new ConfigError(Inputs.restoreTime, `${moment.at.toISOString()} is in the future (now is ${now.toISOString()}): a restore can only go back in time`);
  }
  return moment;
}

/**
 * `restore-in-place` with its confirmation. `what` names what gets overwritten ("objects",
 * "items"). True when confirmed; false when not in place; throws when in place but unconfirmed.
 */
export function inPlaceConfirmed(raw: RawSettings, what: string): boolean {
  if (!booleanSetting(raw, Inputs.restoreInPlace, false)) return false;
  const confirmation = optional(raw, Inputs.confirmInPlace);
  if (confirmation !== IN_PLACE_CONFIRMATION) {
    throw new ConfigError(
      Inputs.confirmInPlace,
      `an in-place restore overwrites live ${what} and removes those that did not exist at the restore time: set it to \`${IN_PLACE_CONFIRMATION}\` to confirm` +
        (confirmation === undefined ? '' : ` (got ${JSON.stringify(confirmation)})`),
    );
  }
  return true;
}

/** `confirm-in-place` given for a named target: exactly the confirmation text, or nothing. */
export function targetConfirmed(raw: RawSettings): boolean {
  const confirmation = optional(raw, Inputs.confirmInPlace);
  if (confirmation === undefined) return false;
  if (confirmation !== IN_PLACE_CONFIRMATION) throw new ConfigError(Inputs.confirmInPlace, `must be exactly \`${IN_PLACE_CONFIRMATION}\` (got ${JSON.stringify(confirmation)})`);
  return true;
}

/** Where a restore writes when it is not over live data, as a message names it. */
export type NewPlace = 'the default target restored/<time>/ in the destination' | `the folder ${string}` | 'a new domain <domain>-restored-<time>';

/**
 * `confirm-in-place` where nothing can use it. Without `restore-in-place` the confirmation counts
 * only for a named target that may hold live data (an S3 `restore-target` bucket, a SimpleDB
 * `restore-target-domain`): the restore checks those once it has read the backup. For the default
 * targets and a local folder it would be ignored, and an operator who typed it but forgot
 * `restore-in-place` would believe the live data restored. `places`: where each backend of this
 * restore writes instead, when none can use the confirmation.
 */
export function refuseIdleConfirmation(raw: RawSettings, places: readonly NewPlace[]): void {
  if (optional(raw, Inputs.confirmInPlace) === undefined || places.length === 0) return;
  throw new ConfigError(
    Inputs.confirmInPlace,
    `is set, but \`${Inputs.restoreInPlace}\` is not: this restore writes to ${places.join(' and ')}, and leaves the live data as it is. ` +
      `To restore over the live data, set \`${Inputs.restoreInPlace}: true\` as well; to restore beside it, remove \`${Inputs.confirmInPlace}\``,
  );
}

export function parseReadData(text: string | undefined): ReadDataPolicy {
  const value = (text ?? 'none').trim();
  if (value === '' || value === 'none') return { kind: 'none' };
  if (value === 'all') return { kind: 'all' };
  const sample = /^sample:(\d+(?:\.\d+)?)%?$/.exec(value);
  if (sample) {
    const percent = Number(sample[1]);
    if (percent > 0 && percent <= 100) return { kind: 'sample', percent };
  }
  throw new ConfigError(Inputs.readData, `must be none, all, or sample:<percent> (for example sample:10), got ${JSON.stringify(value)}`);
}

function restoreTarget(raw: RawSettings, env: NodeJS.ProcessEnv, concurrency: number): S3RestoreTarget {
  const text = optional(raw, Inputs.restoreTarget);
  if (text === undefined) return { kind: 'default' };
  const location = parseLocation(text, Inputs.restoreTarget);
  if (location.kind === 'local') return location;
  // Without keys or a profile the target is written with the standard AWS chain (as the sources are read).
  const { connection } = connectionFrom(raw, restoreTargetInputs, env, concurrency);
  // A named bucket may turn out to overlap a backed-up source: the restore then treats it as in
  // place, which needs this confirmation (it checks once it has read the catalogue).
  return { ...location, connection, confirmed: targetConfirmed(raw) };
}

/**
 * Restore settings: `restore-time` (required), `restore-sources` (default: every catalogued
 * source), `restore-prefix`, `restore-keys`, `restore-target` (default: `restored/<T>/` in the
 * backup destination), `restore-in-place` with `confirm-in-place: overwrite live data`,
 * `dry-run`, `concurrency`, plus the backup's `destination*` and `source*` inputs.
 */
export function buildS3RestoreConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): S3RestoreConfig {
  const time = restoreMoment(raw, now);
  const settings = buildS3Settings(raw, env, { sourcesRequired: false });
  let target: S3RestoreTarget;
  if (booleanSetting(raw, Inputs.restoreInPlace, false) && optional(raw, Inputs.restoreTarget) !== undefined) {
    throw new ConfigError(Inputs.restoreTarget, `cannot be combined with \`${Inputs.restoreInPlace}: true\`: an in-place restore writes to the source buckets`);
  }
  if (inPlaceConfirmed(raw, 'objects')) {
    if (settings.sources.length === 0) {
      throw new ConfigError(Inputs.sources, `an in-place restore needs the live buckets in \`${Inputs.sources}\` (it backs them up before writing over them)`);
    }
    target = { kind: 'in-place', confirmed: true };
  } else {
    target = restoreTarget(raw, env, settings.concurrency);
  }
  const prefix = optional(raw, Inputs.restorePrefix);
  const keys = listSetting(raw, Inputs.restoreKeys);
  const bandwidthLimit = bandwidthSetting(raw);
  return {
    ...settings,
    // An in-place restore backs the live data up first, and the default target is in the
    // destination: both write there, with the destination's class, encryption and retention.
    destination: writableDestination(raw, settings.destination),
    time,
    selection: listSetting(raw, Inputs.restoreSources),
    ...(prefix !== undefined ? { prefix } : {}),
    ...(keys.length > 0 ? { keys } : {}),
    target,
    ...backupTuning(raw),
    filter: filterSetting(raw),
    ...(bandwidthLimit !== undefined ? { bandwidthLimit } : {}),
  };
}

/**
 * Verify settings: `read-data` (none | sample:<percent> | all, default none), `verify-sources`
 * (which catalogued sources to check, default all), and the backup's `sources`, `destination*`
 * and `source*` inputs: when `sources` is set each live bucket is compared with the backup.
 */
export function buildS3VerifyConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env): S3VerifyConfig {
  return {
    ...buildS3Settings(raw, env, { sourcesRequired: false }),
    selection: listSetting(raw, Inputs.verifySources),
    readData: parseReadData(optional(raw, Inputs.readData)),
    filter: filterSetting(raw),
  };
}
