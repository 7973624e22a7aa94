/**
 * A backup in its own process, so a test can SIGKILL it at a chosen moment (a real crash: no
 * finally blocks, no aborted uploads, a lease left held). Reads are throttled, so a multipart
 * upload is still open when the test looks. Usage:
 *   node --import tsx test/support/backup-child.ts '{"endpoint": ..., "source": ..., "destination": ..., "prefix": ..., "bytesPerSecond": ...}'
 */
import { Transform } from 'node:stream';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { KeyRange, ObjectSource, OpenedObject, SourceVersion } from '../../src/stores/object/types.ts';
import { consoleLogger } from '../../src/report/logger.ts';

interface ChildConfig {
  endpoint: string;
  source: string;
  destination: string;
  prefix: string;
  bytesPerSecond: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const connection = { region: 'us-east-1', endpoint: config.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'AKIDCHILD', secretAccessKey: 'test-secret' }, maxAttempts: 3 };

/** Delivers at most `bytesPerSecond`, in 64 KiB steps. */
function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    highWaterMark: 64 * 1024,
    transform(chunk: Buffer, _encoding, callback) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < chunk.length; i += 64 * 1024) pieces.push(chunk.subarray(i, i + 64 * 1024));
      const next = () => {
        const piece = pieces.shift();
        if (!piece) return callback();
        this.push(piece);
        setTimeout(next, (piece.length / bytesPerSecond) * 1000);
      };
      next();
    },
  });
}

const real = new S3Source(config.source, '', connection, 'moto|child-source');
const source: ObjectSource = {
  id: real.id,
  bucket: real.bucket,
  prefix: real.prefix,
  endpointIdentity: real.endpointIdentity,
  place: real.place,
  asObjectStore: () => real.asObjectStore(),
  get serverTime() {
    return real.serverTime;
  },
  get latestServerTime() {
    return real.latestServerTime;
  },
  probe: () => real.probe(),
  list: (versioned: boolean, range?: KeyRange) => real.list(versioned, range),
  async open(version: SourceVersion, signal?: AbortSignal): Promise<OpenedObject> {
    const opened = await real.open(version, signal);
    return { ...opened, body: opened.body.pipe(throttle(config.bytesPerSecond)) };
  },
};
const destination = new S3ObjectStore(config.destination, config.prefix, connection, 'moto|child-destination');
const result = await runS3Backup(
  { overlapMs: 3600_000, concurrency: 2, dryRun: false, serverSideCopy: false },
  { sources: [source], destination, logger: consoleLogger(false, (line) => process.stderr.write(line + '\n')) },
);
process.stdout.write(JSON.stringify({ runId: result.runId, status: result.status }) + '\n');
