/**
 * The command line as a user types it (src/cli/program.ts, flags.ts, commands.ts): bare booleans
 * and their --no- and =true|false forms, repeated lists, negative numbers passed to validation,
 * per-command help listing every flag with its default, --version, and every mistake a
 * UsageError (exit 2) with "did you mean" and the command whose help to read. No servers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, type ParsedCommandLine } from '../../src/cli/program.ts';
import { UsageError } from '../../src/cli/exit-codes.ts';
import { commandSpecs, COMMAND_SUMMARIES } from '../../src/cli/commands.ts';
import { BOOLEAN_INPUTS, inputDoc } from '../../src/cli/flags.ts';
import { MODES } from '../../src/config/build.ts';
import { ActionInputNames, CliOnlyInputs, Inputs } from '../../src/config/inputs.ts';
import { SUB_ACTION_INPUTS } from '../../src/action/sub-action-inputs.ts';
import { VERSION } from '../../src/version.ts';
import { cliInputDocs, committedCliInputDocs } from '../../scripts/cli-inputs.ts';

function parse(...argv: string[]): { result?: ParsedCommandLine; error?: UsageError; out: string; err: string } {
  let out = '';
  let err = '';
  try {
    const result = parseCommandLine(argv, { out: (t) => (out += t), err: (t) => (err += t), columns: 100 });
    return { result, out, err };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { error, out, err };
  }
}

function flagsOf(...argv: string[]): Record<string, string> {
  const { result, error } = parse(...argv);
  assert.ok(!error, error?.message);
  assert.equal(result?.kind, 'run');
  return result.kind === 'run' ? (result.flags as Record<string, string>) : {};
}

describe('pullback command line: flags', () => {
  it('a bare boolean is true, its --no- form false, and =true|false work as in rclone', () => {
    assert.deepEqual(flagsOf('restore', '--restore-in-place'), { 'restore-in-place': 'true' });
    assert.deepEqual(flagsOf('backup', '--dry-run'), { 'dry-run': 'true' });
    assert.deepEqual(flagsOf('backup', '--no-dry-run'), { 'dry-run': 'false' });
    assert.deepEqual(flagsOf('backup', '--dry-run=false'), { 'dry-run': 'false' });
    assert.deepEqual(flagsOf('backup', '--dry-run=TRUE'), { 'dry-run': 'true' });
    // The last one wins, as with any flag.
    assert.deepEqual(flagsOf('backup', '--dry-run', '--no-dry-run'), { 'dry-run': 'false' });
    assert.deepEqual(flagsOf('backup', '--source-force-path-style'), { 'source-force-path-style': 'true' });
  });

  it('an on/off flag with another value is a usage error naming the forms it takes', () => {
    const { error } = parse('backup', '--dry-run=maybe');
    assert.match(error?.message ?? '', /--dry-run is on or off: write --dry-run, --no-dry-run, or --dry-run=true\|false \(got "maybe"\)/);
    assert.equal(error?.command, 'backup');
  });

  it('a list flag may be repeated (lines, as the action takes a block scalar) or hold commas', () => {
    assert.deepEqual(flagsOf('backup', '--sources', 'a', '--sources', 'b/p'), { sources: 'a\nb/p' });
    assert.deepEqual(flagsOf('backup', '--sources', 'a,b'), { sources: 'a,b' });
  });

  it('a value starting with a dash reaches validation, which names the input (--concurrency -3)', () => {
    assert.deepEqual(flagsOf('backup', '--concurrency', '-3'), { concurrency: '-3' });
    assert.deepEqual(flagsOf('backup', '--concurrency=-3'), { concurrency: '-3' });
  });

  it('only what was typed is passed on: the file and the environment keep their say', () => {
    assert.deepEqual(flagsOf('verify'), {});
  });

  it('the CLI flags: --config, --json, -P/--progress, --no-progress, -v', () => {
    const { result } = parse('backup', '--config', 'p.yaml', '--json', '-P', '-v');
    assert.deepEqual(result, { kind: 'run', mode: 'backup', flags: {}, common: { config: 'p.yaml', json: true, progress: true, verbose: true } });
    const quiet = parse('backup', '--no-progress');
    assert.equal(quiet.result?.kind === 'run' && quiet.result.common.progress, false);
    const auto = parse('backup');
    assert.equal(auto.result?.kind === 'run' && auto.result.common.progress, undefined);
  });
});

describe('pullback command line: usage errors', () => {
  it('an unknown flag near a real one: "did you mean", and the command whose help to read', () => {
    const { error } = parse('backup', '--dryrun');
    assert.equal(error?.message, 'unknown flag --dryrun (did you mean --dry-run?)');
    assert.equal(error?.command, 'backup');
    assert.equal(parse('backup', '--destinaton', 'x').error?.message, 'unknown flag --destinaton (did you mean --destination?)');
    assert.equal(parse('restore', '--restore_time', 'now').error?.message, 'unknown flag --restore_time (did you mean --restore-time?)');
    assert.equal(parse('backup', '--frobnicate').error?.message, 'unknown flag --frobnicate');
  });

  it("another command's flag says which commands take it", () => {
    assert.equal(parse('verify', '--simpledb-domains', 'x').error?.message, '--simpledb-domains is not a flag of `pullback verify` (`pullback backup`, `pullback restore` and `pullback prune` take it)');
    assert.equal(parse('backup', '--restore-time', 'now').error?.message, '--restore-time is not a flag of `pullback backup` (`pullback restore` takes it)');
  });

  it('an unknown command, a missing value, and stray words', () => {
    assert.match(parse('bakcup').error?.message ?? '', /^unknown command "bakcup" \(did you mean `pullback backup`\?\); the commands are backup, restore, verify/);
    assert.match(parse('help', 'restor').error?.message ?? '', /^unknown command "restor" \(did you mean `pullback restore`\?\)/);
    assert.equal(parse('backup', '--concurrency').error?.message, '--concurrency needs a value');
    assert.match(parse('backup', 'my-bucket').error?.message ?? '', /^`pullback backup` takes flags only, not "my-bucket"/);
  });

  it('no command: the help on stderr and the usage code', () => {
    const { result, out, err } = parse();
    assert.deepEqual(result, { kind: 'done', exitCode: 2 });
    assert.equal(out, '');
    assert.match(err, /Usage: pullback <command> \[flags\]/);
  });
});

describe('pullback command line: help and version', () => {
  it('--version and -V print the version and exit 0', () => {
    for (const flag of ['--version', '-V']) {
      const { result, out } = parse(flag);
      assert.deepEqual(result, { kind: 'done', exitCode: 0 });
      assert.equal(out, `pullback ${VERSION}\n`);
    }
  });

  it('pullback --help lists every command, the exit codes and where settings come from', () => {
    const { result, out } = parse('--help');
    assert.deepEqual(result, { kind: 'done', exitCode: 0 });
    for (const mode of MODES) assert.match(out, new RegExp(`^  ${mode} +${COMMAND_SUMMARIES[mode].slice(0, 20).replace(/[()]/g, '\\$&')}`, 'm'));
    assert.match(out, /Exit codes:\n {2}0 {2}done[\s\S]*\n {2}3 {2}partial/);
    assert.match(out, /PULLBACK_<NAME>/);
  });

  it('each command help lists every flag of its sub-action with its default, and the required ones', () => {
    for (const spec of commandSpecs()) {
      const viaFlag = parse(spec.mode, '--help');
      const viaHelp = parse('help', spec.mode);
      assert.deepEqual(viaFlag.result, { kind: 'done', exitCode: 0 });
      assert.deepEqual(viaHelp.result, { kind: 'done', exitCode: 0 });
      assert.equal(viaHelp.out, viaFlag.out);
      const help = viaFlag.out.replace(/\n +/g, ' ');
      for (const name of SUB_ACTION_INPUTS[spec.mode]) {
        assert.match(help, new RegExp(`--${name}\\b`), `${spec.mode} --help lists --${name}`);
        const { default: fallback } = inputDoc(name);
        if (spec.required.includes(name)) assert.match(help, new RegExp(`--${name} [^\\n]*\\(required\\)`), `--${name} is marked required`);
        else if (fallback !== '') assert.ok(help.includes(`(default: ${fallback})`), `${spec.mode} --help gives --${name}'s default ${fallback}`);
      }
      for (const common of ['--config <file>', '--json', '-P, --progress', '-v, --verbose', '-h, --help']) assert.ok(viaFlag.out.includes(common), `${spec.mode} --help has ${common}`);
    }
    const restore = parse('restore', '--help').out;
    assert.match(restore.replace(/\n +/g, ' '), /--restore-time <time> +Restore the state as of this time[^\n]*\(required\)/);
    assert.match(restore, /--state-file <file>/);
  });

  it('the help texts are action.yml\'s: src/cli/input-docs.ts is what npm run docs writes', () => {
    assert.equal(committedCliInputDocs(), cliInputDocs());
  });

  it('every action input is a flag of some command, and every on/off input is one of each command taking it', () => {
    const flags = new Set(commandSpecs().flatMap((s) => s.inputs));
    for (const name of [...ActionInputNames.filter((n) => n !== Inputs.mode), ...CliOnlyInputs]) assert.ok(flags.has(name), `--${name} is a flag`);
    for (const name of BOOLEAN_INPUTS) assert.ok(flags.has(name), `--${name} is a flag`);
  });
});
