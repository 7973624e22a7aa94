import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildS3BackupConfig } from '../../src/config/s3.ts';
import { buildJobs } from '../../src/config/build.ts';
import { parseSizeSuffix } from '../../src/config/parse.ts';
import { KeyFilter } from '../../src/plan/filter.ts';
import { normaliseBooleanFlags } from '../../src/cli/flags.ts';

const base = { sources: 'my-bucket/photos', destination: '/tmp/backup' };

describe('sizes in rclone syntax', () => {
  const cases: [string, ReturnType<typeof parseSizeSuffix>][] = [
    ['100K', { bytes: 102_400 }],
    ['5M', { bytes: 5 * 1024 ** 2 }],
    ['1G', { bytes: 1024 ** 3 }],
    ['1.5G', { bytes: 1.5 * 1024 ** 3 }],
    ['10B', { bytes: 10 }],
    ['2MiB', { bytes: 2 * 1024 ** 2 }],
    ['3k', { bytes: 3072 }],
    ['off', 'off'],
    ['OFF', 'off'],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(parseSizeSuffix(text), expected));
  it('a bare number asks for a unit instead of guessing', () => assert.match((parseSizeSuffix('100') as { error: string }).error, /no unit: write 100B for bytes or 100K/));
  it('refuses what is not a size', () => assert.match((parseSizeSuffix('lots') as { error: string }).error, /not a size/));
});

describe('filter and bandwidth inputs', () => {
  it('no filter input: everything', () => {
    const config = buildS3BackupConfig(base, {});
    assert.equal(config.filter, KeyFilter.everything);
    assert.equal(config.bandwidthLimit, undefined);
  });
  it('reads lists (commas outside braces, lines), rules one per line, sizes and the limit', () => {
    const config = buildS3BackupConfig({ ...base, include: '*.{jpg,png}, /docs/**', exclude: '*.tmp\n*.bak', filter: '+ /keep/*.log\n- *.log', 'min-size': '1K', 'max-size': '5G', 'bandwidth-limit': '50M' }, {});
    assert.deepEqual(config.filter.describe(), { include: ['*.{jpg,png}', '/docs/**'], exclude: ['*.tmp', '*.bak'], filter: ['+ /keep/*.log', '- *.log'], minSize: 1024, maxSize: 5 * 1024 ** 3 });
    assert.equal(config.bandwidthLimit, 50 * 1024 ** 2);
  });
  const bad: [string, Record<string, string>, RegExp][] = [
    ['a broken glob', { include: '[abc' }, /input `include`: "\[abc": has a `\[` without its `\]`/],
    ['a broken exclude', { exclude: '{a,b' }, /input `exclude`: .*`\{` without its `\}`/],
    ['a rule without a sign', { filter: '*.log' }, /input `filter`: "\*\.log": a filter rule is `\+ pattern`/],
    ['a size without a unit', { 'min-size': '100' }, /input `min-size`: "100" has no unit/],
    ['min over max', { 'min-size': '2M', 'max-size': '1M' }, /input `min-size`: .* more than `max-size`/],
    ['a zero limit', { 'bandwidth-limit': '0B' }, /input `bandwidth-limit`: a limit of 0 bytes/],
    ['a bad limit', { 'bandwidth-limit': 'fast' }, /input `bandwidth-limit`: "fast" is not a size/],
  ];
  for (const [name, extra, message] of bad) it(`refuses ${name}, naming the input`, () => assert.throws(() => buildS3BackupConfig({ ...base, ...extra }, {}), message));

  it('a SimpleDB-only run refuses a filter instead of ignoring it', () => {
    assert.throws(() => buildJobs('backup', { 'simpledb-domains': 'orders', 'mysql-url': 'mysql://u:p@h/db', include: '*.jpg' }, {}), /input `include`: applies to S3 sources only/);
  });
  it('--bwlimit is rclone\'s name for --bandwidth-limit', () => {
    assert.deepEqual(normaliseBooleanFlags(['backup', '--bwlimit', '10M', '--bwlimit=1G']), ['backup', '--bandwidth-limit', '10M', '--bandwidth-limit=1G']);
  });
});
