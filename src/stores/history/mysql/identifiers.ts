// SQL identifiers built from SimpleDB names. SimpleDB names are case-sensitive byte strings up to
// 1024 bytes; MySQL/MariaDB identifiers are at most 64 characters, compared case-insensitively, may
// not hold supplementary characters (emoji) or end with a space. So names never go into SQL
// directly: a domain gets a table base and an attribute a column name, both allocated here and
// recorded in mapping tables, and every identifier is validated and backtick-quoted.
import { createHash } from 'node:crypto';

export const MAX_IDENTIFIER_LENGTH = 64;

/** Why an identifier is unusable, or undefined when it is fine. */
export function identifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if ([...name].length > MAX_IDENTIFIER_LENGTH) return `is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
  if (/[\u{10000}-\u{10FFFF}]/u.test(name)) return 'holds a supplementary character (e.g. an emoji)';
  if (/[\uD800-\uDFFF]/u.test(name)) return 'holds a lone surrogate';
  if (name.includes('\u0000')) return 'holds a NUL character';
  if (name.endsWith(' ')) return 'ends with a space';
  return undefined;
}

/** A validated identifier in backticks, with backticks doubled. Throws for an unusable name. */
export function quoteIdentifier(name: string): string {
  const problem = identifierProblem(name);
  if (problem) throw new RangeError(`SQL identifier ${JSON.stringify(name)} ${problem}`);
  return '`' + name.replaceAll('`', '``') + '`';
}

/** First 8 hex characters of SHA-256 of the exact (UTF-8) name: stable, distinguishes case. */
export function shortHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
}

/**
 * A readable ASCII form of a name: accents dropped, anything outside [A-Za-z0-9_] becomes `_`,
 * runs of `_` collapsed, leading/trailing `_` trimmed. May be empty.
 */
export function sanitizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface AllocateOptions {
  /** Longest result (characters). */
  maxLength: number;
  /** Used when the sanitized name is empty. */
  fallback: string;
  /** Names already taken, lower-cased (identifiers compare case-insensitively). */
  taken: ReadonlySet<string>;
}

/**
 * Allocates an identifier for `name` that is not in `taken` (case-insensitively): the sanitized
 * name when it is free, else the sanitized name with the name's short hash, else with a counter.
 * The result matches [A-Za-z0-9_]+, never starts with `_`, never holds `__` and fits maxLength.
 */
export function allocateIdentifier(name: string, options: AllocateOptions): string {
  const { maxLength, taken } = options;
  const base = sanitizeName(name) || options.fallback;
  const candidates: string[] = [];
  if (base.length <= maxLength) candidates.push(base);
  const hash = shortHash(name);
  const room = maxLength - hash.length - 1;
  candidates.push(`${trimEnd(base.slice(0, room))}_${hash}`);
  for (const c of candidates) if (!taken.has(c.toLowerCase())) return c;
  for (let n = 2; ; n++) {
    const suffix = `_${hash}_${n}`;
    const c = `${trimEnd(base.slice(0, maxLength - suffix.length))}${suffix}`;
    if (!taken.has(c.toLowerCase())) return c;
  }
}

function trimEnd(s: string): string {
  return s.replace(/_+$/, '') || 'x';
}

/** A table prefix: empty or up to 16 of [A-Za-z0-9_]. */
export function tablePrefixProblem(prefix: string): string | undefined {
  if (!/^[A-Za-z0-9_]{0,16}$/.test(prefix)) return 'must be at most 16 characters of A-Z, a-z, 0-9 and _';
  return undefined;
}
