import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildJobs } from '../../src/config/build.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { Inputs } from '../../src/config/inputs.ts';
import type { RawSettings } from '../../src/config/parse.ts';

const s3: RawSettings = { [Inputs.destination]: 's3://backups/pb', [Inputs.destinationAccessKeyId]: 'AKID', [Inputs.destinationSecretAccessKey]: 'secret' };

function refused(raw: RawSettings, input: string, pattern: RegExp): void {
  assert.throws(() => buildJobs('prune', raw, {}), (error: unknown) => error instanceof ConfigError && error.input === input && pattern.test(error.message));
}

describe('prune settings', () => {
  it('the policy in restic words; S3 and SimpleDB pruned in one run with one policy', () => {
    const jobs = buildJobs('prune', { ...s3, [Inputs.keepWithin]: '30d', [Inputs.keepDaily]: '7', [Inputs.keepMonthly]: '12', [Inputs.mysqlUrl]: 'mysql://u:p@db:3306/history', [Inputs.dryRun]: 'true' }, {});
    assert.deepEqual(
      jobs.map((j) => [j.backend, j.mode]),
      [
        ['s3', 'prune'],
        ['simpledb', 'prune'],
      ],
    );
    const policy = { withinMs: 30 * 86_400_000, daily: 7, monthly: 12 };
    assert.deepEqual((jobs[0]!.config as { retention: unknown }).retention, policy);
    assert.deepEqual((jobs[1]!.config as { retention: unknown }).retention, policy);
    assert.equal((jobs[0]!.config as { dryRun: boolean }).dryRun, true);
    assert.equal((jobs[1]!.config as { domains: unknown }).domains, 'all');
  });

  it('refuses a prune without a policy (nothing is read as "keep nothing"), and values that are no policy', () => {
    refused(s3, Inputs.keepWithin, /a prune needs a retention policy/);
    refused({ ...s3, [Inputs.keepDaily]: '0' }, Inputs.keepWithin, /a prune needs a retention policy/);
    refused({ ...s3, [Inputs.keepWithin]: '30 days' }, Inputs.keepWithin, /must be a duration such as 30d/);
    refused({ ...s3, [Inputs.keepWithin]: '40000d' }, Inputs.keepWithin, /longer than 36500 days/);
    refused({ ...s3, [Inputs.keepDaily]: 'seven' }, Inputs.keepDaily, /whole number/);
    refused({ [Inputs.keepDaily]: '7' }, Inputs.destination, /is required for prune/);
  });

  it('a prune writes its catalogue with the destination write options', () => {
    const [job] = buildJobs('prune', { ...s3, [Inputs.keepLast]: '3', [Inputs.destinationSse]: 'AES256' }, {});
    assert.deepEqual((job!.config as { destination: { writes?: unknown } }).destination.writes, { sse: { algorithm: 'AES256' } });
  });
});
