import { endpointIdentity, type DestinationSpec, type S3SourceSpec } from '../../config/s3.ts';
import type { S3Connection } from '../../stores/object/s3/client.ts';
import { LocalDestination } from '../../stores/object/local/destination.ts';
import { S3Destination } from '../../stores/object/s3/destination.ts';
import { S3Source } from '../../stores/object/s3/source.ts';
import type { Destination, ObjectSource } from '../../stores/object/types.ts';

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
