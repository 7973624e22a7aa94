/**
 * One shard of a sharded backup (or its commit) in its own process: what a matrix job runs, and
 * what a test kills (SIGKILL, no finally blocks, its lease left held) after `killAfterCopies`
 * copies. Usage:
 *   node --import tsx test/support/shard-child.ts '{"connection": ..., "source": ..., "destination": ..., "prefix": ..., "name": "run-1", "shard": 2, "count": 4}'
 * ("commit": true instead of shard and count). Prints {"runId", "status", "copied", "reused"}.
 */
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { S3Connection } from '../../src/stores/object/s3/client.ts';
import type { ShardRole } from '../../src/backends/s3/types.ts';
import { silentLogger } from '../../src/report/logger.ts';

interface ChildConfig {
  connection: S3Connection;
  source: string;
  destination: string;
  prefix: string;
  name?: string;
  shard?: number;
  count?: number;
  commit?: boolean;
  concurrency?: number;
  killAfterCopies?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const role: ShardRole | undefined = config.name === undefined ? undefined : config.commit ? { name: config.name, commit: true } : { name: config.name, shard: config.shard!, count: config.count! };
let copies = 0;
const result = await runS3Backup(
  { overlapMs: 3600_000, concurrency: config.concurrency ?? 4, dryRun: false, serverSideCopy: false, ...(role ? { shard: role } : {}) },
  {
    sources: [new S3Source(config.source, '', config.connection, 'child|source')],
    destination: new S3ObjectStore(config.destination, config.prefix, config.connection, 'child|destination'),
    logger: silentLogger,
    beforeCopy: () => {
      if (config.killAfterCopies !== undefined && ++copies > config.killAfterCopies) process.kill(process.pid, 'SIGKILL');
    },
  },
);
process.stdout.write(JSON.stringify({ runId: result.runId, status: result.status, copied: result.totals.copied, reused: result.totals.reused, keys: result.totals.keys }) + '\n');
