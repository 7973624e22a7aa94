import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Object keys are never trusted as file paths. Each `/`-separated segment is percent-encoded
 * where a file system would misread it (`%`, `+`, control characters, `\`, `.` and `..`, empty
 * segments), and a segment longer than a file name may be is split into pieces that end in `+`
 * (a literal `+` is always encoded, so the split is reversible). The result stays readable
 * for ordinary keys: `photos/2026/cat.jpg` is stored as `photos/2026/cat.jpg`.
 */
const MAX_SEGMENT_BYTES = 200;

export function encodeSegment(segment: string): string[] {
  if (segment === '') return ['%'];
  if (segment === '.') return ['%2E'];
  if (segment === '..') return ['%2E%2E'];
  let encoded = '';
  for (const char of segment) {
    const code = char.codePointAt(0)!;
    if (char === '%' || char === '+' || char === '\\' || code < 0x20 || code === 0x7f) {
      encoded += [...Buffer.from(char)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
    } else {
      encoded += char;
    }
  }
  if (Buffer.byteLength(encoded) <= MAX_SEGMENT_BYTES) return [encoded];
  const pieces: string[] = [];
  let piece = '';
  for (const token of encoded.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    if (Buffer.byteLength(piece + token) > MAX_SEGMENT_BYTES - 1) {
      pieces.push(piece + '+');
      piece = '';
    }
    piece += token;
  }
  pieces.push(piece);
  return pieces;
}

export function decodeSegments(names: string[]): string[] {
  const segments: string[] = [];
  let pending = '';
  for (const name of names) {
    if (name.endsWith('+')) {
      pending += name.slice(0, -1);
      continue;
    }
    const whole = pending + name;
    pending = '';
    segments.push(decodeName(whole));
  }
  return segments;
}

/** One encoded segment (or piece: pieces split between whole characters and escapes) back to text. */
export function decodeName(encoded: string): string {
  return encoded === '%' ? '' : decodeURIComponent(encoded.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

export function keyToRelativePath(key: string): string {
  return key.split('/').flatMap(encodeSegment).join(sep);
}

export function relativePathToKey(path: string): string {
  return decodeSegments(path.split(sep)).join('/');
}

/** The absolute path for a key, proven to lie inside the root whatever the key says. */
export function pathInside(root: string, key: string): string {
  const absoluteRoot = resolve(root);
  const path = resolve(absoluteRoot, keyToRelativePath(key));
  const rel = relative(absoluteRoot, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`refusing to write outside the destination folder for key ${JSON.stringify(key)}`);
  }
  return path;
}
