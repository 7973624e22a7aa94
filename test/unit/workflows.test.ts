/**
 * The workflows in .github/workflows and the examples users copy from examples/workflows:
 * actionlint finds no problem, and the examples keep the facts the docs promise (a concurrency
 * group, OIDC, dry-run by default, a reusable workflow with secrets), pass only inputs action.yml
 * declares and read only outputs it sets. No YAML dependency: workflows are read by indentation,
 * which is enough for these files (block mappings, lists of steps, block scalars).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActionYml, type ActionMetadata } from '../../scripts/action-yml.ts';
import { readExamples, readmePath, withExamples } from '../../scripts/readme-examples.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lintScript = join(root, 'scripts', 'lint-workflows.mjs');
const examples = join(root, 'examples', 'workflows');
/** The actions of this repository by the path a step names: '' is the root action, else a sub-action. */
const actions: Record<string, ActionMetadata> = {
  '': readActionYml(),
  backup: readActionYml(join(root, 'backup', 'action.yml')),
  restore: readActionYml(join(root, 'restore', 'action.yml')),
  verify: readActionYml(join(root, 'verify', 'action.yml')),
  prune: readActionYml(join(root, 'prune', 'action.yml')),
};

/** Which of this repository's actions a `uses:` names (`./`, `./backup`, `owner/pullback@v1`, `owner/pullback/restore@v1`). */
function pullbackAction(uses: string | undefined): string | undefined {
  const match = /^(?:\.\/?|[\w-]+\/pullback)(?:\/(backup|restore|verify|prune))?(?:@.+)?$/.exec(uses ?? '');
  if (!match || (uses!.startsWith('.') ? uses!.includes('@') : !uses!.includes('@'))) return undefined;
  return match[1] ?? '';
}

// ---------------------------------------------------------------------------------------------
// A small reader for block-style YAML, by indentation

const indent = (line: string): number => line.length - line.trimStart().length;
const meaningful = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** The lines under `path` (each key found at the shallowest indentation of its parent's block). */
function block(lines: string[], path: string[]): string[] | undefined {
  let current = lines;
  for (const key of path) {
    const level = Math.min(...current.filter(meaningful).map(indent));
    const start = current.findIndex((l) => indent(l) === level && new RegExp(`^\\s*['"]?${key.replace(/[-.]/g, '\\$&')}['"]?:(\\s|$)`).test(l));
    if (start < 0) return undefined;
    const end = current.findIndex((l, i) => i > start && meaningful(l) && indent(l) <= level);
    current = current.slice(start + 1, end < 0 ? undefined : end);
  }
  return current;
}

/** The value on the line of `key` at the top of `lines` (a scalar; quotes removed). */
function scalar(lines: string[], key: string): string | undefined {
  const level = Math.min(...lines.filter(meaningful).map(indent));
  const line = lines.find((l) => indent(l) === level && l.trimStart().startsWith(`${key}:`));
  const value = line?.trim().slice(key.length + 1).replace(/\s+#.*$/, '').trim();
  return value?.replace(/^(['"])(.*)\1$/, '$2');
}

/** The keys at the top level of a block. */
function keys(lines: string[] | undefined): string[] {
  if (!lines) return [];
  const body = lines.filter(meaningful);
  if (body.length === 0) return [];
  const level = Math.min(...body.map(indent));
  return body.filter((l) => indent(l) === level).map((l) => /^\s*['"]?([^'":]+)['"]?:/.exec(l)?.[1] ?? l.trim());
}

/** The items of a block list (`- ` entries), each turned into a mapping block. */
function items(lines: string[] | undefined): string[][] {
  if (!lines) return [];
  const level = Math.min(...lines.filter(meaningful).map(indent));
  const result: string[][] = [];
  for (const line of lines) {
    if (indent(line) === level && line.trimStart().startsWith('- ')) result.push([line.replace('- ', '  ')]);
    else result.at(-1)?.push(line);
  }
  return result;
}

interface Workflow {
  file: string;
  text: string;
  lines: string[];
}

async function workflow(path: string): Promise<Workflow> {
  const text = await readFile(path, 'utf8');
  return { file: path, text, lines: text.split(/\r?\n/) };
}

/** Every step of every job, with its job id. */
function steps(w: Workflow): { job: string; step: string[] }[] {
  const jobs = block(w.lines, ['jobs']);
  return keys(jobs).flatMap((job) => items(block(jobs!, [job, 'steps'])).map((step) => ({ job, step })));
}

/** Steps that run pullback: `uses: ./` or `./<mode>`, or `uses: <owner>/pullback[/<mode>]@<ref>`. */
function pullbackSteps(w: Workflow): string[][] {
  return steps(w)
    .map((s) => s.step)
    .filter((step) => pullbackAction(scalar(step, 'uses')) !== undefined);
}

async function workflowFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of [join(root, '.github', 'workflows'), examples]) {
    for (const name of await readdir(folder)) if (/\.ya?ml$/.test(name)) files.push(join(folder, name));
  }
  return files.sort();
}

function lint(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [lintScript, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// ---------------------------------------------------------------------------------------------

describe('workflow lint (actionlint)', () => {
  it('finds no problem in .github/workflows and examples/workflows', async () => {
    const { status, output } = lint();
    assert.equal(status, 0, output);
    assert.match(output, new RegExp(`lint-workflows: ${(await workflowFiles()).length} workflow file\\(s\\) OK`));
  });

  it('is not a no-op: a broken workflow fails', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pullback-lint-'));
    try {
      const file = join(folder, 'broken.yml');
      await writeFile(
        file,
        ['on:', '  schedule:', "    - cron: '61 * * * *'", 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    needs: nowhere', '    steps:', '      - run: echo ${{ inputs.nothing }}', ''].join('\n'),
      );
      const { status, output } = lint(file);
      assert.equal(status, 1, output);
      assert.match(output, /cron/i);
      assert.match(output, /nowhere/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/**
 * The first major version of each action the workflows and docs use that runs on Node 24 (its
 * action.yml says `using: node24`). Runners now force Node 20 actions onto Node 24, under which
 * configure-aws-credentials v5 (node20) was reported to hang at OIDC role assumption.
 */
const firstNode24Major: Record<string, number> = {
  'aws-actions/configure-aws-credentials': 6,
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/setup-python': 6,
  'actions/upload-artifact': 6,
};

describe('actions on Node 24', () => {
  it('every action used in the workflows, the README and docs/ is at a major that runs on Node 24', async () => {
    const texts: [string, string][] = [];
    for (const file of await workflowFiles()) texts.push([file, await readFile(file, 'utf8')]);
    for (const file of ['README.md', ...(await readdir(join(root, 'docs'))).map((f) => join('docs', f)), 'backup/README.md', 'restore/README.md', 'verify/README.md']) {
      const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
      if (text !== undefined) texts.push([file, text]);
    }
    let checked = 0;
    for (const [file, text] of texts) {
      for (const match of text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@v?(\d+)/g)) {
        const [, action, major] = match;
        // This project's own action (all node24) and reusable workflows are not JavaScript actions of others.
        if (action!.endsWith('/pullback') || /\.ya?ml$/.test(match[0]!.split('@')[0]!)) continue;
        const wanted = firstNode24Major[action!];
        assert.ok(wanted !== undefined, `${file}: ${match[0]} - add ${action} to firstNode24Major with the first major that runs on node24`);
        assert.ok(Number(major) >= wanted, `${file}: ${match[0]} runs on Node 20; use @v${wanted} or later`);
        checked += 1;
      }
    }
    assert.ok(checked >= 10, `actions were found (${checked})`);
  });
});

describe('the CI workflows', () => {
  it('ci.yml has lint, typecheck and test jobs and one that runs the action with uses: ./', async () => {
    const ci = await workflow(join(root, '.github', 'workflows', 'ci.yml'));
    const jobs = block(ci.lines, ['jobs'])!;
    const commands = ci.text;
    assert.match(commands, /node scripts\/lint-workflows\.mjs/);
    assert.match(commands, /npx tsc --noEmit/);
    assert.match(commands, /npm test/);
    assert.ok(keys(block(jobs, ['test', 'services'])).includes('mariadb'), 'the test job has a MariaDB service');
    const selfSteps = pullbackSteps(ci).map((s) => scalar(s, 'uses'));
    for (const uses of ['./', './backup', './restore', './verify']) assert.ok(selfSteps.includes(uses), `a step runs uses: ${uses}`);
    for (const job of keys(jobs)) {
      const setupNode = items(block(jobs, [job, 'steps'])).find((s) => scalar(s, 'uses')?.startsWith('actions/setup-node@'));
      if (setupNode) assert.equal(scalar(block(setupNode, ['with'])!, 'node-version-file'), '.node-version', `${job}: Node from .node-version`);
    }
  });

  it('release.yml: dispatched with a version; checks it, dist/ and every test before it tags vX.Y.Z, moves vX and publishes the CHANGELOG section', async () => {
    const release = await workflow(join(root, '.github', 'workflows', 'release.yml'));
    const version = block(release.lines, ['on', 'workflow_dispatch', 'inputs', 'version'])!;
    assert.equal(scalar(version, 'required'), 'true');
    assert.equal(scalar(version, 'type'), 'string');
    assert.equal(scalar(block(release.lines, ['concurrency'])!, 'cancel-in-progress'), 'false', 'a release is never cancelled halfway');
    assert.equal(scalar(block(release.lines, ['permissions'])!, 'contents'), 'read', 'write only where the tags are pushed');
    const jobs = block(release.lines, ['jobs'])!;
    assert.deepEqual(keys(jobs), ['check', 'release']);
    const check = block(jobs, ['check'])!;
    assert.ok(keys(block(check, ['services'])).includes('mariadb'), 'the tests get their MariaDB');
    const checkText = check.join('\n');
    const order = (text: string, ...patterns: RegExp[]) => {
      const positions = patterns.map((p) => text.search(p));
      for (const [i, p] of positions.entries()) assert.ok(p >= 0, `${patterns[i]} in release.yml`);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `in this order: ${patterns.join(', ')}`);
    };
    order(checkText, /github\.event\.repository\.default_branch/, /node scripts\/release\.mjs check "\$VERSION"/, /npm ci/, /npm run build\n\s+if \[ -n "\$\(git status --porcelain -- dist\/\)" \]/, /run: npm test/);
    const publish = block(jobs, ['release'])!;
    assert.equal(scalar(publish, 'needs'), 'check', 'nothing is tagged before the checks and tests pass');
    assert.equal(scalar(block(publish, ['permissions'])!, 'contents'), 'write');
    order(
      publish.join('\n'),
      /node scripts\/release\.mjs notes "\$VERSION" > "\$RUNNER_TEMP\/notes\.md"/,
      /git tag -a "v\$VERSION" .* "\$GITHUB_SHA"/,
      /git tag -f -a "\$major" .* "\$GITHUB_SHA"/,
      /git push origin "refs\/tags\/v\$VERSION"/,
      /git push --force origin "refs\/tags\/\$major"/,
      /gh release create "v\$VERSION" --verify-tag .*--notes-file "\$RUNNER_TEMP\/notes\.md"/,
    );
    assert.match(publish.join('\n'), /major="v\$\{VERSION%%\.\*\}"/, 'the major tag is v<first number>');
    // The version reaches the scripts through the environment, never spliced into the shell text.
    for (const [i, line] of release.lines.entries()) {
      const run = /^(\s+)(?:- )?run: ?(.*)$/.exec(line);
      if (!run) continue;
      const script = [run[2]!, ...release.lines.slice(i + 1).filter((_, j, rest) => rest.slice(0, j + 1).every((l) => l.trim() === '' || indent(l) > run[1]!.length))];
      assert.ok(!script.some((l) => l.includes('${{')), `no \${{ }} in the script of line ${i + 1}`);
    }
  });

  it('check-dist.yml rebuilds dist/ and fails when it differs', async () => {
    const check = await workflow(join(root, '.github', 'workflows', 'check-dist.yml'));
    assert.match(check.text, /npm run build|npm run check-dist/);
    assert.match(check.text, /git (status --porcelain|diff --exit-code)[^\n]*dist\//);
  });
});

describe('the example workflows', () => {
  it('the README shows each of them verbatim (npm run docs)', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const examplesByName = readExamples();
    assert.equal(withExamples(readme, examplesByName), readme, 'README.md holds the current examples');
    for (const [name, text] of examplesByName) assert.ok(readme.includes(`\`\`\`yaml\n${text}\`\`\``), `README.md shows ${name}`);
  });

  it('pass only inputs the action or sub-action declares, every required one, and read only outputs it sets', async () => {
    const files = await workflowFiles();
    let checked = 0;
    for (const file of files) {
      const w = await workflow(file);
      for (const step of pullbackSteps(w)) {
        checked += 1;
        const name = pullbackAction(scalar(step, 'uses'))!;
        const action = actions[name]!;
        const where = `${file}: ${name ? `${name}/` : ''}action.yml`;
        const given = keys(block(step, ['with']));
        for (const input of given) assert.ok(action.inputs.some((i) => i.name === input), `${where} has no input ${input}`);
        for (const input of action.inputs.filter((i) => i.required)) {
          assert.ok(given.includes(input.name), `${where}: the required input ${input.name} is given`);
        }
        const id = scalar(step, 'id');
        if (id) {
          for (const match of w.text.matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g'))) {
            assert.ok(action.outputs.some((o) => o.name === match[1]), `${where} sets no output ${match[1]} (step ${id})`);
          }
        }
      }
    }
    assert.ok(checked >= 8, `pullback steps were found (${checked})`);
  });

  it('the examples use the sub-actions (your-org/pullback/<mode>@v1), never the root action with a mode', async () => {
    let checked = 0;
    for (const file of (await readdir(examples)).filter((f) => /\.ya?ml$/.test(f))) {
      const w = await workflow(join(examples, file));
      for (const step of pullbackSteps(w)) {
        assert.match(scalar(step, 'uses')!, /^your-org\/pullback\/(backup|restore|verify|prune)@v1$/, file);
        assert.ok(!keys(block(step, ['with'])).includes('mode'), `${file}: a sub-action takes no mode`);
        checked += 1;
      }
    }
    assert.ok(checked >= 3, `example steps were found (${checked})`);
  });

  it('backup.yml: on a schedule, one run at a time, OIDC credentials, destination and MySQL from secrets', async () => {
    const w = await workflow(join(examples, 'backup.yml'));
    assert.ok(items(block(w.lines, ['on', 'schedule'])).some((i) => scalar(i, 'cron')), 'a cron schedule');
    const concurrency = block(w.lines, ['concurrency'])!;
    assert.ok(scalar(concurrency, 'group'), 'a concurrency group');
    assert.equal(scalar(concurrency, 'cancel-in-progress'), 'false', 'a running backup is never cancelled');
    const permissions = block(w.lines, ['permissions'])!;
    assert.equal(scalar(permissions, 'id-token'), 'write');
    assert.equal(scalar(permissions, 'contents'), 'read');
    const all = steps(w).map((s) => s.step);
    const aws = all.find((s) => scalar(s, 'uses') === 'aws-actions/configure-aws-credentials@v6');
    assert.ok(aws, 'configure-aws-credentials@v6');
    assert.ok(scalar(block(aws, ['with'])!, 'role-to-assume'), 'with role-to-assume (OIDC), no access keys');
    assert.ok(!keys(block(aws, ['with'])).includes('aws-secret-access-key'), 'no long-lived AWS keys');
    const [pullback] = pullbackSteps(w);
    assert.equal(scalar(pullback!, 'uses'), 'your-org/pullback/backup@v1');
    const withBlock = block(pullback!, ['with'])!;
    for (const secret of ['destination-access-key-id', 'destination-secret-access-key', 'mysql-url']) {
      assert.match(scalar(withBlock, secret) ?? '', /^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/, `${secret} comes from a secret`);
    }
    const position = (uses: string) => all.findIndex((s) => scalar(s, 'uses') === uses);
    assert.ok(position('aws-actions/configure-aws-credentials@v6') < position('your-org/pullback/backup@v1'), 'credentials before the backup');
  });

  it('restore.yml: dispatched with a timestamp, a target, an in-place switch with confirmation, dry-run by default', async () => {
    const w = await workflow(join(examples, 'restore.yml'));
    const inputs = block(w.lines, ['on', 'workflow_dispatch', 'inputs'])!;
    assert.equal(scalar(block(inputs, ['restore-time'])!, 'required'), 'true');
    for (const name of ['restore-sources', 'restore-target', 'restore-in-place', 'confirm-in-place', 'dry-run']) {
      assert.ok(keys(inputs).includes(name), `input ${name}`);
    }
    const dryRun = block(inputs, ['dry-run'])!;
    assert.equal(scalar(dryRun, 'type'), 'boolean');
    assert.equal(scalar(dryRun, 'default'), 'true', 'a restore is a dry run unless asked otherwise');
    assert.equal(scalar(block(inputs, ['restore-in-place'])!, 'default'), 'false');
    assert.match(scalar(block(inputs, ['confirm-in-place'])!, 'description') ?? '', /overwrite live data/);
    const [pullback] = pullbackSteps(w);
    assert.equal(scalar(pullback!, 'uses'), 'your-org/pullback/restore@v1');
    const withBlock = block(pullback!, ['with'])!;
    for (const name of ['restore-time', 'restore-sources', 'restore-prefix', 'restore-target', 'restore-in-place', 'confirm-in-place', 'dry-run']) {
      assert.equal(scalar(withBlock, name), `\${{ inputs.${name} }}`, `${name} is passed through`);
    }
  });

  it('prune.yml: a dry run unless chosen otherwise, in the backups\' concurrency group, with credentials of its own that the backup never sees', async () => {
    const w = await workflow(join(examples, 'prune.yml'));
    const dryRun = block(w.lines, ['on', 'workflow_dispatch', 'inputs', 'dry-run'])!;
    assert.equal(scalar(dryRun, 'default'), 'true', 'dispatched, it is a dry run by default');
    assert.equal(scalar(block(w.lines, ['concurrency'])!, 'group'), scalar(block((await workflow(join(examples, 'backup.yml'))).lines, ['concurrency'])!, 'group'));
    const [step] = pullbackSteps(w);
    const given = block(step!, ['with'])!;
    assert.match(scalar(given, 'dry-run')!, /github\.event_name == 'schedule' && vars\.PRUNE_ON_SCHEDULE != 'true'/, 'scheduled, it is a dry run until the variable says otherwise');
    assert.match(scalar(given, 'destination-access-key-id')!, /secrets\.PRUNE_/);
    const backup = await readFile(join(examples, 'backup.yml'), 'utf8');
    assert.ok(!backup.includes('PRUNE_'), 'the backup job never sees the prune credentials');
    assert.ok(scalar(given, 'keep-within') && scalar(given, 'keep-daily'), 'a policy is set');
  });

  it('reusable-backup.yml: on workflow_call with inputs, secrets and outputs; call-reusable.yml passes what it needs', async () => {
    const reusable = await workflow(join(examples, 'reusable-backup.yml'));
    const call = block(reusable.lines, ['on', 'workflow_call'])!;
    const inputs = block(call, ['inputs'])!;
    const secrets = block(call, ['secrets'])!;
    assert.ok(keys(secrets).includes('destination-secret-access-key'));
    assert.ok(keys(block(call, ['outputs'])).includes('run-id'));
    assert.equal(scalar(block(reusable.lines, ['permissions'])!, 'id-token'), 'write');
    assert.equal(scalar(block(reusable.lines, ['concurrency'])!, 'cancel-in-progress'), 'false');
    // Every secret the reusable workflow declares reaches the action.
    for (const secret of keys(secrets)) assert.match(reusable.text, new RegExp(`\\$\\{\\{ secrets\\.${secret} \\}\\}`), `secret ${secret} is used`);

    const caller = await workflow(join(examples, 'call-reusable.yml'));
    const job = keys(block(caller.lines, ['jobs'])).map((name) => block(caller.lines, ['jobs', name])!).find((j) => /reusable-backup\.yml@/.test(scalar(j, 'uses') ?? ''));
    assert.ok(job, 'a job calls reusable-backup.yml');
    const given = keys(block(job, ['with']));
    const passed = keys(block(job, ['secrets']));
    for (const name of given) assert.ok(keys(inputs).includes(name), `the caller passes input ${name}, which the reusable workflow declares`);
    for (const name of passed) assert.ok(keys(secrets).includes(name), `the caller passes secret ${name}, which the reusable workflow declares`);
    for (const name of keys(inputs)) {
      if (scalar(block(inputs, [name])!, 'required') === 'true') assert.ok(given.includes(name), `required input ${name} is passed`);
    }
    for (const name of keys(secrets)) {
      if (scalar(block(secrets, [name])!, 'required') === 'true') assert.ok(passed.includes(name), `required secret ${name} is passed`);
    }
    assert.equal(scalar(block(caller.lines, ['permissions'])!, 'id-token'), 'write', 'the caller grants the OIDC token');
  });
});
