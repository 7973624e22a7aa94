/**
 * Which keys and sizes a backup, restore or verify covers: rclone's filter rules as the model
 * (https://rclone.org/filtering/). Pure: patterns in, a decision per key out.
 *
 * - Keys are matched relative to the source prefix (`photos/2024/a.jpg` under `bucket/photos/`
 *   is `2024/a.jpg`).
 * - `*` matches within one path segment (no `/`), `**` across segments, `?` one character other
 *   than `/`, `[abc]`/`[a-z]`/`[!a]` one of a set, `{a,b}` either alternative, `\x` the character x.
 * - A pattern starting with `/` is anchored at the source prefix; any other pattern matches the
 *   end of the key at a segment boundary (`a.jpg` matches `a.jpg` and `x/a.jpg`, not `xa.jpg`).
 * - A pattern ending with `/` names a folder: it matches every key under it (`tmp/` is `tmp/**`).
 * - Rules are tried in order and the first match decides: the excludes (`- pattern`), then the
 *   `filter` rules as written, then the includes (`+ pattern`); when there is any include, a key
 *   no rule matched is excluded (rclone adds `- **`), otherwise it is included.
 * - Sizes: `min-size` leaves out versions smaller than it, `max-size` larger than it.
 */

export interface FilterSpec {
  include: readonly string[];
  exclude: readonly string[];
  /** `+ pattern` or `- pattern`, in order. */
  rules: readonly string[];
  minSize?: number;
  maxSize?: number;
}

export interface FilterRule {
  include: boolean;
  pattern: string;
  regex: RegExp;
}

export class FilterPatternError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(`${JSON.stringify(pattern)}: ${message}`);
    this.name = 'FilterPatternError';
  }
}

/** A compiled filter; `everything` covers every key and size. */
export class KeyFilter {
  readonly rules: readonly FilterRule[];
  private readonly defaultInclude: boolean;

  constructor(readonly spec: FilterSpec) {
    const rules: FilterRule[] = [];
    for (const pattern of spec.exclude) rules.push({ include: false, pattern, regex: globToRegExp(pattern) });
    for (const text of spec.rules) rules.push(parseRule(text));
    for (const pattern of spec.include) rules.push({ include: true, pattern, regex: globToRegExp(pattern) });
    this.rules = rules;
    this.defaultInclude = spec.include.length === 0;
  }

  static readonly everything = new KeyFilter({ include: [], exclude: [], rules: [] });

  /** Whether any path rule is set (a key can be left out by its name). */
  get hasPathRules(): boolean {
    return this.rules.length > 0;
  }

  get hasSizeRules(): boolean {
    return this.spec.minSize !== undefined || this.spec.maxSize !== undefined;
  }

  get active(): boolean {
    return this.hasPathRules || this.hasSizeRules;
  }

  /** Whether a key (relative to the source prefix) is covered. */
  matchesPath(relativeKey: string): boolean {
    for (const rule of this.rules) if (rule.regex.test(relativeKey)) return rule.include;
    return this.defaultInclude;
  }

  /** Whether a version of this many bytes is covered. */
  matchesSize(size: number): boolean {
    if (this.spec.minSize !== undefined && size < this.spec.minSize) return false;
    if (this.spec.maxSize !== undefined && size > this.spec.maxSize) return false;
    return true;
  }

  /** A key of the source with this prefix: matched by its part after the prefix. */
  matchesKey(key: string, sourcePrefix: string): boolean {
    return this.matchesPath(relativeKey(key, sourcePrefix));
  }

  /** The filter as the run record and messages show it (only what is set). */
  describe(): FilterDescription {
    const d: FilterDescription = {};
    if (this.spec.include.length) d.include = [...this.spec.include];
    if (this.spec.exclude.length) d.exclude = [...this.spec.exclude];
    if (this.spec.rules.length) d.filter = [...this.spec.rules];
    if (this.spec.minSize !== undefined) d.minSize = this.spec.minSize;
    if (this.spec.maxSize !== undefined) d.maxSize = this.spec.maxSize;
    return d;
  }
}

export interface FilterDescription {
  include?: string[];
  exclude?: string[];
  filter?: string[];
  minSize?: number;
  maxSize?: number;
}

/**
 * A key relative to its source prefix. A prefix without a trailing `/` (`bucket/photos`) is a
 * folder as rclone sees it: `photos/a.jpg` is `a.jpg`, and `photosX/b` keeps its `X/b`.
 */
export function relativeKey(key: string, sourcePrefix: string): string {
  if (!key.startsWith(sourcePrefix)) return key;
  const rest = key.slice(sourcePrefix.length);
  if (sourcePrefix !== '' && !sourcePrefix.endsWith('/') && rest.startsWith('/')) return rest.slice(1);
  return rest;
}

export function parseRule(text: string): FilterRule {
  const match = /^([+-]) (.+)$/.exec(text);
  if (!match) throw new FilterPatternError(text, 'a filter rule is `+ pattern` (include) or `- pattern` (exclude), with one space after the sign');
  return { include: match[1] === '+', pattern: match[2]!, regex: globToRegExp(match[2]!) };
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const escapeChar = (c: string) => c.replace(SPECIAL, '\\$&');

/** The regular expression of one glob pattern, anchored as described at the top of this file. */
export function globToRegExp(pattern: string): RegExp {
  if (pattern === '') throw new FilterPatternError(pattern, 'an empty pattern matches nothing: remove it');
  let body = pattern;
  const anchored = body.startsWith('/');
  if (anchored) body = body.slice(1);
  // A folder: everything under it.
  if (body.endsWith('/') && !body.endsWith('\\/')) body += '**';
  const source = translate(body, pattern);
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}$`, 'su');
}

function translate(glob: string, whole: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '\\') {
      if (i + 1 >= glob.length) throw new FilterPatternError(whole, 'ends with a lone `\\`: escape it as `\\\\`');
      out += escapeChar(glob[i + 1]!);
      i += 2;
    } else if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i += 2;
      } else {
        out += '[^/]*';
        i++;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const end = classEnd(glob, i);
      if (end < 0) throw new FilterPatternError(whole, 'has a `[` without its `]`: escape it as `\\[` to match the character');
      let inner = glob.slice(i + 1, end);
      const negated = inner.startsWith('!') || inner.startsWith('^');
      if (negated) inner = inner.slice(1);
      const chars = inner.replace(/\\(.)/g, '$1').replace(/[\]\\^]/g, '\\$&');
      out += negated ? `[^/${chars}]` : `[${chars}]`;
      i = end + 1;
    } else if (c === '{') {
      depth++;
      out += '(?:';
      i++;
    } else if (c === ',' && depth > 0) {
      out += '|';
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
      i++;
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  if (depth > 0) throw new FilterPatternError(whole, 'has a `{` without its `}`: escape it as `\\{` to match the character');
  return out;
}

/** The index of the `]` closing the class opened at `start` (a `]` first in the class is literal). */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

/**
 * Patterns from an input: one per line or separated by commas, except commas inside `{...}`
 * or `[...]` or escaped (`\,`). Blank items are dropped; `#` starts a comment line.
 */
export function splitPatterns(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    const trimmedLine = line.trim();
    if (trimmedLine === '' || trimmedLine.startsWith('#')) continue;
    let current = '';
    let braces = 0;
    let inClass = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\' && i + 1 < line.length) {
        current += c + line[i + 1];
        i++;
        continue;
      }
      if (inClass) {
        if (c === ']') inClass = false;
      } else if (c === '[') inClass = true;
      else if (c === '{') braces++;
      else if (c === '}' && braces > 0) braces--;
      else if (c === ',' && braces === 0) {
        items.push(current);
        current = '';
        continue;
      }
      current += c;
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
