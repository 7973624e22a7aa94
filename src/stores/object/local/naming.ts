import { decodeName, encodeSegment } from './paths.ts';

/** What a name found in a folder stands for. */
export interface ParsedName {
  /** The part of the key it holds (decoded). */
  text: string;
  /**
   * `whole`: a whole key segment. `piece`: the first part of an over-long segment, continued by
   * a name inside it (no `/` between). `displaced`: a file that gave its name to a folder.
   */
  kind: 'whole' | 'piece' | 'displaced';
}

/**
 * How keys map to names in a local folder. The backup destination and a restore target each have
 * their own (src/stores/object/local/paths.ts and target-names.ts); src/stores/object/local/folder.ts does the
 * file work for both.
 */
export interface FolderNaming {
  /** The path components holding a key's file: never '', '.' or '..', each short enough to create. */
  fileComponents(key: string): string[];
  parse(name: string): ParsedName;
  /**
   * The name a file takes when a folder needs its name (`a` beside `a/b`). Absent: such a
   * collision is an error (the destination's own keys never collide).
   */
  displacedName?(name: string): string;
}

/** The components of the folder part of a key prefix (`a/b/` or ''): the same as a file's, never displaced. */
export function folderComponents(naming: FolderNaming, folderKey: string): string[] {
  return folderKey === '' ? [] : naming.fileComponents(folderKey.slice(0, -1));
}

/**
 * The backup destination's naming (paths.ts). Unchanged since the first release: existing local
 * backups stay readable. Over-long segments are split into folders whose names end in `+`.
 */
export const destinationNaming: FolderNaming = {
  fileComponents: (key) => key.split('/').flatMap(encodeSegment),
  parse(name) {
    const piece = name.endsWith('+');
    const raw = piece ? name.slice(0, -1) : name;
    let text: string;
    try {
      text = decodeName(raw);
    } catch {
      // Not a name this naming makes (someone else's file): read literally.
      text = raw;
    }
    return { text, kind: piece ? 'piece' : 'whole' };
  },
};
