import { endpointIdentity, type DestinationSpec, type S3SourceSpec } from '../../config/s3.ts';
import type { S3Connection } from '../../stores/object/s3/client.ts';
import { destinationNaming } from '../../stores/object/local/naming.ts';
import { LocalObjectStore } from '../../stores/object/local/store.ts';
import { targetNaming } from '../../stores/object/local/target-names.ts';
import { S3ObjectStore } from '../../stores/object/s3/store.ts';
import { S3Source } from '../../stores/object/s3/source.ts';
import type { ObjectSource, ObjectStore } from '../../stores/object/types.ts';
import type { ListingOptions } from './listing/index.ts';

/**
 * The S3 backend's wiring: the only place that turns a configuration into concrete stores (the
 * SDK, the file system). Everything else in backends/s3 talks to the interfaces in
 * src/stores/object/types.ts. No request is made here.
 */

/** The backup destination a configuration describes. */
export function openDestination(d: DestinationSpec): ObjectStore {
  return d.kind === 'local'
    ? new LocalObjectStore(d.path, destinationNaming)
    : new S3ObjectStore(d.bucket, d.prefix, d.connection, endpointIdentity(d.connection, d.credentialsFrom === 'source' ? 'chain' : d.credentialsFrom), undefined, d.writes);
}

export function openSources(specs: S3SourceSpec[], connection: S3Connection): ObjectSource[] {
  const identity = endpointIdentity(connection, 'chain');
  return specs.map((s) => new S3Source(s.bucket, s.prefix, connection, identity));
}

/** How a backup configuration lists its sources: ranges at once, or an S3 Inventory report's files. */
export function listingOptions(config: { listParallelism: number | 'auto'; inventory?: { manifests: { bucket: string; key: string }[] }; sourceConnection: S3Connection }): ListingOptions {
  const label = { role: 'inventory bucket', input: 'inventory-manifest' };
  return {
    parallelism: config.listParallelism,
    ...(config.inventory
      ? { inventory: { manifests: config.inventory.manifests, open: (bucket: string) => new S3ObjectStore(bucket, '', config.sourceConnection, undefined, label) } }
      : {}),
  };
}

/** The storage objects a backup configuration describes. */
export function openStorage(config: { sources: S3SourceSpec[]; sourceConnection: S3Connection; destination: DestinationSpec }): { sources: ObjectSource[]; destination: ObjectStore } {
  return { sources: openSources(config.sources, config.sourceConnection), destination: openDestination(config.destination) };
}

/** A named restore target (`restore-target`): another bucket, or a local folder named as a restore target names files. */
export function openRestoreTarget(spec: { kind: 's3'; bucket: string; prefix: string; connection: S3Connection } | { kind: 'local'; path: string }): ObjectStore {
  const label = { role: 'restore target', input: 'restore-target' };
  return spec.kind === 's3' ? new S3ObjectStore(spec.bucket, spec.prefix, spec.connection, undefined, label) : new LocalObjectStore(spec.path, targetNaming(), { label });
}
