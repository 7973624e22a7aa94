import { endpointIdentity, type S3BackupConfig } from '../config/backup-config.ts';
import { LocalDestination } from '../storage/local/destination.ts';
import { S3Destination } from '../storage/s3/destination.ts';
import { S3Source } from '../storage/s3/source.ts';
import type { Destination, ObjectSource } from '../storage/types.ts';

/** The storage objects a configuration describes. No request is made here. */
export function openStorage(config: S3BackupConfig): { sources: ObjectSource[]; destination: Destination } {
  const sourceIdentity = endpointIdentity(config.sourceConnection, 'chain');
  const sources = config.sources.map((s) => new S3Source(s.bucket, s.prefix, config.sourceConnection, sourceIdentity));
  const d = config.destination;
  const destination =
    d.kind === 'local'
      ? new LocalDestination(d.path)
      : new S3Destination(d.bucket, d.prefix, d.connection, endpointIdentity(d.connection, d.credentialsFrom === 'source' ? 'chain' : d.credentialsFrom));
  return { sources, destination };
}
