/**
 * The CLI's words for a setting error (src/cli/setting-errors.ts): the config code's own errors,
 * as the action shows them (input `confirm-in-place`: ...) and as the CLI prints them
 * (--confirm-in-place: ..., add --confirm-in-place "overwrite live data"), from and without a
 * config file. A trial of the CLI found the action's words in a terminal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildJobs, type Mode } from '../../src/config/build.ts';
import { ConfigError } from '../../src/config/errors.ts';
import type { RawSettings } from '../../src/config/parse.ts';
import { RestoreError } from '../../src/backends/restore-error.ts';
import { knownSettingNames } from '../../src/cli/commands.ts';
import { BOOLEAN_INPUTS } from '../../src/cli/flags.ts';
import { inFlagWords, settingErrorText, type CliWording } from '../../src/cli/setting-errors.ts';

const now = new Date('2026-11-24T16:00:00Z');
const flags: CliWording = { flags: new Set(knownSettingNames()), onOff: new Set(BOOLEAN_INPUTS), configFile: false };
const withFile: CliWording = { ...flags, configFile: true };

/** The ConfigError the real config builder throws for these settings. */
function configError(mode: Mode, raw: RawSettings): ConfigError {
  try {
    buildJobs(mode, raw, {}, now);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('the settings were accepted');
}

const restore = { destination: '/tmp/backup', 'restore-time': '2026-11-24T10:00:00Z' };

describe('setting errors in the CLI: flags where the action names inputs', () => {
  it('an unconfirmed in-place restore: the action keeps its words, the CLI names the flag and the exact value to add', () => {
    const error = configError('restore', { ...restore, sources: 'photos', 'restore-in-place': 'true' });
    assert.match(error.message, /^input `confirm-in-place`: an in-place restore overwrites live objects .*: set it to `overwrite live data` to confirm$/, 'the action message is unchanged');
    assert.equal(
      settingErrorText(error, flags),
      '--confirm-in-place: an in-place restore overwrites live objects and removes those that did not exist at the restore time: add --confirm-in-place "overwrite live data" to confirm',
    );
  });

  it('with a config file: both the flag and the file key, for the input the error is about and for the fix', () => {
    const error = configError('restore', { ...restore, sources: 'photos', 'restore-in-place': 'true', 'confirm-in-place': 'yes' });
    assert.equal(
      settingErrorText(error, withFile),
      '--confirm-in-place (confirm-in-place in the config file): an in-place restore overwrites live objects and removes those that did not exist at the restore time: ' +
        'add --confirm-in-place "overwrite live data" (confirm-in-place: overwrite live data in the config file) to confirm (got "yes")',
    );
    // Typed as a flag (or a variable) beside the file: the value is not in the file, the flag is what to change.
    const typed = settingErrorText(error, { ...withFile, origins: new Map([['confirm-in-place', '--confirm-in-place']]) });
    assert.match(typed, /^--confirm-in-place: an in-place restore .* add --confirm-in-place "overwrite live data" \(confirm-in-place: overwrite live data in the config file\) to confirm/);
  });

  it('an input with a value in the text: an on/off one as the bare flag', () => {
    const error = configError('restore', { ...restore, 'restore-in-place': 'true', 'restore-target': 's3://elsewhere/' });
    assert.equal(error.message, 'input `restore-target`: cannot be combined with `restore-in-place: true`: an in-place restore writes to the source buckets');
    assert.equal(settingErrorText(error, flags), '--restore-target: cannot be combined with --restore-in-place: an in-place restore writes to the source buckets');
    assert.equal(inFlagWords('`dry-run: false` and `listing: inventory`', undefined, flags), '--no-dry-run and --listing inventory');
  });

  it('a refusal found by a restore (RestoreError): the input in front and each one in its text', () => {
    const refusal = new RestoreError(
      'input `restore-target`: s3://live/ shares keys with the backed-up source s3://live/ (same endpoint): restoring there writes over live data, which makes it an in-place restore. ' +
        'Choose a target outside every backed-up source, or set `confirm-in-place` to `overwrite live data` to restore over the live data on purpose (the overlapped sources are backed up first, so they must be listed in `sources`)',
    );
    assert.equal(refusal.input, 'restore-target');
    assert.match(
      settingErrorText(refusal, flags),
      /^--restore-target: s3:\/\/live\/ shares keys .* or add --confirm-in-place "overwrite live data" to restore over the live data on purpose \(.* listed in --sources\)$/,
    );
    const noInput = new RestoreError('the default target domain users-restored-x is backed up: restoring into it would overwrite live data. Set `restore-target-domain` to a new domain name');
    assert.equal(settingErrorText(noInput, flags), 'the default target domain users-restored-x is backed up: restoring into it would overwrite live data. Set --restore-target-domain to a new domain name');
  });

  it('leaves alone what is not a CLI input: the action-only `mode`, attribute names, quoted words', () => {
    const text = 'a plan for `mode: prune`; the stamp `lastModified`; `after` the scan; set `itemName` to `x`';
    assert.equal(inFlagWords(text, undefined, flags), text);
    assert.equal(settingErrorText(new ConfigError('mode', 'must be backup, restore, verify or prune'), flags), 'input `mode`: must be backup, restore, verify or prune');
  });
});
