import { ConfigError } from './errors.ts';

/** Raw settings by input name, as the action, the CLI flags and the config file all give them. */
export type RawSettings = Record<string, string | undefined>;

export function optional(raw: RawSettings, name: string): string | undefined {
  const value = raw[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function required(raw: RawSettings, name: string, hint: string): string {
  const value = optional(raw, name);
  if (value === undefined) throw new ConfigError(name, `is required: ${hint}`);
  return value;
}

/**
 * The one boolean rule of every input (S3 and SimpleDB alike): YAML 1.2 core booleans only, as
 * actions/toolkit's getBooleanInput reads them. Undefined for anything else, which callers refuse.
 */
export function parseYamlBoolean(text: string): boolean | undefined {
  const value = text.trim();
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  return undefined;
}

/** A boolean input by the YAML 1.2 rule (parseYamlBoolean): anything else is a mistake. */
export function booleanSetting(raw: RawSettings, name: string, fallback: boolean): boolean {
  const value = optional(raw, name);
  if (value === undefined) return fallback;
  const parsed = parseYamlBoolean(value);
  if (parsed === undefined) throw new ConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
  return parsed;
}

export function integerSetting(raw: RawSettings, name: string, fallback: number, min: number, max: number): number {
  const value = optional(raw, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${parsed}`);
  return parsed;
}

export function choiceSetting<T extends string>(raw: RawSettings, name: string, choices: readonly T[], fallback: T): T {
  const value = optional(raw, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new ConfigError(name, `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * The one duration rule of every input: `90s`, `15m`, `2h`, `1d`, `2w`, `1h30m`, `250ms`; a bare
 * number means seconds. Undefined for anything else, which callers refuse.
 */
export function parseDuration(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.replace(/\s+/g, '')) return undefined;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0));
}

/** A duration input (see parseDuration), at most `maxMs` (default: a year). */
export function durationSetting(raw: RawSettings, name: string, fallback: string, maxMs = 366 * 86_400_000): number {
  const value = optional(raw, name) ?? fallback;
  const parsed = parseDuration(value);
  if (parsed === undefined) throw new ConfigError(name, `must be a duration such as 90s, 30m, 2h or 1d, got ${JSON.stringify(value)}`);
  if (parsed > maxMs) throw new ConfigError(name, `${JSON.stringify(value)} is longer than ${Math.round(maxMs / 86_400_000)} days`);
  return parsed;
}

/** An http(s) endpoint URL input, without trailing slashes; undefined when unset (AWS). */
export function endpointSetting(raw: RawSettings, name: string): string | undefined {
  const value = optional(raw, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL such as https://<account>.r2.cloudflarestorage.com, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(name, `must start with https:// or http://, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

const REGION = /^[a-z0-9-]+$/;

/** A region input (lower-case letters, digits and hyphens), or the fallback. */
export function regionSetting(raw: RawSettings, name: string, fallback: string): string {
  const value = optional(raw, name) ?? fallback;
  if (!REGION.test(value)) throw new ConfigError(name, `is not a valid region: ${JSON.stringify(value)}`);
  return value;
}

/** Items separated by newlines or commas (YAML block scalars make newlines natural in workflows). */
export function listSetting(raw: RawSettings, name: string): string[] {
  return (optional(raw, name) ?? '')
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * rclone's size syntax: a number and a suffix B, K, M, G, T or P (base 1024; `KiB`, `MiB`... and
 * `KB` read the same), `1.5G` allowed; `off` is undefined. A bare number is refused: rclone reads
 * it as KiB, most people as bytes, so the unit is asked for instead of guessed.
 */
export function parseSizeSuffix(value: string): { bytes: number } | 'off' | { error: string } {
  const text = value.trim();
  if (text.toLowerCase() === 'off') return 'off';
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgtp])(?:i?b)?$/i.exec(text);
  if (!match) {
    if (/^\d+(\.\d+)?$/.test(text)) return { error: `${JSON.stringify(text)} has no unit: write ${text}B for bytes or ${text}K for KiB (rclone reads a bare number as KiB)` };
    return { error: `${JSON.stringify(text)} is not a size: a number with B, K, M, G, T or P (base 1024), such as 100K, 5M, 1.5G, or off` };
  }
  return { bytes: Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!) };
}

/** A size input (parseSizeSuffix): undefined when unset or `off`. */
export function sizeSetting(raw: RawSettings, name: string): number | undefined {
  const value = optional(raw, name);
  if (value === undefined) return undefined;
  const parsed = parseSizeSuffix(value);
  if (parsed === 'off') return undefined;
  if ('error' in parsed) throw new ConfigError(name, parsed.error);
  return parsed.bytes;
}
