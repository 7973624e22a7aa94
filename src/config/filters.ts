/**
 * The key filters (`include`, `exclude`, `filter`, `min-size`, `max-size`) and the bandwidth limit
 * (`bandwidth-limit`) of S3 backups, restores and verifies. The matching itself is pure and lives
 * in plan/filter.ts; here each input is read, and a mistake names the input.
 */
import { FilterPatternError, KeyFilter, parseRule, splitPatterns, globToRegExp } from '../plan/filter.ts';
import { ConfigError } from './errors.ts';
import { Inputs, type InputName } from './inputs.ts';
import { optional, sizeSetting, type RawSettings } from './parse.ts';

/** The inputs this file reads: set on a run with no S3 backend, they are refused (SimpleDB has no filters). */
export const FILTER_INPUTS: readonly InputName[] = [Inputs.include, Inputs.exclude, Inputs.filter, Inputs.minSize, Inputs.maxSize];

function patterns(raw: RawSettings, name: InputName, check: (pattern: string) => void): string[] {
  const items = splitPatterns(optional(raw, name) ?? '');
  for (const item of items) {
    try {
      check(item);
    } catch (error) {
      if (error instanceof FilterPatternError) throw new ConfigError(name, error.message);
      throw error;
    }
  }
  return items;
}

/** The filter the inputs describe (`KeyFilter.everything` when none is set). */
export function filterSetting(raw: RawSettings): KeyFilter {
  const include = patterns(raw, Inputs.include, (p) => globToRegExp(p));
  const exclude = patterns(raw, Inputs.exclude, (p) => globToRegExp(p));
  // Rules are one per line: a comma belongs to the pattern (`- *.{jpg,png}`).
  const rules = (optional(raw, Inputs.filter) ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  for (const rule of rules) {
    try {
      parseRule(rule);
    } catch (error) {
      if (error instanceof FilterPatternError) throw new ConfigError(Inputs.filter, error.message);
      throw error;
    }
  }
  const minSize = sizeSetting(raw, Inputs.minSize);
  const maxSize = sizeSetting(raw, Inputs.maxSize);
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    throw new ConfigError(Inputs.minSize, `${minSize} bytes is more than \`${Inputs.maxSize}\` (${maxSize} bytes): no version could pass both`);
  }
  if (include.length === 0 && exclude.length === 0 && rules.length === 0 && minSize === undefined && maxSize === undefined) return KeyFilter.everything;
  return new KeyFilter({ include, exclude, rules, ...(minSize !== undefined ? { minSize } : {}), ...(maxSize !== undefined ? { maxSize } : {}) });
}

/** Whether any filter input is set (a SimpleDB-only run refuses them). */
export function filterInputSet(raw: RawSettings): InputName | undefined {
  return FILTER_INPUTS.find((name) => optional(raw, name) !== undefined && optional(raw, name)!.toLowerCase() !== 'off');
}

/** `bandwidth-limit`: bytes per second shared by every transfer of the run; undefined: no limit. */
export function bandwidthSetting(raw: RawSettings): number | undefined {
  const limit = sizeSetting(raw, Inputs.bandwidthLimit);
  if (limit === 0) throw new ConfigError(Inputs.bandwidthLimit, 'a limit of 0 bytes a second would never finish: give a rate such as 10M, or off');
  return limit;
}
