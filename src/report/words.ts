/** Numbers and nouns as people read them: `1,234 versions`, `1 version`, `1 difference`. */

/**
 * A whole number with thousands separators (always `,`: logs and summaries read the same everywhere).
 * By hand, not toLocaleString: its first call loads ICU's number formatting, 10-13 ms of every run.
 */
export function number(n: number): string {
  const rounded = Math.round(n);
  if (!Number.isSafeInteger(rounded)) return rounded.toLocaleString('en-US');
  return String(rounded).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** The noun's plural: `versions`, `entries`, `boxes`; irregular ones are passed in. */
export function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** `1,234`, or with a noun `1 version` / `2 versions` (`pluralForm` for irregular nouns). */
export function count(n: number, noun?: string, pluralForm?: string): string {
  if (noun === undefined) return number(n);
  return `${number(n)} ${n === 1 ? noun : (pluralForm ?? plural(noun))}`;
}

/** The heading of a list cut at its limit: `Failed keys` or `Failed keys (first 100 of 5,432)`. */
export function listTitle(title: string, shown: number, total: number): string {
  return shown < total ? `${title} (first ${number(shown)} of ${number(total)})` : title;
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
