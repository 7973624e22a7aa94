import type { S3Connection, S3WriteSettings } from '../stores/object/s3/client.ts';

/** Who signs the destination's requests: its own keys or profile, or the sources' AWS chain on purpose. */
export type CredentialsFrom = 'keys' | 'profile' | 'source';

/** Where the backup is: a local folder, or a bucket and prefix with the connection that reaches it. */
export type DestinationSpec =
  | { kind: 'local'; path: string }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      connection: S3Connection;
      credentialsFrom: CredentialsFrom;
      /** Storage class, encryption, Object Lock of every write (config/retention.ts); modes that write set it. */
      writes?: S3WriteSettings;
    };
