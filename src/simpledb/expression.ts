// Select expression building: names and values are always quoted by these helpers, so no caller
// ever concatenates user data into an expression.

/** Words that must be quoted with backticks when used as names (case-insensitive). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'or', 'and', 'not', 'from', 'where', 'select', 'like', 'null', 'is', 'order', 'by', 'asc', 'desc',
  'in', 'between', 'intersection', 'limit', 'every',
]);

const BARE_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An attribute or domain name as it must appear in an expression: bare when allowed, else in backticks. */
export function quoteName(name: string): string {
  if (BARE_NAME.test(name) && !RESERVED_WORDS.has(name.toLowerCase())) return name;
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A constant in single quotes, with single quotes doubled. */
export function quoteValue(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

class Fragment {
  constructor(readonly text: string) {}
}

/** A name (attribute or domain), quoted as needed. */
export function name(value: string): Fragment {
  if (typeof value !== 'string') throw new TypeError('sdbSelect: name() needs a string');
  return new Fragment(quoteName(value));
}
/** A quoted constant. */
export function value(v: string): Fragment {
  if (typeof v !== 'string') throw new TypeError('sdbSelect: value() needs a string');
  return new Fragment(quoteValue(v));
}
/** A parenthesised list of constants, for `in (...)`. */
export function values(list: readonly string[]): Fragment {
  if (list.length === 0) throw new RangeError('sdbSelect: values() needs at least one value');
  return new Fragment('(' + list.map(quoteValue).join(', ') + ')');
}
/** A comma-separated list of names, for the output list. */
export function names(list: readonly string[]): Fragment {
  if (list.length === 0) throw new RangeError('sdbSelect: names() needs at least one name');
  return new Fragment(list.map(quoteName).join(', '));
}
/**
 * A `like` pattern: `prefix%`, `%suffix` or `%part%`, the user part escaped and quoted. A `%` in
 * the part becomes `\%`, SimpleDB's documented escape (UsingSelectOperators), so it is matched
 * literally and never acts as a wildcard. A backslash is refused: SimpleDB documents no escape for
 * one, so what `\` means next to a `%` is unknown; compare with `=`, `>=`/`<` or filter in code.
 */
export function likePattern(kind: 'prefix' | 'suffix' | 'contains', part: string): Fragment {
  if (typeof part !== 'string') throw new TypeError('sdbSelect: likePattern() needs a string');
  if (part.includes('\\')) {
    throw new RangeError(`sdbSelect: likePattern() cannot match a backslash (SimpleDB documents no escape for one): ${JSON.stringify(part)}`);
  }
  const escaped = part.replaceAll('%', '\\%');
  const pattern = kind === 'prefix' ? `${escaped}%` : kind === 'suffix' ? `%${escaped}` : `%${escaped}%`;
  return new Fragment(quoteValue(pattern));
}
/** A limit count (1-2500). */
export function limit(n: number): Fragment {
  if (!Number.isInteger(n) || n < 1 || n > 2500) throw new RangeError(`sdbSelect: limit must be an integer 1-2500, got ${n}`);
  return new Fragment(String(n));
}
/** Trusted expression text (a fragment built by sdbSelect, or a literal the program wrote). */
export function raw(text: string): Fragment {
  return new Fragment(text);
}

/**
 * A tagged template for select expressions. Every interpolation must be a fragment from
 * name(), value(), values(), names(), likePattern(), limit(), raw() or another sdbSelect result;
 * a bare string is refused, so user data cannot be spliced in unquoted.
 *
 *   sdbSelect`select * from ${name(domain)} where ${name('lastModified')} >= ${value(w)} order by ${name('lastModified')}`
 */
export function sdbSelect(strings: TemplateStringsArray, ...parts: unknown[]): string {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    if (part instanceof Fragment) out += part.text;
    else if (part instanceof SdbExpression) out += part.text;
    else throw new TypeError(`sdbSelect: interpolation ${i + 1} is a ${typeof part}; wrap it in name(), value() or values()`);
    out += strings[i + 1] ?? '';
  });
  return out;
}

/** A reusable sub-expression, e.g. a where clause built in one place and used in two selects. */
export class SdbExpression {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
export function sdbWhere(strings: TemplateStringsArray, ...parts: unknown[]): SdbExpression {
  return new SdbExpression(sdbSelect(strings, ...parts));
}

/** The incremental read of the write convention: `select * from D where stamp >= 'W' order by stamp`. */
export function incrementalSelect(domain: string, stampAttribute: string, since: string): string {
  return sdbSelect`select * from ${name(domain)} where ${name(stampAttribute)} >= ${value(since)} order by ${name(stampAttribute)}`;
}
