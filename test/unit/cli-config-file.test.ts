/**
 * `--config FILE` (src/cli/config-file.ts) and how settings are layered (src/cli/settings.ts):
 * YAML and JSON read into the inputs' text, unknown keys refused with the nearest valid one, the
 * file named (with the line) in every error, and flags over the file over PULLBACK_* variables,
 * each value remembering where it was set. Real files in a temporary folder; no servers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CONFIG_FILE_BYTES, readConfigFile } from '../../src/cli/config-file.ts';
import { knownSettingNames, commandSpecs } from '../../src/cli/commands.ts';
import { gatherSettings, originOf } from '../../src/cli/settings.ts';
import { UsageError } from '../../src/cli/exit-codes.ts';
import { buildJobs } from '../../src/config/build.ts';
import { ConfigError } from '../../src/config/errors.ts';

let folder: string;
const known = knownSettingNames();

async function file(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function refusal(path: string): Promise<string> {
  try {
    await readConfigFile(path, known);
  } catch (error) {
    assert.ok(error instanceof UsageError, `a UsageError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`${path} was accepted`);
}

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pullback-config-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('config file: YAML and JSON', () => {
  it('YAML: lists become lines, numbers and booleans their text, null and empty leave a setting unset', async () => {
    const path = await file(
      'pullback.yaml',
      [
        '# backups of the app',
        'sources:',
        '  - photos',
        '  - docs/reports/',
        'destination: s3://backup/main',
        'concurrency: 8',
        'dry-run: true',
        'overlap: 2h',
        'restore-prefix:',
        'simpledb-domains: [users, orders]',
      ].join('\n'),
    );
    assert.deepEqual(await readConfigFile(path, known), {
      sources: 'photos\ndocs/reports/',
      destination: 's3://backup/main',
      concurrency: '8',
      'dry-run': 'true',
      overlap: '2h',
      'simpledb-domains': 'users\norders',
    });
  });

  it('JSON the same way (.json), and anchors in YAML', async () => {
    const json = await file('pullback.json', JSON.stringify({ sources: ['a', 'b'], concurrency: 4, 'dry-run': false, destination: '/tmp/x' }));
    assert.deepEqual(await readConfigFile(json, known), { sources: 'a\nb', concurrency: '4', 'dry-run': 'false', destination: '/tmp/x' });
    const yaml = await file('anchors.yml', 'sources: &s [a, b]\nverify-sources: *s\n');
    assert.deepEqual(await readConfigFile(yaml, known), { sources: 'a\nb', 'verify-sources': 'a\nb' });
  });

  it('YAML 1.2: yes stays text, which the boolean rule then refuses naming the input', async () => {
    const path = await file('yes.yaml', 'dry-run: yes\nsources: photos\ndestination: /tmp/backup\n');
    const settings = await readConfigFile(path, known);
    assert.equal(settings['dry-run'], 'yes');
    assert.throws(() => buildJobs('backup', settings), (error: Error) => error instanceof ConfigError && error.input === 'dry-run');
  });

  it('an empty file sets nothing', async () => {
    assert.deepEqual(await readConfigFile(await file('empty.yaml', '# nothing yet\n'), known), {});
  });
});

describe('config file: mistakes name the file', () => {
  it('an unknown key is refused with the nearest valid one and its line (destinaton was once silently accepted)', async () => {
    const path = await file('typo.yaml', 'sources: a\ndestinaton: s3://b/p\n');
    assert.equal(await refusal(path), `${path} line 2: unknown setting \`destinaton\` (did you mean \`destination\`?); the keys are the flags' names (pullback <command> --help)`);
    const camel = await file('camel.json', '{"sources": "a", "destinationEndpoint": "http://x"}');
    assert.match(await refusal(camel), /unknown setting `destinationEndpoint` \(did you mean `destination-endpoint`\?\)/);
    const far = await file('far.yaml', 'colour: blue\n');
    assert.match(await refusal(far), new RegExp(`^${far} line 1: unknown setting \`colour\`; the keys`));
  });

  it('mode is the command, not a key; config files do not nest', async () => {
    assert.match(await refusal(await file('mode.yaml', 'mode: restore\n')), /`mode` is the command's to choose \(pullback backup, restore or verify\)/);
    assert.match(await refusal(await file('nested.yaml', 'destination:\n  bucket: b\n')), /nested\.yaml line 2: `destination` takes text, a number, true\/false or a list of them, not a mapping/);
  });

  it('syntax errors, duplicate keys, a list at the top, a missing or huge file', async () => {
    assert.match(await refusal(await file('bad.json', '{"sources": "a",\n "destination": }')), /bad\.json line 2: not valid JSON/);
    assert.match(await refusal(await file('bad.yaml', 'sources: [a, b\n')), /bad\.yaml( line \d+)?: not valid YAML/);
    assert.match(await refusal(await file('twice.yaml', 'sources: a\nsources: b\n')), /twice\.yaml line 2: not valid YAML \(Map keys must be unique/);
    assert.match(await refusal(await file('list.yaml', '- sources: a\n')), /list\.yaml: must be a mapping of settings/);
    assert.match(await refusal(join(folder, 'absent.yaml')), /--config .*absent\.yaml: cannot be read \(ENOENT\)/);
    assert.match(await refusal(folder), /: not a file/);
    assert.match(await refusal(await file('huge.yaml', `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`)), /at most 1048576 bytes/);
  });
});

describe('settings: flags over the file over PULLBACK_* variables', () => {
  const backup = commandSpecs().find((s) => s.mode === 'backup')!;

  it('each value from the strongest source, with where it came from', () => {
    const settings = gatherSettings({
      inputs: backup.inputs,
      known,
      flags: { concurrency: '2' },
      file: { path: 'pullback.yaml', settings: { concurrency: '8', overlap: '2h', 'restore-time': 'now' } },
      env: { PULLBACK_CONCURRENCY: '16', PULLBACK_OVERLAP: '1h', PULLBACK_DESTINATION: '/tmp/b', HOME: '/root' },
    });
    assert.deepEqual(settings.raw, { concurrency: '2', overlap: '2h', destination: '/tmp/b' }, "a key for another command (restore-time) is not passed to backup");
    assert.equal(originOf(settings, 'concurrency'), ' (set by --concurrency)');
    assert.equal(originOf(settings, 'overlap'), ' (set in pullback.yaml)');
    assert.equal(originOf(settings, 'destination'), ' (set by PULLBACK_DESTINATION)');
    assert.equal(originOf(settings, 'sources'), '');
    assert.deepEqual(settings.warnings, []);
  });

  it('a PULLBACK_* variable that looks like a misspelt setting is warned about, others are left alone', () => {
    const settings = gatherSettings({ inputs: backup.inputs, known, flags: {}, env: { PULLBACK_DESTINATON: '/tmp/b', PULLBACK_DEBUG: '1', PULLBACK_RESTORE_TIME: 'now' } });
    assert.deepEqual(settings.warnings, ['PULLBACK_DESTINATON is not a setting (did you mean PULLBACK_DESTINATION?): it is ignored']);
    assert.deepEqual(settings.raw, {});
  });
});
