/**
 * The bundled CLI's manners (rclone's as the model), run as a person runs it (test/support/cli.ts):
 * --version, help per command, bare on/off flags, exit 2 with a pointer to --help and "did you
 * mean" for every usage error, numbers validated naming the input and where it was set, config
 * files in YAML and JSON with unknown keys refused naming the file. Nothing here needs a server:
 * every command line is refused before anything is read or written. Build first.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliEntry, runCli, show, jsonDocument, type CliRun } from '../support/cli.ts';
import { VERSION } from '../../src/version.ts';

let work: string;
const pullback = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, { cwd: work, env });

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'pullback-cli-usage-'));
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A usage error: exit 2, nothing on stdout, the message, and where the help is. */
function assertUsage(run: CliRun, message: RegExp, help: string): void {
  assert.equal(run.code, 2, show(run));
  assert.equal(run.stdout, '', show(run));
  assert.match(run.stderr, message, show(run));
  assert.ok(run.stderr.includes(`Run '${help}' to see`), `points at ${help}${show(run)}`);
}

describe('pullback CLI: version and help', () => {
  it('--version and -V print the version, exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await pullback([flag]);
      assert.equal(run.code, 0, show(run));
      assert.equal(run.stdout, `pullback ${VERSION}\n`);
    }
  });

  // docs/cli.md: `node bin/pullback.js` runs on whatever node is on the PATH, Node 20 included
  // (a named import of Node 22's enableCompileCache once stopped it from starting there).
  const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    const found = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    return found.status === 0 && Number(found.stdout.split('.')[0]) < 22;
  });
  it('starts on an older Node on the PATH (the bundle as `node bin/pullback.js` runs it)', { skip: olderNode ? false : 'no Node older than 22 on this machine' }, () => {
    const run = spawnSync(olderNode!, ['bin/pullback.js', '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${olderNode} bin/pullback.js --version: ${run.stderr}`);
    assert.equal(run.stdout.trim(), `pullback ${VERSION}`);
  });

  it('--help lists the commands and the exit codes, exit 0; no command at all is a usage error', async () => {
    const run = await pullback(['--help']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^Usage: pullback <command> \[flags\]/);
    for (const command of ['backup', 'restore', 'verify']) assert.match(run.stdout, new RegExp(`^  ${command} +\\S`, 'm'));
    assert.match(run.stdout, /Exit codes:[\s\S]*3 {2}partial/);
    const bare = await pullback([]);
    assert.equal(bare.code, 2, show(bare));
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /^Usage: pullback <command> \[flags\]/);
  });

  // Some CI pseudo-terminals report 0 columns; so does one after `stty cols 0`. A real terminal
  // (util-linux's script) runs the CLI: the help was left unwrapped, lines of 300 characters.
  const script = ['/usr/bin/script', '/bin/script'].find((path) => existsSync(path));
  it('on a terminal that says it has 0 columns, the help wraps as without a terminal (at 100)', { skip: script ? false : 'no script(1) to give the CLI a terminal' }, () => {
    const run = spawnSync(script!, ['-qec', `stty cols 0 && '${process.execPath}' '${cliEntry}' restore --help`, '/dev/null'], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: work, LANG: 'C.UTF-8' },
      timeout: 30_000,
    });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    // The flags' part, which commander wraps (the examples after it are printed as written).
    const lines = run.stdout.split(/\r?\n/);
    const flags = lines.slice(0, lines.findIndex((line) => line.startsWith('Examples:')));
    assert.ok(flags.some((line) => line.startsWith('  --restore-time <time>')), run.stdout);
    const longest = flags.reduce((a, b) => (b.length > a.length ? b : a), '');
    assert.ok(longest.length <= 100, `every flag's line fits 100 columns; the longest has ${longest.length}: ${longest}`);
  });

  it('restore --help lists every restore flag with its default, and restore-time as required', async () => {
    const run = await pullback(['restore', '--help']);
    assert.equal(run.code, 0, show(run));
    const help = run.stdout.replace(/\n +/g, ' ');
    assert.match(help, /--restore-time <time> +Restore the state as of this time.*\(required\)/);
    assert.match(help, /--concurrency <n> +Objects copied at once\. \(default: 32\)/);
    assert.match(help, /--restore-in-place +Restore over the live source.*\(default: false\)/);
    assert.match(help, /--state-file <file> .*\(default: \.pullback\/state\.json\)/);
    assert.doesNotMatch(help, /--full-scan|--verify-sources/, 'only the flags restore takes');
  });
});

describe('pullback CLI: usage errors exit 2, say what to change, and point at --help', () => {
  it('an unknown command: did you mean', async () => {
    assertUsage(await pullback(['bakcup', '--sources', 'x']), /^pullback: unknown command "bakcup" \(did you mean `pullback backup`\?\)/m, 'pullback --help');
  });

  it('an unknown flag: did you mean --dry-run (once Node\'s parser message)', async () => {
    assertUsage(await pullback(['backup', '--dryrun', '--sources', 'x', '--destination', join(work, 'never')]), /^pullback: unknown flag --dryrun \(did you mean --dry-run\?\)$/m, 'pullback backup --help');
    assert.deepEqual(await readdir(work), [], 'nothing written');
  });

  it('a flag of another command says which command takes it', async () => {
    assertUsage(await pullback(['verify', '--restore-time', 'now']), /--restore-time is not a flag of `pullback verify` \(`pullback restore` takes it\)/, 'pullback verify --help');
  });

  it('--concurrency -3: the flag named (the action names the input), with where it was set when not by that flag', async () => {
    const flag = await pullback(['backup', '--sources', 'photos', '--destination', join(work, 'b'), '--concurrency', '-3']);
    assertUsage(flag, /^pullback: --concurrency: must be a whole number from 1 to \d+, got "-3"$/m, 'pullback backup --help');
    const variable = await pullback(['backup', '--sources', 'photos', '--destination', join(work, 'b')], { PULLBACK_CONCURRENCY: 'lots' });
    assertUsage(variable, /^pullback: --concurrency: .*got "lots" \(set by PULLBACK_CONCURRENCY\)$/m, 'pullback backup --help');
  });

  it('--restore-in-place is a bare flag (Node\'s parser wanted a value); unconfirmed it is refused naming --confirm-in-place and what to add', async () => {
    const run = await pullback(['restore', '--restore-in-place', '--destination', join(work, 'b'), '--restore-time', '1 hour ago']);
    assertUsage(run, /^pullback: --confirm-in-place: an in-place restore overwrites live .*: add --confirm-in-place "overwrite live data" to confirm$/m, 'pullback restore --help');
    assert.doesNotMatch(run.stderr, /input `|`confirm-in-place`/, 'the action\'s words are not a terminal\'s');
  });

  it('--confirm-in-place without --restore-in-place: refused naming both and where the restore would have written, nothing written', async () => {
    const run = await pullback(['restore', '--destination', join(work, 'b'), '--restore-time', '1 hour ago', '--confirm-in-place', 'overwrite live data']);
    assertUsage(
      run,
      /^pullback: --confirm-in-place: is set, but --restore-in-place is not: this restore writes to the default target restored\/<time>\/ in the destination, and leaves the live data as it is\. To restore over the live data, set --restore-in-place as well; to restore beside it, remove --confirm-in-place$/m,
      'pullback restore --help',
    );
    assert.deepEqual(await readdir(work), [], 'nothing written');
  });

  it('--dry-run=maybe: on/off flags take true or false only', async () => {
    assertUsage(await pullback(['backup', '--dry-run=maybe']), /--dry-run is on or off/, 'pullback backup --help');
  });

  it('with --json a setting error is a JSON document on stdout too, with the same code', async () => {
    const run = await pullback(['backup', '--json', '--sources', 'photos', '--destination', join(work, 'b'), '--overlap', 'soon']);
    assert.equal(run.code, 2, show(run));
    const document = jsonDocument(run);
    assert.equal(document['exitCode'], 2);
    assert.equal(document['status'], 'failed');
    assert.deepEqual((document['error'] as { input: string }).input, 'overlap');
    assert.match(run.stderr, /^pullback: --overlap: /m);
    assert.match((document['error'] as { message: string }).message, /^--overlap: /);
  });
});

describe('pullback CLI: config files', () => {
  it('YAML: an unknown key is refused naming the file, its line and the nearest key (destinaton was silently accepted)', async () => {
    const file = join(work, 'pullback.yaml');
    await writeFile(file, 'sources:\n  - photos\ndestinaton: ./backups\n');
    assertUsage(await pullback(['backup', '--config', file]), new RegExp(`^pullback: ${file} line 3: unknown setting \`destinaton\` \\(did you mean \`destination\`\\?\\)`, 'm'), 'pullback backup --help');
  });

  it('JSON too, and a value from the file names the file when it is wrong', async () => {
    const file = join(work, 'pullback.json');
    await writeFile(file, JSON.stringify({ sources: ['photos'], destination: join(work, 'b'), 'read-data': 'some' }));
    const run = await pullback(['verify', '--config', file]);
    assertUsage(run, new RegExp(`^pullback: --read-data \\(read-data in the config file\\): .* \\(set in ${file.replace(/\./g, '\\.')}\\)$`, 'm'), 'pullback verify --help');
    const yes = join(work, 'yes.yaml');
    await writeFile(yes, `sources: photos\ndestination: ${join(work, 'b')}\ndry-run: yes\n`);
    assertUsage(await pullback(['backup', '--config', yes]), new RegExp(`--dry-run \\(dry-run in the config file\\): must be true or false, got "yes" \\(set in ${yes.replace(/\./g, '\\.')}\\)`), 'pullback backup --help');
  });

  it('PULLBACK_CONFIG names the file when --config does not', async () => {
    const file = join(work, 'env.yaml');
    await writeFile(file, 'mode: backup\n');
    assertUsage(await pullback(['backup'], { PULLBACK_CONFIG: file }), /`mode` is the command's to choose/, 'pullback backup --help');
  });
});
