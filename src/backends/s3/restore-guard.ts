import { join, sep } from 'node:path';
import { describeLocation, destinationReservedPrefixes, locationsOverlap, prefixesOverlap } from '../../config/overlap.ts';
import { resolvePlace } from '../../stores/object/place.ts';
import type { BucketLocation, ObjectSource, ObjectStore, StorePlace } from '../../stores/object/types.ts';
import { IN_PLACE_CONFIRMATION, RestoreError } from '../restore-error.ts';
import type { SourceRun } from './restore-source.ts';
import type { CataloguedSource, RestoreDependencies, S3RestoreOptions } from './types.ts';

/**
 * The checks that keep a restore off what it must not touch, made before anything is written
 * (dry runs included): live sources (a target that shares keys with one is an in-place restore),
 * and the backup's own catalogue and data (a restored object there could poison the catalogue).
 */

/** A source that may hold live data: catalogued (at the sources' endpoint) or given in `sources`. */
export interface LiveSource {
  id: string;
  location: BucketLocation;
  /**
   * Where it lives is not known (a catalogued source, `source-endpoint` unset): a target on any
   * endpoint with its bucket and prefix may be it.
   */
  anyEndpoint?: boolean;
  /** The live bucket as `sources` gave it: the safety backup reads it. */
  live?: ObjectSource;
}

/** Where one selected source's objects would be written or removed. */
export interface WrittenArea {
  /** The catalogued source being restored. */
  sourceId: string;
  place: StorePlace;
  /** Key prefix below the target's root that every write and removal of this source starts with. */
  keyPrefix: string;
}

/**
 * Every live source the restore must not write into unawares. The catalogue records no endpoint:
 * a catalogued source is taken to live at `source-endpoint` when it is set, and also at the
 * endpoint of the same source in `sources`. When it is unset, at any endpoint: a restore has no
 * other use for `source-endpoint`, and a source on MinIO or R2 restored there without it was taken
 * to live at AWS, so a target naming the live bucket was written over with no confirmation and no
 * safety backup (found by a user trial). A target elsewhere that only shares the bucket's name is
 * refused instead, with the fix: set `source-endpoint`.
 */
export function liveSources(catalogued: Iterable<{ id: string; bucket: string; prefix: string }>, given: readonly ObjectSource[], sourceEndpoint: string | undefined): LiveSource[] {
  const found: LiveSource[] = [];
  const givenById = new Map(given.map((s) => [s.id, s]));
  for (const source of given) {
    if (source.place.kind === 's3') found.push({ id: source.id, location: source.place.location, live: source });
  }
  for (const source of catalogued) {
    const live = givenById.get(source.id);
    found.push({
      id: source.id,
      location: { endpoint: sourceEndpoint, bucket: source.bucket, prefix: source.prefix },
      ...(sourceEndpoint === undefined ? { anyEndpoint: true } : {}),
      ...(live ? { live } : {}),
    });
  }
  return found;
}

/** The live sources (one entry per id) any of the areas shares keys with. */
export function overlappedSources(areas: readonly WrittenArea[], sources: readonly LiveSource[]): LiveSource[] {
  const hit = new Map<string, LiveSource>();
  for (const area of areas) {
    if (area.place.kind !== 's3') continue;
    const written = { ...area.place.location, prefix: area.place.location.prefix + area.keyPrefix };
    for (const source of sources) {
      const shares = source.anyEndpoint ? written.bucket === source.location.bucket && prefixesOverlap(written.prefix, source.location.prefix) : locationsOverlap(written, source.location);
      if (!shares) continue;
      const known = hit.get(source.id);
      if (!known || (!known.live && source.live)) hit.set(source.id, source);
    }
  }
  return [...hit.values()];
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/**
 * The part of the backup destination a target would write into, if any: its catalogue or its
 * data (a target at or above the destination's root holds both). `restored/` and anything else
 * beside them is fine, the default target included.
 */
export async function destinationPartHit(place: StorePlace, destination: ObjectStore): Promise<string | undefined> {
  const home = destination.place;
  if (place.kind === 's3' && home.kind === 's3') {
    for (const prefix of destinationReservedPrefixes(home.location.prefix)) {
      const reserved = { ...home.location, prefix };
      if (locationsOverlap(place.location, reserved)) return describeLocation(reserved);
    }
    return undefined;
  }
  if (place.kind === 'local' && home.kind === 'local') {
    const [target, root] = await Promise.all([resolvePlace(place), resolvePlace(home)]);
    if (target.kind !== 'local' || root.kind !== 'local') return undefined;
    for (const part of ['catalog', 'data']) {
      const reserved = join(root.root, part);
      if (within(target.root, reserved) || within(reserved, target.root)) return reserved;
    }
  }
  return undefined;
}

function describePlace(place: StorePlace): string {
  return place.kind === 's3' ? describeLocation(place.location) : `folder ${place.root}`;
}

/**
 * Refuses a target over the backup's own catalogue or data, and one that shares keys with a
 * backed-up source unless the restore is confirmed as in place; returns the overlapped sources
 * (each with the live bucket from `sources` that the safety backup reads).
 */
export async function guardTargets(runs: SourceRun[], known: Map<string, CataloguedSource>, options: S3RestoreOptions, deps: RestoreDependencies): Promise<LiveSource[]> {
  for (const { target } of runs) {
    const hit = await destinationPartHit(target.place, deps.destination);
    if (hit) {
      throw new RestoreError(
        `input \`restore-target\`: ${describePlace(target.place)} overlaps the backup destination's catalogue or data (${hit}): ` +
          'restored objects there could overwrite the backup or poison its catalogue. Choose a place outside the destination, ' +
          "or a folder under its restored/ (the default when `restore-target` is unset)",
      );
    }
  }
  // A named target counts from its root, whatever keys this restore would write there (any overlap
  // in either direction); an in-place restore writes exactly its source's keys.
  const areas = runs.map((run) => ({ sourceId: run.source.id, place: run.target.place, keyPrefix: options.target.kind === 'in-place' ? run.keyPrefix + run.listPrefix : '' }));
  const overlapped = overlappedSources(areas, liveSources(known.values(), deps.sources ?? [], options.sourceEndpoint));
  if (overlapped.length === 0) return [];
  const spec = options.target;
  const names = overlapped.map((s) => s.id).join(', ');
  // Why the target counts as the source: the same endpoint, or an endpoint nobody named.
  const how = overlapped.some((s) => s.anyEndpoint)
    ? "(the catalogue does not record where its sources live and `source-endpoint` is not set, so that bucket on any endpoint counts as the source; if this one is not it, set `source-endpoint` to the sources' endpoint)"
    : '(same endpoint)';
  const confirmed = spec.kind === 'in-place' ? spec.confirmed : spec.kind === 's3' && spec.confirmed === true;
  if (spec.kind === 'default') {
    // The confirmation counts for a named target only: here it would be refused as unused
    // (config/restore.ts refuseIdleConfirmation), so the fix is a target, not the confirmation.
    throw new RestoreError(
      `input \`restore-target\`: the default target restored/ in the destination ${deps.destination.description} shares keys with the backed-up source ${names} ${how}: ` +
        'restoring there would write over live data. Set `restore-target` to a bucket or folder outside every backed-up source',
    );
  }
  if (!confirmed) {
    const where = describePlace(runs[0]!.target.place);
    throw new RestoreError(
      `input \`restore-target\`: ${where} shares keys with the backed-up source ${names} ${how}: restoring there writes over live data, ` +
        `which makes it an in-place restore. Choose a target outside every backed-up source, or set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` ` +
        'to restore over the live data on purpose (the overlapped sources are backed up first, so they must be listed in `sources`)',
    );
  }
  const missing = overlapped.filter((s) => !s.live);
  if (missing.length > 0) {
    throw new RestoreError(
      `input \`sources\`: the restore writes into ${missing.map((s) => s.id).join(', ')}, which must be backed up before anything there is overwritten: ` +
        'list it in `sources` (with credentials that can read it)',
    );
  }
  return overlapped;
}
