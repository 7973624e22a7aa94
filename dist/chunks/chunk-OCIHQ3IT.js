import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/plan/keys.ts
function compareKeys(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 55296 && ca <= 57343;
    const surrogateB = cb >= 55296 && cb <= 57343;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}
var OrderGuard = class {
  constructor(what, repeats = false) {
    this.what = what;
    this.repeats = repeats;
  }
  what;
  repeats;
  previous;
  check(key) {
    if (this.previous !== void 0) {
      const order = compareKeys(this.previous, key);
      if (order > 0 || order === 0 && !this.repeats) {
        throw new Error(
          `${this.what} is not in S3 byte order ("${this.previous}" came before "${key}"); pullback needs a sorted listing to detect deletions in constant memory`
        );
      }
    }
    this.previous = key;
  }
};

export {
  compareKeys,
  OrderGuard
};
