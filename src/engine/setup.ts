import { endpointIdentity, type DestinationSpec, type S3SourceSpec } from '../config/backup-config.ts';
import type { S3Connection } from '../storage/s3/client.ts';
import { LocalDestination } from '../storage/local/destination.ts';
import { S3Destination } from '../storage/s3/destination.ts';
import { S3Source } from '../storage/s3/source.ts';
import type { Destination, ObjectSource } from '../storage/types.ts';

/** The destination a configuration describes. No request is made here. */
export function openDestination(d: DestinationSpec): Destination {
  return d.kind === 'local'
    ? new LocalDestination(d.path)
    : new S3Destination(d.bucket, d.prefix, d.connection, endpointIdentity(d.connection, d.credentialsFrom === 'source' ? 'chain' : d.credentialsFrom));
}

export function openSources(specs: S3SourceSpec[], connection: S3Connection): ObjectSource[] {
  const identity = endpointIdentity(connection, 'chain');
  return specs.map((s) => new S3Source(s.bucket, s.prefix, connection, identity));
}

/** The storage objects a backup configuration describes. */
export function openStorage(config: { sources: S3SourceSpec[]; sourceConnection: S3Connection; destination: DestinationSpec }): { sources: ObjectSource[]; destination: Destination } {
  return { sources: openSources(config.sources, config.sourceConnection), destination: openDestination(config.destination) };
}
