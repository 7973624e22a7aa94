import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { StorePlace } from './types.ts';

/**
 * A place as the checks must compare it: a folder by its real path (links resolved), so two
 * spellings of one folder (a link, `..`) count as the same place. A folder that does not exist
 * yet resolves through its nearest existing ancestor. A bucket is compared as it is.
 */
export async function resolvePlace(place: StorePlace): Promise<StorePlace> {
  return place.kind === 'local' ? { kind: 'local', root: await realPathOf(place.root) } : place;
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
async function realPathOf(path: string): Promise<string> {
  let current = resolve(path);
  const missing: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error;
      missing.push(basename(current));
      current = parent;
    }
  }
}
