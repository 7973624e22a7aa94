import type { FolderNaming, ParsedName } from './naming.ts';

/**
 * A restore target's naming: the files carry the keys' real names wherever the file system can
 * hold them (`symbols+.txt` stays `symbols+.txt`), so a restored folder is usable as it is. Only
 * what a file system cannot hold is encoded, with `%` as the escape character, reversibly:
 *
 * - `%` itself is `%25`; control characters (and, on Windows, `\ : * ? " < > |`) are `%XX`;
 * - the segments `.` and `..` are `%2E` and `%2E%2E`, an empty segment (`a//b`, `dir/`) is `%`;
 * - a segment beginning with `.pullback-` starts `%2Epullback-` (pullback's own temporary names);
 * - a segment longer than a file name may be is split into folders whose names end in `%+`;
 * - a file whose name a folder needs (key `a` beside `a/b`) is stored as `a%@`.
 *
 * A literal `%` is always escaped, so `%+`, `%@` and a lone `%` can only be markers. Reading back
 * decodes only `%XX` below 0x80 (the only escapes this naming writes), so any other name reads as
 * itself. The backup destination keeps its own naming (paths.ts): existing backups stay readable.
 */

/** Longest file name most file systems allow, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;
/** A marker is 2 bytes: a whole name or a piece leaves room for one. */
const MAX_TEXT_BYTES = MAX_NAME_BYTES - 2;
const PIECE = '%+';
const DISPLACED = '%@';
const WINDOWS_RESERVED = new Set(['\\', ':', '*', '?', '"', '<', '>', '|']);

function escape(char: string): string {
  return '%' + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

export function encodeTargetSegment(segment: string, platform: NodeJS.Platform = process.platform): string[] {
  if (segment === '') return ['%'];
  if (segment === '.') return ['%2E'];
  if (segment === '..') return ['%2E%2E'];
  const tokens: string[] = [];
  for (const char of segment) {
    const code = char.codePointAt(0)!;
    const reserved = char === '%' || code < 0x20 || code === 0x7f || (platform === 'win32' && WINDOWS_RESERVED.has(char));
    tokens.push(reserved ? escape(char) : char);
  }
  if (segment.startsWith('.pullback-')) tokens[0] = '%2E';
  const encoded = tokens.join('');
  if (Buffer.byteLength(encoded) <= MAX_TEXT_BYTES) return [encoded];
  // Split between whole characters and escapes, so each piece decodes on its own.
  const pieces: string[] = [];
  let piece = '';
  for (const token of tokens) {
    if (Buffer.byteLength(piece + token) > MAX_TEXT_BYTES) {
      pieces.push(piece + PIECE);
      piece = '';
    }
    piece += token;
  }
  pieces.push(piece);
  return pieces;
}

function decodeText(encoded: string): string {
  if (encoded === '%') return '';
  return encoded.replace(/%([0-7][0-9A-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function parseTargetName(name: string): ParsedName {
  if (name.endsWith(PIECE) && name.length > PIECE.length) return { text: decodeText(name.slice(0, -PIECE.length)), kind: 'piece' };
  if (name.endsWith(DISPLACED) && name.length > DISPLACED.length) return { text: decodeText(name.slice(0, -DISPLACED.length)), kind: 'displaced' };
  return { text: decodeText(name), kind: 'whole' };
}

export function targetNaming(platform: NodeJS.Platform = process.platform): FolderNaming {
  return {
    fileComponents: (key) => key.split('/').flatMap((segment) => encodeTargetSegment(segment, platform)),
    parse: parseTargetName,
    displacedName: (name) => name + DISPLACED,
  };
}

/** The relative path of a key's file in a restore target, before any collision moves it (for messages and tests). */
export function targetRelativePath(key: string, platform: NodeJS.Platform = process.platform): string {
  return targetNaming(platform).fileComponents(key).join('/');
}
