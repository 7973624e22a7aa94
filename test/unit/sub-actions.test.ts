/**
 * The sub-actions backup/, restore/ and verify/: their action.yml files are what
 * scripts/sub-actions.ts writes; every input and output is the root action's, with the same
 * description and default; each runs its own bundle on node24; and each declares exactly the
 * inputs its mode uses: a mode's typed config (config/build.ts) changes with every input the
 * sub-action declares and with none it leaves out (the bundle reads only the declared ones, so an
 * input left out by mistake would be silently ignored).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJobs, MODES, type Job, type Mode } from '../../src/config/build.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { ActionInputNames, Inputs, type InputName } from '../../src/config/inputs.ts';
import type { RawSettings } from '../../src/config/parse.ts';
import { SUB_ACTION_INPUTS } from '../../src/action/sub-action-inputs.ts';
import { readActionYml } from '../../scripts/action-yml.ts';
import { committedSubActionYml, repositoryRoot, SUB_ACTIONS, subActionPath, subActionYml } from '../../scripts/sub-actions.ts';

const root = readActionYml();
const now = new Date('2026-06-01T12:00:00Z');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

/**
 * Inputs a mode's config reads (to validate them, or because the settings it shares with another
 * mode carry them) but that change nothing that mode does: left out of its sub-action on purpose.
 */
const readButUnused: Record<Mode, Partial<Record<InputName, string>>> = {
  backup: {},
  restore: {
    [Inputs.fullScan]: "the safety backup before an in-place SimpleDB restore always scans fully",
    [Inputs.simpledbDomainsAtOnce]: 'the safety backup scans fully, and full scans run one domain at a time',
  },
  prune: {},
  verify: {
    [Inputs.dryRun]: 'verify writes nothing either way',
    [Inputs.simpledbDomains]: 'verify picks domains with verify-sources (mysql-url or mysql-host turns the SimpleDB part on)',
    [Inputs.stampAttribute]: 'verify compares content hashes, not stamps',
    [Inputs.deleteLogDomain]: 'verify reads no delete log',
    [Inputs.simpledbOverlap]: 'verify reads every item',
    [Inputs.fullScan]: 'verify reads every item',
    [Inputs.simpledbDomainsAtOnce]: 'verify backs nothing up',
  },
};

/** Every input set to a valid value other than its default: S3 to an S3 destination and a target, SimpleDB into MySQL. */
const everything: RawSettings = {
  [Inputs.sources]: 'live-photos\nlive-docs/reports/',
  [Inputs.sourceRegion]: 'eu-west-2',
  [Inputs.sourceEndpoint]: 'http://127.0.0.1:9001',
  [Inputs.sourceForcePathStyle]: 'false',
  [Inputs.destination]: 's3://backup-bucket/main',
  [Inputs.destinationEndpoint]: 'http://127.0.0.1:9002',
  [Inputs.destinationRegion]: 'eu-central-1',
  [Inputs.destinationForcePathStyle]: 'false',
  [Inputs.destinationAccessKeyId]: 'AKIDDEST',
  [Inputs.destinationSecretAccessKey]: 'dest-secret',
  [Inputs.destinationSessionToken]: 'dest-token',
  [Inputs.destinationProfile]: 'dest-profile',
  [Inputs.destinationUseSourceCredentials]: 'true',
  [Inputs.destinationStorageClass]: 'STANDARD_IA',
  [Inputs.destinationSse]: 'aws:kms',
  [Inputs.destinationSseKmsKeyId]: 'alias/backups',
  [Inputs.objectLockMode]: 'governance',
  [Inputs.objectLockDays]: '30',
  [Inputs.overlap]: '2h',
  [Inputs.concurrency]: '7',
  [Inputs.dryRun]: 'true',
  [Inputs.serverSideCopy]: 'never',
  [Inputs.include]: '/albums/**',
  [Inputs.exclude]: '*.tmp',
  [Inputs.filter]: '- *.raw',
  [Inputs.minSize]: '1K',
  [Inputs.maxSize]: '5G',
  [Inputs.bandwidthLimit]: '50M',
  [Inputs.listParallelism]: '4',
  [Inputs.listing]: 'inventory',
  [Inputs.inventoryManifest]: 's3://inventory-bucket/src/config/2026-11-01T00-00Z/manifest.json',
  [Inputs.simpledbDomains]: 'orders',
  [Inputs.simpledbRegion]: 'eu-west-1',
  [Inputs.simpledbEndpoint]: 'http://127.0.0.1:9003',
  [Inputs.stampAttribute]: 'stamp',
  [Inputs.deleteLogDomain]: 'deletions_log',
  [Inputs.simpledbOverlap]: '7m',
  [Inputs.fullScan]: 'always',
  [Inputs.simpledbDomainsAtOnce]: '2',
  [Inputs.mysqlUrl]: 'mysql://urluser:urlpass@db.example:3307/urldb?ssl=on',
  [Inputs.mysqlHost]: 'mysql.internal',
  [Inputs.mysqlPort]: '3308',
  [Inputs.mysqlUser]: 'backup',
  [Inputs.mysqlPassword]: 'mysql-secret',
  [Inputs.mysqlDatabase]: 'history',
  [Inputs.mysqlSsl]: 'verify',
  [Inputs.mysqlSslCa]: PEM,
  [Inputs.mysqlTablePrefix]: 'x_',
  [Inputs.restoreTime]: '2026-01-01T00:00:00Z',
  [Inputs.restoreSources]: 'live-photos\nsdb:orders',
  [Inputs.restorePrefix]: 'albums/',
  [Inputs.restoreKeys]: 'albums/a.jpg',
  [Inputs.restoreTarget]: 's3://elsewhere/restored',
  [Inputs.restoreTargetDomain]: 'orders_copy',
  [Inputs.restoreTargetEndpoint]: 'http://127.0.0.1:9004',
  [Inputs.restoreTargetRegion]: 'us-west-2',
  [Inputs.restoreTargetForcePathStyle]: 'false',
  [Inputs.restoreTargetAccessKeyId]: 'AKIDTARGET',
  [Inputs.restoreTargetSecretAccessKey]: 'target-secret',
  [Inputs.restoreTargetSessionToken]: 'target-token',
  [Inputs.restoreTargetProfile]: 'target-profile',
  [Inputs.restoreInPlace]: 'false',
  [Inputs.confirmInPlace]: 'overwrite live data',
  [Inputs.verifySources]: 'live-photos\nsdb:orders',
  [Inputs.readData]: 'sample:5',
  [Inputs.keepWithin]: '30d',
  [Inputs.keepLast]: '3',
  [Inputs.keepHourly]: '24',
  [Inputs.keepDaily]: '7',
  [Inputs.keepWeekly]: '4',
  [Inputs.keepMonthly]: '12',
  [Inputs.keepYearly]: '2',
};

function without(raw: RawSettings, ...names: string[]): RawSettings {
  const copy = { ...raw };
  for (const name of names) delete copy[name];
  return copy;
}

/** The same settings in the other shapes an input can matter in (profiles, a URL alone, in place...). */
const variants: Record<string, RawSettings> = {
  everything,
  profiles: without(everything, Inputs.destinationAccessKeyId, Inputs.destinationSecretAccessKey, Inputs.restoreTargetAccessKeyId, Inputs.restoreTargetSecretAccessKey),
  'source credentials, MySQL URL alone': without(
    everything,
    Inputs.destinationAccessKeyId,
    Inputs.destinationSecretAccessKey,
    Inputs.destinationProfile,
    Inputs.mysqlHost,
    Inputs.mysqlPort,
    Inputs.mysqlUser,
    Inputs.mysqlPassword,
    Inputs.mysqlDatabase,
  ),
  'in place': { ...without(everything, Inputs.restoreTarget, Inputs.restoreTargetDomain), [Inputs.restoreInPlace]: 'true' },
  // A shard of a sharded S3 backup: no dry run, no SimpleDB (both refused with a shard).
  sharded: { ...without(everything, Inputs.simpledbDomains, Inputs.dryRun, Inputs.listing, Inputs.inventoryManifest), [Inputs.shard]: '2/4', [Inputs.shardRun]: 'nightly-7', [Inputs.maxDuration]: '5h30m' },
};

type Outcome = { jobs: Job[] } | { error: string };

function outcome(mode: Mode, raw: RawSettings): Outcome {
  try {
    return { jobs: buildJobs(mode, raw, {}, now) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { error: error.message };
  }
}

describe('sub-actions', () => {
  it('backup/, restore/ and verify/ hold what scripts/sub-actions.ts writes (npm run docs)', () => {
    assert.deepEqual(
      SUB_ACTIONS.map((s) => s.mode),
      [...MODES],
    );
    for (const sub of SUB_ACTIONS) assert.equal(committedSubActionYml(sub.mode), subActionYml(root, sub), `${sub.mode}/action.yml is up to date`);
  });

  it('every input and output of a sub-action is the root action.yml one, with the same description and default', () => {
    for (const sub of SUB_ACTIONS) {
      const action = readActionYml(subActionPath(sub.mode));
      assert.ok(action.inputs.length > 0 && action.outputs.length > 0);
      for (const input of action.inputs) {
        const same = root.inputs.find((i) => i.name === input.name);
        assert.ok(same, `${sub.mode}: input ${input.name} is in the root action.yml`);
        assert.equal(input.description, same.description, `${sub.mode}: ${input.name} means what it means in the root action`);
        if (input.required) assert.equal(input.default, undefined, `${sub.mode}: the required ${input.name} has no default`);
        else assert.equal(input.default, same.default, `${sub.mode}: ${input.name} has the root's default`);
      }
      for (const output of action.outputs) {
        const same = root.outputs.find((o) => o.name === output.name);
        assert.ok(same, `${sub.mode}: output ${output.name} is in the root action.yml`);
        assert.equal(output.description, same.description);
      }
      assert.deepEqual(
        action.inputs.map((i) => i.name).sort(),
        [...SUB_ACTION_INPUTS[sub.mode]].sort(),
        `${sub.mode}/action.yml declares exactly the inputs its bundle reads (src/action/sub-action-inputs.ts)`,
      );
      assert.ok(!action.inputs.some((i) => i.name === Inputs.mode), `${sub.mode} has no mode input`);
    }
  });

  it('every root input but mode belongs to a sub-action, and every root output is set by one', () => {
    const taken = new Set(SUB_ACTIONS.flatMap((s) => SUB_ACTION_INPUTS[s.mode]));
    for (const name of ActionInputNames) if (name !== Inputs.mode) assert.ok(taken.has(name), `${name} is in a sub-action: add it to src/action/sub-action-inputs.ts`);
    const given = new Set(SUB_ACTIONS.flatMap((s) => s.outputs));
    for (const output of root.outputs) assert.ok(given.has(output.name), `output ${output.name} belongs to a sub-action in scripts/sub-actions.ts`);
  });

  it('each runs its own bundle on node24: dist/<mode>.js, built from src/action/<mode>.ts, which runs the action with its mode fixed', () => {
    const build = readFileSync(join(repositoryRoot, 'scripts', 'build.mjs'), 'utf8');
    for (const { mode } of SUB_ACTIONS) {
      const action = readActionYml(subActionPath(mode));
      assert.equal(action.using, 'node24');
      assert.equal(action.main, `../dist/${mode}.js`, 'runs.main is relative to the sub-action folder');
      assert.match(build, new RegExp(`\\b${mode}: 'src/action/${mode}\\.ts'`), `scripts/build.mjs bundles ${mode}`);
      const entry = readFileSync(join(repositoryRoot, 'src', 'action', `${mode}.ts`), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('//'));
      assert.deepEqual(entry, ["import { run } from './run.ts';", `await run({ mode: '${mode}' });`]);
    }
  });

  it('a required input is one without which the mode refuses to run, naming it', () => {
    for (const sub of SUB_ACTIONS) {
      for (const name of sub.required) {
        const result = outcome(sub.mode, without(everything, name));
        assert.ok('error' in result, `${sub.mode} without ${name} refuses`);
        assert.match(result.error, new RegExp(`\`${name}\``));
      }
    }
  });

  for (const mode of MODES) {
    it(`${mode}: its config changes with every input the sub-action declares, and with no other`, () => {
      const declared = new Set<string>(SUB_ACTION_INPUTS[mode]);
      for (const [variant, raw] of Object.entries(variants)) {
        const base = outcome(mode, raw);
        assert.ok('jobs' in base, `${mode} builds from the "${variant}" settings: ${'error' in base ? base.error : ''}`);
      }
      const changes = (name: string): string[] =>
        Object.entries(variants)
          .filter(([, raw]) => {
            try {
              assert.deepEqual(outcome(mode, without(raw, name)), outcome(mode, raw));
              return false;
            } catch {
              return true;
            }
          })
          .map(([variant]) => variant);
      for (const name of ActionInputNames) {
        if (name === Inputs.mode) continue;
        const where = changes(name);
        if (declared.has(name)) assert.ok(where.length > 0, `${mode} declares ${name}, but its config never changes with it`);
        else if (readButUnused[mode][name] === undefined) assert.deepEqual(where, [], `${mode}'s config changes with ${name}, which ${mode}/action.yml does not declare`);
      }
      for (const name of Object.keys(readButUnused[mode])) assert.ok(!declared.has(name), `${mode}: ${name} is declared, not left out`);
    });
  }
});
