/**
 * Retention (issue 12): the policy `mode: prune` applies, in restic's vocabulary, and the configs
 * of a prune of each backend. What every write to the destination carries (class, encryption,
 * Object Lock) is in destination-writes.ts. Each error names the input to fix.
 */
import type { MySqlSettings } from '../stores/history/mysql/settings.ts';
import { ConfigError } from './errors.ts';
import { Inputs } from './inputs.ts';
import { booleanSetting, integerSetting, optional, parseDuration, type RawSettings } from './parse.ts';
import { destinationSpec, type DestinationSpec } from './s3.ts';
import { writableDestination } from './destination-writes.ts';
import type { RetentionPolicy } from '../plan/retention.ts';
import { historySettings, parseDomains } from './simpledb.ts';

export type { RetentionPolicy } from '../plan/retention.ts';

const COUNTS = [
  ['last', Inputs.keepLast],
  ['hourly', Inputs.keepHourly],
  ['daily', Inputs.keepDaily],
  ['weekly', Inputs.keepWeekly],
  ['monthly', Inputs.keepMonthly],
  ['yearly', Inputs.keepYearly],
] as const;

/** A hundred years: longer is a typo, and dates beyond it stop meaning anything. */
const MAX_WITHIN_MS = 36_500 * 86_400_000;

/**
 * The retention inputs. An empty policy is refused rather than read as "keep nothing" (restic
 * refuses it too): a prune without one would remove every restore point but the newest.
 */
export function retentionPolicy(raw: RawSettings): RetentionPolicy {
  const policy: RetentionPolicy = {};
  const within = optional(raw, Inputs.keepWithin);
  if (within !== undefined) {
    const ms = parseDuration(within);
    if (ms === undefined || ms <= 0) throw new ConfigError(Inputs.keepWithin, `must be a duration such as 30d, 12w or 36h, got ${JSON.stringify(within)}`);
    if (ms > MAX_WITHIN_MS) throw new ConfigError(Inputs.keepWithin, `${JSON.stringify(within)} is longer than 36500 days`);
    policy.withinMs = ms;
  }
  for (const [field, input] of COUNTS) {
    const value = integerSetting(raw, input, 0, 0, 1_000_000);
    if (value > 0) policy[field] = value;
  }
  if (Object.keys(policy).length === 0) {
    throw new ConfigError(
      Inputs.keepWithin,
      `a prune needs a retention policy: set \`${Inputs.keepWithin}\` (e.g. 30d) and/or \`${Inputs.keepDaily}\`, \`${Inputs.keepWeekly}\`, \`${Inputs.keepMonthly}\`, ` +
        `\`${Inputs.keepYearly}\`, \`${Inputs.keepHourly}\`, \`${Inputs.keepLast}\` (nothing is removed without one)`,
    );
  }
  return policy;
}

/** `mode: prune` of S3 backups: where the backup is, the policy, and whether to only plan. */
export interface S3PruneConfig {
  destination: DestinationSpec;
  retention: RetentionPolicy;
  concurrency: number;
  /** Plan only: report what would go and the bytes it would free; change nothing. */
  dryRun: boolean;
}

export function buildS3PruneConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env): S3PruneConfig {
  const concurrency = integerSetting(raw, Inputs.concurrency, 32, 1, 512);
  return {
    destination: writableDestination(raw, destinationSpec(raw, env, concurrency)),
    retention: retentionPolicy(raw),
    concurrency,
    dryRun: booleanSetting(raw, Inputs.dryRun, false),
  };
}

/** `mode: prune` of the SimpleDB history in MySQL: the same policy over its versions. */
export interface SimpleDbPruneConfig {
  mysql: MySqlSettings;
  tablePrefix: string;
  /** Domains to prune (`simpledb-domains`); `all`: every domain the history holds. */
  domains: string[] | 'all';
  retention: RetentionPolicy;
  dryRun: boolean;
}

export function buildSimpleDbPruneConfig(raw: RawSettings): SimpleDbPruneConfig {
  const domains = optional(raw, Inputs.simpledbDomains);
  return {
    ...historySettings(raw),
    domains: domains === undefined ? 'all' : parseDomains(domains),
    retention: retentionPolicy(raw),
    dryRun: booleanSetting(raw, Inputs.dryRun, false),
  };
}
