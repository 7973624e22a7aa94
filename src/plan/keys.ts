/**
 * S3 lists keys in UTF-8 byte order. JavaScript compares strings by UTF-16 code units, which
 * disagrees for characters above U+FFFF against U+E000..U+FFFF, so every ordering decision goes
 * through this comparison (byte order of UTF-8 equals code point order).
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate (a code point above U+FFFF) sorts after every BMP character.
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Throws when a stream of keys is not ascending (strictly, unless `repeats`: several items of one
 * key, such as a key's events): a merge over it would silently take a key for missing.
 */
export class OrderGuard {
  private previous: string | undefined;
  constructor(
    private readonly what: string,
    private readonly repeats = false,
  ) {}
  check(key: string): void {
    if (this.previous !== undefined) {
      const order = compareKeys(this.previous, key);
      if (order > 0 || (order === 0 && !this.repeats)) {
        throw new Error(
          `${this.what} is not in S3 byte order ("${this.previous}" came before "${key}"); ` +
            'pullback needs a sorted listing to detect deletions in constant memory',
        );
      }
    }
    this.previous = key;
  }
}
