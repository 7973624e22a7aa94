/**
 * The README's first steps say what the repository does: the quick start's two commands are npm
 * scripts that exist, and "Try it locally in three commands" is three commands whose ports and
 * folder are the defaults of scripts/local-servers.ts (test/e2e/local-servers.test.ts runs that
 * path end to end).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const localServers = readFileSync(join(root, 'scripts', 'local-servers.ts'), 'utf8');

/** The body of the first ```sh block after `heading`. */
function shellBlock(heading: string): string[] {
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has "${heading}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `a sh block under "${heading}"`);
  return block[1]!.split('\n').filter((l) => l.trim() !== '');
}

function defaultOf(option: string): string {
  const match = new RegExp(`'?${option}'?: \\{ type: 'string', default: '([^']+)' \\}`).exec(localServers);
  assert.ok(match, `scripts/local-servers.ts has a default for --${option}`);
  return match[1]!;
}

describe('README quick start', () => {
  it('npm ci && npm run demo, then npm test: scripts that exist, the test one naming its Node first', () => {
    assert.deepEqual(shellBlock('## Quick start'), ['npm ci && npm run demo']);
    assert.ok(scripts['demo'] && scripts['test']);
    assert.match(scripts['test']!, /^node scripts\/require-node\.mjs && /);
    assert.match(readme, /```sh\nnpm test\n```/);
  });

  it('"Try it locally in three commands": three commands on the defaults of npm run local-servers', () => {
    const commands = shellBlock('### Try it locally in three commands');
    assert.equal(commands.length, 3, commands.join('\n'));
    assert.equal(commands[0], 'npm run local-servers');
    assert.ok(scripts['local-servers']?.includes('scripts/local-servers.ts'));
    const s3 = `http://127.0.0.1:${defaultOf('s3-port')}`;
    const dir = defaultOf('dir');
    assert.match(commands[1]!, new RegExp(`^AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER npm run pullback -- backup --sources demo --source-endpoint ${s3} --destination ${dir}/backup$`));
    assert.match(commands[2]!, new RegExp(`^npm run pullback -- restore --destination ${dir}/backup --restore-time now --restore-target ${dir}/restored$`));
    const sdb = `http://127.0.0.1:${defaultOf('simpledb-port')}`;
    assert.ok(shellBlock('the SimpleDB half').some((c) => c.includes(`--simpledb-endpoint ${sdb}`) && c.includes('--simpledb-domains demo_users')));
    assert.match(localServers, /const BUCKET = 'demo';/);
    assert.match(localServers, /const DOMAIN = 'demo_users';/);
  });
});
